// GroupPolicy.cs - Registry.pol files (cr_regpol), the named policy profiles
// of admx/ConnReset.admx, the Group Policy fixes of a diagnosis, and the
// what-if that applies a policy to client and server snapshots and matches
// them before and after (cr_gpo_whatif; the result never leaves this file).
using System;
using Microsoft.Win32.SafeHandles;

namespace ConnReset.Interop
{
    /// <summary>Which machines a policy reaches, that is where the GPO is linked (cr_gpo_apply_to).</summary>
    public enum ApplyTo
    {
        /// <summary>CR_GPO_APPLY_CLIENTS: the client machines only.</summary>
        Clients = 1,
        /// <summary>CR_GPO_APPLY_SERVERS: the server machines only.</summary>
        Servers = 2,
        /// <summary>CR_GPO_APPLY_BOTH: every machine.</summary>
        Both = 3
    }

    /// <summary>
    /// An owned <c>cr_regpol</c>: a Registry.pol (PReg) file in memory, its entries in file order
    /// with keys relative to HKEY_LOCAL_MACHINE. Dispose it (or let the finalizer) to free it.
    /// </summary>
    public sealed class Policy : SafeHandleZeroOrMinusOneIsInvalid
    {
        // Used by the marshaller for out parameters.
        private Policy() : base(true)
        {
        }

        /// <summary>Frees the native policy.</summary>
        protected override bool ReleaseHandle()
        {
            NativeMethods.cr_regpol_free(handle);
            return true;
        }

        /// <summary>
        /// The entries a named profile writes (see <see cref="GroupPolicy.Profiles"/>): exactly what
        /// the profile's ADMX policies write when set as the profile says. An unknown name throws
        /// <see cref="ConnResetException"/> (CR_ENOTFOUND) whose message lists the profiles.
        /// </summary>
        public static Policy FromProfile(string name)
        {
            byte[] native = Utf8.ToNative(Snapshot.Required(name, "name"), "name");
            NativeLibraryLoader.EnsureLoaded();
            Policy policy;
            int rc = NativeMethods.cr_gpo_profile_policy(out policy, native);
            return Checked(rc, policy);
        }

        /// <summary>
        /// Reads a Registry.pol file. Throws <see cref="ConnResetException"/> (CR_ENOTFOUND,
        /// CR_EIO, or CR_EPARSE naming the file and the byte offset) when it cannot be read.
        /// </summary>
        public static Policy Open(string path)
        {
            byte[] native = Utf8.ToNative(Snapshot.Required(path, "path"), "path");
            NativeLibraryLoader.EnsureLoaded();
            Policy policy;
            int rc = NativeMethods.cr_regpol_open(out policy, native);
            return Checked(rc, policy);
        }

        /// <summary>
        /// Diagnoses <paramref name="snapshot"/> (every check) and returns the entries that push
        /// the Group Policy fixes of its findings (those whose fix names a ConnReset policy). A
        /// machine with no such finding gives an empty policy (<see cref="Count"/> 0).
        /// </summary>
        public static Policy FromDiagnosis(Snapshot snapshot)
        {
            if (snapshot == null)
                throw new ArgumentNullException("snapshot");
            NativeLibraryLoader.EnsureLoaded();
            ReportHandle report;
            int rc = NativeMethods.cr_diagnose(out report, snapshot);
            if (rc < 0)
            {
                ConnResetException error = ConnResetException.FromLastError(rc);
                if (report != null)
                    report.Dispose();
                throw error;
            }
            using (report)
            {
                Policy policy;
                rc = NativeMethods.cr_gpo_report_policy(out policy, report);
                return Checked(rc, policy);
            }
        }

        /// <summary>Writes the policy as a Registry.pol file (header and entries in order).</summary>
        public void Save(string path)
        {
            NativeMethods.Check(NativeMethods.cr_regpol_save(this, Utf8.ToNative(Snapshot.Required(path, "path"), "path")));
        }

        /// <summary>
        /// The entries as JSON: <c>{"entries":[{"key","value","type","data"}]}</c>, in file order.
        /// </summary>
        public string ToJson()
        {
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_regpol_to_json(out json, this));
            return Utf8.TakeNative(json);
        }

        /// <summary>Number of entries.</summary>
        public int Count
        {
            get { return (int)NativeMethods.cr_regpol_count(this).ToUInt64(); }
        }

        internal static Policy Checked(int rc, Policy policy)
        {
            if (rc < 0)
            {
                ConnResetException error = ConnResetException.FromLastError(rc);
                if (policy != null)
                    policy.Dispose();
                throw error;
            }
            return policy;
        }
    }

    /// <summary>A named policy profile: a vetted set of ConnReset policies (cr_gpo_profile_*).</summary>
    public sealed class PolicyProfile
    {
        internal PolicyProfile(string name, string description)
        {
            Name = name;
            Description = description;
        }

        /// <summary>The name <see cref="Policy.FromProfile"/> takes, for example "tls12-only".</summary>
        public string Name { get; private set; }

        /// <summary>What the profile does, in one or two sentences.</summary>
        public string Description { get; private set; }

        /// <inheritdoc />
        public override string ToString()
        {
            return Name;
        }
    }

    /// <summary>An owned <c>cr_gpo_whatif</c>.</summary>
    internal sealed class WhatIfHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        private WhatIfHandle() : base(true)
        {
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.cr_gpo_whatif_free(handle);
            return true;
        }
    }

    /// <summary>The policy profiles, the policy table and the what-if of a policy.</summary>
    public static class GroupPolicy
    {
        /// <summary>The named profiles, in the library's order.</summary>
        public static PolicyProfile[] Profiles()
        {
            NativeLibraryLoader.EnsureLoaded();
            int count = (int)NativeMethods.cr_gpo_profile_count().ToUInt64();
            var profiles = new PolicyProfile[count];
            for (int i = 0; i < count; i++)
            {
                var index = (UIntPtr)(uint)i;
                profiles[i] = new PolicyProfile(Utf8.FromNative(NativeMethods.cr_gpo_profile_name(index)),
                                                Utf8.FromNative(NativeMethods.cr_gpo_profile_description(index)));
            }
            return profiles;
        }

        /// <summary>
        /// The policy table as JSON (schema connreset.gpo-settings/1): every policy of
        /// admx/ConnReset.admx, its element and range, the registry values each state writes,
        /// and the named profiles.
        /// </summary>
        public static string SettingsJson()
        {
            NativeLibraryLoader.EnsureLoaded();
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_gpo_settings_json(out json));
            return Utf8.TakeNative(json);
        }

        /// <summary>
        /// What-if: <paramref name="policy"/> applied to copies of the machines it reaches
        /// (<paramref name="applyTo"/>), then every client matched with every server before and
        /// after. As JSON (schema connreset.gpo-whatif/1): policyEntries, applyTo, broken, fixed,
        /// pairs (client, server, change "broken" / "fixed" / "unchanged", before and after with
        /// canConnect, finding, title) and machines (name, role, policyApplied, the findings
        /// added and removed). The snapshots are not changed.
        /// </summary>
        public static string WhatIfJson(Policy policy, Snapshot[] clients, Snapshot[] servers, ApplyTo applyTo)
        {
            using (WhatIfHandle whatIf = Run(policy, clients, servers, applyTo))
            {
                IntPtr json;
                NativeMethods.Check(NativeMethods.cr_gpo_whatif_to_json(out json, whatIf));
                return Utf8.TakeNative(json);
            }
        }

        /// <summary>The same what-if as console text.</summary>
        public static string WhatIfText(Policy policy, Snapshot[] clients, Snapshot[] servers, ApplyTo applyTo)
        {
            using (WhatIfHandle whatIf = Run(policy, clients, servers, applyTo))
            {
                IntPtr text;
                NativeMethods.Check(NativeMethods.cr_gpo_whatif_to_text(out text, whatIf));
                return Utf8.TakeNative(text);
            }
        }

        private static WhatIfHandle Run(Policy policy, Snapshot[] clients, Snapshot[] servers, ApplyTo applyTo)
        {
            if (policy == null)
                throw new ArgumentNullException("policy");
            if (clients == null)
                throw new ArgumentNullException("clients");
            if (servers == null)
                throw new ArgumentNullException("servers");
            if (applyTo != ApplyTo.Clients && applyTo != ApplyTo.Servers && applyTo != ApplyTo.Both)
                throw new ArgumentOutOfRangeException("applyTo", applyTo, "ApplyTo must be Clients, Servers or Both.");
            NativeLibraryLoader.EnsureLoaded();
            using (var clientHandles = new SnapshotArray(clients, "clients"))
            using (var serverHandles = new SnapshotArray(servers, "servers"))
            {
                WhatIfHandle whatIf;
                int rc = NativeMethods.cr_gpo_whatif_run(out whatIf, policy,
                                                         clientHandles.Pointers, clientHandles.Count,
                                                         serverHandles.Pointers, serverHandles.Count,
                                                         (int)applyTo);
                if (rc < 0)
                {
                    ConnResetException error = ConnResetException.FromLastError(rc);
                    if (whatIf != null)
                        whatIf.Dispose();
                    throw error;
                }
                return whatIf;
            }
        }
    }

    /// <summary>
    /// A <c>const cr_snapshot *const *</c> argument: the raw handles of the snapshots, each kept
    /// alive (DangerousAddRef) until <see cref="Dispose"/>, which runs after the native call.
    /// </summary>
    internal sealed class SnapshotArray : IDisposable
    {
        private readonly Snapshot[] snapshots;
        private readonly bool[] added;

        /// <summary>The handles to pass; valid until <see cref="Dispose"/>.</summary>
        internal IntPtr[] Pointers { get; private set; }

        /// <summary>The number of snapshots, as size_t.</summary>
        internal UIntPtr Count
        {
            get { return (UIntPtr)(uint)Pointers.Length; }
        }

        /// <summary>Adds a reference to each of <paramref name="values"/>; none may be null or disposed.</summary>
        internal SnapshotArray(Snapshot[] values, string parameterName)
        {
            if (values == null)
                throw new ArgumentNullException(parameterName);
            snapshots = values;
            added = new bool[values.Length];
            Pointers = new IntPtr[values.Length];
            try
            {
                for (int i = 0; i < values.Length; i++)
                {
                    if (values[i] == null)
                        throw new ArgumentNullException(parameterName, "Element " + i + " is null.");
                    if (values[i].IsClosed || values[i].IsInvalid)
                        throw new ObjectDisposedException(parameterName, "Element " + i + " is disposed.");
                    bool success = false;
                    values[i].DangerousAddRef(ref success);
                    added[i] = success;
                    Pointers[i] = values[i].DangerousGetHandle();
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>Releases the references taken.</summary>
        public void Dispose()
        {
            for (int i = 0; i < added.Length; i++)
            {
                if (added[i])
                {
                    snapshots[i].DangerousRelease();
                    added[i] = false;
                }
            }
        }
    }
}
