#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $ws2003 = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'ws2003.reg') -Body $Ws2003Sp2Body
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad.reg') -Body $MalformedBody

    # A real backup: the undo .reg of disabling the protection on the snapshot.
    $backup = Join-Path -Path $TestDrive -ChildPath 'undo.reg'
    $null = Set-SynProtection -Disable -Path $ws2003 -OutFile (Join-Path -Path $TestDrive -ChildPath 'fix.reg') -BackupPath $backup -Confirm:$false -WarningAction 'SilentlyContinue'

    $tcpipKey = 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Restore-ConnResetBackup' -Tag 'Public', 'Change' {
    It 'Should have ConfirmImpact High and support -WhatIf' {
        $metadata = New-Object -TypeName 'System.Management.Automation.CommandMetadata' -ArgumentList (Get-Command -Name 'Restore-ConnResetBackup')
        $metadata.ConfirmImpact | Should -Be 'High'
        $metadata.SupportsShouldProcess | Should -BeTrue
    }

    Context 'When the backup cannot be read' {
        It 'Should write ConnReset.BackupUnreadable naming the file and line' {
            $caught = $null
            try
            {
                Restore-ConnResetBackup -Path $bad -Confirm:$false -ErrorAction 'Stop'
            }
            catch
            {
                $caught = $_
            }

            $caught.FullyQualifiedErrorId | Should -BeLike 'ConnReset.BackupUnreadable,*'
            $native = Get-TestNativeException -ErrorRecord $caught
            $native.CodeName | Should -Be 'CR_EPARSE'
            $native.Message | Should -BeLike "*$($bad):4:*"
        }

        It 'Should write ConnReset.BackupUnreadable for a missing file' {
            { Restore-ConnResetBackup -Path (Join-Path -Path $TestDrive -ChildPath 'missing.reg') -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.BackupUnreadable,*'
        }
    }

    Context 'When one of several files piped in cannot be read' {
        It 'Should write one error per unreadable file and go on with the next file' {
            $in = Join-Path -Path $TestDrive -ChildPath 'piped'
            $first = Copy-ConnResetTestFixture -Path $bad -Destination $in
            $second = Join-Path -Path $in -ChildPath 'missing.reg'
            $third = Copy-ConnResetTestFixture -Path $backup -Destination $in
            $undo = Join-Path -Path $TestDrive -ChildPath 'piped-undo.reg'
            if (Test-ConnResetTestWindows)
            {
                # The live registry exists: -WhatIf keeps it as it is.
                $run = Invoke-ConnResetTestPipeline -ScriptBlock { $first, $second, $third | Restore-ConnResetBackup -BackupPath $undo -WhatIf }
                $run.Terminating | Should -BeNullOrEmpty
            }
            else
            {
                # The third file is read and then needs the live registry:
                # that error stops the command, after the first two were
                # each reported and passed over.
                $run = Invoke-ConnResetTestPipeline -ScriptBlock { $first, $second, $third | Restore-ConnResetBackup -BackupPath $undo -Confirm:$false }
                $run.Terminating.FullyQualifiedErrorId | Should -Be 'ConnReset.LiveRegistryUnavailable,Restore-ConnResetBackup'
            }

            $run.Errors.Count | Should -Be 2
            ($run.Errors | ForEach-Object -Process { $_.FullyQualifiedErrorId }) -join ';' | Should -Be 'ConnReset.BackupUnreadable,Restore-ConnResetBackup;ConnReset.BackupUnreadable,Restore-ConnResetBackup'
            $run.Errors[0].TargetObject | Should -Be $first
            $run.Errors[1].TargetObject | Should -Be $second
            Test-Path -LiteralPath $undo | Should -BeFalse
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            Test-Path -LiteralPath $backup | Should -BeTrue
            { Restore-ConnResetBackup -Path $backup -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
            { Restore-ConnResetBackup -Path $backup -WhatIf } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }
    }

    Context 'When run with -WhatIf on Windows' {
        # Only on Windows: it reads the live registry, which exists nowhere else.
        It 'Should change no value and write no undo file' -Skip:(-not $onWindows) {
            $before = (Get-ItemProperty -Path $tcpipKey -ErrorAction 'SilentlyContinue').SynAttackProtect
            $undo = Join-Path -Path $TestDrive -ChildPath 'restore-undo.reg'
            $null = Restore-ConnResetBackup -Path $backup -BackupPath $undo -WhatIf
            (Get-ItemProperty -Path $tcpipKey -ErrorAction 'SilentlyContinue').SynAttackProtect | Should -Be $before
            Test-Path -LiteralPath $undo | Should -BeFalse
        }

        # Only on Windows: it reads the live registry, which exists nowhere else.
        It 'Should take the Backup property of a change result from the pipeline' -Skip:(-not $onWindows) {
            $undo = Join-Path -Path $TestDrive -ChildPath 'restore-undo2.reg'
            $result = [PSCustomObject] @{ Backup = $backup }
            { $result | Restore-ConnResetBackup -BackupPath $undo -WhatIf } | Should -Not -Throw
            Test-Path -LiteralPath $undo | Should -BeFalse
        }
    }
}
