// Change.cs - a cr_change: a plan of registry operations that can be
// described, written as a fix .reg, backed up as an undo .reg, or applied
// to the live registry (backup, apply, verify, roll back on failure).
using System;
using Microsoft.Win32.SafeHandles;

namespace ConnReset.Interop
{
    /// <summary>What a SYN attack protection change does (cr_syn_action).</summary>
    public enum SynAction
    {
        /// <summary>SynAttackProtect = 1, optionally with new thresholds.</summary>
        Enable = 1,
        /// <summary>SynAttackProtect = 0: removes the denial-of-service protection (intranets only).</summary>
        Disable = 2,
        /// <summary>Deletes the four values so the OS defaults apply.</summary>
        Reset = 3
    }

    /// <summary>An owned <c>cr_change</c>; dispose it (or let the finalizer) to free it.</summary>
    public sealed class Change : SafeHandleZeroOrMinusOneIsInvalid
    {
        private Change() : base(true)
        {
        }

        /// <summary>Frees the native plan.</summary>
        protected override bool ReleaseHandle()
        {
            NativeMethods.cr_change_free(handle);
            return true;
        }

        /// <summary>
        /// Plans a change of the SYN attack protection values against the state in
        /// <paramref name="snapshot"/>. Values already as wanted are left out; a plan with no
        /// operations means there is nothing to do. <paramref name="maxHalfOpen"/> and
        /// <paramref name="maxHalfOpenRetried"/> are -1 to leave the value alone (they are only
        /// meaningful with <see cref="SynAction.Enable"/>). CR_EINVAL for out-of-range numbers.
        /// </summary>
        public static Change PlanSyn(Snapshot snapshot, SynAction action, long maxHalfOpen, long maxHalfOpenRetried)
        {
            if (snapshot == null)
                throw new ArgumentNullException("snapshot");
            NativeLibraryLoader.EnsureLoaded();
            var options = new NativeMethods.SynOptions
            {
                Version = NativeMethods.SynOptionsVersion,
                Action = (int)action,
                MaxHalfOpen = maxHalfOpen,
                MaxHalfOpenRetried = maxHalfOpenRetried
            };
            Change change;
            int rc = NativeMethods.cr_syn_plan(out change, snapshot, ref options);
            return Checked(rc, change);
        }

        /// <summary>Plans the import of a .reg file, as when restoring a backup.</summary>
        public static Change FromFile(string path)
        {
            NativeLibraryLoader.EnsureLoaded();
            Change change;
            int rc = NativeMethods.cr_change_from_file(out change, Utf8.ToNative(Snapshot.Required(path, "path"), "path"));
            return Checked(rc, change);
        }

        /// <summary>Number of registry operations in the plan (0: nothing to do).</summary>
        public long OperationCount
        {
            get { return (long)NativeMethods.cr_change_op_count(this).ToUInt64(); }
        }

        /// <summary>What the plan would do, one line per operation, against <paramref name="snapshot"/>'s state.</summary>
        public string Describe(Snapshot snapshot)
        {
            IntPtr text;
            NativeMethods.Check(NativeMethods.cr_change_describe(out text, this, NotNull(snapshot)));
            return Utf8.TakeNative(text);
        }

        /// <summary>The plan as JSON (schema connreset.change/1) against <paramref name="snapshot"/>'s state.</summary>
        public string ToJson(Snapshot snapshot)
        {
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_change_to_json(out json, this, NotNull(snapshot)));
            return Utf8.TakeNative(json);
        }

        /// <summary>Writes the plan itself as a .reg file: the fix, for snapshot mode.</summary>
        public void WriteReg(string path)
        {
            NativeMethods.Check(NativeMethods.cr_change_write_reg(this, Utf8.ToNative(Snapshot.Required(path, "path"), "path")));
        }

        /// <summary>Writes the undo .reg: the prior state of everything the plan touches, as read from <paramref name="snapshot"/>.</summary>
        public void WriteBackup(Snapshot snapshot, string path)
        {
            NativeMethods.Check(NativeMethods.cr_change_write_backup(this, NotNull(snapshot),
                                                                     Utf8.ToNative(Snapshot.Required(path, "path"), "path")));
        }

        /// <summary>
        /// Applies the plan to the live registry: writes the undo .reg to
        /// <paramref name="backupPath"/> first, applies, reads back, and restores the prior state
        /// on failure (CR_EROLLEDBACK, or CR_EROLLBACK when restoring failed too).
        /// CR_ENOTSUP without a registry.
        /// </summary>
        public void ApplyLive(string backupPath)
        {
            NativeMethods.Check(NativeMethods.cr_change_apply_live(this, Utf8.ToNative(Snapshot.Required(backupPath, "backupPath"), "backupPath")));
        }

        /// <summary>The same steps against a snapshot in memory; <paramref name="backupPath"/> may be null.</summary>
        public void ApplyToSnapshot(Snapshot snapshot, string backupPath)
        {
            NativeMethods.Check(NativeMethods.cr_change_apply_snapshot(NotNull(snapshot), this, Utf8.ToNative(backupPath, "backupPath")));
        }

        /// <summary>
        /// Reads the live state of every key the plan touches, for describing the plan against the
        /// machine. CR_ENOTSUP without a registry.
        /// </summary>
        public Snapshot CaptureLive()
        {
            Snapshot snapshot;
            int rc = NativeMethods.cr_change_capture_live(out snapshot, this);
            return Snapshot.Checked(rc, snapshot);
        }

        private static Change Checked(int rc, Change change)
        {
            if (rc < 0)
            {
                ConnResetException error = ConnResetException.FromLastError(rc);
                if (change != null)
                    change.Dispose();
                throw error;
            }
            return change;
        }

        private static Snapshot NotNull(Snapshot snapshot)
        {
            if (snapshot == null)
                throw new ArgumentNullException("snapshot");
            return snapshot;
        }
    }
}
