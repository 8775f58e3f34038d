#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $ws2008r2 = Get-ConnResetTestTlsFixture -Name 'ws2008r2-default.reg'
    $ws2012r2 = Get-ConnResetTestTlsFixture -Name 'ws2012r2-default.reg'
    $tls12Only = Get-ConnResetTestTlsFixture -Name 'ws2019-tls12-only-client.reg'
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
    $out = Join-Path -Path $TestDrive -ChildPath 'out'
    $null = New-Item -Path $out -ItemType Directory -Force

    $tls12ServerKey = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Set-SchannelProtocol' -Tag 'Public', 'Snapshot', 'PROTO', 'Change' {
    Context 'When the command is declared' {
        It 'Should have ConfirmImpact High and support -WhatIf' {
            $metadata = New-Object -TypeName 'System.Management.Automation.CommandMetadata' -ArgumentList (Get-Command -Name 'Set-SchannelProtocol')
            $metadata.ConfirmImpact | Should -Be 'High'
            $metadata.SupportsShouldProcess | Should -BeTrue
        }

        It 'Should refuse an unknown protocol, role or state before reading anything' {
            $fix = Join-Path -Path $out -ChildPath 'refused.reg'
            { Set-SchannelProtocol -Protocol 'TLS9' -Role 'Server' -State 'Enabled' -Path $ws2008r2 -OutFile $fix } | Should -Throw
            { Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Middle' -State 'Enabled' -Path $ws2008r2 -OutFile $fix } | Should -Throw
            { Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State 'On' -Path $ws2008r2 -OutFile $fix } | Should -Throw
            Test-Path -LiteralPath $fix | Should -BeFalse
        }
    }

    Context 'When run with -WhatIf' {
        It 'Should write neither the fix nor the backup' {
            $fix = Join-Path -Path $out -ChildPath 'whatif-fix.reg'
            $undo = Join-Path -Path $out -ChildPath 'whatif-undo.reg'
            $result = Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State 'Enabled' -Path $ws2008r2 -OutFile $fix -BackupPath $undo -WhatIf
            $result | Should -BeNullOrEmpty
            Test-Path -LiteralPath $fix | Should -BeFalse
            Test-Path -LiteralPath $undo | Should -BeFalse
        }
    }

    Context 'When enabling TLS 1.2 for the server role of a Windows Server 2008 R2 snapshot' {
        BeforeAll {
            $fix = Join-Path -Path $out -ChildPath 'sql2008r2-tls12.reg'
            $undo = Join-Path -Path $out -ChildPath 'sql2008r2-undo.reg'
            $result = Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State 'Enabled' -Path $ws2008r2 -OutFile $fix -BackupPath $undo -Confirm:$false
        }

        It 'Should return a ConnReset.ChangeResult that says when it takes effect' {
            $result.PSTypeNames[0] | Should -Be 'ConnReset.ChangeResult'
            $result.ComputerName | Should -Be 'SQL2008R2'
            $result.Action | Should -Be 'Enable'
            $result.Result | Should -Be 'Written'
            $result.OutFile | Should -Be $fix
            $result.Backup | Should -Be $undo
            $result.Message | Should -Match 'reg import'
            $result.Note | Should -Match 'restart'
            $result.Title | Should -Match 'TLS 1\.2'
        }

        It 'Should plan exactly Enabled = 1 and DisabledByDefault = 0 under TLS 1.2\Server' {
            @($result.Operations).Count | Should -Be 2
            ($result.Operations | ForEach-Object -Process { $_.Value }) -join ',' | Should -Be 'Enabled,DisabledByDefault'
            ($result.Operations | ForEach-Object -Process { $_.Type } | Sort-Object -Unique) | Should -Be 'REG_DWORD'
            ($result.Operations | ForEach-Object -Process { $_.Key } | Sort-Object -Unique) | Should -BeLike '*\Protocols\TLS 1.2\Server'
            $result.Operations[0].Data | Should -Match '^1 '
            $result.Operations[1].Data | Should -Match '^0 '
        }

        It 'Should write a fix that, merged after the snapshot, shows TLS 1.2 enabled for the server only' {
            Test-Path -LiteralPath $fix | Should -BeTrue
            $server = Get-SchannelProtocol -Path $ws2008r2, $fix -Protocol 'TLS1.2' -Role 'Server'
            $server.State | Should -Be 'Enabled'
            $server.Enabled | Should -Be 1
            $server.DisabledByDefault | Should -Be 0
            (Get-SchannelProtocol -Path $ws2008r2, $fix -Protocol 'TLS1.2' -Role 'Client').State | Should -Be 'DisabledByDefault'
        }

        It 'Should let a TLS 1.2-only client connect' {
            Test-TlsMatch -Client $tls12Only -Server $ws2008r2 -Quiet | Should -BeFalse
            Test-TlsMatch -Client $tls12Only -Server $ws2008r2, $fix -Quiet | Should -BeTrue
        }

        It 'Should write an undo .reg that puts the OS default back' {
            $text = [System.IO.File]::ReadAllText($undo)
            $text | Should -Match 'Windows Registry Editor Version 5\.00'
            (Get-SchannelProtocol -Path $ws2008r2, $fix, $undo -Protocol 'TLS1.2' -Role 'Server').State | Should -Be 'DisabledByDefault'
        }

        It 'Should have nothing to do the second time, and write nothing' {
            $again = Join-Path -Path $out -ChildPath 'again.reg'
            $second = Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State 'Enabled' -Path $ws2008r2, $fix -OutFile $again -Confirm:$false
            $second.Result | Should -Be 'NoChange'
            @($second.Operations).Count | Should -Be 0
            Test-Path -LiteralPath $again | Should -BeFalse
        }

        It 'Should not ask for confirmation when it only writes a file' {
            $quiet = Join-Path -Path $out -ChildPath 'quiet.reg'
            $null = Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State 'Enabled' -Path $ws2008r2 -OutFile $quiet
            Test-Path -LiteralPath $quiet | Should -BeTrue
        }
    }

    Context 'When changing both roles, then going back to the default' {
        It 'Should disable SSL 3.0 for both roles with four values' {
            $fix = Join-Path -Path $out -ChildPath 'ssl3-off.reg'
            $result = Set-SchannelProtocol -Protocol 'SSL3.0' -Role 'Both' -State 'Disabled' -Path $ws2012r2 -OutFile $fix -Confirm:$false
            $result.Action | Should -Be 'Disable'
            @($result.Operations).Count | Should -Be 4
            (Get-SchannelProtocol -Path $ws2012r2, $fix -Protocol 'SSL3.0' | ForEach-Object -Process { $_.State } | Sort-Object -Unique) | Should -Be 'Disabled'
        }

        It 'Should delete the keys with -State Default' {
            $off = Join-Path -Path $out -ChildPath 'ssl3-off-2.reg'
            $reset = Join-Path -Path $out -ChildPath 'ssl3-default.reg'
            $null = Set-SchannelProtocol -Protocol 'SSL3.0' -Role 'Both' -State 'Disabled' -Path $ws2012r2 -OutFile $off -Confirm:$false
            $result = Set-SchannelProtocol -Protocol 'SSL3.0' -Role 'Both' -State 'Default' -Path $ws2012r2, $off -OutFile $reset -Confirm:$false
            $result.Action | Should -Be 'Reset'
            $result.Operations[0].Operation | Should -Match 'delete'
            (Get-SchannelProtocol -Path $ws2012r2, $off, $reset -Protocol 'SSL3.0' | ForEach-Object -Process { $_.State } | Sort-Object -Unique) | Should -Be 'Enabled'
        }
    }

    Context 'When -PassThru is given' {
        It 'Should also return the resulting state of the role' {
            $fix = Join-Path -Path $out -ChildPath 'passthru.reg'
            $results = @(Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State 'Enabled' -Path $ws2008r2 -OutFile $fix -PassThru -Confirm:$false)
            $results.Count | Should -Be 2
            $results[0].PSTypeNames[0] | Should -Be 'ConnReset.ChangeResult'
            $results[1].PSTypeNames[0] | Should -Be 'ConnReset.SchannelProtocol'
            $results[1].Role | Should -Be 'Server'
            $results[1].State | Should -Be 'Enabled'
        }

        It 'Should return both roles for -Role Both' {
            $fix = Join-Path -Path $out -ChildPath 'passthru-both.reg'
            $results = @(Set-SchannelProtocol -Protocol 'TLS1.1' -Role 'Both' -State 'Enabled' -Path $ws2008r2 -OutFile $fix -PassThru -Confirm:$false)
            $results.Count | Should -Be 3
            ($results[1..2] | ForEach-Object -Process { $_.State } | Sort-Object -Unique) | Should -Be 'Enabled'
        }
    }

    Context 'When snapshots come through the pipeline' {
        It 'Should bind -Path by property name' {
            $fix = Join-Path -Path $out -ChildPath 'piped.reg'
            $result = Get-Item -LiteralPath $ws2008r2 | Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State 'Enabled' -OutFile $fix -Confirm:$false
            $result.ComputerName | Should -Be 'SQL2008R2'
            Test-Path -LiteralPath $fix | Should -BeTrue
        }

        It 'Should refuse to write two machines into one -OutFile' {
            $fix = Join-Path -Path $out -ChildPath 'shared.reg'
            { Get-ChildItem -LiteralPath $ws2008r2, $ws2012r2 | Set-SchannelProtocol -Protocol 'SSL3.0' -Role 'Both' -State 'Disabled' -OutFile $fix -Confirm:$false } |
                Should -Throw -ErrorId 'ConnReset.OutFileReused,*'
        }
    }

    Context 'When one of several snapshots piped in fails' {
        It 'Should write one error for the unreadable snapshot and still write the fix of the next' {
            $in = Join-Path -Path $TestDrive -ChildPath 'piped-two'
            $first = Copy-ConnResetTestFixture -Path $bad -Destination $in
            $second = Copy-ConnResetTestFixture -Path $ws2008r2 -Destination $in
            $fix = Join-Path -Path $out -ChildPath 'piped-two.reg'
            $run = Invoke-ConnResetTestPipeline -ScriptBlock { Get-Item -LiteralPath $first, $second | Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State 'Enabled' -OutFile $fix -Confirm:$false }
            $run.Terminating | Should -BeNullOrEmpty
            $run.Errors.Count | Should -Be 1
            $run.Errors[0].FullyQualifiedErrorId | Should -Be 'ConnReset.SnapshotUnreadable,Set-SchannelProtocol'
            $run.Output.Count | Should -Be 1
            $run.Output[0].ComputerName | Should -Be 'SQL2008R2'
            $run.Output[0].Result | Should -Be 'Written'
            (Get-SchannelProtocol -Path $second, $fix -Protocol 'TLS1.2' -Role 'Server').State | Should -Be 'Enabled'
        }

        It 'Should write one error for the machine that lacks the version and still write the fix of the next' {
            # TLS 1.3: Windows Server 2012 R2 does not have it, 2022 has it.
            $in = Join-Path -Path $TestDrive -ChildPath 'piped-tls13'
            $first = Copy-ConnResetTestFixture -Path $ws2012r2 -Destination $in
            $second = Copy-ConnResetTestFixture -Path (Get-ConnResetTestTlsFixture -Name 'ws2022-default.reg') -Destination $in
            $fix = Join-Path -Path $out -ChildPath 'piped-tls13.reg'
            $run = Invoke-ConnResetTestPipeline -ScriptBlock { Get-Item -LiteralPath $first, $second | Set-SchannelProtocol -Protocol 'TLS1.3' -Role 'Server' -State 'Enabled' -OutFile $fix -Confirm:$false }
            $run.Terminating | Should -BeNullOrEmpty
            $run.Errors.Count | Should -Be 1
            $run.Errors[0].FullyQualifiedErrorId | Should -Be 'ConnReset.InvalidArgument,Set-SchannelProtocol'
            $run.Output.Count | Should -Be 1
            $run.Output[0].ComputerName | Should -Be 'SQL2022'
            $run.Output[0].Result | Should -Be 'Written'
            (Get-SchannelProtocol -Path $second, $fix -Protocol 'TLS1.3' -Role 'Server').Enabled | Should -Be 1
        }
    }

    Context 'When the input is wrong' {
        It 'Should write ConnReset.InvalidArgument when enabling a version the OS lacks, writing nothing' {
            $fix = Join-Path -Path $out -ChildPath 'tls13.reg'
            $caught = $null
            try
            {
                Set-SchannelProtocol -Protocol 'TLS1.3' -Role 'Server' -State 'Enabled' -Path $ws2012r2 -OutFile $fix -Confirm:$false -ErrorAction 'Stop'
            }
            catch
            {
                $caught = $_
            }

            $caught.FullyQualifiedErrorId | Should -BeLike 'ConnReset.InvalidArgument,*'
            (Get-TestNativeException -ErrorRecord $caught).CodeName | Should -Be 'CR_EINVAL'
            $caught.ToString() | Should -Match 'TLS 1\.3'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }

        It 'Should require -OutFile with -Path' {
            { Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State 'Enabled' -Path $ws2008r2 -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.OutFileRequired,*'
        }

        It 'Should write ConnReset.SnapshotUnreadable for a malformed snapshot' {
            $fix = Join-Path -Path $out -ChildPath 'from-bad.reg'
            { Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State 'Enabled' -Path $bad -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.SnapshotUnreadable,*'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }

        It 'Should write ConnReset.FileUnwritable when the fix cannot be written' {
            $fix = Join-Path -Path $out -ChildPath 'no/such/folder/fix.reg'
            { Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State 'Enabled' -Path $ws2008r2 -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.FileUnwritable,*'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            { Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State 'Enabled' -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
            { Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State 'Enabled' -WhatIf } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }
    }

    Context 'When run with -WhatIf against the live registry' {
        # Only on Windows: it reads the live registry, which exists nowhere else.
        It 'Should change no value and write no backup' -Skip:(-not $onWindows) {
            $before = Get-ItemProperty -Path $tls12ServerKey -ErrorAction 'SilentlyContinue'
            $backups = Join-Path -Path $env:ProgramData -ChildPath 'ConnReset/Backups'
            $countBefore = @(Get-ChildItem -Path $backups -Filter '*.reg' -ErrorAction 'SilentlyContinue').Count
            foreach ($state in @('Enabled', 'Disabled', 'Default'))
            {
                $null = Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server' -State $state -WhatIf
            }

            $after = Get-ItemProperty -Path $tls12ServerKey -ErrorAction 'SilentlyContinue'
            $after.Enabled | Should -Be $before.Enabled
            $after.DisabledByDefault | Should -Be $before.DisabledByDefault
            (Test-Path -LiteralPath $tls12ServerKey) | Should -Be ($null -ne $before)
            @(Get-ChildItem -Path $backups -Filter '*.reg' -ErrorAction 'SilentlyContinue').Count | Should -Be $countBefore
        }
    }
}
