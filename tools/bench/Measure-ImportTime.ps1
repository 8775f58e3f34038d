<#
    .SYNOPSIS
        Import-Module time of the staged ConnReset module against
        Microsoft.PowerShell.Utility, measured in the same run.

    .DESCRIPTION
        Starts fresh 'pwsh -NoProfile' processes (Runs for each module,
        alternating ConnReset and the baseline so that load from other
        processes hits both alike). Each process times one Import-Module with a
        Stopwatch, started after the process is up, so PowerShell's own
        start-up is not counted. Prints the median, minimum and maximum of
        each, and the ratio of the medians. A benchmark, not a test: it passes
        or fails nothing. The goal for ConnReset is at most 1.5 times the
        baseline.

    .PARAMETER ModulePath
        The staged module (folder or .psd1). Default:
        build/module/ConnReset/ConnReset.psd1.

    .PARAMETER Runs
        Processes per module. Default 10.

    .PARAMETER Baseline
        The module to compare with. Default Microsoft.PowerShell.Utility (a
        module each pwsh process loads from its own folder; it is not loaded
        before the first command that needs it).

    .EXAMPLE
        pwsh -NoProfile -File tools/bench/Measure-ImportTime.ps1

        Ten processes each; prints the medians and the ratio.
#>
[CmdletBinding()]
param
(
    [Parameter()]
    [System.String]
    $ModulePath,

    [Parameter()]
    [ValidateRange(1, 1000)]
    [System.Int32]
    $Runs = 10,

    [Parameter()]
    [System.String]
    $Baseline = 'Microsoft.PowerShell.Utility'
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
if (-not $ModulePath)
{
    $ModulePath = [System.IO.Path]::Combine($root, 'build', 'module', 'ConnReset', 'ConnReset.psd1')
}

if (Test-Path -LiteralPath $ModulePath -PathType Container)
{
    $ModulePath = Join-Path -Path $ModulePath -ChildPath 'ConnReset.psd1'
}

if (-not (Test-Path -LiteralPath $ModulePath -PathType Leaf))
{
    throw "No staged module at '$ModulePath': run tools/stage-module.sh (or tools/stage-module.ps1) first."
}

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
# The pwsh on PATH: under a dotnet global tool the current process is dotnet itself.
$pwsh = @(Get-Command -Name 'pwsh' -CommandType 'Application' -ErrorAction 'Stop')[0].Source

function Measure-OneImport
{
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Name
    )

    # The name goes in as a single-quoted literal; the process prints the
    # milliseconds and the modules loaded afterwards (what the import pulled in).
    $quoted = "'" + $Name.Replace("'", "''") + "'"
    $script = '$w = [System.Diagnostics.Stopwatch]::StartNew(); Import-Module -Name {0} -ErrorAction Stop; $ms = $w.Elapsed.TotalMilliseconds; [System.Console]::Out.WriteLine([System.String]::Format([System.Globalization.CultureInfo]::InvariantCulture, "{{0:F1}} {{1}}", $ms, ((Get-Module).Name -join ",")))' -f $quoted
    $output = & $pwsh -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE -ne 0)
    {
        throw "Import-Module $Name failed in a fresh process (exit code $LASTEXITCODE)."
    }

    $fields = "$output".Trim().Split(' ')
    [PSCustomObject] @{
        Milliseconds = [System.Double]::Parse($fields[0], [System.Globalization.CultureInfo]::InvariantCulture)
        Loaded       = $fields[1]
    }
}

function Get-Median
{
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Double[]]
        $Value
    )

    $sorted = [System.Double[]] $Value.Clone()
    [System.Array]::Sort($sorted)
    $middle = [System.Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2 -eq 1)
    {
        return $sorted[$middle]
    }

    return ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

# One warm-up process each, not counted: the first start after a build pays
# for reading the files from disk.
$null = Measure-OneImport -Name $ModulePath
$null = Measure-OneImport -Name $Baseline

$connReset = New-Object -TypeName 'System.Collections.Generic.List[System.Double]'
$baselineTimes = New-Object -TypeName 'System.Collections.Generic.List[System.Double]'
$loaded = $null
for ($i = 0; $i -lt $Runs; $i++)
{
    $one = Measure-OneImport -Name $ModulePath
    $connReset.Add($one.Milliseconds)
    $loaded = $one.Loaded
    $baselineTimes.Add((Measure-OneImport -Name $Baseline).Milliseconds)
}

$connResetMedian = Get-Median -Value $connReset.ToArray()
$baselineMedian = Get-Median -Value $baselineTimes.ToArray()
$format = '{0,-30} median {1,6:F0} ms  (min {2,4:F0}, max {3,4:F0}; {4} fresh pwsh -NoProfile processes)'
[System.Console]::Out.WriteLine(($format -f 'Import-Module ConnReset', $connResetMedian, ($connReset | Measure-Object -Minimum).Minimum, ($connReset | Measure-Object -Maximum).Maximum, $Runs))
[System.Console]::Out.WriteLine(($format -f "Import-Module $Baseline", $baselineMedian, ($baselineTimes | Measure-Object -Minimum).Minimum, ($baselineTimes | Measure-Object -Maximum).Maximum, $Runs))
[System.Console]::Out.WriteLine(('modules loaded after Import-Module ConnReset: {0}' -f $loaded))
[System.Console]::Out.WriteLine(('ratio: ConnReset takes {0:F2}x {1} (goal: at most 1.5x)' -f ($connResetMedian / $baselineMedian), $Baseline))
