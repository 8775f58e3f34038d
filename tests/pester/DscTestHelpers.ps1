<#
    Shared by the class-based DSC resource tests (ConnReset*.Tests.ps1,
    dot-sourced in BeforeAll after TestHelpers.ps1): instances of the
    module's classes, and the module's source seam (Use-ConnResetDscSource)
    pointed at snapshots, so every Get/Test/Set reads .reg files and writes
    its fix and undo as .reg files. CONNRESET_DSC_DENY_LIVE=1 is set for the
    file's duration: a resource that missed the seam fails instead of
    touching the registry of the machine running the tests.
#>

function Enter-ConnResetTestDsc
{
    <# Imports the staged module and refuses the live registry to the DSC
       resources; returns the variable's previous value for Exit-. #>
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'
    $saved = $env:CONNRESET_DSC_DENY_LIVE
    $env:CONNRESET_DSC_DENY_LIVE = '1'
    return $saved
}

function Exit-ConnResetTestDsc
{
    param ([System.String] $SavedDenyLive)
    Clear-ConnResetTestDscSnapshot
    $env:CONNRESET_DSC_DENY_LIVE = $SavedDenyLive
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

function Use-ConnResetTestDscFolder
{
    <# Points the resources at -Path with a new, empty fix folder under
       $TestDrive, and returns that folder. #>
    param ([Parameter(Mandatory = $true)] [System.String[]] $Path)
    $out = Join-Path -Path $TestDrive -ChildPath ([System.Guid]::NewGuid().ToString('N'))
    Use-ConnResetTestDscSnapshot -Path $Path -OutDirectory $out
    return $out
}

function New-ConnResetTestDscResource
{
    <# An instance of a class resource, its properties set from -Property. #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $ClassName,

        [Parameter()]
        [System.Collections.IDictionary]
        $Property = @{}
    )

    $module = Get-Module -Name 'ConnReset'
    $resource = & $module { param ($Name) New-Object -TypeName $Name } $ClassName
    foreach ($key in $Property.Keys)
    {
        $resource.$key = $Property[$key]
    }

    return $resource
}

function Use-ConnResetTestDscSnapshot
{
    <# Points the class resources at -Path; fixes go into -OutDirectory. #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String[]]
        $Path,

        [Parameter(Mandatory = $true)]
        [System.String]
        $OutDirectory
    )

    $module = Get-Module -Name 'ConnReset'
    $null = & $module { param ($P, $O) Use-ConnResetDscSource -Path $P -OutDirectory $O } $Path $OutDirectory
}

function Clear-ConnResetTestDscSnapshot
{
    $module = Get-Module -Name 'ConnReset'
    if ($null -ne $module)
    {
        & $module { Use-ConnResetDscSource -Live }
    }
}

function Get-ConnResetTestDscLog
{
    <# What Set() wrote through the seam: TypeName, OutFile, Backup, RebootRequired, Restart. #>
    $module = Get-Module -Name 'ConnReset'
    return @(& $module { $script:ConnResetDscSource.Log })
}

function Get-ConnResetTestDscWritten
{
    <# The fix files written through the seam so far. #>
    $module = Get-Module -Name 'ConnReset'
    return @(& $module { $script:ConnResetDscSource.Written })
}

function Invoke-ConnResetTestDscSetWhatIf
{
    <#
        Calls $Resource.Set() with -WhatIf in effect: class methods take no
        parameters, so, as for any command, it comes from $WhatIfPreference,
        here the global one, set for the call only.
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Resource
    )

    $saved = $global:WhatIfPreference
    try
    {
        $global:WhatIfPreference = $true
        $Resource.Set()
    }
    finally
    {
        $global:WhatIfPreference = $saved
    }
}

function Get-ConnResetTestDscFixture
{
    <# The full path of a file under tests/fixtures or examples/snapshots. #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Name
    )

    $root = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    if ($Name -like 'examples/*')
    {
        return (Join-Path -Path $root -ChildPath $Name)
    }

    return (Join-Path -Path (Join-Path -Path $root -ChildPath 'tests/fixtures') -ChildPath $Name)
}
