// pwsh.exe for the Wine test harness: PowerShell's own console host, so it
// takes pwsh.exe's arguments (-NoProfile, -NonInteractive, -File, -Command).
using System.Management.Automation.Runspaces;

namespace ConnReset.WinePwsh;

internal static class Program
{
    private static int Main(string[] args)
    {
        return Microsoft.PowerShell.ConsoleShell.Start(InitialSessionState.CreateDefault2(), string.Empty, string.Empty, args);
    }
}
