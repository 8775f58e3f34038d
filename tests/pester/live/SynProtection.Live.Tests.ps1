#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Get-SynProtection, Test-SynProtection and Set-SynProtection on the live
# registry: on Windows Server 2003 SP2, where the protection is on by
# default and resets valid connections under load (SYN001), and on Windows
# 10, where nothing reads the values (NotApplicable). Skipped, with the
# reason, except on a throwaway Windows (see LiveHelpers.ps1).

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    $tcpip = 'HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
    $tcpipPath = 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'

    $ws2003Changes = @(
        @{
            Name     = 'Set-SynProtection -Disable'
            Id       = 'syn-disable'
            Key      = $tcpip
            Change   = { param($BackupPath, [switch] $WhatIf) Set-SynProtection -Disable -BackupPath $BackupPath -Force -WhatIf:$WhatIf -WarningAction 'SilentlyContinue' }
            ReadBack = {
                Get-LiveValue -Path $tcpipPath -Name 'SynAttackProtect' | Should -Be 0
                $state = Get-SynProtection
                $state.State | Should -Be 'Disabled'
                $state.SynAttackProtect.Source | Should -Be 'set'
                @($state.Findings | Where-Object -Property Id -EQ 'SYN001') | Should -HaveCount 0
                Test-SynProtection -Disabled | Should -BeTrue
                Test-SynProtection -Enabled | Should -BeFalse
            }
        }
        @{
            Name     = 'Set-SynProtection -Enable -MaxHalfOpen 1000 -MaxHalfOpenRetried 800'
            Id       = 'syn-enable'
            Key      = $tcpip
            Change   = { param($BackupPath, [switch] $WhatIf) Set-SynProtection -Enable -MaxHalfOpen 1000 -MaxHalfOpenRetried 800 -BackupPath $BackupPath -Force -WhatIf:$WhatIf }
            ReadBack = {
                Get-LiveValue -Path $tcpipPath -Name 'SynAttackProtect' | Should -Be 1
                Get-LiveValue -Path $tcpipPath -Name 'TcpMaxHalfOpen' | Should -Be 1000
                Get-LiveValue -Path $tcpipPath -Name 'TcpMaxHalfOpenRetried' | Should -Be 800
                $state = Get-SynProtection
                $state.State | Should -Be 'Enabled'
                $state.TcpMaxHalfOpen.Effective | Should -Be 1000
                $state.TcpMaxHalfOpenRetried.Source | Should -Be 'set'
                Test-SynProtection -Enabled -MaxHalfOpen 1000 -MaxHalfOpenRetried 800 | Should -BeTrue
                Test-SynProtection -Enabled -MaxHalfOpen 2000 -MaxHalfOpenRetried 800 | Should -BeFalse
            }
        }
        @{
            Name     = 'Set-SynProtection -Reset (after an old hardening script set the values)'
            Id       = 'syn-reset'
            Key      = $tcpip
            Setup    = {
                Import-LiveReg -Body @'
[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"SynAttackProtect"=dword:00000002
"TcpMaxHalfOpen"=dword:00000064
"TcpMaxHalfOpenRetried"=dword:00000050
"TcpMaxConnectResponseRetransmissions"=dword:00000002
'@
            }
            Cleanup  = {
                foreach ($valueName in 'SynAttackProtect', 'TcpMaxHalfOpen', 'TcpMaxHalfOpenRetried', 'TcpMaxConnectResponseRetransmissions')
                {
                    Remove-ItemProperty -LiteralPath $tcpipPath -Name $valueName -ErrorAction 'SilentlyContinue'
                }
            }
            Change   = { param($BackupPath, [switch] $WhatIf) Set-SynProtection -Reset -BackupPath $BackupPath -Force -WhatIf:$WhatIf }
            ReadBack = {
                foreach ($valueName in 'SynAttackProtect', 'TcpMaxHalfOpen', 'TcpMaxHalfOpenRetried', 'TcpMaxConnectResponseRetransmissions')
                {
                    Get-LiveValue -Path $tcpipPath -Name $valueName | Should -BeNullOrEmpty -Because "$valueName is deleted"
                }

                $state = Get-SynProtection
                $state.State | Should -Be 'Enabled'
                $state.SynAttackProtect.Source | Should -Be 'os-default'
            }
        }
    )

    $win10Changes = @(
        @{
            Name     = 'Set-SynProtection -Disable on Windows 10 (written, but nothing reads it)'
            Id       = 'syn-disable-win10'
            Key      = $tcpip
            Change   = { param($BackupPath, [switch] $WhatIf) Set-SynProtection -Disable -BackupPath $BackupPath -Force -WhatIf:$WhatIf -WarningAction 'SilentlyContinue' }
            ReadBack = {
                Get-LiveValue -Path $tcpipPath -Name 'SynAttackProtect' | Should -Be 0
                $state = Get-SynProtection
                $state.State | Should -Be 'NotApplicable'
                $state.SynAttackProtect.Source | Should -Be 'no-effect'
                # In the desired state as far as the registry goes (what DSC needs to
                # converge), though Windows 10 ignores the value.
                Test-SynProtection -Disabled | Should -BeTrue
            }
        }
    )
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'
    $tcpip = 'HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
    $tcpipPath = 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'SYN protection, live, on Windows Server 2003 SP2' -Tag 'Live', 'Ws2003Sp2', 'SYN' {
    BeforeAll {
        $skipReason = Get-LiveSkipReason -Os 'Ws2003Sp2'
    }

    BeforeEach {
        Skip-LiveTest -Reason $skipReason
    }

    Context 'When nothing is set (the SP1/SP2 default)' {
        It 'Should run the program on Windows 10 while the registry says Server 2003 SP2' {
            # .NET needs Windows 10 underneath; the checks read the registry.
            [System.Environment]::OSVersion.Version.Major | Should -Be 10
            Get-LiveOs | Should -Be 'Ws2003Sp2'
        }

        It 'Should report the protection Enabled by the OS default, with SYN001' {
            $state = Get-SynProtection
            $state.Source | Should -Be 'Live'
            $state.OS | Should -Be 'Windows Server 2003 SP2'
            $state.Role | Should -Be 'Server'
            $state.State | Should -Be 'Enabled'
            $state.SynAttackProtect.Present | Should -BeFalse
            $state.SynAttackProtect.Source | Should -Be 'os-default'
            $state.SynAttackProtect.Effective | Should -Be 1
            $state.TcpMaxHalfOpen.Effective | Should -Be 500
            $state.TcpMaxHalfOpenRetried.Effective | Should -Be 400
            @($state.Findings.Id) | Should -Be @('SYN001')
        }

        It 'Should answer Test-SynProtection -Enabled true and -Disabled false' {
            Test-SynProtection -Enabled | Should -BeTrue
            Test-SynProtection -Disabled | Should -BeFalse
            Test-SynProtection -Enabled -MaxHalfOpen 500 -MaxHalfOpenRetried 400 | Should -BeTrue
        }

        It 'Should read the same live as from a snapshot of this machine' {
            $snapshot = Join-Path -Path $TestDrive -ChildPath 'ws2003.reg'
            $null = Export-ConnResetSnapshot -Path $snapshot
            $live = Get-SynProtection
            $fromFile = Get-SynProtection -Path $snapshot
            $fromFile.Source | Should -Not -Be 'Live'
            (ConvertTo-LiveComparable -InputObject $live -Exclude 'Source', 'Path', 'Findings') | Should -Be (ConvertTo-LiveComparable -InputObject $fromFile -Exclude 'Source', 'Path', 'Findings')
            @($live.Findings.Id) | Should -Be @($fromFile.Findings.Id)
        }
    }

    Add-LiveChangeContract -Case $ws2003Changes

    Context 'When no -BackupPath is given' {
        It 'Should write the undo .reg under ProgramData\ConnReset\Backups and name it; the pipeline undoes it' {
            $before = Export-LiveKey -Key $tcpip -Name 'default-backup-before'
            $result = Set-SynProtection -Disable -Force -WarningAction 'SilentlyContinue'
            $result.Result | Should -Be 'Applied'
            $folder = Join-Path -Path (Join-Path -Path $env:ProgramData -ChildPath 'ConnReset') -ChildPath 'Backups'
            Split-Path -Path $result.Backup -Parent | Should -Be $folder
            Split-Path -Path $result.Backup -Leaf | Should -Match '^syn-\d{8}-\d{6}-\d{3}\.reg$'
            Test-Path -LiteralPath $result.Backup -PathType Leaf | Should -BeTrue

            # A change result goes straight into Restore-ConnResetBackup.
            $undo = $result | Restore-ConnResetBackup -Force
            $undo.Result | Should -Be 'Applied'
            Split-Path -Path $undo.Backup -Leaf | Should -Match '^restore-\d{8}-\d{6}-\d{3}\.reg$'
            Compare-LiveExport -Reference $before -Difference (Export-LiveKey -Key $tcpip -Name 'default-backup-after') | Should -BeNullOrEmpty
        }
    }
}

Describe 'SYN protection, live, on Windows 10' -Tag 'Live', 'Win10', 'SYN' {
    BeforeAll {
        $skipReason = Get-LiveSkipReason -Os 'Win10'
    }

    BeforeEach {
        Skip-LiveTest -Reason $skipReason
    }

    Context 'When nothing is set' {
        It 'Should report NotApplicable: Windows 10 sizes SYN protection itself' {
            $state = Get-SynProtection
            $state.Source | Should -Be 'Live'
            $state.OS | Should -Be 'Windows 10'
            $state.State | Should -Be 'NotApplicable'
            @($state.Findings | Where-Object -Property Id -Like 'SYN*') | Should -HaveCount 0
        }

        It 'Should answer Test-SynProtection false both ways' {
            Test-SynProtection -Enabled | Should -BeFalse
            Test-SynProtection -Disabled | Should -BeFalse
        }
    }

    Add-LiveChangeContract -Case $win10Changes
}
