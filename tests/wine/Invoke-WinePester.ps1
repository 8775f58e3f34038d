<#
    .SYNOPSIS
        Runs the Pester suite inside the Windows PowerShell host under Wine,
        and checks that nothing is skipped there without a reason.

    .DESCRIPTION
        tests/wine/pester.sh starts this in pwsh.exe (tests/wine/pwsh-host)
        under Wine. It prints what the run stands on (PowerShell, the Windows
        version .NET sees, the one the registry says), runs the suite with
        the project's entry script (tests/pester/Invoke-ConnResetTests.ps1:
        the staged module, JUnit results in -OutputDirectory) and then checks
        every skipped test in those results against -AllowedSkipPath: a skip
        that file does not explain fails the run. One line per skipped test
        (its path, a tab, why) goes to skipped.txt beside the results.

        Exit code: the entry script's when it failed (1: a test failed; 2:
        the suite could not start), 3 when a skip is unexplained, 0 when all
        passed and every skip is explained.

    .PARAMETER ModulePath
        The staged module folder (or its ConnReset.psd1).

    .PARAMETER OutputDirectory
        Where the results (pester-results.xml, skipped.txt) go.

    .PARAMETER Tag
        Run only the tests with one of these tags.

    .PARAMETER ExcludeTag
        Leave out the tests with one of these tags.

    .PARAMETER AllowedSkipPath
        tests/wine/pester-skips.txt: "<test path> | <why>" per line; * in
        a path matches any text.

    .PARAMETER CodeCoverage
        Also measure the module's code coverage (the entry script's
        -CodeCoverage: coverage.xml beside the results), which here includes
        the lines only Windows reaches.
#>
[CmdletBinding()]
param
(
    [Parameter(Mandatory = $true)]
    [System.String]
    $ModulePath,

    [Parameter(Mandatory = $true)]
    [System.String]
    $OutputDirectory,

    [Parameter()]
    [System.String[]]
    $Tag,

    [Parameter()]
    [System.String[]]
    $ExcludeTag,

    [Parameter(Mandatory = $true)]
    [System.String]
    $AllowedSkipPath,

    [Parameter()]
    [System.Management.Automation.SwitchParameter]
    $CodeCoverage
)

# No $ErrorActionPreference = 'Stop': the tests run in this session and
# must see PowerShell's defaults.
$PSStyle.OutputRendering = 'PlainText'

$os = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
Write-Host ('Wine host: PowerShell {0} ({1}) on {2}; the registry says {3} {4}.{5} {6}' -f $PSVersionTable.PSVersion, $PSVersionTable.PSEdition, [System.Environment]::OSVersion.VersionString, $os.ProductName, $os.CurrentVersion, $os.CurrentBuildNumber, $os.CSDVersion)

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
        Write-Host "Wine host: ${AllowedSkipPath}: '$line' is not '<test path> | <why>'"
        exit 2
    }

    # '*' matches anything; every other character stands for itself.
    $pattern = $parts[0].Trim()
    $regex = '^' + (([System.Text.RegularExpressions.Regex]::Escape($pattern)) -replace '\\\*', '.*') + '$'
    $allowed += [PSCustomObject] @{ Pattern = $pattern; Regex = $regex; Reason = $parts[1].Trim() }
}

$entry = Join-Path -Path (Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'pester') -ChildPath 'Invoke-ConnResetTests.ps1'
$arguments = @{
    ModulePath      = $ModulePath
    OutputDirectory = $OutputDirectory
    Verbosity       = 'Detailed'
}
if ($Tag)
{
    $arguments['Tag'] = $Tag
}

if ($ExcludeTag)
{
    $arguments['ExcludeTag'] = $ExcludeTag
}

if ($CodeCoverage.IsPresent)
{
    $arguments['CodeCoverage'] = $true
}

& $entry @arguments
$suiteExit = $LASTEXITCODE

$results = Join-Path -Path $OutputDirectory -ChildPath 'pester-results.xml'
if (-not (Test-Path -LiteralPath $results -PathType Leaf))
{
    Write-Host "Wine host: no results in $results (entry script exit $suiteExit)"
    exit 2
}

$document = New-Object -TypeName 'System.Xml.XmlDocument'
$document.XmlResolver = $null
$document.Load($results)
$skippedLines = @()
$unexplained = 0
foreach ($case in @($document.SelectNodes('//testcase[@status="Skipped"]')))
{
    $path = $case.GetAttribute('name')
    $because = ''
    $node = $case.SelectSingleNode('skipped')
    if ($null -ne $node)
    {
        $because = $node.GetAttribute('message')
    }

    $match = $null
    foreach ($entryLine in $allowed)
    {
        if ($path -cmatch $entryLine.Regex)
        {
            $match = $entryLine
            break
        }
    }

    if ($null -eq $match)
    {
        $unexplained++
        $skippedLines += "$path`tUNEXPLAINED $because"
    }
    else
    {
        $skippedLines += "$path`t$($match.Reason)"
    }
}

$skippedPath = Join-Path -Path $OutputDirectory -ChildPath 'skipped.txt'
[System.IO.File]::WriteAllLines($skippedPath, [System.String[]] $skippedLines)
Write-Host ('Wine host: {0} skipped ({1} unexplained), each with its reason in {2}' -f @($skippedLines).Count, $unexplained, $skippedPath)
foreach ($line in $skippedLines)
{
    Write-Host "  skipped: $($line -replace "`t", ' -- ')"
}

if ($suiteExit -ne 0)
{
    exit $suiteExit
}

if ($unexplained -gt 0)
{
    Write-Host 'Wine host: a test was skipped without a reason in tests/wine/pester-skips.txt'
    exit 3
}

exit 0
