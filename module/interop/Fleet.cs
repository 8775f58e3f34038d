// Fleet.cs - a cr_fleet: many machines, one per .reg file, grouped into
// configuration classes (machines the client/server match cannot tell
// apart), the pairs to judge (every client with every server, or the pairs
// a CSV names), one match per class pair, and the report (issue 13).
using System;
using Microsoft.Win32.SafeHandles;

namespace ConnReset.Interop
{
    /// <summary>Which side of a connection a machine is (cr_fleet_role).</summary>
    public enum FleetRole
    {
        /// <summary>A server when its snapshot holds a SQL Server instance, else a client.</summary>
        Auto = 0,
        /// <summary>A client.</summary>
        Client = 1,
        /// <summary>A server.</summary>
        Server = 2,
        /// <summary>Both: it connects to the servers and the clients connect to it.</summary>
        Both = 3
    }

    /// <summary>An owned <c>cr_fleet</c>; dispose it (or let the finalizer) to free it.</summary>
    public sealed class Fleet : SafeHandleZeroOrMinusOneIsInvalid
    {
        private Fleet() : base(true)
        {
        }

        /// <summary>Frees the native fleet.</summary>
        protected override bool ReleaseHandle()
        {
            NativeMethods.cr_fleet_free(handle);
            return true;
        }

        /// <summary>
        /// An empty fleet. <paramref name="threads"/> readers read the snapshot files
        /// (0: one per logical processor).
        /// </summary>
        public static Fleet Create(ServerKey serverKey, int threads)
        {
            if (!Enum.IsDefined(typeof(ServerKey), serverKey))
                throw new ArgumentOutOfRangeException("serverKey");
            if (threads < 0 || threads > 64)
                throw new ArgumentOutOfRangeException("threads", threads, "threads is 0 to 64.");
            NativeLibraryLoader.EnsureLoaded();
            var options = new NativeMethods.FleetOptions
            {
                Version = NativeMethods.FleetOptionsVersion,
                ServerKey = (int)serverKey,
                Threads = (uint)threads
            };
            Fleet fleet;
            int rc = NativeMethods.cr_fleet_new(out fleet, ref options);
            if (rc < 0)
            {
                ConnResetException error = ConnResetException.FromLastError(rc);
                if (fleet != null)
                    fleet.Dispose();
                throw error;
            }
            return fleet;
        }

        /// <summary>
        /// Tries a Group Policy on the fleet: each machine is also judged as it would be with
        /// <paramref name="policy"/> applied, when its role is one <paramref name="applyTo"/>
        /// names. Before any machine is added.
        /// </summary>
        public void SetPolicy(Policy policy, ApplyTo applyTo)
        {
            if (policy == null)
                throw new ArgumentNullException("policy");
            if (applyTo != ApplyTo.Clients && applyTo != ApplyTo.Servers && applyTo != ApplyTo.Both)
                throw new ArgumentOutOfRangeException("applyTo", applyTo, "ApplyTo must be Clients, Servers or Both.");
            NativeMethods.Check(NativeMethods.cr_fleet_set_policy(this, policy, (int)applyTo));
        }

        /// <summary>
        /// One machine per .reg file, read in parallel; on any unreadable file none is added. Each
        /// file is read as reg import reads it: a line reg import skips is skipped and recorded in
        /// <see cref="Warnings"/> (unless <see cref="SetStrict"/>).
        /// </summary>
        public void AddFiles(string[] paths, FleetRole role)
        {
            if (paths == null)
                throw new ArgumentNullException("paths");
            if (!Enum.IsDefined(typeof(FleetRole), role))
                throw new ArgumentOutOfRangeException("role");
            using (var files = new Utf8Array(paths, "paths"))
                NativeMethods.Check(NativeMethods.cr_fleet_add_files(this, files.Pointers, files.Count, (int)role));
        }

        /// <summary>
        /// Strict reading for the files added from now on: the first line reg import would skip
        /// fails the file.
        /// </summary>
        public void SetStrict(bool strict)
        {
            NativeMethods.Check(NativeMethods.cr_fleet_set_strict(this, strict ? 1 : 0));
        }

        /// <summary>
        /// The reading warnings of the files added so far, in file order, one "file:line: what"
        /// per entry.
        /// </summary>
        public string[] Warnings
        {
            get
            {
                ulong n = NativeMethods.cr_fleet_warning_count(this).ToUInt64();
                string[] warnings = new string[n];
                for (ulong i = 0; i < n; i++)
                    warnings[i] = Utf8.FromNative(NativeMethods.cr_fleet_warning(this, new UIntPtr(i)));
                return warnings;
            }
        }

        /// <summary>
        /// The connections that really happen: a CSV of client and server names (a SQL Server
        /// export, header or not). Only these pairs are judged then.
        /// </summary>
        public void LoadPairs(string path)
        {
            if (path == null)
                throw new ArgumentNullException("path");
            NativeMethods.Check(NativeMethods.cr_fleet_load_pairs(this, Utf8.ToNative(path, "path")));
        }

        /// <summary>Judges the fleet: one match per class pair.</summary>
        public void Run()
        {
            NativeMethods.Check(NativeMethods.cr_fleet_run(this));
        }

        /// <summary>The report as JSON (schema connreset.fleet/1).</summary>
        public string ToJson()
        {
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_fleet_to_json(out json, this));
            return Utf8.TakeNative(json);
        }

        /// <summary>The report as console text.</summary>
        public string ToText()
        {
            IntPtr text;
            NativeMethods.Check(NativeMethods.cr_fleet_to_text(out text, this));
            return Utf8.TakeNative(text);
        }

        /// <summary>Writes the report as one self-contained HTML page.</summary>
        public void SaveHtml(string path)
        {
            if (path == null)
                throw new ArgumentNullException("path");
            NativeMethods.Check(NativeMethods.cr_fleet_save_html(this, Utf8.ToNative(path, "path")));
        }

        /// <summary>Machines in the fleet.</summary>
        public long MachineCount
        {
            get { return (long)NativeMethods.cr_fleet_machine_count(this).ToUInt64(); }
        }

        /// <summary>Machine pairs judged (after <see cref="Run"/>).</summary>
        public long PairCount
        {
            get { return (long)NativeMethods.cr_fleet_pair_count(this); }
        }
    }
}
