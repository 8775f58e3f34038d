// NativeMethods.cs - the P/Invoke declarations of connreset.h, one for each
// function the binding uses. Strings go in as NUL-terminated UTF-8 byte
// arrays and come back as IntPtr (see Utf8.cs); nothing relies on
// UnmanagedType.LPUTF8Str, which .NET Framework does not have.
using System;
using System.Runtime.InteropServices;

// .NET Core / .NET 5+: look for the native library next to this assembly
// first. .NET Framework (Windows PowerShell 5.1) ignores this for the
// assembly directory of an assembly loaded by path, which is why
// NativeLibraryLoader preloads connreset.dll by its full path on Windows.
[assembly: DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]

namespace ConnReset.Interop
{
    internal static class NativeMethods
    {
        /// <summary>connreset.dll on Windows, libconnreset.so on Linux, libconnreset.dylib on macOS.</summary>
        internal const string Library = "connreset";

        /// <summary>Runs before the first call of any method below.</summary>
        static NativeMethods()
        {
            NativeLibraryLoader.Preload();
        }

        // ---- errors and memory --------------------------------------------
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_strerror(int code);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_err_name(int code);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_error_last();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_error_last_code();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void cr_error_clear();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_version();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void cr_free(IntPtr ptr);

        // ---- snapshots -------------------------------------------------------
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_snapshot_new(out Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_snapshot_open_files(out Snapshot snapshot, IntPtr[] paths, UIntPtr count);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_snapshot_open_live(out Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_snapshot_load_file(Snapshot snapshot, byte[] path);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_snapshot_add_errorlog(Snapshot snapshot, byte[] instance, byte[] path);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_snapshot_save(Snapshot snapshot, byte[] path);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_snapshot_get_value(out uint type, out IntPtr data, out UIntPtr length,
                                                         Snapshot snapshot, byte[] key, byte[] name);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_snapshot_has_key(Snapshot snapshot, byte[] key);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_snapshot_key_count(Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_snapshot_value_count(Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void cr_snapshot_free(IntPtr snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_snapshot_set_os(Snapshot snapshot, byte[] os);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_snapshot_set_strict(Snapshot snapshot, int strict);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_snapshot_warning_count(Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_snapshot_warning(Snapshot snapshot, UIntPtr index);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_os_name_count();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_os_name(UIntPtr index);

        // ---- checks and reports --------------------------------------------
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_diagnose(out ReportHandle report, Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_check_syn(out ReportHandle report, Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_check_tls(out ReportHandle report, Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_check_sql(out ReportHandle report, Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_check_certs(out ReportHandle report, Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_report_finding_count(ReportHandle report);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_report_worst_severity(ReportHandle report);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_report_to_json(out IntPtr json, ReportHandle report);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_report_to_text(out IntPtr text, ReportHandle report);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void cr_report_free(IntPtr report);

        // ---- certificates and SQL Server ------------------------------------
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_certs_json(out IntPtr json, Snapshot snapshot, byte[] store);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_errorlog_parse_file(out IntPtr json, byte[] path);

        // ---- client/server match ----------------------------------------------
        [StructLayout(LayoutKind.Sequential)]
        internal struct MatchOptions
        {
            internal uint Version;          // CR_MATCH_OPTIONS_VERSION
            internal int ServerKey;         // cr_server_key
        }

        internal const uint MatchOptionsVersion = 1;

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_tls_match(out Match match, Snapshot client, Snapshot server, ref MatchOptions options);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_machine_open(out Machine machine, Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_machine_name(Machine machine);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void cr_machine_free(IntPtr machine);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_tls_match_machines(out Match match, Machine client, Machine server, ref MatchOptions options);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_match_outcome(Match match);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_match_reason(Match match);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_match_family(Match match);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_match_missing_count(Match match);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_match_missing(out IntPtr side, out IntPtr what, out IntPtr detail, out IntPtr supply, Match match, UIntPtr index);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_match_finding_count(Match match);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_match_to_json(out IntPtr json, Match match);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_match_to_text(out IntPtr text, Match match);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void cr_match_free(IntPtr match);

        // ---- changes ---------------------------------------------------------
        [StructLayout(LayoutKind.Sequential)]
        internal struct SynOptions
        {
            internal uint Version;          // CR_SYN_OPTIONS_VERSION
            internal int Action;            // cr_syn_action
            internal long MaxHalfOpen;      // -1: leave alone
            internal long MaxHalfOpenRetried;
        }

        internal const uint SynOptionsVersion = 1;

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_syn_plan(out Change change, Snapshot snapshot, ref SynOptions options);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_tls_protocol_plan(out Change change, Snapshot snapshot, byte[] protocol, byte[] role, byte[] state);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_tls_suites_plan(out Change change, Snapshot snapshot, IntPtr[] names, UIntPtr count);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_tls_suites_edit_plan(out Change change, Snapshot snapshot, byte[] add, int position, byte[] remove);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_tls_suites_reset_plan(out Change change, Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_tls_dhe_disable_plan(out Change change, Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_cert_purpose_plan(out Change change, Snapshot snapshot, byte[] thumbprint, byte[] removeOid);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_sql_cert_plan(out Change change, Snapshot snapshot, byte[] instance, byte[] thumbprint);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_change_from_file(out Change change, byte[] path);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_change_capture_live(out Snapshot snapshot, Change change);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_change_prune(Change change, Snapshot current);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_change_op_count(Change change);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_change_describe(out IntPtr text, Change change, Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_change_to_json(out IntPtr json, Change change, Snapshot snapshot);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_change_write_reg(Change change, byte[] path);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_change_write_backup(Change change, Snapshot snapshot, byte[] path);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_change_apply_live(Change change, byte[] backupPath);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_change_apply_snapshot(Snapshot snapshot, Change change, byte[] backupPath);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void cr_change_free(IntPtr change);

        // ---- Group Policy (Registry.pol, profiles, what-if) -------------------
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_regpol_open(out Policy policy, byte[] path);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_regpol_count(Policy policy);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_regpol_save(Policy policy, byte[] path);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_regpol_to_json(out IntPtr json, Policy policy);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void cr_regpol_free(IntPtr policy);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_gpo_profile_count();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_gpo_profile_name(UIntPtr index);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_gpo_profile_description(UIntPtr index);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_gpo_profile_policy(out Policy policy, byte[] profile);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_gpo_report_policy(out Policy policy, ReportHandle report);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_gpo_settings_json(out IntPtr json);

        // The snapshot arrays are const cr_snapshot *const *: raw handles the
        // caller keeps alive (DangerousAddRef) for the duration of the call.
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_gpo_whatif_run(out WhatIfHandle whatIf, Policy policy,
                                                     IntPtr[] clients, UIntPtr clientCount,
                                                     IntPtr[] servers, UIntPtr serverCount,
                                                     int applyTo);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_gpo_whatif_broken_count(WhatIfHandle whatIf);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_gpo_whatif_fixed_count(WhatIfHandle whatIf);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_gpo_whatif_to_json(out IntPtr json, WhatIfHandle whatIf);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_gpo_whatif_to_text(out IntPtr text, WhatIfHandle whatIf);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void cr_gpo_whatif_free(IntPtr whatIf);

        // ---- DSC resources (Dsc.cs) -------------------------------------------
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_dsc_type_count();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_dsc_type_name(UIntPtr index);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_dsc_schema_json(out IntPtr json, byte[] type);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_dsc_open(out DscInstance instance, Snapshot snapshot, byte[] type, byte[] input, UIntPtr length);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_dsc_test(DscInstance instance);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_dsc_diff_json(out IntPtr json, DscInstance instance);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_dsc_plan(out Change change, DscInstance instance);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_dsc_reboot_required(DscInstance instance);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_dsc_restart_service_requested(DscInstance instance);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_dsc_restart_json(out IntPtr json, DscInstance instance);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_dsc_state_json(out IntPtr json, DscInstance instance, DscInstance changed, uint flags);

        // The same without `changed` (a SafeHandle argument cannot be null).
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true, EntryPoint = "cr_dsc_state_json")]
        internal static extern int cr_dsc_state_json_alone(out IntPtr json, DscInstance instance, IntPtr changed, uint flags);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_dsc_export_json(out IntPtr json, Snapshot snapshot, byte[] type);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void cr_dsc_free(IntPtr instance);

        // ---- fleets (issue 13) -----------------------------------------------
        internal const uint FleetOptionsVersion = 1;

        [StructLayout(LayoutKind.Sequential)]
        internal struct FleetOptions
        {
            internal uint Version;
            internal int ServerKey;
            internal uint Threads;
        }

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_fleet_new(out Fleet fleet, ref FleetOptions options);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_fleet_set_policy(Fleet fleet, Policy policy, int applyTo);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_fleet_add_files(Fleet fleet, IntPtr[] paths, UIntPtr count, int role);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_fleet_set_strict(Fleet fleet, int strict);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_fleet_warning_count(Fleet fleet);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_fleet_warning(Fleet fleet, UIntPtr index);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_fleet_load_pairs(Fleet fleet, byte[] path);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_fleet_run(Fleet fleet);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_fleet_machine_count(Fleet fleet);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern ulong cr_fleet_pair_count(Fleet fleet);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_fleet_to_json(out IntPtr json, Fleet fleet);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_fleet_to_text(out IntPtr text, Fleet fleet);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_fleet_save_html(Fleet fleet, byte[] path);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void cr_fleet_free(IntPtr fleet);

        // ---- collect ---------------------------------------------------------
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_collect_key_count();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr cr_collect_key(UIntPtr index, out int recursive);

        // ---- wire evidence (issue 14): packet captures -----------------------
        [StructLayout(LayoutKind.Sequential)]
        internal struct TraceOptions
        {
            internal uint Version;          // CR_TRACE_OPTIONS_VERSION
            internal IntPtr Server;         // const char *, UTF-8, or NULL
        }

        internal const uint TraceOptionsVersion = 1;

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_trace_new(out Trace trace, ref TraceOptions options);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_trace_add_file(Trace trace, byte[] path);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_trace_set_match(Trace trace, Match match);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_trace_connection_count(Trace trace);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern UIntPtr cr_trace_damaged_count(Trace trace);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_trace_to_json(out IntPtr json, Trace trace);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int cr_trace_to_text(out IntPtr text, Trace trace);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void cr_trace_free(IntPtr trace);
        // ---- end wire evidence -----------------------------------------------

        /// <summary>Throws <see cref="ConnResetException"/> when <paramref name="rc"/> is negative.</summary>
        internal static int Check(int rc)
        {
            if (rc < 0)
                throw ConnResetException.FromLastError(rc);
            return rc;
        }
    }
}
