#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Restore-ConnResetBackup on the live registry of a Windows 10 machine, with
# a .reg file an admin kept (values set and deleted, a key created), under
# the same contract as every change: -WhatIf writes nothing, the import
# reads back, its result names its own undo .reg, importing it again has
# nothing to do, and that undo brings back the byte-identical export.
# Skipped, with the reason, except on a throwaway Windows (see
# LiveHelpers.ps1).

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    $tcpip = 'HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'

    $changes = @(
        @{
            Name     = 'Restore-ConnResetBackup -Path <a .reg that sets, deletes and creates>'
            Id       = 'restore-file'
            Key      = $tcpip
            Setup    = {
                Import-LiveReg -Body @'
[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"TcpMaxHalfOpen"=dword:00000064
'@
                $script:adminFile = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'admin.reg') -Body @'
[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"SynAttackProtect"=dword:00000000
"TcpMaxHalfOpen"=-
"ConnResetNote"="kept by an admin"

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters\ConnResetLiveTest]
"Level"=dword:00000003
'@
            }
            Cleanup  = {
                foreach ($valueName in 'SynAttackProtect', 'TcpMaxHalfOpen', 'ConnResetNote')
                {
                    Remove-ItemProperty -LiteralPath $tcpipPath -Name $valueName -ErrorAction 'SilentlyContinue'
                }

                Remove-LiveKey -Key 'HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters\ConnResetLiveTest'
            }
            Change   = { param($BackupPath, [switch] $WhatIf) Restore-ConnResetBackup -Path $adminFile -BackupPath $BackupPath -Force -WhatIf:$WhatIf }
            ReadBack = {
                Get-LiveValue -Path $tcpipPath -Name 'SynAttackProtect' | Should -Be 0
                Get-LiveValue -Path $tcpipPath -Name 'TcpMaxHalfOpen' | Should -BeNullOrEmpty
                Get-LiveValue -Path $tcpipPath -Name 'ConnResetNote' | Should -Be 'kept by an admin'
                Get-LiveValue -Path "$tcpipPath\ConnResetLiveTest" -Name 'Level' | Should -Be 3
                $result.Action | Should -Be 'Restore'
                $result.RestartRequired | Should -BeFalse
            }
        }
    )
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'
    $tcpipPath = 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Restore-ConnResetBackup, live, on Windows 10' -Tag 'Live', 'Win10', 'Restore' {
    BeforeAll {
        $skipReason = Get-LiveSkipReason -Os 'Win10'
    }

    BeforeEach {
        Skip-LiveTest -Reason $skipReason
    }

    Add-LiveChangeContract -Case $changes

    Context 'When a change result comes through the pipeline' {
        It 'Should undo the change it names and bring back the byte-identical export' {
            $before = Export-LiveKey -Key 'HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters' -Name 'pipeline-before'
            $backup = Join-Path -Path $TestDrive -ChildPath 'pipeline-backup.reg'
            $undo = Set-SynProtection -Enable -MaxHalfOpen 2000 -MaxHalfOpenRetried 1500 -BackupPath $backup -Force |
                Restore-ConnResetBackup -BackupPath (Join-Path -Path $TestDrive -ChildPath 'pipeline-undo.reg') -Force
            $undo.Result | Should -Be 'Applied'
            Compare-LiveExport -Reference $before -Difference (Export-LiveKey -Key 'HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters' -Name 'pipeline-after') | Should -BeNullOrEmpty
        }
    }
}
