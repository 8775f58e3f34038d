// GroupPolicyTests.cs - the Group Policy part of the binding (cr_regpol,
// the profiles, the fixes of a diagnosis and the what-if) on the scenario
// snapshots the project file copies next to the tests.
using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace ConnReset.Interop.Tests
{
    internal static class GpoFixture
    {
        /// <summary>tests/fixtures/gpo/<paramref name="name"/> as copied to the output.</summary>
        public static string Gpo(string name)
        {
            string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "gpo", name);
            Assert.True(File.Exists(path), "missing fixture " + path);
            return path;
        }

        /// <summary>examples/snapshots/ws2003-sp2.reg as copied to the output.</summary>
        public static string Ws2003Sp2Example()
        {
            string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "examples", "ws2003-sp2.reg");
            Assert.True(File.Exists(path), "missing fixture " + path);
            return path;
        }

        public static JsonElement[] Entries(Policy policy, out JsonDocument doc)
        {
            doc = JsonDocument.Parse(policy.ToJson());
            return doc.RootElement.GetProperty("entries").EnumerateArray().ToArray();
        }
    }

    public class GroupPolicyTests
    {
        [Fact]
        public void Profiles_HaveNamesAndDescriptions_IncludingTls12Only()
        {
            PolicyProfile[] profiles = GroupPolicy.Profiles();
            Assert.NotEmpty(profiles);
            Assert.All(profiles, p =>
            {
                Assert.False(string.IsNullOrEmpty(p.Name));
                Assert.False(string.IsNullOrEmpty(p.Description));
                Assert.Equal(p.Name, p.ToString());
            });
            Assert.Contains(profiles, p => p.Name == "tls12-only");
            Assert.Contains(profiles, p => p.Name == "syn-2003-intranet");
            Assert.Equal(profiles.Length, profiles.Select(p => p.Name).Distinct().Count());
        }

        [Fact]
        public void FromProfile_SaveOpen_RoundTripsTheSameEntries()
        {
            using var dir = new TempDir("gpo");
            // Where a GPO keeps a machine policy: the folder gives the scope back.
            Directory.CreateDirectory(dir.File("Machine"));
            string file = Path.Combine(dir.File("Machine"), "Registry.pol");
            using Policy profile = Policy.FromProfile("tls12-only");
            Assert.True(profile.Count > 0);
            profile.Save(file);
            Assert.True(File.Exists(file));
            byte[] header = File.ReadAllBytes(file).Take(8).ToArray();
            Assert.Equal(new byte[] { 0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0 }, header); // "PReg", version 1

            using Policy reopened = Policy.Open(file);
            Assert.Equal(profile.Count, reopened.Count);
            Assert.Equal(profile.ToJson(), reopened.ToJson());

            JsonElement[] entries = GpoFixture.Entries(reopened, out JsonDocument doc);
            using (doc)
            {
                Assert.Equal(profile.Count, entries.Length);
                JsonElement tls10Server = entries.Single(e =>
                    e.GetProperty("key").GetString() == @"SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server" &&
                    e.GetProperty("value").GetString() == "Enabled");
                Assert.Equal(4, tls10Server.GetProperty("type").GetInt32());
                Assert.Equal(0, tls10Server.GetProperty("data").GetInt32());
            }
        }

        [Fact]
        public void FromProfile_Unknown_ThrowsENotFound_ListingTheProfiles()
        {
            var e = Assert.Throws<ConnResetException>(() => Policy.FromProfile("no-such-profile"));
            Assert.Equal("CR_ENOTFOUND", e.CodeName);
            Assert.Contains("no-such-profile", e.Message);
            foreach (PolicyProfile p in GroupPolicy.Profiles())
                Assert.Contains(p.Name, e.Message);
        }

        [Fact]
        public void Open_MissingOrMalformed_Throws()
        {
            using var dir = new TempDir("gpo");
            var missing = Assert.Throws<ConnResetException>(() => Policy.Open(dir.File("absent.pol")));
            Assert.Equal("CR_ENOTFOUND", missing.CodeName);

            string bad = dir.File("bad.pol");
            File.WriteAllBytes(bad, new byte[] { 0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0, (byte)'[', 0, (byte)'A' });
            var malformed = Assert.Throws<ConnResetException>(() => Policy.Open(bad));
            Assert.Equal("CR_EPARSE", malformed.CodeName);
            Assert.Contains("bad.pol", malformed.Message);
        }

        [Fact]
        public void FromDiagnosis_Ws2003Sp2_HasTheSynAttackProtectEntry()
        {
            using Snapshot snap = Snapshot.OpenFiles(GpoFixture.Ws2003Sp2Example());
            using Policy policy = Policy.FromDiagnosis(snap);
            Assert.True(policy.Count >= 1);
            JsonElement[] entries = GpoFixture.Entries(policy, out JsonDocument doc);
            using (doc)
            {
                JsonElement syn = entries.Single(e => e.GetProperty("value").GetString() == "SynAttackProtect");
                Assert.Equal(@"SYSTEM\CurrentControlSet\Services\Tcpip\Parameters", syn.GetProperty("key").GetString());
                Assert.Equal(4, syn.GetProperty("type").GetInt32());
                Assert.Equal(0, syn.GetProperty("data").GetInt32());
            }
        }

        [Fact]
        public void FromDiagnosis_Ws2019_HasNoSynEntry()
        {
            // Windows Server 2019 ignores the SYN values, so no SYN policy; its DHE
            // finding brings the suite order without DHE (a REG_SZ entry).
            using var dir = new TempDir("gpo");
            using Snapshot snap = Snapshot.OpenFiles(dir.Write("ws2019.reg", Reg.Ws2019));
            using Policy policy = Policy.FromDiagnosis(snap);
            JsonElement[] entries = GpoFixture.Entries(policy, out JsonDocument doc);
            using (doc)
            {
                Assert.Equal(policy.Count, entries.Length);
                Assert.DoesNotContain(entries, e => e.GetProperty("value").GetString() == "SynAttackProtect");
                foreach (JsonElement e in entries.Where(e => e.GetProperty("type").GetInt32() == 1))
                    Assert.DoesNotContain("_DHE_", e.GetProperty("data").GetString());
            }
        }

        [Fact]
        public void WhatIf_Tls10OnlyClient_ServerPolicyDisablingTls10_BreaksThePair()
        {
            using Policy policy = Policy.FromProfile("tls12-only");
            using Snapshot client = Snapshot.OpenFiles(GpoFixture.Gpo("ws2008r2-tls10-only-client.reg"));
            using Snapshot server = Snapshot.OpenFiles(Fixture.Tls("ws2012r2-default.reg"));
            string json = GroupPolicy.WhatIfJson(policy, new[] { client }, new[] { server }, ApplyTo.Servers);
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement;
            Assert.Equal("connreset.gpo-whatif/1", root.GetProperty("schema").GetString());
            Assert.Equal(policy.Count, root.GetProperty("policyEntries").GetInt32());
            Assert.Equal("servers", root.GetProperty("applyTo").GetString());
            Assert.Equal(1, root.GetProperty("broken").GetInt32());
            Assert.Equal(0, root.GetProperty("fixed").GetInt32());

            JsonElement pair = Assert.Single(root.GetProperty("pairs").EnumerateArray());
            Assert.Equal("APP2008R2", pair.GetProperty("client").GetString());
            Assert.Equal("SQL2012R2", pair.GetProperty("server").GetString());
            Assert.Equal("broken", pair.GetProperty("change").GetString());
            Assert.True(pair.GetProperty("before").GetProperty("canConnect").GetBoolean());
            Assert.False(pair.GetProperty("after").GetProperty("canConnect").GetBoolean());
            Assert.Equal("connects", pair.GetProperty("before").GetProperty("outcome").GetString());
            Assert.Equal("fails", pair.GetProperty("after").GetProperty("outcome").GetString());
            Assert.Equal("PROTO001", pair.GetProperty("after").GetProperty("finding").GetString());

            JsonElement[] machines = root.GetProperty("machines").EnumerateArray().ToArray();
            Assert.Equal(2, machines.Length);
            Assert.False(machines.Single(m => m.GetProperty("role").GetString() == "client").GetProperty("policyApplied").GetBoolean());
            Assert.True(machines.Single(m => m.GetProperty("role").GetString() == "server").GetProperty("policyApplied").GetBoolean());

            // The snapshots are not changed: the policy went to copies.
            Assert.Null(server.GetValue(Fixture.ProtocolsKey + @"\TLS 1.0\Server", "Enabled"));

            string text = GroupPolicy.WhatIfText(policy, new[] { client }, new[] { server }, ApplyTo.Servers);
            Assert.Contains("APP2008R2", text);
        }

        [Fact]
        public void WhatIf_PolicyOnBoth_FixesTheClientToo_NothingBroken()
        {
            using Policy policy = Policy.FromProfile("tls12-only");
            using Snapshot client = Snapshot.OpenFiles(GpoFixture.Gpo("ws2008r2-tls10-only-client.reg"));
            using Snapshot server = Snapshot.OpenFiles(Fixture.Tls("ws2012r2-default.reg"));
            using JsonDocument doc = JsonDocument.Parse(GroupPolicy.WhatIfJson(policy, new[] { client }, new[] { server }, ApplyTo.Both));
            Assert.Equal("both", doc.RootElement.GetProperty("applyTo").GetString());
            Assert.Equal(0, doc.RootElement.GetProperty("broken").GetInt32());
            Assert.Equal("unchanged", doc.RootElement.GetProperty("pairs")[0].GetProperty("change").GetString());
        }

        [Fact]
        public void WhatIf_ArgumentChecks()
        {
            using Policy policy = Policy.FromProfile("tls12-only");
            using Snapshot server = Snapshot.OpenFiles(Fixture.Tls("ws2012r2-default.reg"));
            Assert.Throws<ArgumentNullException>(() => GroupPolicy.WhatIfJson(null, new[] { server }, new[] { server }, ApplyTo.Both));
            Assert.Throws<ArgumentNullException>(() => GroupPolicy.WhatIfJson(policy, null, new[] { server }, ApplyTo.Both));
            Assert.Throws<ArgumentNullException>(() => GroupPolicy.WhatIfJson(policy, new Snapshot[] { null }, new[] { server }, ApplyTo.Both));
            Assert.Throws<ArgumentOutOfRangeException>(() => GroupPolicy.WhatIfJson(policy, new[] { server }, new[] { server }, (ApplyTo)7));
            Assert.Throws<ArgumentNullException>(() => Policy.FromProfile(null));
            Assert.Throws<ArgumentNullException>(() => Policy.FromDiagnosis(null));

            Snapshot disposed = Snapshot.OpenFiles(Fixture.Tls("ws2012r2-default.reg"));
            disposed.Dispose();
            Assert.Throws<ObjectDisposedException>(() => GroupPolicy.WhatIfJson(policy, new[] { disposed }, new[] { server }, ApplyTo.Both));
            // The references taken for the call were all released: the server can still be disposed.
            server.Dispose();
            Assert.True(server.IsClosed);
        }

        [Fact]
        public void SettingsJson_ListsPoliciesAndProfiles()
        {
            using JsonDocument doc = JsonDocument.Parse(GroupPolicy.SettingsJson());
            Assert.Equal("connreset.gpo-settings/1", doc.RootElement.GetProperty("schema").GetString());
            Assert.Contains("tls12-only", doc.RootElement.ToString());
        }
    }
}
