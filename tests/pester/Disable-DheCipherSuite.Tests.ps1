#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $dheFirst = Get-ConnResetTestTlsFixture -Name 'ws2019-dhe-first-server.reg'
    $unfixedClient = Get-ConnResetTestTlsFixture -Name 'ws2016-unfixed-dhe-client.reg'
    $ws2022 = Get-ConnResetTestTlsFixture -Name 'ws2022-default.reg'
    $win11 = Get-ConnResetTestTlsFixture -Name 'win11-ecdhe-gcm-only.reg'
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
    $out = Join-Path -Path $TestDrive -ChildPath 'out'
    $null = New-Item -Path $out -ItemType Directory -Force

    $dheFirstOrder = 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'
    $policyKey = 'HKLM:\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Disable-DheCipherSuite' -Tag 'Public', 'Snapshot', 'DHE', 'Change' {
    Context 'When the command is declared' {
        It 'Should have ConfirmImpact High and support -WhatIf' {
            $metadata = New-Object -TypeName 'System.Management.Automation.CommandMetadata' -ArgumentList (Get-Command -Name 'Disable-DheCipherSuite')
            $metadata.ConfirmImpact | Should -Be 'High'
            $metadata.SupportsShouldProcess | Should -BeTrue
        }
    }

    Context 'When run with -WhatIf' {
        It 'Should write neither the fix nor the backup' {
            $fix = Join-Path -Path $out -ChildPath 'whatif-fix.reg'
            $undo = Join-Path -Path $out -ChildPath 'whatif-undo.reg'
            $result = Disable-DheCipherSuite -Path $dheFirst -OutFile $fix -BackupPath $undo -WhatIf
            $result | Should -BeNullOrEmpty
            Test-Path -LiteralPath $fix | Should -BeFalse
            Test-Path -LiteralPath $undo | Should -BeFalse
        }
    }

    Context 'When a Windows Server 2019 prefers TLS_DHE suites (seed 001, scenario 3)' {
        BeforeAll {
            $fix = Join-Path -Path $out -ChildPath 'sql2019-nodhe.reg'
            $undo = Join-Path -Path $out -ChildPath 'sql2019-undo.reg'
            $result = Disable-DheCipherSuite -Path $dheFirst -OutFile $fix -BackupPath $undo -Confirm:$false
        }

        It 'Should return a ConnReset.ChangeResult with one policy value' {
            $result.PSTypeNames[0] | Should -Be 'ConnReset.ChangeResult'
            $result.ComputerName | Should -Be 'SQL2019'
            $result.Action | Should -Be 'Disable'
            $result.Result | Should -Be 'Written'
            @($result.Operations).Count | Should -Be 1
            $result.Operations[0].Value | Should -Be 'Functions'
            $result.Operations[0].Current | Should -Match 'TLS_DHE_'
            $result.Note | Should -Match 'restart'
        }

        It 'Should write a policy without any TLS_DHE suite' {
            $text = [System.IO.File]::ReadAllText($fix)
            $text | Should -Match '"Functions"="TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"'
            $text | Should -Not -Match 'TLS_DHE_'
        }

        It 'Should, merged after the snapshot, leave no DHE suite and no DHE001' {
            $suites = @(Get-SchannelCipherSuite -Path $dheFirst, $fix)
            $suites.Count | Should -Be 2
            @($suites | Where-Object -FilterScript { $_.Flags -contains 'DHE' }).Count | Should -Be 0
            (Invoke-ConnResetDiagnosis -Path $dheFirst).Id | Should -Contain 'DHE001'
            @(Invoke-ConnResetDiagnosis -Path $dheFirst, $fix | Where-Object -Property Id -EQ 'DHE001').Count | Should -Be 0
        }

        It 'Should let the client without the leading-zero fix connect' {
            $before = Test-TlsMatch -Client $unfixedClient -Server $dheFirst
            $before.Outcome | Should -Be 'Intermittent'
            $before.Family | Should -Be 'DHEZERO'
            $after = Test-TlsMatch -Client $unfixedClient -Server $dheFirst, $fix
            $after.Outcome | Should -Be 'Connects'
            $after.Suite | Should -Be 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'
        }

        It 'Should write an undo .reg that puts the DHE-first order back' {
            ((Get-SchannelCipherSuite -Path $dheFirst, $fix, $undo) | ForEach-Object -Process { $_.Name }) -join ',' | Should -Be $dheFirstOrder
        }

        It 'Should have nothing to do the second time, and write nothing' {
            $again = Join-Path -Path $out -ChildPath 'again.reg'
            $second = Disable-DheCipherSuite -Path $dheFirst, $fix -OutFile $again -Confirm:$false
            $second.Result | Should -Be 'NoChange'
            @($second.Operations).Count | Should -Be 0
            Test-Path -LiteralPath $again | Should -BeFalse
        }
    }

    Context 'When the OS default list holds the DHE suites' {
        It 'Should write the default order without them as the policy value, NULL suites kept' {
            $fix = Join-Path -Path $out -ChildPath 'sql2022-nodhe.reg'
            $result = Disable-DheCipherSuite -Path $ws2022 -OutFile $fix -Confirm:$false
            $result.Result | Should -Be 'Written'
            # The usable suites and the NULL ones the default list enables
            # for applications that explicitly ask (never usable by default).
            $before = @(Get-SchannelCipherSuite -Path $ws2022 | Where-Object -FilterScript { $_.Usable -or $_.Flags -contains 'NULL' })
            $after = @(Get-SchannelCipherSuite -Path $ws2022, $fix)
            $after[0].Source | Should -Be 'policy'
            @($after | Where-Object -FilterScript { $_.Flags -contains 'DHE' }).Count | Should -Be 0
            $kept = @($before | Where-Object -FilterScript { $_.Flags -notcontains 'DHE' } | ForEach-Object -Process { $_.Name })
            ($after | ForEach-Object -Process { $_.Name }) -join ',' | Should -Be ($kept -join ',')
            @($after | Where-Object -FilterScript { $_.Flags -contains 'NULL' } | ForEach-Object -Process { $_.Name }) | Should -Be @('TLS_RSA_WITH_NULL_SHA256', 'TLS_RSA_WITH_NULL_SHA')
            @($after | Where-Object -FilterScript { $_.Flags -contains 'NULL' -and $_.Usable }).Count | Should -Be 0
        }

        It 'Should have nothing to do when no DHE suite is enabled' {
            $fix = Join-Path -Path $out -ChildPath 'win11-nodhe.reg'
            (Disable-DheCipherSuite -Path $win11 -OutFile $fix -Confirm:$false).Result | Should -Be 'NoChange'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }
    }

    Context 'When -PassThru is given' {
        It 'Should also return the resulting list' {
            $fix = Join-Path -Path $out -ChildPath 'passthru.reg'
            $results = @(Disable-DheCipherSuite -Path $dheFirst -OutFile $fix -PassThru -Confirm:$false)
            $results.Count | Should -Be 3
            $results[0].PSTypeNames[0] | Should -Be 'ConnReset.ChangeResult'
            $results[1].PSTypeNames[0] | Should -Be 'ConnReset.SchannelCipherSuite'
        }
    }

    Context 'When one of several snapshots piped in fails' {
        It 'Should write one error for the unreadable snapshot and still write the fix of the next' {
            $in = Join-Path -Path $TestDrive -ChildPath 'piped-two'
            $first = Copy-ConnResetTestFixture -Path $bad -Destination $in
            $second = Copy-ConnResetTestFixture -Path $dheFirst -Destination $in
            $fix = Join-Path -Path $out -ChildPath 'piped-two.reg'
            $run = Invoke-ConnResetTestPipeline -ScriptBlock { Get-Item -LiteralPath $first, $second | Disable-DheCipherSuite -OutFile $fix -Confirm:$false }
            $run.Terminating | Should -BeNullOrEmpty
            $run.Errors.Count | Should -Be 1
            $run.Errors[0].FullyQualifiedErrorId | Should -Be 'ConnReset.SnapshotUnreadable,Disable-DheCipherSuite'
            $run.Output.Count | Should -Be 1
            $run.Output[0].ComputerName | Should -Be 'SQL2019'
            $run.Output[0].Result | Should -Be 'Written'
            @((Get-SchannelCipherSuite -Path $second, $fix).Name | Where-Object -FilterScript { $_ -like 'TLS_DHE_*' }).Count | Should -Be 0
        }
    }

    Context 'When the input is wrong' {
        It 'Should require -OutFile with -Path' {
            { Disable-DheCipherSuite -Path $dheFirst -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.OutFileRequired,*'
        }

        It 'Should write ConnReset.SnapshotUnreadable for a malformed snapshot' {
            $fix = Join-Path -Path $out -ChildPath 'from-bad.reg'
            { Disable-DheCipherSuite -Path $bad -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.SnapshotUnreadable,*'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }

        It 'Should write ConnReset.FileUnwritable when the fix cannot be written' {
            $fix = Join-Path -Path $out -ChildPath 'no/such/folder/fix.reg'
            { Disable-DheCipherSuite -Path $dheFirst -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.FileUnwritable,*'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            { Disable-DheCipherSuite -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
            { Disable-DheCipherSuite -WhatIf } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }
    }

    Context 'When run with -WhatIf against the live registry' {
        # Only on Windows: it reads the live registry, which exists nowhere else.
        It 'Should change no value and write no backup' -Skip:(-not $onWindows) {
            $before = (Get-ItemProperty -Path $policyKey -ErrorAction 'SilentlyContinue').Functions
            $backups = Join-Path -Path $env:ProgramData -ChildPath 'ConnReset/Backups'
            $countBefore = @(Get-ChildItem -Path $backups -Filter '*.reg' -ErrorAction 'SilentlyContinue').Count
            try
            {
                $null = Disable-DheCipherSuite -WhatIf
            }
            catch
            {
                # Some default lists are over 1,023 characters even without DHE.
                $_.FullyQualifiedErrorId | Should -BeLike 'ConnReset.InvalidArgument,*'
            }

            (Get-ItemProperty -Path $policyKey -ErrorAction 'SilentlyContinue').Functions | Should -Be $before
            @(Get-ChildItem -Path $backups -Filter '*.reg' -ErrorAction 'SilentlyContinue').Count | Should -Be $countBefore
        }
    }
}
