#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Get-SchannelProtocol and Set-SchannelProtocol on the live registry of a
# Windows 10 machine (1903, what Wine's win10 says). Skipped, with the
# reason, except on a throwaway Windows (see LiveHelpers.ps1).

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    $schannel = 'HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL'

    $changes = @(
        @{
            Name     = 'Set-SchannelProtocol -Protocol TLS1.0 -Role Server -State Disabled'
            Id       = 'tls10-server-disabled'
            Key      = $schannel
            Change   = { param($BackupPath, [switch] $WhatIf) Set-SchannelProtocol -Protocol 'TLS1.0' -Role 'Server' -State 'Disabled' -BackupPath $BackupPath -Force -WhatIf:$WhatIf }
            ReadBack = {
                $key = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server'
                Get-LiveValue -Path $key -Name 'Enabled' | Should -Be 0
                Get-LiveValue -Path $key -Name 'DisabledByDefault' | Should -Be 1
                $state = Get-SchannelProtocol -Protocol 'TLS1.0' -Role 'Server'
                $state.State | Should -Be 'Disabled'
                $state.Enabled | Should -Be 0
                $state.DisabledByDefault | Should -Be 1
                (Get-SchannelProtocol -Protocol 'TLS1.0' -Role 'Client').State | Should -Be 'Enabled' -Because 'the client role is left alone'
            }
        }
        @{
            Name     = 'Set-SchannelProtocol -Protocol TLS1.2 -Role Both -State Enabled'
            Id       = 'tls12-both-enabled'
            Key      = $schannel
            Change   = { param($BackupPath, [switch] $WhatIf) Set-SchannelProtocol -Protocol 'TLS1.2' -Role 'Both' -State 'Enabled' -BackupPath $BackupPath -Force -WhatIf:$WhatIf }
            ReadBack = {
                foreach ($role in 'Client', 'Server')
                {
                    $key = "HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\$role"
                    Get-LiveValue -Path $key -Name 'Enabled' | Should -Be 1
                    Get-LiveValue -Path $key -Name 'DisabledByDefault' | Should -Be 0
                    $state = Get-SchannelProtocol -Protocol 'TLS1.2' -Role $role
                    $state.State | Should -Be 'Enabled'
                    $state.Enabled | Should -Be 1
                }
            }
        }
        @{
            Name     = 'Set-SchannelProtocol -Protocol TLS1.1 -Role Client -State Default (after a script turned it off)'
            Id       = 'tls11-client-default'
            Key      = $schannel
            Setup    = {
                Import-LiveReg -Body @'
[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.1\Client]
"Enabled"=dword:00000000
"DisabledByDefault"=dword:00000001
'@
            }
            Cleanup  = { Remove-LiveKey -Key 'HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.1' }
            Change   = { param($BackupPath, [switch] $WhatIf) Set-SchannelProtocol -Protocol 'TLS1.1' -Role 'Client' -State 'Default' -BackupPath $BackupPath -Force -WhatIf:$WhatIf }
            ReadBack = {
                $key = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.1\Client'
                Get-LiveValue -Path $key -Name 'Enabled' | Should -BeNullOrEmpty
                Get-LiveValue -Path $key -Name 'DisabledByDefault' | Should -BeNullOrEmpty
                $state = Get-SchannelProtocol -Protocol 'TLS1.1' -Role 'Client'
                $state.State | Should -Be $state.OsDefault
                $state.Enabled | Should -BeNullOrEmpty
            }
        }
    )
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Schannel protocols, live, on Windows 10' -Tag 'Live', 'Win10', 'PROTO' {
    BeforeAll {
        $skipReason = Get-LiveSkipReason -Os 'Win10'
    }

    BeforeEach {
        Skip-LiveTest -Reason $skipReason
    }

    Context 'When nothing is set' {
        It 'Should return each protocol for each role, as Windows 10 1903 has them by default' {
            $all = @(Get-SchannelProtocol)
            $all | Should -HaveCount 16
            @($all | Where-Object -Property ComputerName -NE ([System.Environment]::MachineName)) | Should -HaveCount 0
            @(Get-SchannelProtocol -Role 'Server') | Should -HaveCount 8
            foreach ($role in 'Client', 'Server')
            {
                foreach ($protocol in 'TLS1.0', 'TLS1.1', 'TLS1.2')
                {
                    $row = Get-SchannelProtocol -Protocol $protocol -Role $role
                    $row.State | Should -Be 'Enabled' -Because "$protocol is on by default for the $role role"
                    $row.OsDefault | Should -Be 'Enabled'
                    $row.Enabled | Should -BeNullOrEmpty -Because 'nothing is set'
                }

                (Get-SchannelProtocol -Protocol 'SSL2.0' -Role $role).State | Should -Be 'NotSupported'
                (Get-SchannelProtocol -Protocol 'TLS1.3' -Role $role).State | Should -Be 'NotSupported'
                (Get-SchannelProtocol -Protocol 'SSL3.0' -Role $role).State | Should -BeIn @('Disabled', 'DisabledByDefault')
            }
        }

        It 'Should read the same live as from a snapshot of this machine' {
            $snapshot = Join-Path -Path $TestDrive -ChildPath 'win10.reg'
            $null = Export-ConnResetSnapshot -Path $snapshot
            $live = @(Get-SchannelProtocol | ConvertTo-LiveComparable)
            $fromFile = @(Get-SchannelProtocol -Path $snapshot | ConvertTo-LiveComparable)
            $live | Should -Be $fromFile
        }
    }

    Add-LiveChangeContract -Case $changes
}
