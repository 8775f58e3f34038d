// Loads ConnReset.Interop.dll by path in a fresh process and times each step.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: interop-loadtime PATH/ConnReset.Interop.dll [snapshot.reg]");
            return 2;
        }
        // Time since the process started, so runtime start-up is visible too.
        double sinceStart = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        var clock = Stopwatch.StartNew();

        Assembly assembly = Assembly.LoadFrom(Path.GetFullPath(args[0]));
        Type library = assembly.GetType("ConnReset.Interop.ConnResetLibrary", true);
        double loaded = clock.Elapsed.TotalMilliseconds;

        string version = (string)library.GetProperty("Version").GetValue(null);
        double firstCall = clock.Elapsed.TotalMilliseconds;

        double report = double.NaN;
        if (args.Length > 1)
        {
            Type snapshotType = assembly.GetType("ConnReset.Interop.Snapshot", true);
            var open = snapshotType.GetMethod("OpenFiles");
            using (var snapshot = (IDisposable)open.Invoke(null, new object[] { new[] { args[1] } }))
            {
                string json = (string)snapshotType.GetMethod("DiagnoseJson").Invoke(snapshot, null);
                if (json.Length == 0)
                    return 1;
            }
            report = clock.Elapsed.TotalMilliseconds;
        }

        Console.WriteLine("runtime start to Main:          {0,8:F2} ms", sinceStart);
        Console.WriteLine("Assembly.LoadFrom + GetType:    {0,8:F2} ms", loaded);
        Console.WriteLine("first native call (cr_version): {0,8:F2} ms  (cumulative; version {1})", firstCall, version);
        if (!double.IsNaN(report))
            Console.WriteLine("open snapshot + DiagnoseJson:   {0,8:F2} ms  (cumulative)", report);
        if (File.Exists("/proc/self/maps"))
        {
            foreach (string line in File.ReadAllLines("/proc/self/maps").Where(l => l.Contains("connreset") && !l.EndsWith(".dll")).Select(l => l.Substring(l.LastIndexOf(' ') + 1)).Distinct())
                Console.WriteLine("native library mapped from:     {0}", line);
        }
        return 0;
    }
}
