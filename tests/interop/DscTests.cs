// DscTests.cs - the DSC part of the binding (ConnReset.Interop.DscInstance)
// on a Windows Server 2003 SP2 snapshot the tests write themselves: the
// calls the module's class resources make, and the snapshot kept alive by
// the instance that points into it.
using System;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace ConnReset.Interop.Tests
{
    public class DscTests
    {
        private const string Disabled = "{\"IsSingleInstance\":\"Yes\",\"State\":\"Disabled\"}";

        [Fact]
        public void TypeNames_AreTheSevenManifests()
        {
            string[] names = DscInstance.TypeNames;
            Assert.Equal(7, names.Length);
            Assert.Contains("ConnReset/SynProtection", names);
            Assert.All(names, n => Assert.StartsWith("ConnReset/", n));
            using (JsonDocument schema = JsonDocument.Parse(DscInstance.SchemaJson("ConnReset/SynProtection")))
                Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
        }

        [Fact]
        public void Open_Test_Plan_OnASnapshot()
        {
            using (var dir = new TempDir("dsc"))
            using (Snapshot snapshot = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2)))
            using (DscInstance instance = DscInstance.Open(snapshot, "ConnReset/SynProtection", Disabled))
            {
                Assert.False(instance.Test());
                Assert.True(instance.RebootRequired);
                Assert.False(instance.RestartServiceRequested);
                Assert.Equal("[\"State\"]\n", instance.DiffJson());
                Assert.Equal("[{\"system\":\"SQL01\"}]\n", instance.RestartJson());
                using (JsonDocument state = JsonDocument.Parse(instance.StateJson(true)))
                {
                    Assert.Equal("Default", state.RootElement.GetProperty("State").GetString());
                    Assert.False(state.RootElement.GetProperty("_inDesiredState").GetBoolean());
                    Assert.Equal("ConnReset:ConnReset:State",
                                 state.RootElement.GetProperty("Reasons")[0].GetProperty("Code").GetString());
                }
                using (Change plan = instance.Plan())
                {
                    Assert.Equal(1, plan.OperationCount);
                    plan.ApplyToSnapshot(snapshot, null);
                }
                using (DscInstance after = DscInstance.Open(snapshot, "SynProtection", Disabled))
                {
                    Assert.True(after.Test());
                    using (JsonDocument state = JsonDocument.Parse(after.StateJsonAfter(instance, false)))
                    {
                        Assert.True(state.RootElement.GetProperty("RebootRequired").GetBoolean());
                        Assert.Equal("SQL01", state.RootElement.GetProperty("_restartRequired")[0].GetProperty("system").GetString());
                    }
                }
            }
        }

        [Fact]
        public void Open_KeepsItsSnapshotAlive()
        {
            using (var dir = new TempDir("dsc"))
            {
                Snapshot snapshot = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2));
                DscInstance instance = DscInstance.Open(snapshot, "ConnReset/SynProtection", Disabled);
                // Closed for the caller, but the native snapshot is freed only
                // when the instance lets go of it: reading still works.
                snapshot.Dispose();
                Assert.Contains("\"State\":\"Default\"", instance.StateJson(false));
                instance.Dispose();
                Assert.True(snapshot.IsClosed);
            }
        }

        [Fact]
        public void BadInput_ThrowsWithTheOffsetOrTheProperty()
        {
            using (var dir = new TempDir("dsc"))
            using (Snapshot snapshot = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2)))
            {
                var parse = Assert.Throws<ConnResetException>(() =>
                    DscInstance.Open(snapshot, "ConnReset/SynProtection", "{\"IsSingleInstance\":"));
                Assert.Equal("CR_EPARSE", parse.CodeName);
                Assert.Contains("(offset 20)", parse.Message);
                var invalid = Assert.Throws<ConnResetException>(() =>
                    DscInstance.Open(snapshot, "ConnReset/SynProtection", "{\"IsSingleInstance\":\"Yes\",\"state\":\"Enabled\"}"));
                Assert.Equal("CR_EINVAL", invalid.CodeName);
                Assert.Contains("did you mean 'State'", invalid.Message);
                using (DscInstance keysOnly = DscInstance.Open(snapshot, "ConnReset/SynProtection", "{\"IsSingleInstance\":\"Yes\"}"))
                {
                    var notAsked = Assert.Throws<ConnResetException>(() => keysOnly.Test());
                    Assert.Contains("give State", notAsked.Message);
                }
            }
        }

        [Fact]
        public void Export_GivesOneLinePerInstance()
        {
            using (var dir = new TempDir("dsc"))
            using (Snapshot snapshot = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2)))
            {
                string[] lines = DscInstance.ExportJson(snapshot, "ConnReset/SchannelProtocol")
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(12, lines.Length);
                Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
            }
        }
    }
}
