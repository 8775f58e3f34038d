// CertSqlTests.cs - the certificate and SQL Server part of the binding
// (cr_check_certs, cr_certs_json, cr_cert_purpose_plan, cr_sql_cert_plan,
// cr_check_sql, cr_errorlog_parse_file) on tests/fixtures/sql, tls and
// errorlog, which the project file copies next to the tests.
using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace ConnReset.Interop.Tests
{
    internal static class CertFixture
    {
        /// <summary>rsa-md5.der: configured for MSSQLSERVER by weak-certs-overlay.reg.</summary>
        public const string Md5 = "258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7";
        public const string Sha512 = "A29410FFCCC345E0BC2773F04763CAE9E39380D8";
        public const string Sha1 = "16FE22A03C3D236824D9BED71854F41FB5D0BADF";
        /// <summary>The ECDSA certificate MSSQLSERVER uses in tls/ws2012r2-sql-ecdsa-cert.reg.</summary>
        public const string Ecdsa = "609B142285717467AC64BE187A86AAA8D3E04630";

        public static string Sql(string name) => Fixture("sql", name);

        public static string Fixture(string folder, string name)
        {
            string path = Path.Combine(AppContext.BaseDirectory, "fixtures", folder, name);
            Assert.True(File.Exists(path), "missing fixture " + path);
            return path;
        }

        /// <summary>ws2012r2-sql-mixed.reg with the weak-certificate overlay merged after it.</summary>
        public static Snapshot Weak() => Snapshot.OpenFiles(Sql("ws2012r2-sql-mixed.reg"), Sql("weak-certs-overlay.reg"));

        public static JsonElement Row(JsonElement certs, string thumbprint)
        {
            return certs.GetProperty("certificates").EnumerateArray()
                        .Single(c => c.GetProperty("thumbprint").GetString() == thumbprint);
        }
    }

    public class CertTests
    {
        [Fact]
        public void AddErrorLog_SelfGeneratedLine_DecidesTheCertificateSource()
        {
            using TempDir dir = new TempDir("errorlog");
            // No certificate configured for SQL2017, so its ERRORLOG decides.
            string noconf = dir.Write("noconf.reg",
                "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\MSSQL12.MSSQLSERVER\\MSSQLServer\\SuperSocketNetLib]\r\n\"Certificate\"=\"\"\r\n");
            using Snapshot snap = Snapshot.OpenFiles(CertFixture.Sql("ws2012r2-sql-mixed.reg"), CertFixture.Sql("weak-certs-overlay.reg"), noconf);
            string Source()
            {
                using JsonDocument doc = JsonDocument.Parse(snap.CertsJson(null));
                return doc.RootElement.GetProperty("instances").EnumerateArray()
                          .Single(i => i.GetProperty("name").GetString() == "SQL2017")
                          .GetProperty("certificateSource").GetString();
            }
            string before = Source();
            snap.AddErrorLog("SQL2017", CertFixture.Fixture("errorlog", "failures.utf8.log"));
            Assert.NotEqual("self-generated", before);
            Assert.Equal("self-generated", Source());
        }

        [Fact]
        public void AddErrorLog_MissingFile_ThrowsWithThePath()
        {
            using Snapshot snap = CertFixture.Weak();
            ConnResetException e = Assert.Throws<ConnResetException>(() => snap.AddErrorLog("SQL2017", "/nonexistent/ERRORLOG"));
            Assert.Contains("/nonexistent/ERRORLOG", e.Message);
        }

        [Fact]
        public void TryAddErrorLog_MissingFile_ReturnsTheErrorWithThePath()
        {
            using Snapshot snap = CertFixture.Weak();
            ConnResetException e = snap.TryAddErrorLog("SQL2017", "/nonexistent/ERRORLOG");
            Assert.NotNull(e);
            Assert.Contains("/nonexistent/ERRORLOG", e.Message);
            Assert.Null(snap.TryAddErrorLog("SQL2017", CertFixture.Fixture("errorlog", "failures.utf8.log")));
        }

        [Fact]
        public void CertsJson_WeakOverlay_OneRowPerCertificateWithReasons()
        {
            using Snapshot snap = CertFixture.Weak();
            using JsonDocument doc = JsonDocument.Parse(snap.CertsJson(null));
            JsonElement root = doc.RootElement;
            Assert.Equal("connreset.certs/1", root.GetProperty("schema").GetString());
            Assert.Equal("MY", root.GetProperty("store").GetString());
            Assert.Equal(3, root.GetProperty("certificates").GetArrayLength());

            JsonElement md5 = CertFixture.Row(root, CertFixture.Md5);
            Assert.Equal("MD5", md5.GetProperty("signatureHash").GetString());
            Assert.True(md5.GetProperty("weak").GetBoolean());
            Assert.Equal(new[] { "MSSQLSERVER" }, md5.GetProperty("usedBy").EnumerateArray().Select(e => e.GetString()).ToArray());
            JsonElement reason = md5.GetProperty("reasons").EnumerateArray().First(r => r.GetProperty("rule").GetString() == "weak-hash");
            Assert.Equal("error", reason.GetProperty("severity").GetString());
            Assert.False(string.IsNullOrEmpty(reason.GetProperty("citation").GetString()));

            Assert.True(CertFixture.Row(root, CertFixture.Sha512).GetProperty("weak").GetBoolean());
            Assert.False(CertFixture.Row(root, CertFixture.Sha1).GetProperty("weak").GetBoolean());
        }

        [Fact]
        public void CertsJson_OtherStore_HasNoRows()
        {
            using Snapshot snap = CertFixture.Weak();
            using JsonDocument doc = JsonDocument.Parse(Report.CertsJson(snap, "Root"));
            Assert.Equal(0, doc.RootElement.GetProperty("certificates").GetArrayLength());
        }

        [Fact]
        public void CheckCertsJson_WeakOverlay_Certhash001And004()
        {
            using Snapshot snap = CertFixture.Weak();
            using JsonDocument doc = JsonDocument.Parse(snap.CheckCertsJson());
            string[] ids = Fixture.FindingIds(doc.RootElement);
            Assert.Contains("CERTHASH001", ids);
            Assert.All(ids, id => Assert.StartsWith("CERTHASH", id));
        }

        [Fact]
        public void PlanCertServerAuthDisable_WritesABlobThatReadsBackWithoutServerAuth()
        {
            using var dir = new TempDir("cert");
            using Snapshot snap = CertFixture.Weak();
            using (Change change = Change.PlanCertServerAuthDisable(snap, CertFixture.Md5))
            {
                Assert.Equal(1, change.OperationCount);
                Assert.Contains("1.3.6.1.5.5.7.3.1", change.Describe(snap));
                using JsonDocument plan = JsonDocument.Parse(change.ToJson(snap));
                Assert.Equal("connreset.change/1", plan.RootElement.GetProperty("schema").GetString());
                change.WriteReg(dir.File("fix.reg"));
                change.WriteBackup(snap, dir.File("undo.reg"));
            }

            using (Snapshot after = Snapshot.OpenFiles(CertFixture.Sql("ws2012r2-sql-mixed.reg"), CertFixture.Sql("weak-certs-overlay.reg"), dir.File("fix.reg")))
            {
                using JsonDocument doc = JsonDocument.Parse(after.CertsJson(null));
                Assert.False(CertFixture.Row(doc.RootElement, CertFixture.Md5).GetProperty("serverAuthentication").GetBoolean());
                Assert.True(CertFixture.Row(doc.RootElement, CertFixture.Sha512).GetProperty("serverAuthentication").GetBoolean());
                using Change again = Change.PlanCertPurpose(after, CertFixture.Md5, null);
                Assert.Equal(0, again.OperationCount);
            }

            using (Snapshot undone = Snapshot.OpenFiles(CertFixture.Sql("ws2012r2-sql-mixed.reg"), CertFixture.Sql("weak-certs-overlay.reg"),
                                                        dir.File("fix.reg"), dir.File("undo.reg")))
            {
                using JsonDocument doc = JsonDocument.Parse(undone.CertsJson(null));
                Assert.True(CertFixture.Row(doc.RootElement, CertFixture.Md5).GetProperty("serverAuthentication").GetBoolean());
            }
        }

        [Fact]
        public void PlanCertPurpose_EcdsaFixture_ApplyToSnapshot()
        {
            using Snapshot snap = Snapshot.OpenFiles(Fixture.Tls("ws2012r2-sql-ecdsa-cert.reg"));
            using Change change = Change.PlanCertPurpose(snap, CertFixture.Ecdsa.ToLowerInvariant(), Change.ServerAuthenticationOid);
            Assert.Equal(1, change.OperationCount);
            change.ApplyToSnapshot(snap, null);
            using JsonDocument doc = JsonDocument.Parse(snap.CertsJson("MY"));
            JsonElement row = CertFixture.Row(doc.RootElement, CertFixture.Ecdsa);
            Assert.False(row.GetProperty("serverAuthentication").GetBoolean());
            Assert.Equal(0, row.GetProperty("enabledPurposes").GetArrayLength());
        }

        [Fact]
        public void PlanCertPurpose_UnknownThumbprint_IsNotFound()
        {
            using Snapshot snap = CertFixture.Weak();
            var error = Assert.Throws<ConnResetException>(() => Change.PlanCertServerAuthDisable(snap, "00112233445566778899AABBCCDDEEFF00112233"));
            Assert.Equal("CR_ENOTFOUND", error.CodeName);
            Assert.Throws<ArgumentNullException>(() => Change.PlanCertServerAuthDisable(snap, null));
        }
    }

    public class SqlTests
    {
        [Fact]
        public void CheckSqlJson_Mixed_InstancesAndFindings()
        {
            using Snapshot snap = Snapshot.OpenFiles(CertFixture.Sql("ws2012r2-sql-mixed.reg"));
            using JsonDocument doc = JsonDocument.Parse(snap.CheckSqlJson());
            JsonElement sql = doc.RootElement.GetProperty("checks").GetProperty("sql");
            string[] names = sql.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToArray();
            Assert.Equal(new[] { "MSSQLSERVER", "SQL2017", "SQL2019", "SQL2014SP2" }, names);
            JsonElement first = sql.GetProperty("instances")[0];
            Assert.Equal("MSSQL12.MSSQLSERVER", first.GetProperty("id").GetString());
            Assert.Equal("SQL Server 2014", first.GetProperty("product").GetString());
            Assert.Equal("5B215BF69D84FC2D68EAB1576F57B2BBE55B98E3", first.GetProperty("certificate").GetProperty("thumbprint").GetString());
            Assert.Equal("no", first.GetProperty("tls12").GetProperty("supported").GetString());
            Assert.Equal(32, sql.GetProperty("instances")[3].GetProperty("bits").GetInt32());

            string[] ids = Fixture.FindingIds(doc.RootElement);
            Assert.Contains("PROTO010", ids);
            Assert.Contains("IOCP001", ids);
            Assert.DoesNotContain("DHE001", ids); // the SQL check alone
        }

        [Fact]
        public void PlanSqlCertificate_SetsAndClearsTheThumbprint()
        {
            using var dir = new TempDir("sqlcert");
            using Snapshot snap = Snapshot.OpenFiles(CertFixture.Sql("ws2012r2-sql-mixed.reg"));
            using (Change change = Change.PlanSqlCertificate(snap, "SQL2017", CertFixture.Sha512))
            {
                Assert.Equal(1, change.OperationCount);
                Assert.Contains("MSSQL$SQL2017", change.ToJson(snap));
                change.WriteReg(dir.File("fix.reg"));
            }

            using (Snapshot after = Snapshot.OpenFiles(CertFixture.Sql("ws2012r2-sql-mixed.reg"), dir.File("fix.reg")))
            {
                using JsonDocument doc = JsonDocument.Parse(after.CheckSqlJson());
                JsonElement sql2017 = doc.RootElement.GetProperty("checks").GetProperty("sql").GetProperty("instances")[1];
                Assert.Equal(CertFixture.Sha512, sql2017.GetProperty("certificate").GetProperty("thumbprint").GetString());
            }

            using (Change clear = Change.PlanSqlCertificateClear(snap, "MSSQLSERVER"))
            {
                Assert.Equal(1, clear.OperationCount);
                clear.ApplyToSnapshot(snap, null);
            }
            Assert.Equal("", snap.GetValue(@"HKLM\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL12.MSSQLSERVER\MSSQLServer\SuperSocketNetLib", "Certificate"));
        }

        [Fact]
        public void PlanSqlCertificate_BadInput()
        {
            using Snapshot snap = Snapshot.OpenFiles(CertFixture.Sql("ws2012r2-sql-mixed.reg"));
            Assert.Equal("CR_ENOTFOUND", Assert.Throws<ConnResetException>(() => Change.PlanSqlCertificate(snap, "NOSUCH", CertFixture.Md5)).CodeName);
            Assert.Equal("CR_EINVAL", Assert.Throws<ConnResetException>(() => Change.PlanSqlCertificate(snap, "SQL2017", "not-a-thumbprint")).CodeName);
        }

        [Fact]
        public void ParseErrorLogJson_Utf16_FindsTheCertificateEvents()
        {
            using JsonDocument doc = JsonDocument.Parse(Report.ParseErrorLogJson(CertFixture.Fixture("errorlog", "failures.utf16.log")));
            Assert.Equal("connreset.errorlog/1", doc.RootElement.GetProperty("schema").GetString());
            string text = doc.RootElement.GetRawText();
            Assert.Contains("26017", text);
            Assert.Contains("0x8009030d", text);
        }

        [Fact]
        public void ParseErrorLogJson_Malformed_IsParseError()
        {
            var error = Assert.Throws<ConnResetException>(() => Report.ParseErrorLogJson(Path.Combine(AppContext.BaseDirectory, "fixtures", "errorlog", "malformed", "odd_length.utf16.log")));
            Assert.Equal("CR_EPARSE", error.CodeName);
            Assert.Contains("odd_length.utf16.log", error.Message);
        }
    }
}
