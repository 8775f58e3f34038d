// Snapshot.cs - a cr_snapshot: the in-memory registry image every check
// reads, from .reg files (merged in order) or from the live registry.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ConnReset.Interop
{
    /// <summary>An owned <c>cr_snapshot</c>; dispose it (or let the finalizer) to free it.</summary>
    public sealed class Snapshot : SafeHandleZeroOrMinusOneIsInvalid
    {
        private const uint RegSz = 1, RegExpandSz = 2, RegDword = 4, RegDwordBigEndian = 5, RegMultiSz = 7, RegQword = 11;

        // Used by the marshaller for out parameters.
        private Snapshot() : base(true)
        {
        }

        /// <summary>Frees the native snapshot.</summary>
        protected override bool ReleaseHandle()
        {
            NativeMethods.cr_snapshot_free(handle);
            return true;
        }

        /// <summary>An empty snapshot.</summary>
        public static Snapshot Create()
        {
            NativeLibraryLoader.EnsureLoaded();
            Snapshot snapshot;
            int rc = NativeMethods.cr_snapshot_new(out snapshot);
            return Checked(rc, snapshot);
        }

        /// <summary>
        /// A snapshot of the given .reg files (REGEDIT4 or Windows Registry Editor 5.00), merged in
        /// order. Throws <see cref="ConnResetException"/> (CR_ENOTFOUND, CR_EIO, CR_EPARSE with file
        /// and line) when one cannot be read.
        /// </summary>
        public static Snapshot OpenFiles(params string[] paths)
        {
            if (paths == null)
                throw new ArgumentNullException("paths");
            if (paths.Length == 0)
                throw new ArgumentException("At least one .reg file is needed.", "paths");
            NativeLibraryLoader.EnsureLoaded();
            using (var files = new Utf8Array(paths, "paths"))
            {
                Snapshot snapshot;
                int rc = NativeMethods.cr_snapshot_open_files(out snapshot, files.Pointers, files.Count);
                return Checked(rc, snapshot);
            }
        }

        /// <summary>
        /// As <see cref="OpenFiles"/>, but a file that cannot be read (a <see cref="ConnResetException"/>)
        /// or a native library that cannot be loaded (<see cref="DllNotFoundException"/>) is returned
        /// in <paramref name="error"/>, with a null result, instead of thrown. PowerShell records every
        /// exception a script function catches in the caller's -ErrorVariable and $Error; the module
        /// opens snapshots through this so one bad file is one error record.
        /// </summary>
        public static Snapshot TryOpenFiles(string[] paths, out Exception error)
        {
            if (paths == null)
                throw new ArgumentNullException("paths");
            if (paths.Length == 0)
                throw new ArgumentException("At least one .reg file is needed.", "paths");
            error = null;
            try
            {
                NativeLibraryLoader.EnsureLoaded();
            }
            catch (DllNotFoundException e)
            {
                error = e;
                return null;
            }
            using (var files = new Utf8Array(paths, "paths"))
            {
                Snapshot snapshot;
                int rc = NativeMethods.cr_snapshot_open_files(out snapshot, files.Pointers, files.Count);
                if (rc >= 0)
                    return snapshot;
                error = ConnResetException.FromLastError(rc);
                if (snapshot != null)
                    snapshot.Dispose();
                return null;
            }
        }

        /// <summary>
        /// A snapshot of the live local registry holding every key the checks read.
        /// CR_ENOTSUP on platforms without a registry.
        /// </summary>
        public static Snapshot OpenLive()
        {
            NativeLibraryLoader.EnsureLoaded();
            Snapshot snapshot;
            int rc = NativeMethods.cr_snapshot_open_live(out snapshot);
            return Checked(rc, snapshot);
        }

        /// <summary>Merges one more .reg file into this snapshot.</summary>
        public void LoadFile(string path)
        {
            NativeMethods.Check(NativeMethods.cr_snapshot_load_file(this, Utf8.ToNative(Required(path, "path"), "path")));
        }

        /// <summary>
        /// Attaches a SQL Server ERRORLOG (UTF-16LE or UTF-8) to the instance named
        /// <paramref name="instance"/> (e.g. MSSQLSERVER): with no certificate configured, the
        /// certificate its last 26013 line names is the one the instance uses.
        /// </summary>
        public void AddErrorLog(string instance, string path)
        {
            NativeMethods.Check(NativeMethods.cr_snapshot_add_errorlog(this,
                Utf8.ToNative(Required(instance, "instance"), "instance"),
                Utf8.ToNative(Required(path, "path"), "path")));
        }

        /// <summary>
        /// As <see cref="AddErrorLog"/>, but a log that cannot be read is returned (null when it
        /// was attached) instead of thrown.
        /// </summary>
        public ConnResetException TryAddErrorLog(string instance, string path)
        {
            int rc = NativeMethods.cr_snapshot_add_errorlog(this,
                Utf8.ToNative(Required(instance, "instance"), "instance"),
                Utf8.ToNative(Required(path, "path"), "path"));
            return rc < 0 ? ConnResetException.FromLastError(rc) : null;
        }

        /// <summary>
        /// Says which Windows this snapshot is when it does not say itself (a hand-written .reg):
        /// a release name from <see cref="OsNames"/>, optionally followed by the version
        /// ("Windows Server 2016 10.0.14393.3542"). Fills only what the snapshot lacks; throws
        /// (CR_EINVAL) for an unknown name or one the snapshot contradicts. Null clears it.
        /// </summary>
        public void SetOs(string os)
        {
            NativeMethods.Check(NativeMethods.cr_snapshot_set_os(this, Utf8.ToNative(os, "os")));
        }

        /// <summary>
        /// Strict reading for the .reg files loaded from now on (<see cref="LoadFile"/>): the first
        /// line reg import would skip fails the file. The default, lenient reading skips such a line
        /// as reg import does and records a <see cref="Warnings"/> entry.
        /// </summary>
        public void SetStrict(bool strict)
        {
            NativeMethods.Check(NativeMethods.cr_snapshot_set_strict(this, strict ? 1 : 0));
        }

        /// <summary>
        /// What lenient reading skipped or read differently, one "file:line: what" per entry.
        /// </summary>
        public string[] Warnings
        {
            get
            {
                ulong n = NativeMethods.cr_snapshot_warning_count(this).ToUInt64();
                string[] warnings = new string[n];
                for (ulong i = 0; i < n; i++)
                    warnings[i] = Utf8.FromNative(NativeMethods.cr_snapshot_warning(this, new UIntPtr(i)));
                return warnings;
            }
        }

        /// <summary>
        /// As <see cref="SetOs"/>, but a name it refuses is returned (null when it was taken)
        /// instead of thrown.
        /// </summary>
        public ConnResetException TrySetOs(string os)
        {
            int rc = NativeMethods.cr_snapshot_set_os(this, Utf8.ToNative(os, "os"));
            return rc < 0 ? ConnResetException.FromLastError(rc) : null;
        }

        /// <summary>The Windows release names <see cref="SetOs"/> takes.</summary>
        public static string[] OsNames
        {
            get
            {
                NativeLibraryLoader.EnsureLoaded();
                ulong n = NativeMethods.cr_os_name_count().ToUInt64();
                string[] names = new string[n];
                for (ulong i = 0; i < n; i++)
                    names[i] = Utf8.FromNative(NativeMethods.cr_os_name(new UIntPtr(i)));
                return names;
            }
        }

        /// <summary>Writes the snapshot as a .reg file (Windows Registry Editor 5.00, UTF-16LE).</summary>
        public void Save(string path)
        {
            NativeMethods.Check(NativeMethods.cr_snapshot_save(this, Utf8.ToNative(Required(path, "path"), "path")));
        }

        /// <summary>Number of keys.</summary>
        public long KeyCount
        {
            get { return (long)NativeMethods.cr_snapshot_key_count(this).ToUInt64(); }
        }

        /// <summary>Number of values.</summary>
        public long ValueCount
        {
            get { return (long)NativeMethods.cr_snapshot_value_count(this).ToUInt64(); }
        }

        /// <summary>True when the key exists (HKLM\... or HKEY_LOCAL_MACHINE\..., any case).</summary>
        public bool HasKey(string key)
        {
            return NativeMethods.cr_snapshot_has_key(this, Utf8.ToNative(Required(key, "key"), "key")) == 1;
        }

        /// <summary>
        /// A value's data, or null when the key or value is absent: string for REG_SZ and
        /// REG_EXPAND_SZ, string[] for REG_MULTI_SZ, uint for REG_DWORD, ulong for REG_QWORD,
        /// byte[] for anything else. An empty or null name is the key's default value.
        /// </summary>
        public object GetValue(string key, string name)
        {
            uint type;
            IntPtr data;
            UIntPtr length;
            int rc = NativeMethods.cr_snapshot_get_value(out type, out data, out length, this,
                                                         Utf8.ToNative(Required(key, "key"), "key"),
                                                         Utf8.ToNative(name ?? string.Empty, "name"));
            if (rc == -3) // CR_ENOTFOUND
                return null;
            NativeMethods.Check(rc);
            var bytes = new byte[(int)length.ToUInt64()];
            if (bytes.Length > 0)
                Marshal.Copy(data, bytes, 0, bytes.Length);
            GC.KeepAlive(this);
            switch (type)
            {
                case RegSz:
                case RegExpandSz:
                    return Encoding.Unicode.GetString(bytes).TrimEnd('\0');
                case RegMultiSz:
                    var parts = new List<string>(Encoding.Unicode.GetString(bytes).Split('\0'));
                    while (parts.Count > 0 && parts[parts.Count - 1].Length == 0)
                        parts.RemoveAt(parts.Count - 1);
                    return parts.ToArray();
                case RegDword:
                    if (bytes.Length == 4)
                        return BitConverter.ToUInt32(bytes, 0);
                    break;
                case RegDwordBigEndian:
                    if (bytes.Length == 4)
                        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
                    break;
                case RegQword:
                    if (bytes.Length == 8)
                        return BitConverter.ToUInt64(bytes, 0);
                    break;
            }
            return bytes;
        }

        /// <summary>Every check, findings ranked, as JSON (schema connreset.report/1).</summary>
        public string DiagnoseJson()
        {
            return Report.DiagnoseJson(this);
        }

        /// <summary>The TCP SYN attack protection check alone, as JSON (schema connreset.report/1).</summary>
        public string CheckSynJson()
        {
            return Report.CheckSynJson(this);
        }

        /// <summary>
        /// The Schannel checks alone (families PROTO, SUITE, DHE), as JSON (schema
        /// connreset.report/1): <c>checks.tls</c> holds the protocols per role, the suite
        /// list and what each role offers or accepts per protocol, the SCHANNEL switches,
        /// the .NET and WinHTTP settings and the DHE leading-zero fix.
        /// </summary>
        public string CheckTlsJson()
        {
            return Report.CheckTlsJson(this);
        }

        /// <summary>
        /// The SQL Server check alone (families IOCP and PROTO010/PROTO011), as JSON (schema
        /// connreset.report/1): <c>checks.sql</c> holds the instances and the client drivers.
        /// </summary>
        public string CheckSqlJson()
        {
            return Report.CheckSqlJson(this);
        }

        /// <summary>The certificate check alone (family CERTHASH), as JSON (schema connreset.report/1).</summary>
        public string CheckCertsJson()
        {
            return Report.CheckCertsJson(this);
        }

        /// <summary>
        /// The certificates of LocalMachine\<paramref name="store"/> (null: "MY"), one row each,
        /// as JSON (schema connreset.certs/1).
        /// </summary>
        public string CertsJson(string store)
        {
            return Report.CertsJson(this, store);
        }

        /// <summary>The Schannel checks alone, as console text.</summary>
        public string CheckTlsText()
        {
            return Report.CheckTlsText(this);
        }

        /// <summary>Every check, as console text.</summary>
        public string DiagnoseText()
        {
            return Report.DiagnoseText(this);
        }

        /// <summary>The TCP SYN attack protection check alone, as console text.</summary>
        public string CheckSynText()
        {
            return Report.CheckSynText(this);
        }

        internal static Snapshot Checked(int rc, Snapshot snapshot)
        {
            if (rc < 0)
            {
                ConnResetException error = ConnResetException.FromLastError(rc);
                if (snapshot != null)
                    snapshot.Dispose();
                throw error;
            }
            return snapshot;
        }

        internal static string Required(string value, string name)
        {
            if (value == null)
                throw new ArgumentNullException(name);
            return value;
        }
    }
}
