#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $win11 = Get-ConnResetTestTlsFixture -Name 'win11-ecdhe-gcm-only.reg'
    $ws2012r2 = Get-ConnResetTestTlsFixture -Name 'ws2012r2-default.reg'
    $ws2022 = Get-ConnResetTestTlsFixture -Name 'ws2022-default.reg'
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
    $out = Join-Path -Path $TestDrive -ChildPath 'out'
    $null = New-Item -Path $out -ItemType Directory -Force

    # The suite the 2012 R2 server (RSA certificate) accepts, which Test-TlsMatch
    # suggests adding to the Windows 11 client.
    $missing = 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384'
    $win11Order = 'TLS_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'
    $policyKey = 'HKLM:\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Set-SchannelCipherSuiteOrder' -Tag 'Public', 'Snapshot', 'SUITE', 'Change' {
    Context 'When the command is declared' {
        It 'Should have ConfirmImpact High and support -WhatIf' {
            $metadata = New-Object -TypeName 'System.Management.Automation.CommandMetadata' -ArgumentList (Get-Command -Name 'Set-SchannelCipherSuiteOrder')
            $metadata.ConfirmImpact | Should -Be 'High'
            $metadata.SupportsShouldProcess | Should -BeTrue
        }

        It 'Should have the parameter sets Add, Name, Remove and Reset' {
            $sets = (Get-Command -Name 'Set-SchannelCipherSuiteOrder').ParameterSets.Name | Sort-Object
            ($sets -join ',') | Should -Be 'Add,Name,Remove,Reset'
        }

        It 'Should refuse two edits at once, or none' {
            $fix = Join-Path -Path $out -ChildPath 'two.reg'
            { Set-SchannelCipherSuiteOrder -Add $missing -Remove $missing -Path $win11 -OutFile $fix } | Should -Throw
            { Set-SchannelCipherSuiteOrder -Path $win11 -OutFile $fix } | Should -Throw
            Test-Path -LiteralPath $fix | Should -BeFalse
        }
    }

    Context 'When run with -WhatIf' {
        It 'Should write neither the fix nor the backup' {
            $fix = Join-Path -Path $out -ChildPath 'whatif-fix.reg'
            $undo = Join-Path -Path $out -ChildPath 'whatif-undo.reg'
            $result = Set-SchannelCipherSuiteOrder -Add $missing -Path $win11 -OutFile $fix -BackupPath $undo -WhatIf
            $result | Should -BeNullOrEmpty
            Test-Path -LiteralPath $fix | Should -BeFalse
            Test-Path -LiteralPath $undo | Should -BeFalse
        }
    }

    Context 'When adding the suite Test-TlsMatch names to the Windows 11 client' {
        BeforeAll {
            $fix = Join-Path -Path $out -ChildPath 'app-win11-add.reg'
            $undo = Join-Path -Path $out -ChildPath 'app-win11-undo.reg'
            $result = Set-SchannelCipherSuiteOrder -Add $missing -Position 0 -Path $win11 -OutFile $fix -BackupPath $undo -Confirm:$false
        }

        It 'Should return a ConnReset.ChangeResult with one policy value' {
            $result.PSTypeNames[0] | Should -Be 'ConnReset.ChangeResult'
            $result.ComputerName | Should -Be 'APP-WIN11'
            $result.Action | Should -Be 'Add'
            $result.Result | Should -Be 'Written'
            @($result.Operations).Count | Should -Be 1
            $result.Operations[0].Key | Should -Be 'HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002'
            $result.Operations[0].Value | Should -Be 'Functions'
            $result.Operations[0].Type | Should -Be 'REG_SZ'
            $result.Note | Should -Match 'restart'
        }

        It 'Should write a fix that, merged after the snapshot, puts the suite first' {
            $text = [System.IO.File]::ReadAllText($fix)
            $text | Should -Match ([System.Text.RegularExpressions.Regex]::Escape(('"Functions"="{0},{1}"' -f $missing, $win11Order)))
            $suites = @(Get-SchannelCipherSuite -Path $win11, $fix)
            $suites.Count | Should -Be 7
            $suites[0].Name | Should -Be $missing
            $suites[0].Position | Should -Be 0
            $suites[0].Source | Should -Be 'policy'
        }

        It 'Should let the client connect to the Windows Server 2012 R2' {
            Test-TlsMatch -Client $win11 -Server $ws2012r2 -Quiet | Should -BeFalse
            Test-TlsMatch -Client $win11, $fix -Server $ws2012r2 -Quiet | Should -BeTrue
        }

        It 'Should write an undo .reg that puts the previous order back' {
            ((Get-SchannelCipherSuite -Path $win11, $fix, $undo) | ForEach-Object -Process { $_.Name }) -join ',' | Should -Be $win11Order
        }

        It 'Should have nothing to do when the suite is already there' {
            $again = Join-Path -Path $out -ChildPath 'again.reg'
            $second = Set-SchannelCipherSuiteOrder -Add $missing -Path $win11, $fix -OutFile $again -Confirm:$false
            $second.Result | Should -Be 'NoChange'
            Test-Path -LiteralPath $again | Should -BeFalse
        }
    }

    Context 'When adding without a position, or removing' {
        It 'Should add the suite last' {
            $fix = Join-Path -Path $out -ChildPath 'add-last.reg'
            $null = Set-SchannelCipherSuiteOrder -Add $missing -Path $win11 -OutFile $fix -Confirm:$false
            $suites = @(Get-SchannelCipherSuite -Path $win11, $fix)
            $suites[-1].Name | Should -Be $missing
            $suites[-1].Position | Should -Be 6
        }

        It 'Should remove one suite and keep the order of the others' {
            $fix = Join-Path -Path $out -ChildPath 'remove.reg'
            $result = Set-SchannelCipherSuiteOrder -Remove 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256' -Path $win11 -OutFile $fix -Confirm:$false
            $result.Action | Should -Be 'Remove'
            ((Get-SchannelCipherSuite -Path $win11, $fix) | ForEach-Object -Process { $_.Name }) -join ',' | Should -Be ($win11Order -replace 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,', '')
        }

        It 'Should have nothing to do when the suite to remove is not there' {
            $fix = Join-Path -Path $out -ChildPath 'remove-absent.reg'
            (Set-SchannelCipherSuiteOrder -Remove 'TLS_RSA_WITH_AES_128_CBC_SHA' -Path $win11 -OutFile $fix -Confirm:$false).Result | Should -Be 'NoChange'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }
    }

    Context 'When setting the whole order' {
        It 'Should write the names as the policy value, from an array or a comma list alike' {
            $fromArray = Join-Path -Path $out -ChildPath 'order-array.reg'
            $fromList = Join-Path -Path $out -ChildPath 'order-list.reg'
            $names = @('TLS_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')
            $result = Set-SchannelCipherSuiteOrder -Name $names -Path $ws2022 -OutFile $fromArray -Confirm:$false
            $result.Action | Should -Be 'Order'
            $null = Set-SchannelCipherSuiteOrder -Name ($names -join ', ') -Path $ws2022 -OutFile $fromList -Confirm:$false
            [System.IO.File]::ReadAllText($fromList) | Should -Be ([System.IO.File]::ReadAllText($fromArray))

            $suites = @(Get-SchannelCipherSuite -Path $ws2022, $fromArray)
            ($suites | ForEach-Object -Process { $_.Name }) -join ',' | Should -Be ($names -join ',')
            $suites[0].Source | Should -Be 'policy'
        }

        It 'Should write ConnReset.InvalidArgument for a name no registry knows, writing nothing' {
            $fix = Join-Path -Path $out -ChildPath 'unknown.reg'
            $caught = $null
            try
            {
                Set-SchannelCipherSuiteOrder -Name 'TLS_NO_SUCH_SUITE' -Path $ws2022 -OutFile $fix -Confirm:$false -ErrorAction 'Stop'
            }
            catch
            {
                $caught = $_
            }

            $caught.FullyQualifiedErrorId | Should -BeLike 'ConnReset.InvalidArgument,*'
            (Get-TestNativeException -ErrorRecord $caught).CodeName | Should -Be 'CR_EINVAL'
            $caught.ToString() | Should -Match 'TLS_NO_SUCH_SUITE'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }

        It 'Should refuse a suite the OS does not support' {
            $fix = Join-Path -Path $out -ChildPath 'unsupported.reg'
            { Set-SchannelCipherSuiteOrder -Add 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' -Path $ws2012r2 -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.InvalidArgument,*'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }

        It 'Should refuse a list over 1,023 characters' {
            $fix = Join-Path -Path $out -ChildPath 'too-long.reg'
            $long = @(1..30 | ForEach-Object -Process { 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' })
            { Set-SchannelCipherSuiteOrder -Name $long -Path $ws2022 -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.InvalidArgument,*' -ExpectedMessage '*1,023*'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }
    }

    Context 'When resetting' {
        It 'Should delete the policy value so the OS default order applies' {
            $fix = Join-Path -Path $out -ChildPath 'reset.reg'
            $result = Set-SchannelCipherSuiteOrder -Reset -Path $win11 -OutFile $fix -Confirm:$false
            $result.Action | Should -Be 'Reset'
            $result.Operations[0].Operation | Should -Be 'delete value'
            (Get-SchannelCipherSuite -Path $win11, $fix)[0].Source | Should -Be 'os-default'
        }

        It 'Should have nothing to do without a policy value' {
            (Set-SchannelCipherSuiteOrder -Reset -Path $ws2012r2 -OutFile (Join-Path -Path $out -ChildPath 'reset-none.reg') -Confirm:$false).Result | Should -Be 'NoChange'
        }
    }

    Context 'When -PassThru is given' {
        It 'Should also return the resulting list' {
            $fix = Join-Path -Path $out -ChildPath 'passthru.reg'
            $results = @(Set-SchannelCipherSuiteOrder -Add $missing -Path $win11 -OutFile $fix -PassThru -Confirm:$false)
            $results.Count | Should -Be 8
            $results[0].PSTypeNames[0] | Should -Be 'ConnReset.ChangeResult'
            $results[1].PSTypeNames[0] | Should -Be 'ConnReset.SchannelCipherSuite'
            $results[-1].Name | Should -Be $missing
        }
    }

    Context 'When one of several snapshots piped in fails' {
        It 'Should write one error for the unreadable snapshot and still write the fix of the next' {
            $in = Join-Path -Path $TestDrive -ChildPath 'piped-two'
            $first = Copy-ConnResetTestFixture -Path $bad -Destination $in
            $second = Copy-ConnResetTestFixture -Path $win11 -Destination $in
            $fix = Join-Path -Path $out -ChildPath 'piped-two.reg'
            $run = Invoke-ConnResetTestPipeline -ScriptBlock { Get-Item -LiteralPath $first, $second | Set-SchannelCipherSuiteOrder -Add $missing -OutFile $fix -Confirm:$false }
            $run.Terminating | Should -BeNullOrEmpty
            $run.Errors.Count | Should -Be 1
            $run.Errors[0].FullyQualifiedErrorId | Should -Be 'ConnReset.SnapshotUnreadable,Set-SchannelCipherSuiteOrder'
            $run.Output.Count | Should -Be 1
            $run.Output[0].ComputerName | Should -Be 'APP-WIN11'
            $run.Output[0].Result | Should -Be 'Written'
            (Get-SchannelCipherSuite -Path $second, $fix).Name | Should -Contain $missing
        }
    }

    Context 'When the input is wrong' {
        It 'Should require -OutFile with -Path' {
            { Set-SchannelCipherSuiteOrder -Add $missing -Path $win11 -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.OutFileRequired,*'
        }

        It 'Should write ConnReset.SnapshotUnreadable for a malformed snapshot' {
            $fix = Join-Path -Path $out -ChildPath 'from-bad.reg'
            { Set-SchannelCipherSuiteOrder -Add $missing -Path $bad -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.SnapshotUnreadable,*'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            { Set-SchannelCipherSuiteOrder -Add $missing -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }
    }

    Context 'When run with -WhatIf against the live registry' {
        # Only on Windows: it reads the live registry, which exists nowhere else.
        It 'Should change no value and write no backup' -Skip:(-not $onWindows) {
            $before = (Get-ItemProperty -Path $policyKey -ErrorAction 'SilentlyContinue').Functions
            $backups = Join-Path -Path $env:ProgramData -ChildPath 'ConnReset/Backups'
            $countBefore = @(Get-ChildItem -Path $backups -Filter '*.reg' -ErrorAction 'SilentlyContinue').Count
            # Whether a plan can be made depends on this machine's list (names
            # it lacks, the 1,023-character limit); either way nothing is written.
            $attempts = @(
                @{ Name = 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' },
                @{ Add = 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'; Position = 0 },
                @{ Remove = 'TLS_RSA_WITH_AES_128_CBC_SHA' },
                @{ Reset = $true }
            )
            foreach ($arguments in $attempts)
            {
                try
                {
                    $null = Set-SchannelCipherSuiteOrder @arguments -WhatIf
                }
                catch
                {
                    $_.FullyQualifiedErrorId | Should -BeLike 'ConnReset.InvalidArgument,*'
                }
            }

            (Get-ItemProperty -Path $policyKey -ErrorAction 'SilentlyContinue').Functions | Should -Be $before
            @(Get-ChildItem -Path $backups -Filter '*.reg' -ErrorAction 'SilentlyContinue').Count | Should -Be $countBefore
        }
    }
}
