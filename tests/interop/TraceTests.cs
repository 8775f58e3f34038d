// TraceTests.cs - the wire evidence through the binding (cr_trace_*): the
// captures of tests/fixtures/wire, made by the tests' peers.
using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace ConnReset.Interop.Tests
{
    public class TraceTests
    {
        private static string Wire(string name)
        {
            string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "wire", name);
            Assert.True(File.Exists(path), "missing fixture " + path);
            return path;
        }

        [Fact]
        public void ReadsACaptureAndNamesTheVerdict()
        {
            using (Trace trace = Trace.Create(null))
            {
                Assert.Null(trace.AddFile(Wire("protocol.pcapng")));
                Assert.Equal(3, trace.ConnectionCount);
                Assert.Equal(0, trace.DamagedCount);
                using (JsonDocument doc = JsonDocument.Parse(trace.ToJson()))
                {
                    Assert.Equal("connreset.trace/1", doc.RootElement.GetProperty("schema").GetString());
                    Assert.Contains("PROTO101", doc.RootElement.GetProperty("findings").EnumerateArray()
                        .Select(f => f.GetProperty("id").GetString()));
                }
                Assert.Contains("PROTO101", trace.ToText());
            }
        }

        [Fact]
        public void DamageIsReturnedNotThrownAndWhatCameBeforeStays()
        {
            using (Trace trace = Trace.Create(""))
            {
                ConnResetException error = trace.AddFile(Wire("tds-tsql-cut.pcapng"));
                Assert.NotNull(error);
                Assert.Equal("CR_EPARSE", error.CodeName);
                Assert.Contains("offset", error.Message);
                Assert.Equal(1, trace.DamagedCount);
                Assert.True(trace.ConnectionCount > 0);
                Assert.Null(trace.AddFile(Wire("suite.pcapng")));
            }
        }

        [Fact]
        public void FiltersOneServerAndRefusesHostNames()
        {
            using (Trace trace = Trace.Create("[::1]:1433"))
            {
                Assert.Null(trace.AddFile(Wire("protocol.pcapng")));
                Assert.Equal(0, trace.ConnectionCount);
            }
            ConnResetException e = Assert.Throws<ConnResetException>(() => Trace.Create("sql01"));
            Assert.Equal("CR_EINVAL", e.CodeName);
        }

        [Fact]
        public void SetsTheMatchBesideTheVerdicts()
        {
            using (Snapshot client = Snapshot.OpenFiles(Fixture.Tls("ws2019-tls12-only-client.reg")))
            using (Snapshot server = Snapshot.OpenFiles(Fixture.Tls("ws2008r2-default.reg")))
            using (Match match = Match.Create(client, server, ServerKey.Auto))
            using (Trace trace = Trace.Create(null))
            {
                Assert.Null(trace.AddFile(Wire("protocol.pcapng")));
                trace.SetMatch(match);
                using (JsonDocument doc = JsonDocument.Parse(trace.ToJson()))
                {
                    JsonElement conf = doc.RootElement.GetProperty("configuration");
                    Assert.Equal("fails", conf.GetProperty("outcome").GetString());
                    Assert.Equal("agrees", conf.GetProperty("agreement").GetString());
                }
            }
        }
    }
}
