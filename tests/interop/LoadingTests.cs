// LoadingTests.cs - the native library is found next to ConnReset.Interop.dll
// when that assembly is loaded by path from a directory of its own, as
// PowerShell 7's Add-Type -Path does. This needs a fresh process: inside
// this one the runtime has already loaded "connreset" and reuses it.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Xunit;
using Xunit.Abstractions;

namespace ConnReset.Interop.Tests
{
    public class LoadingTests
    {
        private readonly ITestOutputHelper output;

        public LoadingTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        private static string Tool =>
            typeof(LoadingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "LoadTimeTool").Value;

        [Fact]
        public void LoadedByPath_InAFreshProcess_FindsTheLibraryBesideIt()
        {
            string here = Path.GetDirectoryName(typeof(Snapshot).Assembly.Location);
            string native = ConnResetLibrary.FileName;
            using var dir = new TempDir("load-");
            File.Copy(Path.Combine(here, "ConnReset.Interop.dll"), dir.File("ConnReset.Interop.dll"));
            File.Copy(Path.Combine(here, native), dir.File(native));
            string snapshot = dir.Write("ws2003.reg", Reg.Ws2003Sp2);

            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(), // not the test's directory
            };
            start.ArgumentList.Add(Tool);
            start.ArgumentList.Add(dir.File("ConnReset.Interop.dll"));
            start.ArgumentList.Add(snapshot);
            using Process process = Process.Start(start);
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(60000), "the tool did not finish");
            output.WriteLine(stdout);
            Assert.True(process.ExitCode == 0, "exit " + process.ExitCode + ": " + stderr + stdout);
            Assert.Contains("first native call", stdout);
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                Assert.Contains("native library mapped from:     " + dir.File(native), stdout);
        }
    }
}
