// InteropTests.cs - the binding against the real native library.
using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace ConnReset.Interop.Tests
{
    public class LibraryTests
    {
        [Fact]
        public void Version_IsThreeNumbers()
        {
            Assert.Matches(@"^\d+\.\d+\.\d+", ConnResetLibrary.Version);
        }

        [Fact]
        public void ErrorName_And_Description_ComeFromTheTable()
        {
            Assert.Equal("CR_EPARSE", ConnResetLibrary.ErrorName(-4));
            Assert.Equal("CR_ENOTSUP", ConnResetLibrary.ErrorName(-8));
            Assert.Equal("malformed input", ConnResetLibrary.ErrorDescription(-4));
        }

        [Fact]
        public void CollectedKeys_IncludeTcpipParameters()
        {
            Assert.Contains(Reg.Tcpip, ConnResetLibrary.CollectedKeys, StringComparer.OrdinalIgnoreCase);
        }
    }

    public class SnapshotTests
    {
        [Fact]
        public void OpenFiles_CountsKeysAndValues()
        {
            using var dir = new TempDir();
            string path = dir.Write("ws2003.reg", Reg.Ws2003Sp2);
            using Snapshot snap = Snapshot.OpenFiles(path);
            Assert.False(snap.IsInvalid);
            Assert.True(snap.KeyCount >= 3, "keys: " + snap.KeyCount);
            Assert.Equal(6, snap.ValueCount);
            Assert.True(snap.HasKey(@"HKLM\SYSTEM\CurrentControlSet\Control\ProductOptions"));
            Assert.False(snap.HasKey(@"HKLM\SOFTWARE\Nope"));
        }

        [Fact]
        public void GetValue_DecodesTypes()
        {
            using var dir = new TempDir();
            string path = dir.Write("v.reg",
                "[HKEY_LOCAL_MACHINE\\SOFTWARE\\T]\r\n" +
                "\"S\"=\"Gr\\u00fc\"\r\n".Replace("\\u00fc", "\u00fc") +
                "\"D\"=dword:0000002a\r\n" +
                "\"M\"=hex(7):61,00,62,00,00\r\n" + // REGEDIT4: 8-bit characters
                "\"B\"=hex:01,02\r\n");
            using Snapshot snap = Snapshot.OpenFiles(path);
            Assert.Equal("Gr\u00fc", snap.GetValue(@"HKLM\SOFTWARE\T", "S"));
            Assert.Equal(42u, snap.GetValue(@"HKLM\SOFTWARE\T", "D"));
            Assert.Equal(new[] { "a", "b" }, (string[])snap.GetValue(@"HKLM\SOFTWARE\T", "M"));
            Assert.Equal(new byte[] { 1, 2 }, (byte[])snap.GetValue(@"HKLM\SOFTWARE\T", "B"));
            Assert.Null(snap.GetValue(@"HKLM\SOFTWARE\T", "Missing"));
            Assert.Null(snap.GetValue(@"HKLM\SOFTWARE\Missing", "S"));
        }

        [Fact]
        public void DiagnoseJson_Ws2003Sp2_RanksSyn001First()
        {
            using var dir = new TempDir();
            using Snapshot snap = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2));
            string json = snap.DiagnoseJson();
            Assert.Contains("SYN001", json);
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement;
            Assert.Equal("connreset.report/1", root.GetProperty("schema").GetString());
            Assert.Equal("Windows Server 2003 SP2", root.GetProperty("os").GetProperty("name").GetString());
            JsonElement first = root.GetProperty("findings")[0];
            Assert.Equal(1, first.GetProperty("rank").GetInt32());
            Assert.Equal("SYN001", first.GetProperty("id").GetString());
            Assert.Equal("Set-SynProtection -Disable", first.GetProperty("fix").GetProperty("cmdlet").GetString());
            Assert.Equal(Severity.Warning, Report.DiagnoseWorstSeverity(snap));
        }

        [Fact]
        public void CheckSynJson_ReportsStateAndFourValues()
        {
            using var dir = new TempDir();
            using Snapshot snap = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2));
            using JsonDocument doc = JsonDocument.Parse(snap.CheckSynJson());
            JsonElement syn = doc.RootElement.GetProperty("checks").GetProperty("syn");
            Assert.Equal("enabled", syn.GetProperty("state").GetString());
            string[] names = syn.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToArray();
            Assert.Equal(new[] { "SynAttackProtect", "TcpMaxHalfOpen", "TcpMaxHalfOpenRetried", "TcpMaxConnectResponseRetransmissions" }, names);
            Assert.Contains("TCP SYN attack protection", snap.CheckSynText());
        }

        [Fact]
        public void CheckSynJson_Ws2019_IsNotApplicable_AndNoSynFinding()
        {
            using var dir = new TempDir();
            using Snapshot snap = Snapshot.OpenFiles(dir.Write("ws2019.reg", Reg.Ws2019));
            using JsonDocument doc = JsonDocument.Parse(snap.CheckSynJson());
            Assert.Equal("not-applicable", doc.RootElement.GetProperty("checks").GetProperty("syn").GetProperty("state").GetString());
            Assert.Equal(0, doc.RootElement.GetProperty("findings").GetArrayLength());
            // Every check: Server 2019's default suite list holds TLS_DHE_* suites, so
            // the Schannel checks report DHE001 (a warning) and nothing else.
            using JsonDocument all = JsonDocument.Parse(snap.DiagnoseJson());
            string[] ids = all.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToArray();
            Assert.Equal(new[] { "DHE001" }, ids);
            Assert.Equal(Severity.Warning, Report.DiagnoseWorstSeverity(snap));
        }

        [Fact]
        public void OpenFiles_MergesInOrder()
        {
            using var dir = new TempDir();
            string basePath = dir.Write("ws2003.reg", Reg.Ws2003Sp2);
            string overlay = dir.Write("off.reg", Reg.SynDisabled);
            using Snapshot snap = Snapshot.OpenFiles(basePath, overlay);
            using JsonDocument doc = JsonDocument.Parse(snap.CheckSynJson());
            Assert.Equal("disabled", doc.RootElement.GetProperty("checks").GetProperty("syn").GetProperty("state").GetString());
            Assert.DoesNotContain("SYN001", snap.DiagnoseJson());
        }

        [Fact]
        public void Save_WritesARegThatReopensTheSame()
        {
            using var dir = new TempDir();
            using Snapshot snap = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2));
            string saved = dir.File("saved.reg");
            snap.Save(saved);
            byte[] head = File.ReadAllBytes(saved).Take(2).ToArray();
            Assert.Equal(new byte[] { 0xFF, 0xFE }, head); // UTF-16LE BOM
            using Snapshot again = Snapshot.OpenFiles(saved);
            Assert.Equal(snap.KeyCount, again.KeyCount);
            Assert.Equal(snap.ValueCount, again.ValueCount);
        }

        [Fact]
        public void LoadFile_MergesIntoAnEmptySnapshot()
        {
            using var dir = new TempDir();
            using Snapshot snap = Snapshot.Create();
            Assert.Equal(0, snap.ValueCount);
            snap.LoadFile(dir.Write("ws2003.reg", Reg.Ws2003Sp2));
            Assert.Equal(6, snap.ValueCount);
        }

        [Fact]
        public void Disposed_Snapshot_ThrowsObjectDisposed()
        {
            using var dir = new TempDir();
            Snapshot snap = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2));
            snap.Dispose();
            Assert.Throws<ObjectDisposedException>(() => snap.KeyCount);
        }

        [Fact]
        public void Utf8Paths_RoundTrip()
        {
            using var dir = new TempDir("sn\u00e4p-\u65e5\u672c-");
            string path = dir.Write("m\u00e4chine.reg", Reg.Ws2003Sp2);
            using Snapshot snap = Snapshot.OpenFiles(path);
            Assert.Equal(6, snap.ValueCount);
            string bad = dir.Write("b\u00f6se.reg", Reg.MalformedLine4);
            var e = Assert.Throws<ConnResetException>(() => Snapshot.OpenFiles(bad));
            Assert.Contains(bad, e.Message); // the non-ASCII path comes back intact
        }

        [Fact]
        public void ArgumentChecks()
        {
            Assert.Throws<ArgumentNullException>(() => Snapshot.OpenFiles(null));
            Assert.Throws<ArgumentException>(() => Snapshot.OpenFiles());
            Assert.Throws<ArgumentException>(() => Snapshot.OpenFiles("a\0b.reg"));
        }
    }

    public class ErrorTests
    {
        [Fact]
        public void MalformedReg_NamesFileAndLine_AndIsEParse()
        {
            using var dir = new TempDir();
            string bad = dir.Write("bad.reg", Reg.MalformedLine4);
            var e = Assert.Throws<ConnResetException>(() => Snapshot.OpenFiles(bad));
            Assert.Equal("CR_EPARSE", e.CodeName);
            Assert.Equal(-4, e.Code);
            Assert.Contains(bad + ":4:", e.Message);
            Assert.Contains("NUL character", e.Message);
        }

        [Fact]
        public void SkippedLine_IsAWarning_AndStrictRefusesIt()
        {
            using var dir = new TempDir();
            string file = dir.Write("skip.reg", Reg.SkippedLine4);
            using (Snapshot snap = Snapshot.OpenFiles(file))
            {
                string warning = Assert.Single(snap.Warnings);
                Assert.StartsWith(file + ":4: ", warning);
                Assert.Contains("the value is not set", warning);
                Assert.Equal(1u, (uint)snap.GetValue(@"HKEY_LOCAL_MACHINE\SOFTWARE\X", "Kept"));
            }
            using (Snapshot strict = Snapshot.Create())
            {
                strict.SetStrict(true);
                var e = Assert.Throws<ConnResetException>(() => strict.LoadFile(file));
                Assert.StartsWith(file + ":4:", e.Message);
                Assert.Contains("unterminated string", e.Message);
            }
        }

        [Fact]
        public void MalformedSecondFile_IsTheOneNamed()
        {
            using var dir = new TempDir();
            string good = dir.Write("good.reg", Reg.Ws2003Sp2);
            string bad = dir.Write("bad.reg", Reg.MalformedLine4);
            var e = Assert.Throws<ConnResetException>(() => Snapshot.OpenFiles(good, bad));
            Assert.StartsWith(bad + ":4:", e.Message);
        }

        [Fact]
        public void TryOpenFiles_ReturnsTheErrorInsteadOfThrowing()
        {
            using var dir = new TempDir();
            string good = dir.Write("good.reg", Reg.Ws2003Sp2);
            string bad = dir.Write("bad.reg", Reg.MalformedLine4);
            Snapshot none = Snapshot.TryOpenFiles(new[] { good, bad }, out Exception e);
            Assert.Null(none);
            Assert.Equal("CR_EPARSE", Assert.IsType<ConnResetException>(e).CodeName);
            Assert.StartsWith(bad + ":4:", e.Message);
            using Snapshot snap = Snapshot.TryOpenFiles(new[] { good }, out Exception none2);
            Assert.Null(none2);
            Assert.Equal(6, snap.ValueCount);
        }

        [Fact]
        public void MissingFile_IsENotFound()
        {
            using var dir = new TempDir();
            string missing = dir.File("missing.reg");
            var e = Assert.Throws<ConnResetException>(() => Snapshot.OpenFiles(missing));
            Assert.Equal("CR_ENOTFOUND", e.CodeName);
            Assert.Contains(missing, e.Message);
        }

        [Fact]
        public void Directory_IsEIo()
        {
            using var dir = new TempDir();
            var e = Assert.Throws<ConnResetException>(() => Snapshot.OpenFiles(dir.Path));
            Assert.Equal("CR_EIO", e.CodeName);
        }

        [Fact]
        public void ErrorsAreThreadLocal()
        {
            using var dir = new TempDir();
            string[] bad = Enumerable.Range(0, 8).Select(i => dir.Write("bad" + i + ".reg", Reg.MalformedLine4)).ToArray();
            Parallel.For(0, 64, i =>
            {
                string path = bad[i % bad.Length];
                var e = Assert.Throws<ConnResetException>(() => Snapshot.OpenFiles(path));
                Assert.StartsWith(path + ":4:", e.Message);
            });
        }

        [Fact]
        public void OpenLive_OffWindows_IsENotSup()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return; // the live registry exists there
            var e = Assert.Throws<ConnResetException>(() => Snapshot.OpenLive());
            Assert.Equal("CR_ENOTSUP", e.CodeName);
            Assert.Equal(-8, e.Code);
            Assert.False(string.IsNullOrEmpty(e.Message));
        }

        [Fact]
        public void ApplyLive_And_CaptureLive_OffWindows_AreENotSup_AndWriteNothing()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return;
            using var dir = new TempDir();
            using Snapshot snap = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2));
            using Change change = Change.PlanSyn(snap, SynAction.Disable, -1, -1);
            string backup = dir.File("backup.reg");
            Assert.Equal("CR_ENOTSUP", Assert.Throws<ConnResetException>(() => change.ApplyLive(backup)).CodeName);
            Assert.False(File.Exists(backup));
            Assert.Equal("CR_ENOTSUP", Assert.Throws<ConnResetException>(() => change.CaptureLive()).CodeName);
        }
    }

    public class ChangeTests
    {
        [Fact]
        public void PlanSyn_Disable_WriteReg_ReopensAsDisabled()
        {
            using var dir = new TempDir();
            string basePath = dir.Write("ws2003.reg", Reg.Ws2003Sp2);
            using Snapshot snap = Snapshot.OpenFiles(basePath);
            using Change change = Change.PlanSyn(snap, SynAction.Disable, -1, -1);
            Assert.Equal(1, change.OperationCount);
            Assert.Contains("SynAttackProtect", change.Describe(snap));

            string fix = dir.File("fix.reg");
            change.WriteReg(fix);
            using (Snapshot fixOnly = Snapshot.OpenFiles(fix))
                Assert.Equal(0u, fixOnly.GetValue(Reg.Tcpip, "SynAttackProtect"));
            using Snapshot merged = Snapshot.OpenFiles(basePath, fix);
            using JsonDocument doc = JsonDocument.Parse(merged.CheckSynJson());
            Assert.Equal("disabled", doc.RootElement.GetProperty("checks").GetProperty("syn").GetProperty("state").GetString());

            using Change again = Change.PlanSyn(merged, SynAction.Disable, -1, -1);
            Assert.Equal(0, again.OperationCount); // idempotent
        }

        [Fact]
        public void PlanSyn_Enable_WithThresholds_ToJson()
        {
            using var dir = new TempDir();
            using Snapshot snap = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2));
            using Change change = Change.PlanSyn(snap, SynAction.Enable, 1000, 800);
            Assert.Equal(3, change.OperationCount);
            using JsonDocument doc = JsonDocument.Parse(change.ToJson(snap));
            Assert.Equal("connreset.change/1", doc.RootElement.GetProperty("schema").GetString());
            string[] values = doc.RootElement.GetProperty("operations").EnumerateArray()
                .Select(o => o.GetProperty("value").GetString()).ToArray();
            Assert.Equal(new[] { "SynAttackProtect", "TcpMaxHalfOpen", "TcpMaxHalfOpenRetried" }, values);
        }

        [Fact]
        public void PlanSyn_BadThresholds_IsEInval()
        {
            using var dir = new TempDir();
            using Snapshot snap = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2));
            var e = Assert.Throws<ConnResetException>(() => Change.PlanSyn(snap, SynAction.Enable, 10, 5000));
            Assert.Equal("CR_EINVAL", e.CodeName);
            Assert.Contains("TcpMaxHalfOpenRetried", e.Message);
        }

        [Fact]
        public void TryPlanSyn_ReturnsTheFailure_InsteadOfThrowing()
        {
            using var dir = new TempDir();
            using Snapshot snap = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2));
            // 300 is not above the TcpMaxHalfOpenRetried default (400) Server 2003 keeps.
            Change refused = Change.TryPlanSyn(snap, SynAction.Enable, 300, -1, out ConnResetException failure);
            Assert.Null(refused);
            Assert.NotNull(failure);
            Assert.Equal("CR_EINVAL", failure.CodeName);
            Assert.Contains("(400)", failure.Message);

            using Change change = Change.TryPlanSyn(snap, SynAction.Enable, 1000, -1, out ConnResetException none);
            Assert.Null(none);
            Assert.Equal(2, change.OperationCount);
        }

        [Fact]
        public void PlanSyn_Reset_OnDefaults_HasNothingToDo()
        {
            using var dir = new TempDir();
            using Snapshot snap = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2));
            using Change change = Change.PlanSyn(snap, SynAction.Reset, -1, -1);
            Assert.Equal(0, change.OperationCount);
        }

        [Fact]
        public void Backup_UndoesTheChange_InASnapshot()
        {
            using var dir = new TempDir();
            string basePath = dir.Write("ws2003.reg", Reg.Ws2003Sp2);
            using Snapshot snap = Snapshot.OpenFiles(basePath);
            using Change change = Change.PlanSyn(snap, SynAction.Disable, -1, -1);
            string backup = dir.File("undo.reg");
            change.WriteBackup(snap, backup);
            Assert.True(File.Exists(backup));

            change.ApplyToSnapshot(snap, null);
            Assert.Equal(0u, snap.GetValue(Reg.Tcpip, "SynAttackProtect"));

            using Change undo = Change.FromFile(backup);
            Assert.True(undo.OperationCount >= 1); // create the key (it exists) + delete the value
            Assert.Contains("SynAttackProtect", undo.Describe(snap));
            undo.ApplyToSnapshot(snap, dir.File("undo-of-undo.reg"));
            Assert.Null(snap.GetValue(Reg.Tcpip, "SynAttackProtect")); // absent again, as before
            Assert.True(File.Exists(dir.File("undo-of-undo.reg")));
        }

        [Fact]
        public void Prune_LeavesNothingToDo_WhenTheBackupIsAlreadyRestored()
        {
            using var dir = new TempDir();
            using Snapshot snap = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2));
            using Change change = Change.PlanSyn(snap, SynAction.Disable, -1, -1);
            string backup = dir.File("undo.reg");
            change.WriteBackup(snap, backup);

            // Before the change, the backup already holds: nothing to do.
            using (Change undo = Change.FromFile(backup))
            {
                Assert.True(undo.OperationCount >= 1);
                undo.Prune(snap);
                Assert.Equal(0, undo.OperationCount);
            }

            // After it, only the value to delete is left.
            change.ApplyToSnapshot(snap, null);
            using (Change undo = Change.FromFile(backup))
            {
                undo.Prune(snap);
                Assert.Equal(1, undo.OperationCount);
                Assert.Contains("delete value", undo.Describe(snap));
            }

            Assert.Throws<ArgumentNullException>(() => change.Prune(null));
        }

        [Fact]
        public void FromFile_Malformed_IsEParse()
        {
            using var dir = new TempDir();
            string bad = dir.Write("bad.reg", Reg.MalformedLine4);
            var e = Assert.Throws<ConnResetException>(() => Change.FromFile(bad));
            Assert.Equal("CR_EPARSE", e.CodeName);
            Assert.Contains(bad + ":4:", e.Message);
        }

        [Fact]
        public void WriteReg_IntoMissingDirectory_Fails_WithoutAFile()
        {
            using var dir = new TempDir();
            using Snapshot snap = Snapshot.OpenFiles(dir.Write("ws2003.reg", Reg.Ws2003Sp2));
            using Change change = Change.PlanSyn(snap, SynAction.Disable, -1, -1);
            string target = Path.Combine(dir.Path, "no", "such", "fix.reg");
            var e = Assert.Throws<ConnResetException>(() => change.WriteReg(target));
            Assert.True(e.Code < 0);
            Assert.False(File.Exists(target));
        }
    }
}
