// FleetTests.cs - the fleet in the binding (Fleet.cs over cr_fleet_*,
// issue 13): the TLS scenarios as a fleet, a pairs CSV, a policy, the HTML
// page, and the errors the binding must pass on.
using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace ConnReset.Interop.Tests
{
    public class FleetTests
    {
        private static string[] Scenarios()
        {
            string dir = Path.GetDirectoryName(Fixture.Tls("ws2022-default.reg"));
            return Directory.GetFiles(dir, "*.reg").OrderBy(p => p, StringComparer.Ordinal).ToArray();
        }

        [Fact]
        public void Fleet_Scenarios_EveryClientWithTheServer()
        {
            using Fleet fleet = Fleet.Create(ServerKey.Auto, 2);
            fleet.AddFiles(Scenarios(), FleetRole.Auto);
            Assert.Equal(8, fleet.MachineCount);
            fleet.Run();
            Assert.Equal(7, fleet.PairCount);
            using JsonDocument doc = JsonDocument.Parse(fleet.ToJson());
            JsonElement root = doc.RootElement;
            Assert.Equal("connreset.fleet/1", root.GetProperty("schema").GetString());
            Assert.Equal(1, root.GetProperty("servers").GetInt32());
            JsonElement[] pairs = root.GetProperty("classPairs").EnumerateArray().ToArray();
            Assert.Equal(7, pairs.Sum(p => p.GetProperty("pairs").GetInt64()));
            Assert.Equal("fails", pairs[0].GetProperty("outcome").GetString());
            Assert.Contains("Class pairs", fleet.ToText());
        }

        [Fact]
        public void Fleet_PairsAndHtml_WrittenAndCounted()
        {
            using var dir = new TempDir("fleet");
            string csv = dir.File("pairs.csv");
            File.WriteAllText(csv, "host_name,server_name\r\nAPP2016,SQL2019\r\nAPP2016,SQL2019\\PROD\r\nNULL,SQL2019\r\nAPP2019,NOWHERE\r\n");
            using Fleet fleet = Fleet.Create(ServerKey.Auto, 0);
            fleet.AddFiles(Scenarios(), FleetRole.Auto);
            fleet.LoadPairs(csv);
            fleet.Run();
            Assert.Equal(1, fleet.PairCount);
            string html = dir.File("fleet.html");
            fleet.SaveHtml(html);
            string page = File.ReadAllText(html);
            Assert.StartsWith("<!DOCTYPE html>", page);
            Assert.DoesNotContain("<script", page);
            using JsonDocument doc = JsonDocument.Parse(fleet.ToJson());
            JsonElement pairs = doc.RootElement.GetProperty("pairs");
            Assert.Equal(3, pairs.GetProperty("rows").GetInt32());
            Assert.Equal(1, pairs.GetProperty("rowsWithoutName").GetInt32());
            Assert.Equal("NOWHERE", pairs.GetProperty("unknownNames")[0].GetString());
        }

        [Fact]
        public void Fleet_Policy_BreaksTheTls10Client()
        {
            using Policy policy = Policy.FromProfile("tls12-only");
            using Fleet fleet = Fleet.Create(ServerKey.Auto, 1);
            fleet.SetPolicy(policy, ApplyTo.Servers);
            fleet.AddFiles(new[] { GpoFixture.Gpo("ws2008r2-tls10-only-client.reg") }, FleetRole.Client);
            fleet.AddFiles(new[] { Fixture.Tls("ws2012r2-default.reg") }, FleetRole.Server);
            fleet.Run();
            using JsonDocument doc = JsonDocument.Parse(fleet.ToJson());
            JsonElement p = doc.RootElement.GetProperty("policy");
            Assert.Equal(1, p.GetProperty("broken").GetInt32());
            Assert.Equal("broken", p.GetProperty("classPairChanges")[0].GetProperty("change").GetString());
        }

        [Fact]
        public void Fleet_SkippedLine_IsAWarning_AndStrictRefusesIt()
        {
            using var dir = new TempDir("fleet-warnings");
            string skip = dir.Write("skip.reg", Reg.SkippedLine4);
            string[] files = Scenarios().Append(skip).ToArray();
            using (Fleet fleet = Fleet.Create(ServerKey.Auto, 3))
            {
                fleet.AddFiles(files, FleetRole.Auto);
                Assert.Equal(9, fleet.MachineCount);
                string warning = Assert.Single(fleet.Warnings);
                Assert.StartsWith(skip + ":4: ", warning);
            }
            using (Fleet strict = Fleet.Create(ServerKey.Auto, 3))
            {
                strict.SetStrict(true);
                ConnResetException e = Assert.Throws<ConnResetException>(() => strict.AddFiles(files, FleetRole.Auto));
                Assert.StartsWith(skip + ":4:", e.Message);
                Assert.Equal(0, strict.MachineCount);
                Assert.Empty(strict.Warnings);
            }
        }

        [Fact]
        public void Fleet_Errors()
        {
            using var dir = new TempDir("fleet-errors");
            // No header: reg import refuses such a file too (a bad value line
            // would only be skipped, with a warning).
            string bad = dir.File("bad.reg");
            File.WriteAllText(bad, "[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n\"v\"=dword:1\r\n");
            string badCsv = dir.File("bad.csv");
            File.WriteAllText(badCsv, "client,server\r\n\"APP01,SQL01\r\n");
            using Fleet fleet = Fleet.Create(ServerKey.Auto, 2);
            ConnResetException e = Assert.Throws<ConnResetException>(() => fleet.AddFiles(new[] { Fixture.Tls("ws2022-default.reg"), bad }, FleetRole.Auto));
            Assert.Contains("bad.reg:1", e.Message);
            Assert.Equal(0, fleet.MachineCount); // nothing of the batch stays
            fleet.AddFiles(Scenarios(), FleetRole.Auto);
            e = Assert.Throws<ConnResetException>(() => fleet.LoadPairs(badCsv));
            Assert.Contains("bad.csv:2:", e.Message);
            Assert.Throws<ArgumentNullException>(() => fleet.AddFiles(null, FleetRole.Auto));
            Assert.Throws<ArgumentOutOfRangeException>(() => fleet.AddFiles(new string[0], (FleetRole)9));
            Assert.Throws<ArgumentOutOfRangeException>(() => Fleet.Create(ServerKey.Auto, 65));
            Assert.Throws<ConnResetException>(() => fleet.ToJson()); // not judged yet
            fleet.Run();
            Assert.Throws<ConnResetException>(() => fleet.Run()); // only once
        }
    }
}
