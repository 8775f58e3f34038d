<#
.SYNOPSIS
    The baseline for the benchmarks: a plain PowerShell comparison of the
    same suite lists, the way an admin would script it.

.DESCRIPTION
    Reads the machines' lists written by bench_match or bench_fleet (one
    connreset.report/1 JSON document per line, or {"role": ..., "report":
    ...} from bench_fleet) and, for every client and server pair, takes the
    first suite of the server's TLS 1.2 list that is also in the client's
    TLS 1.2 list. Lines without a role are both client and server (every
    pair of the file). Prints pairs per second. It compares lists only: no
    protocol states, no certificate key type, no fixes, no classes.

.PARAMETER Path
    The JSON-lines file written by the benchmark.

.EXAMPLE
    ./Compare-SuiteLists.ps1 -Path fleet-lists.jsonl
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)] [System.String] $Path)

$machines = Get-Content -LiteralPath $Path | ForEach-Object {
    $document = $_ | ConvertFrom-Json
    $role = 'both'
    $report = $document
    if ($null -ne $document.PSObject.Properties['report'])
    {
        $role = $document.role
        $report = $document.report
    }

    $tls = $report.checks.tls.suites
    [pscustomobject]@{ Role = $role; Offers = @($tls.clientOffers.'tls1.2'); Accepts = @($tls.serverAccepts.'tls1.2') }
}
$clients = @($machines | Where-Object -Property Role -NE -Value 'server')
$servers = @($machines | Where-Object -Property Role -NE -Value 'client')
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$pairs = 0
$connect = 0
foreach ($client in $clients) {
    foreach ($server in $servers) {
        $choice = $server.Accepts | Where-Object { $client.Offers -contains $_ } | Select-Object -First 1
        if ($choice) { $connect++ }
        $pairs++
    }
}
$watch.Stop()
'Compare-SuiteLists: {0} pairs ({1} share a suite) in {2:N3} s: {3:N0} pairs/s' -f $pairs, $connect, $watch.Elapsed.TotalSeconds, ($pairs / $watch.Elapsed.TotalSeconds)
