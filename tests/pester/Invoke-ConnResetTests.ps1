<#
    .SYNOPSIS
        Runs the ConnReset Pester suite against a staged module: the one entry
        point for tools/run-tests.sh, build.ps1 and the Windows PowerShell run
        under Wine.

    .DESCRIPTION
        Imports Pester 5, points the tests at the staged module (the
        CR_MODULE_PATH environment variable TestHelpers.ps1 reads), runs every
        *.Tests.ps1 under -TestPath (this folder and live/), writes the
        results as NUnit XML and, with -CodeCoverage, Pester's code coverage
        of the module's scripts as JaCoCo XML, and prints the counts and the
        coverage. With -AllowedSkipPath every skipped test must be explained
        there (tests/wine/pester-skips.txt: "<test path> | <why>" per line, *
        matching any text); each skip and its reason go to -SkippedPath.

        The exit code is 0 only when the suite ran, at least one test passed,
        no test, block or container failed, every skip was explained (with
        -AllowedSkipPath) and, with -MinimumCoverage, the coverage reached it.
        A Pester that cannot be loaded, a module that cannot be found or a
        suite that cannot start is a failure (exit code 2), never a skip.

        Windows PowerShell 5.1 syntax: it also runs there.

    .PARAMETER ModulePath
        The staged module: its folder or its ConnReset.psd1. Default:
        build/module/ConnReset (tools/stage-module.sh or stage-module.ps1).

    .PARAMETER TestPath
        The folders or *.Tests.ps1 files to run. Default: this folder.

    .PARAMETER OutputDirectory
        Where pester-results.xml and coverage.xml go. Default: build/pester.

    .PARAMETER ResultPath
        The NUnit XML results. Default: OutputDirectory/pester-results.xml.

    .PARAMETER AllowedSkipPath
        The skips this run may have, each with its reason; any other skip
        fails the run.

    .PARAMETER SkippedPath
        Where to write one line per skipped test: its path, a tab, why.

    .PARAMETER CodeCoverage
        Measure which lines of the module's scripts the tests run.

    .PARAMETER MinimumCoverage
        With -CodeCoverage, the percentage of the module's lines (JaCoCo's
        LINE counter: lines with a command that ran) to reach, 0 to 100.
        Default 0 (report only).

    .PARAMETER Tag
        Run only the tests with one of these tags.

    .PARAMETER ExcludeTag
        Skip the tests with one of these tags.

    .PARAMETER Verbosity
        Pester's output: None, Normal (failures and a line per file),
        Detailed (every test) or Diagnostic. Default Normal.

    .EXAMPLE
        pwsh -NoProfile -File tests/pester/Invoke-ConnResetTests.ps1 -CodeCoverage -MinimumCoverage 85

        What tools/run-tests.sh runs: the suite against build/module/ConnReset,
        coverage in build/pester/coverage.xml, failing under 85 %.

    .EXAMPLE
        pwsh.exe -NoProfile -File tests\pester\Invoke-ConnResetTests.ps1 -ModulePath build\mingw\pester\module\ConnReset -ExcludeTag Ws2003Sp2 -AllowedSkipPath tests\wine\pester-skips.txt -Verbosity Detailed

        What tests/wine/pester.sh runs in the Windows host under Wine, against
        the module staged with connreset.dll.
#>
[CmdletBinding()]
param
(
    [Parameter()]
    [System.String]
    $ModulePath,

    [Parameter()]
    [System.String[]]
    $TestPath,

    [Parameter()]
    [System.String]
    $OutputDirectory,

    [Parameter()]
    [System.String]
    $ResultPath,

    [Parameter()]
    [System.String]
    $AllowedSkipPath,

    [Parameter()]
    [System.String]
    $SkippedPath,

    [Parameter()]
    [System.Management.Automation.SwitchParameter]
    $CodeCoverage,

    [Parameter()]
    [ValidateRange(0, 100)]
    [System.Double]
    $MinimumCoverage = 0,

    [Parameter()]
    [System.String[]]
    $Tag,

    [Parameter()]
    [System.String[]]
    $ExcludeTag,

    [Parameter()]
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [System.String]
    $Verbosity = 'Normal'
)

# No $ErrorActionPreference = 'Stop' here: the tests run in this session
# and must see PowerShell's defaults. Each call below that must stop says so.
$repository = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent

function Stop-Run
{
    # A suite that cannot start: say why and fail (exit 2), never skip.
    param ([System.String] $Message)

    [System.Console]::Error.WriteLine('Invoke-ConnResetTests: ' + $Message)
    exit 2
}

if ($null -ne (Get-Variable -Name 'PSStyle' -ErrorAction 'Ignore'))
{
    # No colour codes in logs (PowerShell 7.2 and later).
    $PSStyle.OutputRendering = 'PlainText'
}

try
{
    Import-Module -Name 'Pester' -MinimumVersion '5.7.1' -ErrorAction 'Stop'
}
catch
{
    Stop-Run ('Pester 5 cannot be loaded ({0}); install it with tools/install-pester.sh (Linux) or Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser.' -f $_.Exception.Message)
}

if (-not $ModulePath)
{
    $ModulePath = [System.IO.Path]::Combine($repository, 'build', 'module', 'ConnReset')
}

if (Test-Path -LiteralPath $ModulePath -PathType Container)
{
    $ModulePath = Join-Path -Path $ModulePath -ChildPath 'ConnReset.psd1'
}

if (-not (Test-Path -LiteralPath $ModulePath -PathType Leaf))
{
    Stop-Run ("no staged module at '{0}': stage it with tools/stage-module.sh or tools/stage-module.ps1." -f $ModulePath)
}

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$moduleBase = Split-Path -Path $ModulePath -Parent
if (-not $OutputDirectory)
{
    $OutputDirectory = [System.IO.Path]::Combine($repository, 'build', 'pester')
}

$null = New-Item -Path $OutputDirectory -ItemType Directory -Force -ErrorAction 'Stop'
$OutputDirectory = (Resolve-Path -LiteralPath $OutputDirectory).ProviderPath

# The tests import the module from here (TestHelpers.ps1).
$env:CR_MODULE_PATH = $ModulePath
if (-not $TestPath)
{
    $TestPath = @($PSScriptRoot)
}

if (-not $ResultPath)
{
    $ResultPath = Join-Path -Path $OutputDirectory -ChildPath 'pester-results.xml'
}

# "<test path> | <why>" per line; '*' matches anything.
$allowedSkips = @()
if ($AllowedSkipPath)
{
    foreach ($line in [System.IO.File]::ReadAllLines($AllowedSkipPath))
    {
        if ($line -match '^\s*(#|$)')
        {
            continue
        }

        $parts = $line -split '\s+\|\s+', 2
        if ($parts.Count -ne 2 -or [System.String]::IsNullOrWhiteSpace($parts[1]))
        {
            Stop-Run ("{0}: '{1}' is not '<test path> | <why>'" -f $AllowedSkipPath, $line)
        }

        $regex = '^' + ([System.Text.RegularExpressions.Regex]::Escape($parts[0].Trim()) -replace '\\\*', '.*') + '$'
        $allowedSkips += [PSCustomObject] @{ Pattern = $parts[0].Trim(); Regex = $regex; Reason = $parts[1].Trim() }
    }
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Output.Verbosity = $Verbosity
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultPath
if ($Tag)
{
    $configuration.Filter.Tag = $Tag
}

if ($ExcludeTag)
{
    $configuration.Filter.ExcludeTag = $ExcludeTag
}

$coverageFiles = @()
if ($CodeCoverage.IsPresent)
{
    # The module's scripts: the staged root script (which holds Private/ and
    # Public/), or in a source layout each .ps1 as well. Not bin/.
    $coverageFiles = @(
        Get-ChildItem -LiteralPath $moduleBase -Recurse -File -Include '*.psm1', '*.ps1' |
            Where-Object -FilterScript { $_.FullName -notlike ('*{0}bin{0}*' -f [System.IO.Path]::DirectorySeparatorChar) } |
            ForEach-Object -Process { $_.FullName }
    )
    $configuration.CodeCoverage.Enabled = $true
    $configuration.CodeCoverage.Path = $coverageFiles
    $configuration.CodeCoverage.OutputFormat = 'JaCoCo'
    $configuration.CodeCoverage.OutputPath = Join-Path -Path $OutputDirectory -ChildPath 'coverage.xml'
    $configuration.CodeCoverage.CoveragePercentTarget = $MinimumCoverage
    # Pester's profiler-based tracer: much faster than a breakpoint per command.
    $configuration.CodeCoverage.UseBreakpoints = $false
}

Write-Host ('Invoke-ConnResetTests: Pester {0} on PowerShell {1} ({2}) on {3}, module {4}' -f (Get-Module -Name 'Pester').Version, $PSVersionTable.PSVersion, $PSVersionTable.PSEdition, [System.Environment]::OSVersion.VersionString, $ModulePath)
if ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT)
{
    # What the live tests stand on, once, so a log says it.
    $os = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -ErrorAction 'SilentlyContinue'
    Write-Host ('Invoke-ConnResetTests: the registry says {0} {1}.{2} {3}' -f $os.ProductName, $os.CurrentVersion, $os.CurrentBuildNumber, $os.CSDVersion)
}

try
{
    $result = Invoke-Pester -Configuration $configuration -ErrorAction 'Stop'
}
catch
{
    Stop-Run ('Pester could not run the suite: {0}' -f $_.Exception.Message)
}

if ($null -eq $result)
{
    Stop-Run 'Pester returned no result.'
}

$failed = $false
Write-Host ''
Write-Host ('Invoke-ConnResetTests: {0} passed, {1} failed, {2} skipped, {3} not run; {4} block(s) and {5} container(s) failed; results in {6}' -f $result.PassedCount, $result.FailedCount, $result.SkippedCount, $result.NotRunCount, $result.FailedBlocksCount, $result.FailedContainersCount, $ResultPath)
if ($result.Result -ne 'Passed' -or $result.FailedCount -gt 0 -or $result.FailedBlocksCount -gt 0 -or $result.FailedContainersCount -gt 0)
{
    $failed = $true
}

if ($AllowedSkipPath -or $SkippedPath)
{
    $skippedLines = @()
    $unexplained = 0
    foreach ($test in @($result.Tests | Where-Object -FilterScript { $_.Skipped }))
    {
        $match = @($allowedSkips | Where-Object -FilterScript { $test.ExpandedPath -cmatch $_.Regex })
        if ($AllowedSkipPath -and $match.Count -eq 0)
        {
            $unexplained++
            $skippedLines += "$($test.ExpandedPath)`tUNEXPLAINED"
            Write-Host "Invoke-ConnResetTests: UNEXPLAINED SKIP: $($test.ExpandedPath)"
        }
        elseif ($match.Count -gt 0)
        {
            $skippedLines += "$($test.ExpandedPath)`t$($match[0].Reason)"
        }
        else
        {
            $skippedLines += "$($test.ExpandedPath)`t(no list of allowed skips given)"
        }
    }

    if ($SkippedPath)
    {
        [System.IO.File]::WriteAllLines($SkippedPath, [System.String[]] $skippedLines)
    }

    Write-Host ('Invoke-ConnResetTests: {0} skipped, {1} unexplained' -f $skippedLines.Count, $unexplained)
    foreach ($line in $skippedLines)
    {
        Write-Host "  skipped: $($line -replace "`t", ' -- ')"
    }

    if ($unexplained -gt 0)
    {
        $failed = $true
    }
}

if ($result.PassedCount -eq 0)
{
    Write-Host 'Invoke-ConnResetTests: no test passed: the suite did not really run.'
    $failed = $true
}

if ($CodeCoverage.IsPresent)
{
    $coverage = $result.CodeCoverage
    # Lines, as the JaCoCo report counts them (the report's own LINE counter):
    # a line counts as covered when a command on it ran.
    $jacoco = New-Object -TypeName 'System.Xml.XmlDocument'
    $jacoco.XmlResolver = $null
    $jacoco.Load($configuration.CodeCoverage.OutputPath.Value)
    $lineCounter = $jacoco.SelectSingleNode('/report/counter[@type="LINE"]')
    $linesCovered = [System.Double] $lineCounter.covered
    $linesTotal = $linesCovered + [System.Double] $lineCounter.missed
    $percent = 0
    if ($linesTotal -gt 0)
    {
        $percent = 100 * $linesCovered / $linesTotal
    }

    # The staged root script holds each source file in a '#region <file>'
    # block: report the misses per source file, most first.
    $regions = @{}
    foreach ($file in $coverageFiles)
    {
        $lineNumber = 0
        $current = [System.IO.Path]::GetFileName($file)
        foreach ($line in [System.IO.File]::ReadAllLines($file))
        {
            $lineNumber++
            if ($line -match '^#region ((Private|Public)/\S+\.ps1)$')
            {
                $current = $Matches[1]
            }
            elseif ($line -match '^#endregion (Private|Public)/')
            {
                $current = [System.IO.Path]::GetFileName($file)
            }

            $regions[$file + ':' + $lineNumber] = $current
        }
    }

    $perFile = @{}
    foreach ($command in @($coverage.CommandsMissed))
    {
        $key = $regions[$command.File + ':' + $command.Line]
        if ($null -eq $key)
        {
            $key = [System.IO.Path]::GetFileName($command.File)
        }

        if (-not $perFile.ContainsKey($key))
        {
            $perFile[$key] = 0
        }

        $perFile[$key]++
    }

    Write-Host ('Invoke-ConnResetTests: code coverage of the module: {0:F1}% of its lines ({1} of {2}; {3} of {4} commands; minimum {5}%); JaCoCo in {6}' -f $percent, $linesCovered, $linesTotal, $coverage.CommandsExecutedCount, $coverage.CommandsAnalyzedCount, $MinimumCoverage, $configuration.CodeCoverage.OutputPath.Value)
    $top = @($perFile.GetEnumerator() | Sort-Object -Property @{ Expression = { $_.Value }; Descending = $true }, @{ Expression = { $_.Key } } | Select-Object -First 10)
    if ($top.Count -gt 0)
    {
        Write-Host ('Invoke-ConnResetTests: most commands missed: {0}' -f (($top | ForEach-Object -Process { '{0} {1}' -f $_.Key, $_.Value }) -join ', '))
    }

    if ($percent -lt $MinimumCoverage)
    {
        Write-Host ('Invoke-ConnResetTests: coverage {0:F1}% is under the minimum {1}%' -f $percent, $MinimumCoverage)
        $failed = $true
    }
}

if ($failed)
{
    exit 1
}

exit 0
