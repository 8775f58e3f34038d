// Dsc.cs - a cr_dsc: one DSC resource instance read against a snapshot
// (connreset.h, "DSC resources"). The module's class resources run on it,
// as `connreset dsc` does, so both decide in-state, diff, Reasons and the
// change the same way.
using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ConnReset.Interop
{
    /// <summary>
    /// An owned <c>cr_dsc</c>. It keeps the snapshot it was read against alive (the native
    /// instance points into it) until it is disposed.
    /// </summary>
    public sealed class DscInstance : SafeHandleZeroOrMinusOneIsInvalid
    {
        private Snapshot snapshot;
        private bool snapshotReferenced;

        private DscInstance() : base(true)
        {
        }

        /// <summary>Frees the native instance and lets go of the snapshot.</summary>
        protected override bool ReleaseHandle()
        {
            NativeMethods.cr_dsc_free(handle);
            if (snapshotReferenced)
                snapshot.DangerousRelease();
            return true;
        }

        /// <summary>The resource types ("ConnReset/SynProtection", ...), as the manifests name them.</summary>
        public static string[] TypeNames
        {
            get
            {
                NativeLibraryLoader.EnsureLoaded();
                var names = new List<string>();
                ulong count = NativeMethods.cr_dsc_type_count().ToUInt64();
                for (ulong i = 0; i < count; i++)
                    names.Add(Utf8.FromNative(NativeMethods.cr_dsc_type_name((UIntPtr)i)));
                return names.ToArray();
            }
        }

        /// <summary>The instance JSON schema the type's manifest embeds.</summary>
        public static string SchemaJson(string type)
        {
            NativeLibraryLoader.EnsureLoaded();
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_dsc_schema_json(out json, Utf8.ToNative(Snapshot.Required(type, "type"), "type")));
            return Utf8.TakeNative(json);
        }

        /// <summary>Every instance of <paramref name="type"/> on the machine, one JSON line each.</summary>
        public static string ExportJson(Snapshot snapshot, string type)
        {
            if (snapshot == null)
                throw new ArgumentNullException("snapshot");
            NativeLibraryLoader.EnsureLoaded();
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_dsc_export_json(out json, snapshot, Utf8.ToNative(Snapshot.Required(type, "type"), "type")));
            return Utf8.TakeNative(json);
        }

        /// <summary>
        /// Reads <paramref name="inputJson"/> (an object of properties; null or empty is {}) as an
        /// instance of <paramref name="type"/> and evaluates it against <paramref name="snapshot"/>.
        /// Throws <see cref="ConnResetException"/>: CR_EPARSE with the offset for malformed JSON,
        /// CR_EINVAL naming the property for anything the schema or the type's rules refuse.
        /// </summary>
        public static DscInstance Open(Snapshot snapshot, string type, string inputJson)
        {
            if (snapshot == null)
                throw new ArgumentNullException("snapshot");
            NativeLibraryLoader.EnsureLoaded();
            byte[] input = Utf8.ToNative(inputJson ?? string.Empty, "inputJson");
            DscInstance instance;
            int rc = NativeMethods.cr_dsc_open(out instance, snapshot, Utf8.ToNative(Snapshot.Required(type, "type"), "type"),
                                               input, (UIntPtr)(uint)(input.Length - 1));
            if (rc < 0)
            {
                ConnResetException error = ConnResetException.FromLastError(rc);
                if (instance != null)
                    instance.Dispose();
                throw error;
            }
            bool added = false;
            snapshot.DangerousAddRef(ref added);
            instance.snapshot = snapshot;
            instance.snapshotReferenced = added;
            return instance;
        }

        /// <summary>
        /// True when in the desired state: the change <see cref="Plan"/> gives is empty (the Audit
        /// type: no finding at or above MinimumSeverity). Throws when the input asks for no state.
        /// </summary>
        public bool Test()
        {
            return NativeMethods.Check(NativeMethods.cr_dsc_test(this)) == 1;
        }

        /// <summary>The properties out of the desired state, as a JSON array.</summary>
        public string DiffJson()
        {
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_dsc_diff_json(out json, this));
            return Utf8.TakeNative(json);
        }

        /// <summary>The change Set makes (no operations when in the desired state).</summary>
        public Change Plan()
        {
            Change change;
            int rc = NativeMethods.cr_dsc_plan(out change, this);
            if (rc < 0)
            {
                ConnResetException error = ConnResetException.FromLastError(rc);
                if (change != null)
                    change.Dispose();
                throw error;
            }
            return change;
        }

        /// <summary>True when out of state and the change takes effect only after a restart of the computer.</summary>
        public bool RebootRequired
        {
            get { return NativeMethods.cr_dsc_reboot_required(this) == 1; }
        }

        /// <summary>True when the input asks the resource to restart the services itself (RestartService).</summary>
        public bool RestartServiceRequested
        {
            get { return NativeMethods.cr_dsc_restart_service_requested(this) == 1; }
        }

        /// <summary>What must restart for the change to take effect: [{"system": ...}], [{"service": ...}].</summary>
        public string RestartJson()
        {
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_dsc_restart_json(out json, this));
            return Utf8.TakeNative(json);
        }

        /// <summary>The actual state as one JSON line; with <paramref name="withTest"/>, _inDesiredState too.</summary>
        public string StateJson(bool withTest)
        {
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_dsc_state_json_alone(out json, this, IntPtr.Zero, withTest ? 1u : 0u));
            return Utf8.TakeNative(json);
        }

        /// <summary>
        /// The state after <paramref name="changed"/>'s change was applied: RebootRequired and
        /// _restartRequired describe that change (services left out when they were restarted).
        /// </summary>
        public string StateJsonAfter(DscInstance changed, bool servicesRestarted)
        {
            if (changed == null)
                throw new ArgumentNullException("changed");
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_dsc_state_json(out json, this, changed, servicesRestarted ? 2u : 0u));
            return Utf8.TakeNative(json);
        }
    }
}
