#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $ws2003 = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'in/ws2003.reg') -Body $Ws2003Sp2Body
    $ws2019 = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'in/ws2019.reg') -Body $Ws2019Body
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
    $out = Join-Path -Path $TestDrive -ChildPath 'out'
    $null = New-Item -Path $out -ItemType Directory -Force

    $tcpipKey = 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Set-SynProtection' -Tag 'Public', 'Snapshot', 'SYN', 'Change' {
    Context 'When the command is declared' {
        It 'Should have ConfirmImpact High and support -WhatIf' {
            $metadata = New-Object -TypeName 'System.Management.Automation.CommandMetadata' -ArgumentList (Get-Command -Name 'Set-SynProtection')
            $metadata.ConfirmImpact | Should -Be 'High'
            $metadata.SupportsShouldProcess | Should -BeTrue
        }

        It 'Should have the parameter sets Disable, Enable and Reset' {
            $sets = (Get-Command -Name 'Set-SynProtection').ParameterSets.Name | Sort-Object
            ($sets -join ',') | Should -Be 'Disable,Enable,Reset'
        }

        It 'Should warn about denial of service when asking to disable' {
            $warning = InModuleScope -ModuleName 'ConnReset' -ScriptBlock { $script:localizedData.SynDisableWarning }
            $warning | Should -Match 'denial-of-service'
            $warning | Should -Match 'intranet'
        }

        It 'Should refuse two actions at once' {
            { Set-SynProtection -Disable -Enable -Path $ws2003 -OutFile (Join-Path -Path $out -ChildPath 'x.reg') } | Should -Throw
            Test-Path -LiteralPath (Join-Path -Path $out -ChildPath 'x.reg') | Should -BeFalse
        }

        It 'Should refuse no action' {
            { Set-SynProtection -Path $ws2003 -OutFile (Join-Path -Path $out -ChildPath 'y.reg') } | Should -Throw
        }
    }

    Context 'When run with -WhatIf' {
        It 'Should write neither the fix nor the backup' {
            $fix = Join-Path -Path $out -ChildPath 'whatif-fix.reg'
            $undo = Join-Path -Path $out -ChildPath 'whatif-undo.reg'
            $result = Set-SynProtection -Disable -Path $ws2003 -OutFile $fix -BackupPath $undo -WhatIf
            $result | Should -BeNullOrEmpty
            Test-Path -LiteralPath $fix | Should -BeFalse
            Test-Path -LiteralPath $undo | Should -BeFalse
        }
    }

    Context 'When writing the fix for a snapshot' {
        BeforeAll {
            $fix = Join-Path -Path $out -ChildPath 'sql01-fix.reg'
            $undo = Join-Path -Path $out -ChildPath 'sql01-undo.reg'
            $warnings = $null
            $result = Set-SynProtection -Disable -Path $ws2003 -OutFile $fix -BackupPath $undo -Confirm:$false -WarningVariable 'warnings' -WarningAction 'SilentlyContinue'
        }

        It 'Should return a ConnReset.ChangeResult' {
            $result.PSTypeNames[0] | Should -Be 'ConnReset.ChangeResult'
            $result.ComputerName | Should -Be 'SQL01'
            $result.Action | Should -Be 'Disable'
            $result.Result | Should -Be 'Written'
            $result.OutFile | Should -Be $fix
            $result.Backup | Should -Be $undo
            $result.UndoHint | Should -Match ([System.Text.RegularExpressions.Regex]::Escape($undo))
            $result.Message | Should -Match 'reg import'
        }

        It 'Should plan exactly SynAttackProtect = 0' {
            @($result.Operations).Count | Should -Be 1
            $result.Operations[0].Operation | Should -Be 'set'
            $result.Operations[0].Value | Should -Be 'SynAttackProtect'
            $result.Operations[0].Type | Should -Be 'REG_DWORD'
            $result.Operations[0].Current | Should -Be 'absent'
        }

        It 'Should write a fix that reads back as disabled with the snapshot' {
            Test-Path -LiteralPath $fix | Should -BeTrue
            (Get-SynProtection -Path $ws2003, $fix).State | Should -Be 'Disabled'
            (Get-SynProtection -Path $fix).SynAttackProtect.Value | Should -Be 0
        }

        It 'Should make Test-SynProtection -Disabled true (idempotent pair)' {
            Test-SynProtection -Path $ws2003, $fix -Disabled | Should -BeTrue
        }

        It 'Should write an undo .reg that deletes the value again' {
            $text = [System.IO.File]::ReadAllText($undo)
            $text | Should -Match 'Windows Registry Editor Version 5\.00'
            $text | Should -Match '"SynAttackProtect"=-'
            (Get-SynProtection -Path $ws2003, $fix, $undo).State | Should -Be 'Enabled'
        }

        It 'Should repeat the denial-of-service warning' {
            ($warnings -join ' ') | Should -Match 'intranet'
        }

        It 'Should have nothing to do the second time, and write nothing' {
            $again = Join-Path -Path $out -ChildPath 'again.reg'
            $second = Set-SynProtection -Disable -Path $ws2003, $fix -OutFile $again -Confirm:$false
            $second.Result | Should -Be 'NoChange'
            @($second.Operations).Count | Should -Be 0
            Test-Path -LiteralPath $again | Should -BeFalse
        }

        It 'Should not ask for confirmation when it only writes a file' {
            $quiet = Join-Path -Path $out -ChildPath 'quiet.reg'
            $null = Set-SynProtection -Disable -Path $ws2003 -OutFile $quiet -WarningAction 'SilentlyContinue'
            Test-Path -LiteralPath $quiet | Should -BeTrue
        }
    }

    Context 'When enabling with thresholds or resetting' {
        It 'Should set the thresholds' {
            $fix = Join-Path -Path $out -ChildPath 'thresholds.reg'
            $result = Set-SynProtection -Enable -MaxHalfOpen 1000 -MaxHalfOpenRetried 800 -Path $ws2003 -OutFile $fix -Confirm:$false
            @($result.Operations).Count | Should -Be 3
            $after = Get-SynProtection -Path $ws2003, $fix
            $after.State | Should -Be 'Enabled'
            $after.TcpMaxHalfOpen.Effective | Should -Be 1000
            $after.TcpMaxHalfOpenRetried.Effective | Should -Be 800
            Test-SynProtection -Path $ws2003, $fix -Enabled -MaxHalfOpen 1000 -MaxHalfOpenRetried 800 | Should -BeTrue
        }

        It 'Should stop with ConnReset.InvalidArgument when the thresholds are impossible, before reading any input, writing nothing' {
            # No machine can hold them, so the call stops once, up front
            # (the module says so: there is no native exception).
            $fix = Join-Path -Path $out -ChildPath 'impossible.reg'
            foreach ($snapshot in @($ws2003, $bad))
            {
                $caught = $null
                try
                {
                    Set-SynProtection -Enable -MaxHalfOpen 10 -MaxHalfOpenRetried 5000 -Path $snapshot -OutFile $fix -Confirm:$false
                }
                catch
                {
                    $caught = $_
                }

                $caught.FullyQualifiedErrorId | Should -Be 'ConnReset.InvalidArgument,Set-SynProtection'
                $caught.ToString() | Should -Match 'TcpMaxHalfOpenRetried \(5000\) must be less than TcpMaxHalfOpen \(10\)'
                Test-Path -LiteralPath $fix | Should -BeFalse
            }
        }

        It 'Should write ConnReset.InvalidArgument for a threshold against the value the snapshot keeps' {
            # Server 2003 keeps TcpMaxHalfOpenRetried 400 by default: 300 is
            # this machine's problem, not the call's.
            $fix = Join-Path -Path $out -ChildPath 'below-retried.reg'
            { Set-SynProtection -Enable -MaxHalfOpen 300 -Path $ws2003 -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.InvalidArgument,Set-SynProtection' -ExpectedMessage '*(400)*'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }

        It 'Should delete the values with -Reset' {
            $off = Join-Path -Path $out -ChildPath 'reset-off.reg'
            $reset = Join-Path -Path $out -ChildPath 'reset.reg'
            $null = Set-SynProtection -Disable -Path $ws2003 -OutFile $off -Confirm:$false -WarningAction 'SilentlyContinue'
            $result = Set-SynProtection -Reset -Path $ws2003, $off -OutFile $reset -Confirm:$false
            $result.Operations[0].Operation | Should -Be 'delete value'
            (Get-SynProtection -Path $ws2003, $off, $reset).State | Should -Be 'Enabled'
        }
    }

    Context 'When -PassThru is given' {
        It 'Should also return the resulting state' {
            $fix = Join-Path -Path $out -ChildPath 'passthru.reg'
            $results = @(Set-SynProtection -Disable -Path $ws2003 -OutFile $fix -PassThru -Confirm:$false -WarningAction 'SilentlyContinue')
            $results.Count | Should -Be 2
            $results[0].PSTypeNames[0] | Should -Be 'ConnReset.ChangeResult'
            $results[1].PSTypeNames[0] | Should -Be 'ConnReset.SynProtection'
            $results[1].State | Should -Be 'Disabled'
        }
    }

    Context 'When snapshots come through the pipeline' {
        It 'Should bind -Path by property name' {
            $fix = Join-Path -Path $out -ChildPath 'piped.reg'
            $result = Get-Item -LiteralPath $ws2003 | Set-SynProtection -Disable -OutFile $fix -Confirm:$false -WarningAction 'SilentlyContinue'
            $result.ComputerName | Should -Be 'SQL01'
            Test-Path -LiteralPath $fix | Should -BeTrue
        }

        It 'Should refuse to write two machines into one -OutFile' {
            $fix = Join-Path -Path $out -ChildPath 'shared.reg'
            { Get-ChildItem -LiteralPath $ws2003, $ws2019 | Set-SynProtection -Disable -OutFile $fix -Confirm:$false -WarningAction 'SilentlyContinue' } |
                Should -Throw -ErrorId 'ConnReset.OutFileReused,*'
        }
    }

    Context 'When one of several snapshots piped in fails' {
        It 'Should write one error for the unreadable snapshot and still write the fix of the next' {
            $in = Join-Path -Path $TestDrive -ChildPath 'piped-two'
            $first = Copy-ConnResetTestFixture -Path $bad -Destination $in
            $second = Copy-ConnResetTestFixture -Path $ws2003 -Destination $in
            $fix = Join-Path -Path $out -ChildPath 'piped-two.reg'
            $run = Invoke-ConnResetTestPipeline -ScriptBlock { Get-Item -LiteralPath $first, $second | Set-SynProtection -Disable -OutFile $fix -Confirm:$false -WarningAction 'SilentlyContinue' }
            $run.Terminating | Should -BeNullOrEmpty
            $run.Errors.Count | Should -Be 1
            $run.Errors[0].FullyQualifiedErrorId | Should -Be 'ConnReset.SnapshotUnreadable,Set-SynProtection'
            $run.Errors[0].TargetObject | Should -Be $first
            $run.Output.Count | Should -Be 1
            $run.Output[0].ComputerName | Should -Be 'SQL01'
            $run.Output[0].Result | Should -Be 'Written'
            (Get-SynProtection -Path $second, $fix).State | Should -Be 'Disabled'
        }
    }

    Context 'When the input is wrong' {
        It 'Should require -OutFile with -Path and write nothing' {
            { Set-SynProtection -Disable -Path $ws2003 -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.OutFileRequired,*'
        }

        It 'Should write ConnReset.SnapshotUnreadable for a malformed snapshot' {
            $fix = Join-Path -Path $out -ChildPath 'from-bad.reg'
            { Set-SynProtection -Disable -Path $bad -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.SnapshotUnreadable,*'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }

        It 'Should write ConnReset.FileUnwritable when the fix cannot be written' {
            $fix = Join-Path -Path $out -ChildPath 'no/such/folder/fix.reg'
            { Set-SynProtection -Disable -Path $ws2003 -OutFile $fix -Confirm:$false -WarningAction 'SilentlyContinue' -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.FileUnwritable,*'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            { Set-SynProtection -Disable -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
            { Set-SynProtection -Disable -WhatIf } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }
    }

    Context 'When run with -WhatIf against the live registry' {
        # Only on Windows: it reads the live registry, which exists nowhere else.
        It 'Should change no value and write no backup' -Skip:(-not $onWindows) {
            $before = (Get-ItemProperty -Path $tcpipKey -ErrorAction 'SilentlyContinue').SynAttackProtect
            $backups = Join-Path -Path $env:ProgramData -ChildPath 'ConnReset/Backups'
            $countBefore = @(Get-ChildItem -Path $backups -Filter '*.reg' -ErrorAction 'SilentlyContinue').Count
            foreach ($arguments in @(@{ Disable = $true }, @{ Enable = $true; MaxHalfOpen = 1000; MaxHalfOpenRetried = 800 }, @{ Reset = $true }))
            {
                $null = Set-SynProtection @arguments -WhatIf
            }

            (Get-ItemProperty -Path $tcpipKey -ErrorAction 'SilentlyContinue').SynAttackProtect | Should -Be $before
            @(Get-ChildItem -Path $backups -Filter '*.reg' -ErrorAction 'SilentlyContinue').Count | Should -Be $countBefore
        }
    }
}
