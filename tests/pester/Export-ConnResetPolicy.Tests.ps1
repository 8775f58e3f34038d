#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $repoRoot = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    # examples/snapshots/ws2003-sp2.reg: Windows Server 2003 R2 SP2, SYN001.
    $ws2003Example = Join-Path -Path (Join-Path -Path (Join-Path -Path $repoRoot -ChildPath 'examples') -ChildPath 'snapshots') -ChildPath 'ws2003-sp2.reg'
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
    $tls10ServerKey = 'SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Export-ConnResetPolicy' -Tag 'Public', 'Snapshot', 'GPO' {
    It 'Should support -WhatIf and -Confirm' {
        $metadata = New-Object -TypeName 'System.Management.Automation.CommandMetadata' -ArgumentList (Get-Command -Name 'Export-ConnResetPolicy')
        $metadata.SupportsShouldProcess | Should -BeTrue
    }

    Context 'When a named profile is exported' {
        It 'Should write a Registry.pol that reads back with the same entries' {
            # Where a GPO keeps its machine policy: the folder gives the scope.
            $path = Join-Path -Path $TestDrive -ChildPath 'profile/Machine/Registry.pol'
            $null = New-Item -Path (Split-Path -Path $path -Parent) -ItemType 'Directory' -Force
            $entries = @(Export-ConnResetPolicy -Profile 'tls12-only' -OutFile $path -PassThru -Confirm:$false)
            Test-Path -LiteralPath $path | Should -BeTrue
            $bytes = [System.IO.File]::ReadAllBytes($path)
            [System.Text.Encoding]::ASCII.GetString($bytes, 0, 4) | Should -Be 'PReg'

            $expected = [ConnReset.Interop.Policy]::FromProfile('tls12-only')
            $written = [ConnReset.Interop.Policy]::Open($path)
            try
            {
                $written.Count | Should -Be $expected.Count
                $written.ToJson() | Should -Be $expected.ToJson()
                $entries.Count | Should -Be $expected.Count
            }
            finally
            {
                $written.Dispose()
                $expected.Dispose()
            }
        }

        It 'Should return the entries as ConnReset.PolicyEntry objects with -PassThru' {
            $path = Join-Path -Path $TestDrive -ChildPath 'passthru.pol'
            $entries = @(Export-ConnResetPolicy -Profile 'tls12-only' -OutFile $path -PassThru -Confirm:$false)
            $entries[0].PSTypeNames[0] | Should -Be 'ConnReset.PolicyEntry'
            $tls10 = $entries | Where-Object -FilterScript { $_.Key -eq $tls10ServerKey -and $_.ValueName -eq 'Enabled' }
            $tls10.Type | Should -Be 'REG_DWORD'
            $tls10.Data | Should -Be 0
            $tls10.Path | Should -Be $path
            ($entries | Format-Table | Out-String -Width 120) | Should -Match 'REG_DWORD'
        }

        It 'Should return nothing without -PassThru' {
            $path = Join-Path -Path $TestDrive -ChildPath 'quiet.pol'
            Export-ConnResetPolicy -Profile 'tls12-enable' -OutFile $path -Confirm:$false | Should -BeNullOrEmpty
            Test-Path -LiteralPath $path | Should -BeTrue
        }

        It 'Should write nothing with -WhatIf' {
            $path = Join-Path -Path $TestDrive -ChildPath 'whatif.pol'
            Export-ConnResetPolicy -Profile 'tls12-only' -OutFile $path -PassThru -WhatIf | Should -BeNullOrEmpty
            Test-Path -LiteralPath $path | Should -BeFalse
        }

        It 'Should stop with ConnReset.PolicyProfileUnknown listing the profiles for an unknown name' {
            $path = Join-Path -Path $TestDrive -ChildPath 'unknown.pol'
            { Export-ConnResetPolicy -Profile 'no-such-profile' -OutFile $path -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.PolicyProfileUnknown,*' -ExpectedMessage '*tls12-only*'
            Test-Path -LiteralPath $path | Should -BeFalse
        }

        It 'Should complete -Profile with the profile names' {
            $line = 'Export-ConnResetPolicy -Profile tls12'
            $completion = [System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null)
            $names = @($completion.CompletionMatches | ForEach-Object -Process { $_.CompletionText })
            $names | Should -Contain 'tls12-only'
            $names | Should -Contain 'tls12-enable'
        }
    }

    Context 'When the file exists already' {
        BeforeAll {
            $existing = Join-Path -Path $TestDrive -ChildPath 'existing.pol'
            [System.IO.File]::WriteAllText($existing, 'keep me')
        }

        It 'Should not replace it without -Force' {
            { Export-ConnResetPolicy -Profile 'tls12-only' -OutFile $existing -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.PolicyFileExists,*'
            [System.IO.File]::ReadAllText($existing) | Should -Be 'keep me'
        }

        It 'Should replace it with -Force' {
            Export-ConnResetPolicy -Profile 'tls12-only' -OutFile $existing -Force -Confirm:$false
            [System.Text.Encoding]::ASCII.GetString([System.IO.File]::ReadAllBytes($existing), 0, 4) | Should -Be 'PReg'
        }
    }

    Context 'When the fixes of a snapshot diagnosis are exported' {
        It 'Should write the SynAttackProtect policy of a Windows Server 2003 SP2 snapshot' {
            $path = Join-Path -Path $TestDrive -ChildPath 'ws2003.pol'
            $entries = @(Export-ConnResetPolicy -Path $ws2003Example -OutFile $path -PassThru -Confirm:$false)
            $syn = $entries | Where-Object -Property ValueName -EQ 'SynAttackProtect'
            $syn.Key | Should -Be 'SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
            $syn.Type | Should -Be 'REG_DWORD'
            $syn.Data | Should -Be 0
            Test-Path -LiteralPath $path | Should -BeTrue
        }

        It 'Should take the snapshot from the pipeline' {
            $path = Join-Path -Path $TestDrive -ChildPath 'piped.pol'
            $entries = @(Get-Item -LiteralPath $ws2003Example | Export-ConnResetPolicy -OutFile $path -PassThru -Confirm:$false)
            $entries.ValueName | Should -Contain 'SynAttackProtect'
        }

        It 'Should refuse to write a second machine to the same -OutFile' {
            $path = Join-Path -Path $TestDrive -ChildPath 'shared.pol'
            $second = Join-Path -Path $TestDrive -ChildPath 'second.reg'
            Copy-Item -LiteralPath $ws2003Example -Destination $second
            { $ws2003Example, $second | Export-ConnResetPolicy -OutFile $path -Force -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.OutFileReused,*'
        }

        It 'Should report an unreadable snapshot as ConnReset.SnapshotUnreadable' {
            $path = Join-Path -Path $TestDrive -ChildPath 'bad.pol'
            { Export-ConnResetPolicy -Path $bad -OutFile $path -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.SnapshotUnreadable,*'
            Test-Path -LiteralPath $path | Should -BeFalse
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable and write nothing' -Skip:$onWindows {
            $path = Join-Path -Path $TestDrive -ChildPath 'live.pol'
            { Export-ConnResetPolicy -OutFile $path -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*' -ExpectedMessage '*Windows*'
            Test-Path -LiteralPath $path | Should -BeFalse
        }
    }

    Context 'When run on Windows' {
        # Only on Windows: it diagnoses the live registry, which exists nowhere else.
        It 'Should write the Group Policy fixes of this computer' -Skip:(-not $onWindows) {
            $path = Join-Path -Path $TestDrive -ChildPath 'live.pol'
            Export-ConnResetPolicy -OutFile $path -Confirm:$false -WarningAction 'SilentlyContinue'
            [System.Text.Encoding]::ASCII.GetString([System.IO.File]::ReadAllBytes($path), 0, 4) | Should -Be 'PReg'
        }
    }
}
