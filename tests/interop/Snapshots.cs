// Snapshots.cs - .reg files the tests write for themselves, so the tests do
// not depend on fixtures elsewhere in the tree.
using System;
using System.IO;
using System.Text;

namespace ConnReset.Interop.Tests
{
    /// <summary>A temporary directory with helpers to write .reg files; deleted on Dispose.</summary>
    public sealed class TempDir : IDisposable
    {
        public string Path { get; }

        public TempDir(string name = null)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(),
                                          "cr-interop-" + (name ?? "") + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(Path);
        }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        /// <summary>Writes REGEDIT4 text (ASCII/UTF-8, no BOM) and returns the path.</summary>
        public string Write(string name, string regedit4Body)
        {
            string path = File(name);
            System.IO.File.WriteAllText(path, "REGEDIT4\r\n\r\n" + regedit4Body, new UTF8Encoding(false));
            return path;
        }

        public void Dispose()
        {
            try { Directory.Delete(Path, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    public static class Reg
    {
        public const string Tcpip = @"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters";

        /// <summary>Windows Server 2003 SP2 with no SYN values: protection on by default (SYN001).</summary>
        public const string Ws2003Sp2 =
            "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\r\n" +
            "\"ProductName\"=\"Microsoft Windows Server 2003\"\r\n" +
            "\"CurrentVersion\"=\"5.2\"\r\n" +
            "\"CurrentBuildNumber\"=\"3790\"\r\n" +
            "\"CSDVersion\"=\"Service Pack 2\"\r\n" +
            "\r\n" +
            "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions]\r\n" +
            "\"ProductType\"=\"ServerNT\"\r\n" +
            "\r\n" +
            "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters]\r\n" +
            "\"Hostname\"=\"SQL01\"\r\n";

        /// <summary>Windows Server 2019: the SYN values are ignored (not-applicable).</summary>
        public const string Ws2019 =
            "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\r\n" +
            "\"ProductName\"=\"Windows Server 2019 Datacenter\"\r\n" +
            "\"CurrentVersion\"=\"6.3\"\r\n" +
            "\"CurrentBuildNumber\"=\"17763\"\r\n" +
            "\"CurrentMajorVersionNumber\"=dword:0000000a\r\n" +
            "\"CurrentMinorVersionNumber\"=dword:00000000\r\n" +
            "\r\n" +
            "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions]\r\n" +
            "\"ProductType\"=\"ServerNT\"\r\n" +
            "\r\n" +
            "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters]\r\n" +
            "\"Hostname\"=\"SQL19\"\r\n";

        /// <summary>An overlay that turns protection off (merged after <see cref="Ws2003Sp2"/>).</summary>
        public const string SynDisabled =
            "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters]\r\n" +
            "\"SynAttackProtect\"=dword:00000000\r\n";

        /// <summary>
        /// Line 4 (counting the REGEDIT4 header as 1) holds a NUL character, which ConnReset
        /// refuses even when reading as reg import does (a line reg import merely skips is a
        /// warning, not an error).
        /// </summary>
        public const string MalformedLine4 =
            "[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n" +
            "\"Name\"=\"a\0b\"\r\n";

        /// <summary>Line 4 is a value reg import skips (unterminated): read with a warning.</summary>
        public const string SkippedLine4 =
            "[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n" +
            "\"Name\"=\"unterminated\r\n" +
            "\"Kept\"=dword:00000001\r\n";
    }
}
