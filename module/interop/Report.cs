// Report.cs - runs the checks on a snapshot and renders the cr_report; the
// report itself never leaves this class.
using System;
using Microsoft.Win32.SafeHandles;

namespace ConnReset.Interop
{
    /// <summary>An owned <c>cr_report</c>.</summary>
    internal sealed class ReportHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        private ReportHandle() : base(true)
        {
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.cr_report_free(handle);
            return true;
        }
    }

    /// <summary>Severity of a finding, as cr_severity numbers it.</summary>
    public enum Severity
    {
        /// <summary>No finding at all (cr_report_worst_severity returned -1).</summary>
        None = -1,
        /// <summary>CR_SEVERITY_INFO.</summary>
        Info = 0,
        /// <summary>CR_SEVERITY_WARNING.</summary>
        Warning = 1,
        /// <summary>CR_SEVERITY_ERROR.</summary>
        Error = 2
    }

    /// <summary>Runs checks on a <see cref="Snapshot"/> and returns the report as JSON or text.</summary>
    public static class Report
    {
        private enum Checks
        {
            All,
            Syn,
            Tls,
            Sql,
            Certs
        }

        /// <summary>Every check, findings ranked, as JSON (schema connreset.report/1).</summary>
        public static string DiagnoseJson(Snapshot snapshot)
        {
            using (ReportHandle report = Run(snapshot, Checks.All))
                return Json(report);
        }

        /// <summary>The TCP SYN attack protection check alone, as JSON (schema connreset.report/1).</summary>
        public static string CheckSynJson(Snapshot snapshot)
        {
            using (ReportHandle report = Run(snapshot, Checks.Syn))
                return Json(report);
        }

        /// <summary>
        /// The Schannel checks alone (families PROTO, SUITE, DHE), as JSON (schema
        /// connreset.report/1, with the machine's Schannel model in <c>checks.tls</c>).
        /// </summary>
        public static string CheckTlsJson(Snapshot snapshot)
        {
            using (ReportHandle report = Run(snapshot, Checks.Tls))
                return Json(report);
        }

        /// <summary>
        /// The SQL Server check alone (families IOCP and PROTO010/PROTO011), as JSON (schema
        /// connreset.report/1, with the instances and client drivers in <c>checks.sql</c>).
        /// </summary>
        public static string CheckSqlJson(Snapshot snapshot)
        {
            using (ReportHandle report = Run(snapshot, Checks.Sql))
                return Json(report);
        }

        /// <summary>
        /// The certificate check alone (family CERTHASH) on LocalMachine\My, as JSON (schema
        /// connreset.report/1). A live snapshot reads the store through crypt32, any other the
        /// store's Blob values in the snapshot.
        /// </summary>
        public static string CheckCertsJson(Snapshot snapshot)
        {
            using (ReportHandle report = Run(snapshot, Checks.Certs))
                return Json(report);
        }

        /// <summary>
        /// One row per certificate of LocalMachine\<paramref name="store"/> (null: "MY") with its
        /// reasons and the SQL Server instances that use or may pick it, as JSON (schema
        /// connreset.certs/1).
        /// </summary>
        public static string CertsJson(Snapshot snapshot, string store)
        {
            if (snapshot == null)
                throw new ArgumentNullException("snapshot");
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_certs_json(out json, snapshot, Utf8.ToNative(store, "store")));
            return Utf8.TakeNative(json);
        }

        /// <summary>
        /// The certificate events (26013, 26018, 26010, 26014, 26015, 26017) of a SQL Server
        /// ERRORLOG (UTF-16LE with BOM, or UTF-8), as JSON (schema connreset.errorlog/1).
        /// CR_EPARSE on malformed text, CR_EIO / CR_ENOTFOUND when the file cannot be read.
        /// </summary>
        public static string ParseErrorLogJson(string path)
        {
            NativeLibraryLoader.EnsureLoaded();
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_errorlog_parse_file(out json, Utf8.ToNative(Snapshot.Required(path, "path"), "path")));
            return Utf8.TakeNative(json);
        }

        /// <summary>Every check, as console text.</summary>
        public static string DiagnoseText(Snapshot snapshot)
        {
            using (ReportHandle report = Run(snapshot, Checks.All))
                return Text(report);
        }

        /// <summary>The TCP SYN attack protection check alone, as console text.</summary>
        public static string CheckSynText(Snapshot snapshot)
        {
            using (ReportHandle report = Run(snapshot, Checks.Syn))
                return Text(report);
        }

        /// <summary>The Schannel checks alone, as console text.</summary>
        public static string CheckTlsText(Snapshot snapshot)
        {
            using (ReportHandle report = Run(snapshot, Checks.Tls))
                return Text(report);
        }

        /// <summary>The worst severity among every check's findings (<see cref="Severity.None"/> when clean).</summary>
        public static Severity DiagnoseWorstSeverity(Snapshot snapshot)
        {
            using (ReportHandle report = Run(snapshot, Checks.All))
                return (Severity)NativeMethods.cr_report_worst_severity(report);
        }

        private static ReportHandle Run(Snapshot snapshot, Checks checks)
        {
            if (snapshot == null)
                throw new ArgumentNullException("snapshot");
            ReportHandle report;
            int rc;
            switch (checks)
            {
                case Checks.Syn:
                    rc = NativeMethods.cr_check_syn(out report, snapshot);
                    break;
                case Checks.Tls:
                    rc = NativeMethods.cr_check_tls(out report, snapshot);
                    break;
                case Checks.Sql:
                    rc = NativeMethods.cr_check_sql(out report, snapshot);
                    break;
                case Checks.Certs:
                    rc = NativeMethods.cr_check_certs(out report, snapshot);
                    break;
                default:
                    rc = NativeMethods.cr_diagnose(out report, snapshot);
                    break;
            }
            if (rc < 0)
            {
                ConnResetException error = ConnResetException.FromLastError(rc);
                if (report != null)
                    report.Dispose();
                throw error;
            }
            return report;
        }

        private static string Json(ReportHandle report)
        {
            IntPtr json;
            NativeMethods.Check(NativeMethods.cr_report_to_json(out json, report));
            return Utf8.TakeNative(json);
        }

        private static string Text(ReportHandle report)
        {
            IntPtr text;
            NativeMethods.Check(NativeMethods.cr_report_to_text(out text, report));
            return Utf8.TakeNative(text);
        }
    }
}
