<#
    .SYNOPSIS
        Runs the Pester suite inside the Windows PowerShell host under Wine.

    .DESCRIPTION
        tests/wine/pester.sh starts this in pwsh.exe (tests/wine/pwsh-host)
        under Wine. It runs the tests under -TestPath against the staged
        module in -ModulePath, writes NUnit results to -ResultPath and one
        line per skipped test (its path, a tab, why) to -SkippedPath, and
        checks every skip against -AllowedSkipPath: a skip that file does
        not explain is a failure, so nothing is skipped under Wine without
        a reason a reader can check.

        Exit code: 0 when every test passed and every skip is explained,
        otherwise the number of failed tests, failed blocks and containers
        and unexplained skips (at least 1).

    .PARAMETER ModulePath
        The staged module folder (or its ConnReset.psd1).

    .PARAMETER TestPath
        The folder (or files) of *.Tests.ps1 to run.

    .PARAMETER Tag
        Run only the tests with one of these tags.

    .PARAMETER ExcludeTag
        Leave out the tests with one of these tags.

    .PARAMETER ResultPath
        Where the NUnit XML results go.

    .PARAMETER SkippedPath
        Where the list of skipped tests goes.

    .PARAMETER AllowedSkipPath
        tests/wine/pester-skips.txt: "<test path> | <why>" per line; * in
        a path matches any text.
#>
[CmdletBinding()]
param
(
    [Parameter(Mandatory = $true)]
    [System.String]
    $ModulePath,

    [Parameter(Mandatory = $true)]
    [System.String[]]
    $TestPath,

    [Parameter()]
    [System.String[]]
    $Tag,

    [Parameter()]
    [System.String[]]
    $ExcludeTag,

    [Parameter(Mandatory = $true)]
    [System.String]
    $ResultPath,

    [Parameter(Mandatory = $true)]
    [System.String]
    $SkippedPath,

    [Parameter(Mandatory = $true)]
    [System.String]
    $AllowedSkipPath
)

$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'

# What the tests under Wine stand on, printed once so a log says it.
$os = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
Write-Host ('Host: PowerShell {0} ({1}) on {2}; the registry says {3} {4}.{5} {6}' -f $PSVersionTable.PSVersion, $PSVersionTable.PSEdition, [System.Environment]::OSVersion.VersionString, $os.ProductName, $os.CurrentVersion, $os.CurrentBuildNumber, $os.CSDVersion)

$env:CR_MODULE_PATH = $ModulePath
Import-Module -Name Pester -RequiredVersion '5.7.1' -ErrorAction 'Stop'

$allowed = @()
foreach ($line in [System.IO.File]::ReadAllLines($AllowedSkipPath))
{
    if ($line -match '^\s*(#|$)')
    {
        continue
    }

    $parts = $line -split '\s+\|\s+', 2
    if ($parts.Count -ne 2 -or [System.String]::IsNullOrWhiteSpace($parts[1]))
    {
        throw "${AllowedSkipPath}: '$line' is not '<test path> | <why>'"
    }

    # '*' matches anything; every other character stands for itself.
    $pattern = $parts[0].Trim()
    $regex = '^' + (([System.Text.RegularExpressions.Regex]::Escape($pattern)) -replace '\\\*', '.*') + '$'
    $allowed += [PSCustomObject] @{ Pattern = $pattern; Regex = $regex; Reason = $parts[1].Trim(); Used = $false }
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
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

$result = Invoke-Pester -Configuration $configuration

$skippedLines = @()
$unexplained = 0
foreach ($test in @($result.Tests | Where-Object -FilterScript { $_.Skipped }))
{
    $path = $test.ExpandedPath
    $because = ''
    if ($null -ne $test.ErrorRecord -and @($test.ErrorRecord).Count -gt 0)
    {
        $because = [System.String] @($test.ErrorRecord)[0]
    }

    $match = $null
    foreach ($entry in $allowed)
    {
        if ($path -cmatch $entry.Regex)
        {
            $match = $entry
            $entry.Used = $true
            break
        }
    }

    if ($null -eq $match)
    {
        $unexplained++
        $skippedLines += "$path`tUNEXPLAINED $because"
        Write-Host "UNEXPLAINED SKIP: $path $because"
    }
    else
    {
        $skippedLines += "$path`t$($match.Reason)"
    }
}

[System.IO.File]::WriteAllLines($SkippedPath, [System.String[]] $skippedLines)
Write-Host ('Skipped under Wine: {0} ({1} unexplained); each with its reason in {2}' -f @($skippedLines).Count, $unexplained, $SkippedPath)
foreach ($line in $skippedLines)
{
    Write-Host "  skipped: $($line -replace "`t", ' -- ')"
}

$unused = @($allowed | Where-Object -FilterScript { -not $_.Used })
if ($unused.Count -gt 0 -and @($skippedLines).Count -gt 0)
{
    foreach ($entry in $unused)
    {
        Write-Host "note: no test matched the allowed skip '$($entry.Pattern)' in this run"
    }
}

$failures = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount + $unexplained
Write-Host ('Wine host: {0} passed, {1} failed, {2} skipped, {3} not run; {4} failed blocks, {5} failed containers' -f $result.PassedCount, $result.FailedCount, $result.SkippedCount, $result.NotRunCount, $result.FailedBlocksCount, $result.FailedContainersCount)
if ($result.TotalCount -eq 0)
{
    Write-Host 'No test ran.'
    exit 1
}

exit ([System.Math]::Min($failures, 255))
