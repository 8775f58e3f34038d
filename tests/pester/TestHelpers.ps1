<#
    Shared by the *.Tests.ps1 files (dot-sourced in BeforeAll): where the
    staged module is, and .reg snapshots the tests write for themselves.

    The module under test is build/module/ConnReset (tools/stage-module.sh or
    tools/stage-module.ps1 stage it), or the ConnReset.psd1 / folder named by
    the environment variable CR_MODULE_PATH.
#>

function Get-ConnResetTestModulePath
{
    if ($env:CR_MODULE_PATH)
    {
        $path = $env:CR_MODULE_PATH
        if (Test-Path -LiteralPath $path -PathType Container)
        {
            $path = Join-Path -Path $path -ChildPath 'ConnReset.psd1'
        }

        return $path
    }

    $root = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    return (Join-Path -Path $root -ChildPath 'build/module/ConnReset/ConnReset.psd1')
}

function Get-ConnResetTestTlsFixture
{
    <#
        The full path of tests/fixtures/tls/<Name>: the TLS scenario snapshots
        (make-scenarios.sh), read-only. Hostnames: ws2008r2-default SQL2008R2,
        ws2012r2-default SQL2012R2, ws2022-default SQL2022,
        ws2019-dhe-first-server SQL2019, ws2016-unfixed-dhe-client APP2016,
        ws2019-tls12-only-client APP2019, win11-ecdhe-gcm-only APP-WIN11.
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Name
    )

    $fixtures = Join-Path -Path (Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'fixtures') -ChildPath 'tls'
    return (Join-Path -Path $fixtures -ChildPath $Name)
}

function Get-ConnResetTestSqlFixture
{
    <#
        The full path of tests/fixtures/sql/<Name>, read-only:
        ws2012r2-sql-mixed.reg (hostname SQL2014; instances MSSQLSERVER,
        SQL2017, SQL2019, SQL2014SP2) and weak-certs-overlay.reg (merged after
        it: certificates signed with MD5 258A392B..., SHA512 A29410FF... and
        SHA-1 16FE22A0..., MSSQLSERVER configured with the MD5 one).
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Name
    )

    $fixtures = Join-Path -Path (Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'fixtures') -ChildPath 'sql'
    return (Join-Path -Path $fixtures -ChildPath $Name)
}

function Test-ConnResetTestWindows
{
    return ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT)
}

$Ws2003Sp2Body = @'
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion]
"ProductName"="Microsoft Windows Server 2003"
"CurrentVersion"="5.2"
"CurrentBuildNumber"="3790"
"CSDVersion"="Service Pack 2"

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\ProductOptions]
"ProductType"="ServerNT"

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"Hostname"="SQL01"
'@

$Ws2019Body = @'
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion]
"ProductName"="Windows Server 2019 Datacenter"
"CurrentVersion"="6.3"
"CurrentBuildNumber"="17763"
"CurrentMajorVersionNumber"=dword:0000000a
"CurrentMinorVersionNumber"=dword:00000000

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\ProductOptions]
"ProductType"="ServerNT"

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"Hostname"="SQL19"
'@

$SynOffBody = @'
[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"SynAttackProtect"=dword:00000000
'@

# Line 4 (the REGEDIT4 header is line 1) holds a NUL character, which
# ConnReset refuses even when reading as reg import does (a line reg import
# merely skips is a warning: $SkippedLineBody).
$MalformedBody = "[HKEY_LOCAL_MACHINE\SOFTWARE\X]`r`n" + '"Name"="a' + [System.String] [System.Char] 0 + 'b"'

# Line 4 is a value reg import skips (no closing quote); line 5 is read.
$SkippedLineBody = @'
[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"Hostname"="unterminated
"SynAttackProtect"=dword:00000000
'@

function New-TestRegFile
{
    <# Writes REGEDIT4 text (ASCII, CRLF) and returns the full path. #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Path,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Body
    )

    $parent = Split-Path -Path $Path -Parent
    if (-not (Test-Path -LiteralPath $parent))
    {
        $null = New-Item -Path $parent -ItemType Directory -Force
    }

    $lines = @('REGEDIT4', '') + ($Body -split "`r?`n")
    [System.IO.File]::WriteAllText($Path, (($lines -join "`r`n") + "`r`n"), [System.Text.Encoding]::ASCII)
    return $Path
}

function Get-TestNativeException
{
    <# The ConnResetException inside a caught ErrorRecord, or $null. #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.ErrorRecord]
        $ErrorRecord
    )

    $current = $ErrorRecord.Exception
    while ($null -ne $current)
    {
        if ($current.GetType().FullName -eq 'ConnReset.Interop.ConnResetException')
        {
            return $current
        }

        $current = $current.InnerException
    }

    return $null
}
