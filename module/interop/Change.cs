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
            ConnResetException failure;
            Change change = TryPlanSyn(snapshot, action, maxHalfOpen, maxHalfOpenRetried, out failure);
            if (failure != null)
                throw failure;
            return change;
        }

        /// <summary>
        /// As <see cref="PlanSyn"/>, but a native failure is returned in
        /// <paramref name="failure"/> (and the result is null) instead of thrown. For callers to
        /// whom CR_EINVAL is an answer, not an error: Test-SynProtection reads "these thresholds
        /// cannot be set here" as "they are not in effect". PowerShell adds every exception a
        /// script catches to the caller's $Error and -ErrorVariable, so an answer must not throw.
        /// </summary>
        public static Change TryPlanSyn(Snapshot snapshot, SynAction action, long maxHalfOpen, long maxHalfOpenRetried, out ConnResetException failure)
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
            failure = null;
            if (rc < 0)
            {
                failure = ConnResetException.FromLastError(rc);
                if (change != null)
                    change.Dispose();
                return null;
            }
            return change;
        }

        /// <summary>
        /// Plans a Schannel protocol change against <paramref name="snapshot"/>.
        /// <paramref name="protocol"/>: "ssl2", "ssl3", "tls1.0" .. "tls1.3", "dtls1.0", "dtls1.2"
        /// or the registry key name ("TLS 1.2"); <paramref name="role"/>: "client", "server" or
        /// "both"; <paramref name="state"/>: "enabled" (Enabled = 1, DisabledByDefault = 0),
        /// "disabled" (Enabled = 0, DisabledByDefault = 1) or "default" (delete the keys so the
        /// OS default applies). Values already as wanted are left out. CR_EINVAL for an unknown
        /// protocol, role or state, and for enabling a protocol the OS does not support.
        /// </summary>
        public static Change PlanTlsProtocol(Snapshot snapshot, string protocol, string role, string state)
        {
            NotNull(snapshot);
            NativeLibraryLoader.EnsureLoaded();
            Change change;
            int rc = NativeMethods.cr_tls_protocol_plan(out change, snapshot,
                                                        Utf8.ToNative(Snapshot.Required(protocol, "protocol"), "protocol"),
                                                        Utf8.ToNative(Snapshot.Required(role, "role"), "role"),
                                                        Utf8.ToNative(Snapshot.Required(state, "state"), "state"));
            return Checked(rc, change);
        }

        /// <summary>
        /// Plans the cipher-suite order <paramref name="names"/> as the Group Policy value
        /// (comma-separated REG_SZ, which wins over the local list). Nothing to do when the value
        /// is already so. CR_EINVAL for an empty list, names no registry knows, names this OS
        /// does not support, or a list over 1,023 characters.
        /// </summary>
        public static Change PlanTlsSuites(Snapshot snapshot, string[] names)
        {
            NotNull(snapshot);
            NativeLibraryLoader.EnsureLoaded();
            using (var list = new Utf8Array(names, "names"))
            {
                Change change;
                int rc = NativeMethods.cr_tls_suites_plan(out change, snapshot, list.Pointers, list.Count);
                return Checked(rc, change);
            }
        }

        /// <summary>
        /// Plans one edit of the current effective order, written as the Group Policy value:
        /// adds <paramref name="add"/> at <paramref name="position"/> (0 is first; -1 or past the
        /// end is last) or, with <paramref name="add"/> null, removes <paramref name="remove"/>.
        /// Positions count the usable suites only, and suites that cannot be used are left out of
        /// the written list. A suite already there (or, to remove, not there) gives a plan with no
        /// operations. CR_EINVAL when both or neither name is given, for a name the OS does not
        /// support, and when the current order is unknown.
        /// </summary>
        public static Change PlanTlsSuitesEdit(Snapshot snapshot, string add, int position, string remove)
        {
            NotNull(snapshot);
            if ((add == null) == (remove == null))
                throw new ArgumentException("Give exactly one suite to add or to remove.", add == null ? "add" : "remove");
            NativeLibraryLoader.EnsureLoaded();
            Change change;
            int rc = NativeMethods.cr_tls_suites_edit_plan(out change, snapshot, Utf8.ToNative(add, "add"),
                                                           position, Utf8.ToNative(remove, "remove"));
            return Checked(rc, change);
        }

        /// <summary>
        /// <see cref="PlanTlsSuitesEdit"/> adding <paramref name="name"/> at <paramref name="position"/>
        /// (0 is first; -1 or past the end is last). For callers such as PowerShell that cannot
        /// pass a null string to a method.
        /// </summary>
        public static Change PlanTlsSuitesAdd(Snapshot snapshot, string name, int position)
        {
            return PlanTlsSuitesEdit(snapshot, Snapshot.Required(name, "name"), position, null);
        }

        /// <summary><see cref="PlanTlsSuitesEdit"/> removing <paramref name="name"/>.</summary>
        public static Change PlanTlsSuitesRemove(Snapshot snapshot, string name)
        {
            return PlanTlsSuitesEdit(snapshot, null, -1, Snapshot.Required(name, "name"));
        }

        /// <summary>
        /// Plans the deletion of the Group Policy suite order, so the local (or OS default) order
        /// applies. Nothing to do when there is no policy value.
        /// </summary>
        public static Change PlanTlsSuitesReset(Snapshot snapshot)
        {
            NotNull(snapshot);
            NativeLibraryLoader.EnsureLoaded();
            Change change;
            int rc = NativeMethods.cr_tls_suites_reset_plan(out change, snapshot);
            return Checked(rc, change);
        }

        /// <summary>
        /// Plans the current effective order without any TLS_DHE_* suite, as the Group Policy value
        /// (seed 001, scenario 3). Nothing to do when no TLS_DHE_* suite is enabled. CR_EINVAL when
        /// the current order is unknown.
        /// </summary>
        public static Change PlanDheDisable(Snapshot snapshot)
        {
            NotNull(snapshot);
            NativeLibraryLoader.EnsureLoaded();
            Change change;
            int rc = NativeMethods.cr_tls_dhe_disable_plan(out change, snapshot);
            return Checked(rc, change);
        }

        /// <summary>The Server Authentication purpose (id-kp-serverAuth).</summary>
        public const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

        /// <summary>
        /// Plans the Blob of LocalMachine\My\<paramref name="thumbprint"/> rewritten with its
        /// enabled purposes (enhanced key usage property) minus <paramref name="removeOid"/>
        /// (null: Server Authentication). The purposes kept are the property's current list, else
        /// the certificate's EKU extension, else RFC 5280's standard purposes. No operations when
        /// the purpose is already disabled. SQL Server must be restarted afterwards.
        /// CR_ENOTFOUND when the certificate is not there.
        /// </summary>
        public static Change PlanCertPurpose(Snapshot snapshot, string thumbprint, string removeOid)
        {
            NotNull(snapshot);
            NativeLibraryLoader.EnsureLoaded();
            Change change;
            int rc = NativeMethods.cr_cert_purpose_plan(out change, snapshot,
                                                        Utf8.ToNative(Snapshot.Required(thumbprint, "thumbprint"), "thumbprint"),
                                                        Utf8.ToNative(removeOid, "removeOid"));
            return Checked(rc, change);
        }

        /// <summary><see cref="PlanCertPurpose"/> removing Server Authentication (1.3.6.1.5.5.7.3.1).</summary>
        public static Change PlanCertServerAuthDisable(Snapshot snapshot, string thumbprint)
        {
            return PlanCertPurpose(snapshot, thumbprint, ServerAuthenticationOid);
        }

        /// <summary>
        /// Plans the certificate SQL Server instance <paramref name="instance"/> is configured with
        /// (SuperSocketNetLib "Certificate"): <paramref name="thumbprint"/>, or null to clear it
        /// (so SQL Server picks one or generates a self-signed one). CR_ENOTFOUND for an unknown
        /// instance, CR_EINVAL for a malformed thumbprint. The instance's service must be restarted.
        /// </summary>
        public static Change PlanSqlCertificate(Snapshot snapshot, string instance, string thumbprint)
        {
            NotNull(snapshot);
            NativeLibraryLoader.EnsureLoaded();
            Change change;
            int rc = NativeMethods.cr_sql_cert_plan(out change, snapshot,
                                                    Utf8.ToNative(Snapshot.Required(instance, "instance"), "instance"),
                                                    Utf8.ToNative(thumbprint, "thumbprint"));
            return Checked(rc, change);
        }

        /// <summary>
        /// <see cref="PlanSqlCertificate"/> clearing the configured certificate. For callers such
        /// as PowerShell that cannot pass a null string to a method.
        /// </summary>
        public static Change PlanSqlCertificateClear(Snapshot snapshot, string instance)
        {
            return PlanSqlCertificate(snapshot, instance, null);
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

        /// <summary>
        /// Drops the operations that would not change <paramref name="current"/> (values already
        /// as written, keys already there, deletes of what is already absent), so that importing
        /// the same .reg twice has nothing to do the second time. Deletes count as done only
        /// against a <see cref="CaptureLive"/> capture, which knows every key the plan touches.
        /// </summary>
        public void Prune(Snapshot current)
        {
            NativeMethods.Check(NativeMethods.cr_change_prune(this, NotNull(current)));
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
