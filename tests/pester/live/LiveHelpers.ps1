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
    # By its full path: under Wine, PowerShell finds no program on the PATH.
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
    if ($LASTEXITCODE -ne 0 -and ($output -join ' ') -match 'Invalid option \[[^\]]*reg\.exe\]')
    {
        # Wine's reg.exe once took its own path for an option ("reg: Invalid
        # option [C:\windows\system32\reg.exe]") in a CI run where the same
        # call passed in every other run: a start-up fault of the tool, not
        # an answer about the registry, so it is asked again, once.
        $output = & (Get-RegExe) @ArgumentList 2>&1
    }

    if ($LASTEXITCODE -ne 0)
    {
        throw ('reg {0} failed (exit {1}): {2}' -f ($ArgumentList -join ' '), $LASTEXITCODE, ($output -join ' '))
    }

    return $output
}

function Export-LiveKey
{
    <#
        `reg export` of each -Key (HKLM\...) into new files under $TestDrive;
        returns the files, in the order of -Key. Their bytes are the judge of
        whether a change wrote anything.
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String[]]
        $Key,

        [Parameter()]
        [System.String]
        $Name = 'export'
    )

    $folder = Join-Path -Path $TestDrive -ChildPath 'exports'
    $null = New-Item -Path $folder -ItemType Directory -Force
    foreach ($one in $Key)
    {
        $file = Join-Path -Path $folder -ChildPath ('{0}-{1}.reg' -f $Name, [System.Guid]::NewGuid().ToString('N'))
        $null = Invoke-Reg export $one $file /y
        $file
    }
}

function Compare-LiveExport
{
    <#
        $null when each pair of `reg export` files is byte-identical, else
        the lines that differ (decoded from UTF-16), for the failure message.
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String[]]
        $Reference,

        [Parameter(Mandatory = $true)]
        [System.String[]]
        $Difference
    )

    if ($Reference.Count -ne $Difference.Count)
    {
        return ('{0} exports against {1}' -f $Reference.Count, $Difference.Count)
    }

    $differences = @()
    for ($i = 0; $i -lt $Reference.Count; $i++)
    {
        $a = [System.IO.File]::ReadAllBytes($Reference[$i])
        $b = [System.IO.File]::ReadAllBytes($Difference[$i])
        if ([System.Linq.Enumerable]::SequenceEqual($a, $b))
        {
            continue
        }

        $diff = Compare-Object -ReferenceObject @(Get-Content -LiteralPath $Reference[$i]) -DifferenceObject @(Get-Content -LiteralPath $Difference[$i]) |
            ForEach-Object -Process { '{0} {1}' -f $_.SideIndicator, $_.InputObject }
        $differences += ('{0} ({1} bytes) and {2} ({3} bytes) differ: {4}' -f $Reference[$i], $a.Length, $Difference[$i], $b.Length, ((@($diff) | Select-Object -First 20) -join ' | '))
    }

    if ($differences.Count -eq 0)
    {
        return $null
    }

    return ($differences -join '; ')
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
          Key       the keys to `reg export` (HKLM\...), ones that exist
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

function Get-LiveBackupFile
{
    <# The undo .reg files under $env:ProgramData\ConnReset\Backups whose names start with -Prefix. #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Prefix
    )

    $folder = Join-Path -Path (Join-Path -Path $env:ProgramData -ChildPath 'ConnReset') -ChildPath 'Backups'
    return @(Get-ChildItem -LiteralPath $folder -Filter "$Prefix*.reg" -ErrorAction 'SilentlyContinue' | ForEach-Object -Process { $_.FullName })
}

function Add-LiveDscContract
{
    <#
        Declares (at discovery, inside a Describe) one Context per class
        resource instance in -Case, each proving against the live registry
        what DSC and Machine Configuration rely on:
          Test() is false and Get() gives Reasons while out of state;
          Set() under -WhatIf leaves `reg export` byte-identical and writes
          no undo .reg;
          Set() applies the change, writes one undo .reg under
          $env:ProgramData\ConnReset\Backups and names it, after which Test()
          is true;
          Get() reads back as asked (the case's own assertions);
          Set() again has nothing to do: no write, no new undo .reg;
          Restore-ConnResetBackup of that undo .reg brings back the
          byte-identical export and Test() is false again.
        Each case is a hashtable:
          Name      the Context title
          Id        a file-name-safe id
          Key       the keys to `reg export` (HKLM\...), ones that exist
          Class     the class resource (ConnResetSynProtection, ...)
          Property  its properties (a hashtable; scriptblock values are
                    evaluated when the Context starts, for thumbprints)
          Backup    the undo file's name prefix ('dsc-synprotection')
          Reboot    whether the change needs a restart: Set() then sets
                    $global:DSCMachineStatus = 1, DSC's reboot request
          ReadBack  { param($Current) ... } assertions on Get()'s result
          Setup     optional { ... } run first (BeforeAll)
          Cleanup   optional { ... } run last (AfterAll)
        The Describe's BeforeAll sets $skipReason (Get-LiveSkipReason) and
        dot-sources tests/pester/DscTestHelpers.ps1.
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

            # Not $name: variables ignore case, and $Name is the case's.
            $properties = @{}
            foreach ($propertyName in $Property.Keys)
            {
                $value = $Property[$propertyName]
                if ($value -is [System.Management.Automation.ScriptBlock])
                {
                    $value = & $value
                }

                $properties[$propertyName] = $value
            }

            $script:resource = New-ConnResetTestDscResource -ClassName $Class -Property $properties
            $script:before = Export-LiveKey -Key $Key -Name "$Id-before"
            $script:backupsBefore = Get-LiveBackupFile -Prefix $Backup
            $script:undo = $null
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

        It 'Should be out of state: Test() is false and Get() gives the Reasons, a differing property first' {
            $resource.Test() | Should -BeFalse
            $current = $resource.Get()
            $current.GetType().Name | Should -Be $Class
            @($current.Reasons).Count | Should -BeGreaterThan 0
            $propertyCodes = @($Property.Keys | ForEach-Object -Process { "ConnReset:ConnReset:$_" })
            $propertyCodes | Should -Contain $current.Reasons[0].Code
            foreach ($reason in $current.Reasons)
            {
                $reason.Code | Should -BeLike 'ConnReset:ConnReset:*'
                $reason.Phrase | Should -Not -BeNullOrEmpty
            }
        }

        It 'Should write nothing under -WhatIf: reg export byte-identical, no undo .reg' {
            Invoke-ConnResetTestDscSetWhatIf -Resource $resource
            Compare-LiveExport -Reference $before -Difference (Export-LiveKey -Key $Key -Name "$Id-whatif") | Should -BeNullOrEmpty
            @(Get-LiveBackupFile -Prefix $Backup) | Should -Be $backupsBefore
            $resource.Test() | Should -BeFalse
        }

        It 'Should apply with Set(), name the undo .reg it wrote, and be in state' {
            $saved = $global:VerbosePreference
            $global:DSCMachineStatus = 0
            try
            {
                $global:VerbosePreference = 'Continue'
                $verbose = @(& { $resource.Set() } 4>&1 3>$null)
            }
            finally
            {
                $global:VerbosePreference = $saved
            }

            $new = @(Get-LiveBackupFile -Prefix $Backup | Where-Object -FilterScript { $backupsBefore -notcontains $_ })
            $new | Should -HaveCount 1
            $script:undo = $new[0]
            Split-Path -Path $undo -Leaf | Should -Match ('^{0}-\d{{8}}-\d{{6}}-\d{{3}}\.reg$' -f [System.Text.RegularExpressions.Regex]::Escape($Backup))
            @($verbose | Where-Object -FilterScript { "$_" -like "*$undo*" }) | Should -Not -BeNullOrEmpty -Because 'Set() says where the undo .reg is'
            Compare-LiveExport -Reference $before -Difference (Export-LiveKey -Key $Key -Name "$Id-after") | Should -Not -BeNullOrEmpty
            $global:DSCMachineStatus | Should -Be ([System.Int32] $Reboot) -Because 'DSC reads the reboot request from it'
            $resource.Test() | Should -BeTrue
            # No property differs any more; findings may remain (a Reason
            # per finding, such as SYN001 while the protection is on).
            $propertyCodes = @($Property.Keys | ForEach-Object -Process { "ConnReset:ConnReset:$_" })
            @($resource.Get().Reasons | Where-Object -FilterScript { $propertyCodes -contains $_.Code }) | Should -HaveCount 0
        }

        It 'Should read back as asked' {
            $undo | Should -Not -BeNullOrEmpty
            & $ReadBack -Current $resource.Get()
        }

        It 'Should have nothing to do the second time: no write, no new undo .reg' {
            $after = Export-LiveKey -Key $Key -Name "$Id-again-before"
            $backups = @(Get-LiveBackupFile -Prefix $Backup)
            $resource.Set()
            Compare-LiveExport -Reference $after -Difference (Export-LiveKey -Key $Key -Name "$Id-again-after") | Should -BeNullOrEmpty
            @(Get-LiveBackupFile -Prefix $Backup) | Should -Be $backups
            $resource.Test() | Should -BeTrue
        }

        It 'Should bring back the byte-identical reg export from the undo .reg, out of state again' {
            $undo | Should -Not -BeNullOrEmpty
            $restored = Restore-ConnResetBackup -Path $undo -BackupPath (Join-Path -Path $TestDrive -ChildPath "$Id-undo-backup.reg") -Force
            $restored.Result | Should -Be 'Applied'
            Compare-LiveExport -Reference $before -Difference (Export-LiveKey -Key $Key -Name "$Id-undone") | Should -BeNullOrEmpty
            $resource.Test() | Should -BeFalse
        }
    }
}
