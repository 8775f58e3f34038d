<#
.SYNOPSIS
    The baseline for bench_match: a plain PowerShell comparison of the same
    suite lists, the way an admin would script it.

.DESCRIPTION
    Reads the fleet's lists written by bench_match (one connreset.report/1
    JSON document per line) and, for every client and server pair, takes
    the first suite of the server's TLS 1.2 list that is also in the
    client's TLS 1.2 list. Prints pairs per second. It compares lists only:
    no protocol states, no certificate key type, no fixes.

.PARAMETER Path
    The JSON-lines file written by bench_match.

.EXAMPLE
    ./Compare-SuiteLists.ps1 -Path fleet-lists.jsonl
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)] [System.String] $Path)

$machines = Get-Content -LiteralPath $Path | ForEach-Object {
    $tls = ($_ | ConvertFrom-Json).checks.tls.suites
    [pscustomobject]@{ Offers = @($tls.clientOffers.'tls1.2'); Accepts = @($tls.serverAccepts.'tls1.2') }
}
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$pairs = 0
$connect = 0
foreach ($client in $machines) {
    foreach ($server in $machines) {
        $choice = $server.Accepts | Where-Object { $client.Offers -contains $_ } | Select-Object -First 1
        if ($choice) { $connect++ }
        $pairs++
    }
}
$watch.Stop()
'Compare-SuiteLists: {0} pairs ({1} share a suite) in {2:N3} s: {3:N0} pairs/s' -f $pairs, $connect, $watch.Elapsed.TotalSeconds, ($pairs / $watch.Elapsed.TotalSeconds)
