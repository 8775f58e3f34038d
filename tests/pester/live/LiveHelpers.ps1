<#
    Shared by the live tests (tests/pester/live/*.Live.Tests.ps1, dot-sourced
    in BeforeAll): whether this machine may run them, Wine's or Windows'
    own `reg.exe export` as the judge of what changed, and certificates
    installed through crypt32.

    The live tests change the registry of the machine they run on. They run
    only on Windows and only where CR_LIVE_TESTS=1 says the machine is a
    throwaway one: tests/wine/pester.sh sets it for the Wine prefixes it
    boots (ctest --preset mingw -R pester). Everywhere else each test is
    skipped with the reason.
#>

. (Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'TestHelpers.ps1')

function Get-LiveOs
{
    <#
        What the registry says this machine is: 'Ws2003Sp2' (5.2, Service
        Pack 2, a server), 'Win10' (10.0 workstation, build below 22000) or
        a description of anything else.
    #>
    $cv = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    $type = (Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\ProductOptions').ProductType
    $major = $cv.CurrentMajorVersionNumber
    $version = $cv.CurrentVersion
    if ($null -ne $major)
    {
        $version = '{0}.{1}' -f $major, $cv.CurrentMinorVersionNumber
    }

    if ($version -eq '5.2' -and $cv.CSDVersion -eq 'Service Pack 2' -and $type -ne 'WinNT')
    {
        return 'Ws2003Sp2'
    }

    if ($version -eq '10.0' -and $type -eq 'WinNT' -and [System.Int32] $cv.CurrentBuildNumber -lt 22000)
    {
        return 'Win10'
    }

    return ('{0} {1} build {2} {3} ({4})' -f $cv.ProductName, $version, $cv.CurrentBuildNumber, $cv.CSDVersion, $type)
}

function Get-LiveSkipReason
{
    <#
        $null when the live tests for -Os may run here, else why not (the
        reason Set-ItResult gives for each skipped test).
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [ValidateSet('Ws2003Sp2', 'Win10')]
        [System.String]
        $Os
    )

    if (-not (Test-ConnResetTestWindows))
    {
        return 'it needs a Windows registry (it runs under Wine: ctest --preset mingw -R pester)'
    }

    if ($env:CR_LIVE_TESTS -ne '1')
    {
        return "it changes this computer's registry: it runs only where CR_LIVE_TESTS=1 marks a throwaway machine (tests/wine/pester.sh sets it)"
    }

    $found = Get-LiveOs
    if ($found -ne $Os)
    {
        return "it needs a registry that says $Os; this one says $found (tests/wine/pester.sh boots one prefix per OS)"
    }

    return $null
}

function Skip-LiveTest
{
    <#
        For BeforeEach: marks the test skipped, saying why, when -Reason
        (from Get-LiveSkipReason) is set.
    #>
    param
    (
        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $Reason
    )

    if (-not [System.String]::IsNullOrEmpty($Reason))
    {
        Set-ItResult -Skipped -Because $Reason
    }
}

function Get-RegExe
{
    return (Join-Path -Path ([System.Environment]::GetFolderPath('System')) -ChildPath 'reg.exe')
}

function Invoke-Reg
{
    <# reg.exe with the given arguments; throws with its output when it fails. #>
    param
    (
        [Parameter(Mandatory = $true, ValueFromRemainingArguments = $true)]
        [System.String[]]
        $ArgumentList
    )

    $output = & (Get-RegExe) @ArgumentList 2>&1
    if ($LASTEXITCODE -ne 0)
    {
        throw ('reg {0} failed (exit {1}): {2}' -f ($ArgumentList -join ' '), $LASTEXITCODE, ($output -join ' '))
    }

    return $output
}

function Export-LiveKey
{
    <#
        `reg export` of -Key (HKLM\...) into a new file under $TestDrive;
        returns the file. The file's bytes are the judge of whether a change
        wrote anything.
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Key,

        [Parameter()]
        [System.String]
        $Name = 'export'
    )

    $folder = Join-Path -Path $TestDrive -ChildPath 'exports'
    $null = New-Item -Path $folder -ItemType Directory -Force
    $file = Join-Path -Path $folder -ChildPath ('{0}-{1}.reg' -f $Name, [System.Guid]::NewGuid().ToString('N'))
    $null = Invoke-Reg export $Key $file /y
    return $file
}

function Compare-LiveExport
{
    <#
        $null when the two `reg export` files are byte-identical, else the
        lines that differ (decoded from UTF-16), for the failure message.
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Reference,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Difference
    )

    $a = [System.IO.File]::ReadAllBytes($Reference)
    $b = [System.IO.File]::ReadAllBytes($Difference)
    if ([System.Linq.Enumerable]::SequenceEqual($a, $b))
    {
        return $null
    }

    $diff = Compare-Object -ReferenceObject @(Get-Content -LiteralPath $Reference) -DifferenceObject @(Get-Content -LiteralPath $Difference) |
        ForEach-Object -Process { '{0} {1}' -f $_.SideIndicator, $_.InputObject }
    return ('{0} ({1} bytes) and {2} ({3} bytes) differ: {4}' -f $Reference, $a.Length, $Difference, $b.Length, ((@($diff) | Select-Object -First 20) -join ' | '))
}

function Get-LiveValue
{
    <# A value of the live registry (HKLM:\... provider path), or $null. #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Path,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Name
    )

    $item = Get-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction 'SilentlyContinue'
    if ($null -eq $item)
    {
        return $null
    }

    return $item.$Name
}

function Import-LiveReg
{
    <# Writes REGEDIT4 text to a file and `reg import`s it. #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Body
    )

    $file = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath ('import/{0}.reg' -f [System.Guid]::NewGuid().ToString('N'))) -Body $Body
    $null = Invoke-Reg import $file
}

function Remove-LiveKey
{
    <# reg delete KEY /f, when the key exists. #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Key
    )

    & (Get-RegExe) query $Key *> $null
    if ($LASTEXITCODE -eq 0)
    {
        $null = Invoke-Reg delete $Key /f
    }
}

function Get-CertStoreTool
{
    <#
        cr_certstore_tool.exe of the MinGW build (CR_CERTSTORE_TOOL), the
        program the C tests install certificates with through crypt32's
        registry store provider.
    #>
    $tool = $env:CR_CERTSTORE_TOOL
    if ([System.String]::IsNullOrEmpty($tool) -or -not (Test-Path -LiteralPath $tool -PathType Leaf))
    {
        throw "CR_CERTSTORE_TOOL does not name cr_certstore_tool.exe (the MinGW build's bin/): '$tool'"
    }

    return $tool
}

function Install-LiveCertificate
{
    <#
        Adds tests/fixtures/x509/<Der> to LocalMachine\My through crypt32
        (cr_certstore_tool add) with the enhanced key usages -Eku and a
        private key reference; returns the thumbprint crypt32 computed.
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Der,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Eku
    )

    $tool = Get-CertStoreTool
    $file = Join-Path -Path (Join-Path -Path (Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent | Split-Path -Parent) -ChildPath 'fixtures') -ChildPath 'x509') -ChildPath $Der
    $arguments = @('add', $file, "ConnReset $Der", $Eku, "cont-$Der", 'Microsoft Enhanced RSA and AES Cryptographic Provider')
    $thumbprint = (& $tool @arguments | Out-String).Trim()
    if ([System.String]::IsNullOrEmpty($thumbprint))
    {
        # tests/wine/test_cert_store.sh saw crypt32's commit fail silently
        # once in a fresh prefix; retry once, visibly.
        Write-Warning -Message "cr_certstore_tool add $Der printed nothing; retrying once"
        $thumbprint = (& $tool @arguments | Out-String).Trim()
    }

    if ($LASTEXITCODE -ne 0 -or $thumbprint -notmatch '^[0-9A-F]{40}$')
    {
        throw "cr_certstore_tool add $Der failed (exit $LASTEXITCODE): '$thumbprint'"
    }

    return $thumbprint
}

function Get-LiveCertificate
{
    <# What crypt32 reads back for a thumbprint (cr_certstore_tool show): a hashtable of name=value. #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Thumbprint
    )

    $tool = Get-CertStoreTool
    $lines = & $tool show $Thumbprint
    if ($LASTEXITCODE -ne 0)
    {
        throw "cr_certstore_tool show $Thumbprint failed (exit $LASTEXITCODE)"
    }

    $table = @{}
    foreach ($line in $lines)
    {
        $name, $value = ([System.String] $line).Split('=', 2)
        $table[$name] = $value
    }

    return $table
}

function Remove-LiveCertificate
{
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Thumbprint
    )

    $tool = Get-CertStoreTool
    $null = & $tool delete $Thumbprint
}

function ConvertTo-LiveComparable
{
    <#
        The properties of objects from a live read and from a snapshot read,
        as JSON without the ones that name the source, so the two can be
        compared.
    #>
    param
    (
        [Parameter(ValueFromPipeline = $true)]
        [System.Object]
        $InputObject,

        [Parameter()]
        [System.String[]]
        $Exclude = @('Source', 'Path', 'ComputerName')
    )

    process
    {
        $InputObject | Select-Object -Property * -ExcludeProperty $Exclude | ConvertTo-Json -Depth 6 -Compress
    }
}

function Add-LiveChangeContract
{
    <#
        Declares (at discovery, inside a Describe) one Context per change in
        -Case, each proving the contract every change command keeps on the
        live registry:
          -WhatIf returns nothing, writes no backup and leaves `reg export`
          of the key byte-identical;
          the change is applied and its result names the backup it wrote;
          the change reads back (the case's own assertions);
          the same change again reports NoChange and writes nothing;
          the undo .reg, imported by Restore-ConnResetBackup, brings back
          the byte-identical `reg export`.
        Each case is a hashtable:
          Name      the Context title (the command line it runs)
          Id        a file-name-safe id
          Key       the key to `reg export` (HKLM\...), one that exists
          Change    { param($BackupPath, [switch] $WhatIf) ... } running the
                    command with -Force (no prompt) and returning its output
          ReadBack  { ... } assertions on the state after the change
          Setup     optional { ... } run first (BeforeAll)
          Cleanup   optional { ... } run last (AfterAll)
        The Describe's BeforeAll sets $skipReason (Get-LiveSkipReason).
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Collections.Hashtable[]]
        $Case
    )

    Context '<Name>' -ForEach $Case {
        BeforeAll {
            if ($skipReason)
            {
                return
            }

            if ($Setup)
            {
                & $Setup
            }

            $script:before = Export-LiveKey -Key $Key -Name "$Id-before"
            $script:backup = Join-Path -Path $TestDrive -ChildPath "$Id-backup.reg"
            $script:result = $null
        }

        AfterAll {
            if (-not $skipReason -and $Cleanup)
            {
                & $Cleanup
            }
        }

        BeforeEach {
            Skip-LiveTest -Reason $skipReason
        }

        It 'Should write nothing with -WhatIf: no result, no backup, reg export byte-identical' {
            $output = & $Change -BackupPath $backup -WhatIf
            $output | Should -BeNullOrEmpty
            Test-Path -LiteralPath $backup | Should -BeFalse
            Compare-LiveExport -Reference $before -Difference (Export-LiveKey -Key $Key -Name "$Id-whatif") | Should -BeNullOrEmpty
        }

        It 'Should apply the change and name the backup in its result' {
            $script:result = & $Change -BackupPath $backup
            $result.PSObject.TypeNames | Should -Contain 'ConnReset.ChangeResult'
            $result.Result | Should -Be 'Applied'
            $result.Source | Should -Be 'Live'
            $result.Backup | Should -Be $backup
            $result.UndoHint | Should -BeLike "*$backup*"
            Test-Path -LiteralPath $backup -PathType Leaf | Should -BeTrue
            Compare-LiveExport -Reference $before -Difference (Export-LiveKey -Key $Key -Name "$Id-after") | Should -Not -BeNullOrEmpty
        }

        It 'Should read back as asked' {
            $result.Result | Should -Be 'Applied'
            & $ReadBack
        }

        It 'Should report nothing to do the second time, and write nothing' {
            $again = Join-Path -Path $TestDrive -ChildPath "$Id-again.reg"
            $after = Export-LiveKey -Key $Key -Name "$Id-again-before"
            $second = & $Change -BackupPath $again
            $second.Result | Should -Be 'NoChange'
            @($second.Operations).Count | Should -Be 0
            Test-Path -LiteralPath $again | Should -BeFalse
            Compare-LiveExport -Reference $after -Difference (Export-LiveKey -Key $Key -Name "$Id-again-after") | Should -BeNullOrEmpty
        }

        It 'Should bring back the byte-identical reg export from the undo .reg' {
            Test-Path -LiteralPath $backup -PathType Leaf | Should -BeTrue
            $undo = Restore-ConnResetBackup -Path $backup -BackupPath (Join-Path -Path $TestDrive -ChildPath "$Id-undo-backup.reg") -Force
            $undo.Result | Should -Be 'Applied'
            Compare-LiveExport -Reference $before -Difference (Export-LiveKey -Key $Key -Name "$Id-undone") | Should -BeNullOrEmpty
        }
    }
}
