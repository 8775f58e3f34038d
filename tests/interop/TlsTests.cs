// TlsTests.cs - the Schannel part of the binding (cr_check_tls, cr_tls_match,
// the protocol and suite planners) on the scenario snapshots in
// tests/fixtures/tls, which the project file copies next to the tests.
using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using Xunit;

namespace ConnReset.Interop.Tests
{
    internal static class Fixture
    {
        public const string PolicyKey = @"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002";
        public const string ProtocolsKey = @"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols";

        /// <summary>The full path of tests/fixtures/tls/<paramref name="name"/> as copied to the output.</summary>
        public static string Tls(string name)
        {
            string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "tls", name);
            Assert.True(File.Exists(path), "missing fixture " + path);
            return path;
        }

        public static JsonElement Protocol(JsonElement tls, string id)
        {
            return tls.GetProperty("protocols").EnumerateArray().Single(p => p.GetProperty("id").GetString() == id);
        }

        public static JsonElement CheckTls(Snapshot snapshot, out JsonDocument doc)
        {
            doc = JsonDocument.Parse(snapshot.CheckTlsJson());
            return doc.RootElement.GetProperty("checks").GetProperty("tls");
        }

        public static string[] FindingIds(JsonElement root)
        {
            return root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToArray();
        }
    }

    public class TlsCheckTests
    {
        [Fact]
        public void CheckTlsJson_Ws2012R2_ProtocolsSuitesAndDhe001()
        {
            using Snapshot snap = Snapshot.OpenFiles(Fixture.Tls("ws2012r2-default.reg"));
            using JsonDocument doc = JsonDocument.Parse(snap.CheckTlsJson());
            JsonElement root = doc.RootElement;
            Assert.Equal("connreset.report/1", root.GetProperty("schema").GetString());
            JsonElement tls = root.GetProperty("checks").GetProperty("tls");

            string[] ids = tls.GetProperty("protocols").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToArray();
            Assert.Equal(new[] { "ssl2", "ssl3", "tls1.0", "tls1.1", "tls1.2", "tls1.3", "dtls1.0", "dtls1.2" }, ids);
            JsonElement tls12 = Fixture.Protocol(tls, "tls1.2");
            Assert.Equal("TLS 1.2", tls12.GetProperty("protocol").GetString());
            Assert.Equal("enabled", tls12.GetProperty("server").GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.Null, tls12.GetProperty("server").GetProperty("enabled").ValueKind);
            Assert.Equal("not-supported", Fixture.Protocol(tls, "tls1.3").GetProperty("client").GetProperty("state").GetString());

            JsonElement suites = tls.GetProperty("suites");
            Assert.Equal("os-default", suites.GetProperty("source").GetString());
            Assert.Equal(JsonValueKind.Null, suites.GetProperty("policyCharacters").ValueKind); // null without a policy value
            JsonElement first = suites.GetProperty("configured")[0];
            Assert.Equal("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P256", first.GetProperty("name").GetString());
            Assert.Equal("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", first.GetProperty("iana").GetString());
            Assert.Equal("0xC028", first.GetProperty("id").GetString());
            Assert.Equal(256, first.GetProperty("curveSuffix").GetInt32());
            Assert.True(suites.GetProperty("clientOffers").GetProperty("tls1.2").GetArrayLength() > 0);

            Assert.Contains("DHE001", Fixture.FindingIds(root));
            Assert.DoesNotContain("SYN001", Fixture.FindingIds(root)); // the TLS checks alone
            Assert.Contains("Schannel", snap.CheckTlsText(), StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void CheckTlsJson_Win11Policy_CountsThePolicyCharacters()
        {
            using Snapshot snap = Snapshot.OpenFiles(Fixture.Tls("win11-ecdhe-gcm-only.reg"));
            JsonElement tls = Fixture.CheckTls(snap, out JsonDocument doc);
            using (doc)
            {
                JsonElement suites = tls.GetProperty("suites");
                Assert.Equal("policy", suites.GetProperty("source").GetString());
                Assert.Equal(201, suites.GetProperty("policyCharacters").GetInt32());
                Assert.Equal(6, suites.GetProperty("configured").GetArrayLength());
                Assert.Equal("TLS_AES_256_GCM_SHA384", suites.GetProperty("clientOffers").GetProperty("tls1.3")[0].GetString());
            }
        }

        [Fact]
        public void Diagnose_IncludesTheTlsChecks()
        {
            using Snapshot snap = Snapshot.OpenFiles(Fixture.Tls("ws2008r2-default.reg"));
            using JsonDocument doc = JsonDocument.Parse(snap.DiagnoseJson());
            string[] ids = Fixture.FindingIds(doc.RootElement);
            Assert.Contains("PROTO003", ids);
            Assert.Contains("DHE001", ids);
        }
    }

    public class MatchTests
    {
        [Fact]
        public void Win11Client_Ws2012R2Server_CannotConnect_Suite()
        {
            using Snapshot client = Snapshot.OpenFiles(Fixture.Tls("win11-ecdhe-gcm-only.reg"));
            using Snapshot server = Snapshot.OpenFiles(Fixture.Tls("ws2012r2-default.reg"));
            using Match match = Match.Create(client, server, ServerKey.Auto);
            Assert.False(match.IsInvalid);
            Assert.Equal(Outcome.Fails, match.Outcome);
            Assert.Equal("SUITE", match.Family);
            Assert.Empty(match.Missing);
            Assert.Equal(1, match.FindingCount);

            using JsonDocument doc = JsonDocument.Parse(match.ToJson());
            JsonElement root = doc.RootElement;
            Assert.Equal("connreset.match/1", root.GetProperty("schema").GetString());
            Assert.Equal("APP-WIN11", root.GetProperty("client").GetProperty("name").GetString());
            Assert.Equal("SQL2012R2", root.GetProperty("server").GetProperty("name").GetString());
            Assert.Equal("rsa", root.GetProperty("serverKey").GetProperty("type").GetString());
            Assert.Equal("assumed", root.GetProperty("serverKey").GetProperty("source").GetString());
            JsonElement verdict = root.GetProperty("verdict");
            Assert.False(verdict.GetProperty("canConnect").GetBoolean());
            Assert.Equal("SUITE", verdict.GetProperty("family").GetString());
            Assert.Equal("TLS 1.2", verdict.GetProperty("protocol").GetString());
            Assert.Equal(JsonValueKind.Null, verdict.GetProperty("suite").ValueKind);
            JsonElement clientFix = verdict.GetProperty("fixes").EnumerateArray().First(f => f.GetProperty("side").GetString() == "client");
            Assert.StartsWith("Set-SchannelCipherSuiteOrder -Add ", clientFix.GetProperty("cmdlet").GetString());
            Assert.Equal(new[] { "SUITE001" }, Fixture.FindingIds(root));
            Assert.Contains("SQL2012R2", match.ToText());
        }

        [Fact]
        public void Win11Client_Ws2012R2Server_WithEcdsa_Connects()
        {
            using Snapshot client = Snapshot.OpenFiles(Fixture.Tls("win11-ecdhe-gcm-only.reg"));
            using Snapshot server = Snapshot.OpenFiles(Fixture.Tls("ws2012r2-default.reg"));
            Outcome outcome;
            string json = Match.Json(client, server, ServerKey.Ecdsa, out outcome);
            Assert.Equal(Outcome.Connects, outcome);
            using JsonDocument doc = JsonDocument.Parse(json);
            Assert.Equal("parameter", doc.RootElement.GetProperty("serverKey").GetProperty("source").GetString());
            Assert.Equal("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", doc.RootElement.GetProperty("verdict").GetProperty("suite").GetString());
        }

        [Fact]
        public void Tls12OnlyClient_Ws2008R2Server_CannotConnect_Proto()
        {
            using Snapshot client = Snapshot.OpenFiles(Fixture.Tls("ws2019-tls12-only-client.reg"));
            using Snapshot server = Snapshot.OpenFiles(Fixture.Tls("ws2008r2-default.reg"));
            using JsonDocument doc = JsonDocument.Parse(Match.Json(client, server, ServerKey.Auto));
            JsonElement verdict = doc.RootElement.GetProperty("verdict");
            Assert.False(verdict.GetProperty("canConnect").GetBoolean());
            Assert.Equal("PROTO", verdict.GetProperty("family").GetString());
            Assert.Equal(JsonValueKind.Null, verdict.GetProperty("protocol").ValueKind);
            string[] cmdlets = verdict.GetProperty("fixes").EnumerateArray().Select(f => f.GetProperty("cmdlet").GetString()).ToArray();
            Assert.Contains("Set-SchannelProtocol -Protocol TLS1.2 -Role Server -State Enabled", cmdlets);
            Assert.Contains("PROTO001", Fixture.FindingIds(doc.RootElement));
            Assert.True(doc.RootElement.GetProperty("protocols").EnumerateArray().All(p => !p.GetProperty("common").GetBoolean()));
        }

        [Fact]
        public void Tls12OnlyClient_Ws2022Server_Connects()
        {
            using Snapshot client = Snapshot.OpenFiles(Fixture.Tls("ws2019-tls12-only-client.reg"));
            using Snapshot server = Snapshot.OpenFiles(Fixture.Tls("ws2022-default.reg"));
            using Match match = Match.Create(client, server, ServerKey.Rsa);
            Assert.Equal(Outcome.Connects, match.Outcome);
            Assert.Null(match.Family);
            Assert.StartsWith("They connect with TLS 1.2", match.Reason);
            using JsonDocument doc = JsonDocument.Parse(match.ToJson());
            JsonElement verdict = doc.RootElement.GetProperty("verdict");
            Assert.Equal(JsonValueKind.Null, verdict.GetProperty("family").ValueKind);
            Assert.Equal("TLS 1.2", verdict.GetProperty("protocol").GetString());
            JsonElement tls12 = doc.RootElement.GetProperty("protocols").EnumerateArray().Single(p => p.GetProperty("protocol").GetString() == "TLS 1.2");
            Assert.Equal(verdict.GetProperty("suite").GetString(), tls12.GetProperty("serverChoice").GetString());
        }

        [Fact]
        public void UnfixedDheClient_DheFirstServer_IsDheZero()
        {
            using Snapshot client = Snapshot.OpenFiles(Fixture.Tls("ws2016-unfixed-dhe-client.reg"));
            using Snapshot server = Snapshot.OpenFiles(Fixture.Tls("ws2019-dhe-first-server.reg"));
            Outcome outcome;
            using JsonDocument doc = JsonDocument.Parse(Match.Json(client, server, ServerKey.Auto, out outcome));
            Assert.Equal(Outcome.Intermittent, outcome);
            JsonElement verdict = doc.RootElement.GetProperty("verdict");
            Assert.Equal("intermittent", verdict.GetProperty("outcome").GetString());
            Assert.True(verdict.GetProperty("canConnect").GetBoolean()); // they do connect (issue 13.2)
            Assert.Equal("DHEZERO", verdict.GetProperty("family").GetString());
            Assert.Contains("DHEZERO001", Fixture.FindingIds(doc.RootElement));
        }

        [Fact]
        public void HandWrittenFiles_AreUndetermined_WithWhatIsMissing()
        {
            using var dir = new TempDir();
            const string protocols = @"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\";
            using Snapshot client = Snapshot.OpenFiles(dir.Write("client.reg", "[" + protocols + "TLS 1.2\\Client]\r\n\"Enabled\"=dword:00000001\r\n"));
            using Snapshot server = Snapshot.OpenFiles(dir.Write("server.reg", "[" + protocols + "TLS 1.0\\Server]\r\n\"Enabled\"=dword:00000000\r\n"));
            using Match match = Match.Create(client, server, ServerKey.Auto);
            Assert.Equal(Outcome.Undetermined, match.Outcome);
            Assert.Equal(0, match.FindingCount);
            MissingItem[] missing = match.Missing;
            Assert.Equal(new[] { "client", "server" }, missing.Select(m => m.Side).ToArray());
            Assert.All(missing, m => Assert.Equal("os", m.What));
            Assert.Contains("connreset collect", missing[0].Supply);
            Assert.Contains("--client-os", missing[0].Supply);
            Assert.Contains("Windows version", match.Reason);
            using JsonDocument doc = JsonDocument.Parse(match.ToJson());
            JsonElement verdict = doc.RootElement.GetProperty("verdict");
            Assert.Equal("undetermined", verdict.GetProperty("outcome").GetString());
            Assert.Equal(JsonValueKind.Null, verdict.GetProperty("canConnect").ValueKind);
            Assert.Equal(2, verdict.GetProperty("missing").GetArrayLength());
        }

        [Fact]
        public void SetOs_DecidesWhatTheFilesLeaveOpen_AndRefusesContradictions()
        {
            using var dir = new TempDir();
            const string protocols = @"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\";
            using Snapshot client = Snapshot.OpenFiles(dir.Write("client.reg", "[" + protocols + "TLS 1.2\\Client]\r\n\"Enabled\"=dword:00000001\r\n"));
            using Snapshot server = Snapshot.OpenFiles(dir.Write("server.reg", "[" + protocols + "TLS 1.0\\Server]\r\n\"Enabled\"=dword:00000000\r\n"));
            Assert.Contains("Windows Server 2016", Snapshot.OsNames);
            client.SetOs("Windows Server 2019");
            server.SetOs("Server 2016 10.0.14393.3542");
            using (Match match = Match.Create(client, server, ServerKey.Auto))
                Assert.Equal(Outcome.Connects, match.Outcome);
            var e = Assert.Throws<ConnResetException>(() => client.SetOs("Windows 10"));
            Assert.Equal("CR_EINVAL", e.CodeName);
            using Snapshot ws2022 = Snapshot.OpenFiles(Fixture.Tls("ws2022-default.reg"));
            e = Assert.Throws<ConnResetException>(() => ws2022.SetOs("Windows Server 2016"));
            Assert.Contains("the snapshot says it is Windows Server 2022", e.Message);
        }

        [Fact]
        public void FleetMode_AgreesWithSnapshots_ForEveryPair()
        {
            string[] names = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "tls"), "*.reg")
                .Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.True(names.Length >= 7, "the TLS scenario snapshots are missing"); // every pair of whatever scenarios exist
            Snapshot[] snapshots = names.Select(n => Snapshot.OpenFiles(Fixture.Tls(n))).ToArray();
            Machine[] machines = snapshots.Select(Machine.Open).ToArray();
            try
            {
                Assert.Equal("SQL2012R2", machines[Array.IndexOf(names, "ws2012r2-default.reg")].Name);
                for (int c = 0; c < names.Length; c++)
                {
                    for (int s = 0; s < names.Length; s++)
                    {
                        using Match fromSnapshots = Match.Create(snapshots[c], snapshots[s], ServerKey.Auto);
                        using Match fromMachines = Match.Create(machines[c], machines[s], ServerKey.Auto);
                        Assert.Equal(fromSnapshots.Outcome, fromMachines.Outcome);
                        Assert.Equal(fromSnapshots.ToJson(), fromMachines.ToJson());
                    }
                }

                // The match keeps its own reference: the machines may go first.
                Match outlives = Match.Create(machines[0], machines[1], ServerKey.Rsa);
                foreach (Machine machine in machines)
                    machine.Dispose();
                using (outlives)
                    Assert.Contains("connreset.match/1", outlives.ToJson());
            }
            finally
            {
                foreach (Machine machine in machines)
                    machine.Dispose();
                foreach (Snapshot snapshot in snapshots)
                    snapshot.Dispose();
            }
        }

        [Fact]
        public void ArgumentChecks_And_Dispose()
        {
            using Snapshot snap = Snapshot.OpenFiles(Fixture.Tls("ws2022-default.reg"));
            Assert.Throws<ArgumentNullException>(() => Match.Create(null, snap, ServerKey.Auto));
            Assert.Throws<ArgumentNullException>(() => Match.Create(snap, null, ServerKey.Auto));
            Assert.Throws<ArgumentOutOfRangeException>(() => Match.Create(snap, snap, (ServerKey)7));
            Assert.Throws<ArgumentNullException>(() => Match.Create((Machine)null, null, ServerKey.Auto));
            Assert.Throws<ArgumentNullException>(() => Machine.Open(null));
            Match match = Match.Create(snap, snap, ServerKey.Auto);
            match.Dispose();
            Assert.Throws<ObjectDisposedException>(() => match.Outcome);
        }
    }

    public class TlsChangeTests
    {
        [Fact]
        public void PlanTlsProtocol_Ws2008R2_EnableTls12Server_TwoOperations_AndReadsBack()
        {
            using var dir = new TempDir();
            string input = Fixture.Tls("ws2008r2-default.reg");
            using Snapshot snap = Snapshot.OpenFiles(input);
            using Change change = Change.PlanTlsProtocol(snap, "tls1.2", "server", "enabled");
            Assert.Equal(2, change.OperationCount);
            using (JsonDocument plan = JsonDocument.Parse(change.ToJson(snap)))
            {
                JsonElement[] ops = plan.RootElement.GetProperty("operations").EnumerateArray().ToArray();
                Assert.All(ops, o => Assert.Equal(Fixture.ProtocolsKey + @"\TLS 1.2\Server", o.GetProperty("key").GetString()));
                Assert.Equal(new[] { "Enabled", "DisabledByDefault" }, ops.Select(o => o.GetProperty("value").GetString()).ToArray());
                Assert.Equal(new[] { "1 (0x00000001)", "0 (0x00000000)" }, ops.Select(o => o.GetProperty("data").GetString()).ToArray());
                Assert.Contains("restart", plan.RootElement.GetProperty("note").GetString());
            }

            string fix = dir.File("fix.reg");
            change.WriteReg(fix);
            using Snapshot merged = Snapshot.OpenFiles(input, fix);
            Assert.Equal(1u, merged.GetValue(Fixture.ProtocolsKey + @"\TLS 1.2\Server", "Enabled"));
            Assert.Equal(0u, merged.GetValue(Fixture.ProtocolsKey + @"\TLS 1.2\Server", "DisabledByDefault"));
            JsonElement tls = Fixture.CheckTls(merged, out JsonDocument doc);
            using (doc)
            {
                Assert.Equal("enabled", Fixture.Protocol(tls, "tls1.2").GetProperty("server").GetProperty("state").GetString());
                Assert.Equal("disabled-by-default", Fixture.Protocol(tls, "tls1.2").GetProperty("client").GetProperty("state").GetString());
            }

            using Change again = Change.PlanTlsProtocol(merged, "TLS 1.2", "SERVER", "Enabled");
            Assert.Equal(0, again.OperationCount); // idempotent; key names and any case work too
        }

        [Fact]
        public void PlanTlsProtocol_Both_Disabled_And_Default()
        {
            using var dir = new TempDir();
            string input = Fixture.Tls("ws2012r2-default.reg");
            using Snapshot snap = Snapshot.OpenFiles(input);
            using Change off = Change.PlanTlsProtocol(snap, "ssl3", "both", "disabled");
            Assert.Equal(4, off.OperationCount);
            string fix = dir.File("ssl3-off.reg");
            off.WriteReg(fix);
            using Snapshot merged = Snapshot.OpenFiles(input, fix);
            JsonElement tls = Fixture.CheckTls(merged, out JsonDocument doc);
            using (doc)
            {
                Assert.Equal("disabled", Fixture.Protocol(tls, "ssl3").GetProperty("client").GetProperty("state").GetString());
                Assert.Equal("disabled", Fixture.Protocol(tls, "ssl3").GetProperty("server").GetProperty("state").GetString());
            }

            using Change reset = Change.PlanTlsProtocol(merged, "ssl3", "both", "default");
            Assert.Equal(1, reset.OperationCount); // the SSL 3.0 key, with both roles
            reset.ApplyToSnapshot(merged, null);
            Assert.False(merged.HasKey(Fixture.ProtocolsKey + @"\SSL 3.0"));
        }

        [Fact]
        public void PlanTlsProtocol_UnknownNames_AreEInval()
        {
            using Snapshot snap = Snapshot.OpenFiles(Fixture.Tls("ws2012r2-default.reg"));
            var e = Assert.Throws<ConnResetException>(() => Change.PlanTlsProtocol(snap, "tls9", "server", "enabled"));
            Assert.Equal("CR_EINVAL", e.CodeName);
            Assert.Equal(-2, e.Code);
            Assert.Contains("tls9", e.Message);
            Assert.Equal("CR_EINVAL", Assert.Throws<ConnResetException>(() => Change.PlanTlsProtocol(snap, "tls1.2", "middle", "enabled")).CodeName);
            Assert.Equal("CR_EINVAL", Assert.Throws<ConnResetException>(() => Change.PlanTlsProtocol(snap, "tls1.2", "server", "maybe")).CodeName);
            Assert.Throws<ArgumentNullException>(() => Change.PlanTlsProtocol(snap, null, "server", "enabled"));
        }

        [Fact]
        public void PlanTlsProtocol_EnablingWhatTheOsLacks_IsEInval()
        {
            using Snapshot snap = Snapshot.OpenFiles(Fixture.Tls("ws2012r2-default.reg"));
            var e = Assert.Throws<ConnResetException>(() => Change.PlanTlsProtocol(snap, "tls1.3", "client", "enabled"));
            Assert.Equal("CR_EINVAL", e.CodeName);
            Assert.Contains("TLS 1.3", e.Message);
        }

        [Fact]
        public void PlanDheDisable_Ws2019DheFirst_WritesAPolicyWithoutDhe()
        {
            using var dir = new TempDir();
            string input = Fixture.Tls("ws2019-dhe-first-server.reg");
            using Snapshot snap = Snapshot.OpenFiles(input);
            Assert.Contains("TLS_DHE_", (string)snap.GetValue(Fixture.PolicyKey, "Functions"));
            using Change change = Change.PlanDheDisable(snap);
            Assert.Equal(1, change.OperationCount);

            string fix = dir.File("nodhe.reg");
            string undo = dir.File("undo.reg");
            change.WriteBackup(snap, undo);
            change.WriteReg(fix);
            using (Snapshot fixOnly = Snapshot.OpenFiles(fix))
            {
                string written = (string)fixOnly.GetValue(Fixture.PolicyKey, "Functions");
                Assert.Equal("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", written);
                Assert.DoesNotContain("TLS_DHE", written);
            }

            using Snapshot merged = Snapshot.OpenFiles(input, fix);
            using (JsonDocument doc = JsonDocument.Parse(merged.CheckTlsJson()))
                Assert.DoesNotContain("DHE001", Fixture.FindingIds(doc.RootElement));
            using (Change again = Change.PlanDheDisable(merged))
                Assert.Equal(0, again.OperationCount);

            // The undo puts the DHE-first order back.
            using Snapshot undone = Snapshot.OpenFiles(input, fix, undo);
            Assert.Equal(snap.GetValue(Fixture.PolicyKey, "Functions"), undone.GetValue(Fixture.PolicyKey, "Functions"));
        }

        [Fact]
        public void PlanTlsSuites_WritesTheOrder_AndRefusesBadLists()
        {
            using var dir = new TempDir();
            string input = Fixture.Tls("ws2022-default.reg");
            using Snapshot snap = Snapshot.OpenFiles(input);
            string[] order = { "TLS_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" };
            using Change change = Change.PlanTlsSuites(snap, order);
            Assert.Equal(1, change.OperationCount);
            string fix = dir.File("order.reg");
            change.WriteReg(fix);
            using Snapshot merged = Snapshot.OpenFiles(input, fix);
            Assert.Equal(string.Join(",", order), merged.GetValue(Fixture.PolicyKey, "Functions"));
            using (Change again = Change.PlanTlsSuites(merged, order))
                Assert.Equal(0, again.OperationCount);

            Assert.Equal("CR_EINVAL", Assert.Throws<ConnResetException>(() => Change.PlanTlsSuites(snap, new[] { "TLS_NO_SUCH_SUITE" })).CodeName);
            Assert.Equal("CR_EINVAL", Assert.Throws<ConnResetException>(() => Change.PlanTlsSuites(snap, new string[0])).CodeName);
            string tooLong = string.Join(",", Enumerable.Repeat("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 30));
            var e = Assert.Throws<ConnResetException>(() => Change.PlanTlsSuites(snap, tooLong.Split(',')));
            Assert.Contains("1,023", e.Message);
            Assert.Throws<ArgumentNullException>(() => Change.PlanTlsSuites(snap, null));
            Assert.Throws<ArgumentNullException>(() => Change.PlanTlsSuites(snap, new string[] { null }));
        }

        [Fact]
        public void PlanTlsSuitesEdit_TheMatchFix_MakesThePairConnect()
        {
            using var dir = new TempDir();
            string clientFile = Fixture.Tls("win11-ecdhe-gcm-only.reg");
            using Snapshot client = Snapshot.OpenFiles(clientFile);
            using Snapshot server = Snapshot.OpenFiles(Fixture.Tls("ws2012r2-default.reg"));
            using Change change = Change.PlanTlsSuitesEdit(client, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", 0, null);
            Assert.Equal(1, change.OperationCount);
            string fix = dir.File("add.reg");
            change.WriteReg(fix);

            using Snapshot fixedClient = Snapshot.OpenFiles(clientFile, fix);
            Assert.StartsWith("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,TLS_AES_256_GCM_SHA384,", (string)fixedClient.GetValue(Fixture.PolicyKey, "Functions"));
            using (Match match = Match.Create(fixedClient, server, ServerKey.Auto))
                Assert.Equal(Outcome.Connects, match.Outcome);

            using (Change again = Change.PlanTlsSuitesEdit(fixedClient, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", -1, null))
                Assert.Equal(0, again.OperationCount); // already there

            using Change remove = Change.PlanTlsSuitesEdit(fixedClient, null, 0, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384");
            Assert.Equal(1, remove.OperationCount);
            remove.ApplyToSnapshot(fixedClient, null);
            Assert.Equal(client.GetValue(Fixture.PolicyKey, "Functions"), fixedClient.GetValue(Fixture.PolicyKey, "Functions"));

            using (Change absent = Change.PlanTlsSuitesEdit(fixedClient, null, 0, "TLS_RSA_WITH_AES_128_CBC_SHA"))
                Assert.Equal(0, absent.OperationCount); // not in the order

            // The convenience forms PowerShell uses (it cannot pass a null string).
            using (Change last = Change.PlanTlsSuitesAdd(client, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", 99))
            {
                last.ApplyToSnapshot(fixedClient, null);
                Assert.EndsWith(",TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", (string)fixedClient.GetValue(Fixture.PolicyKey, "Functions"));
            }
            using (Change removeAgain = Change.PlanTlsSuitesRemove(fixedClient, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"))
                Assert.Equal(1, removeAgain.OperationCount);
            Assert.Throws<ArgumentNullException>(() => Change.PlanTlsSuitesAdd(client, null, 0));
            Assert.Throws<ArgumentNullException>(() => Change.PlanTlsSuitesRemove(client, null));

            Assert.Throws<ArgumentException>(() => Change.PlanTlsSuitesEdit(client, "A", 0, "B"));
            Assert.Throws<ArgumentException>(() => Change.PlanTlsSuitesEdit(client, null, 0, null));
            Assert.Equal("CR_EINVAL", Assert.Throws<ConnResetException>(() => Change.PlanTlsSuitesEdit(server, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 0, null)).CodeName);
        }

        [Fact]
        public void PlanTlsSuitesReset_DeletesThePolicyValue()
        {
            using var dir = new TempDir();
            string input = Fixture.Tls("win11-ecdhe-gcm-only.reg");
            using Snapshot snap = Snapshot.OpenFiles(input);
            using Change change = Change.PlanTlsSuitesReset(snap);
            Assert.Equal(1, change.OperationCount);
            using (JsonDocument plan = JsonDocument.Parse(change.ToJson(snap)))
                Assert.Equal("delete value", plan.RootElement.GetProperty("operations")[0].GetProperty("op").GetString());
            change.ApplyToSnapshot(snap, dir.File("undo.reg"));
            Assert.Null(snap.GetValue(Fixture.PolicyKey, "Functions"));
            JsonElement tls = Fixture.CheckTls(snap, out JsonDocument doc);
            using (doc)
                Assert.Equal("os-default", tls.GetProperty("suites").GetProperty("source").GetString());

            using Snapshot noPolicy = Snapshot.OpenFiles(Fixture.Tls("ws2012r2-default.reg"));
            using Change nothing = Change.PlanTlsSuitesReset(noPolicy);
            Assert.Equal(0, nothing.OperationCount);
        }

        [Fact]
        public void TlsPlans_ApplyLive_OffWindows_IsENotSup()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return;
            using var dir = new TempDir();
            using Snapshot snap = Snapshot.OpenFiles(Fixture.Tls("ws2019-dhe-first-server.reg"));
            using Change change = Change.PlanDheDisable(snap);
            string backup = dir.File("backup.reg");
            Assert.Equal("CR_ENOTSUP", Assert.Throws<ConnResetException>(() => change.ApplyLive(backup)).CodeName);
            Assert.False(File.Exists(backup));
        }
    }
}
