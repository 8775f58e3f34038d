#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Get-SchannelCipherSuite, Set-SchannelCipherSuiteOrder and
# Disable-DheCipherSuite on the live registry of a Windows 10 machine
# (1903: its default order has TLS_DHE_* suites, so DHE001 applies).
# Skipped, with the reason, except on a throwaway Windows (see
# LiveHelpers.ps1).

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    # The Group Policy value is what the commands write; its key does not
    # exist on a fresh machine, so the whole Policies key is exported.
    $policies = 'HKLM\SOFTWARE\Policies'

    $changes = @(
        @{
            Name     = 'Set-SchannelCipherSuiteOrder -Name (two ECDHE-GCM suites)'
            Id       = 'suites-order'
            Key      = $policies
            Change   = { param($BackupPath, [switch] $WhatIf) Set-SchannelCipherSuiteOrder -Name 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' -BackupPath $BackupPath -Force -WhatIf:$WhatIf -WarningAction 'SilentlyContinue' }
            ReadBack = {
                Get-LiveValue -Path $policyPath -Name 'Functions' | Should -Be 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'
                $suites = @(Get-SchannelCipherSuite)
                @($suites.Name) | Should -Be @('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')
                @($suites.Source | Sort-Object -Unique) | Should -Be @('policy')
            }
        }
        @{
            Name     = 'Set-SchannelCipherSuiteOrder -Remove TLS_RSA_WITH_3DES_EDE_CBC_SHA'
            Id       = 'suites-remove'
            Key      = $policies
            Change   = { param($BackupPath, [switch] $WhatIf) Set-SchannelCipherSuiteOrder -Remove 'TLS_RSA_WITH_3DES_EDE_CBC_SHA' -BackupPath $BackupPath -Force -WhatIf:$WhatIf -WarningAction 'SilentlyContinue' }
            ReadBack = {
                $suites = @(Get-SchannelCipherSuite)
                @($suites.Name) | Should -Not -Contain 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'
                # Every other suite of the default order stays, in its place,
                # and the NULL suites an application may ask for stay listed.
                @($suites | Where-Object -FilterScript { $null -ne $_.Position } | ForEach-Object -Process { $_.Name }) | Should -Be @($defaultOrder | Where-Object -FilterScript { $_ -ne 'TLS_RSA_WITH_3DES_EDE_CBC_SHA' })
                @($suites | Where-Object -FilterScript { $null -eq $_.Position } | ForEach-Object -Process { $_.Name }) | Should -Be @($defaultUnpositioned)
                @($suites.Source | Sort-Object -Unique) | Should -Be @('policy')
            }
        }
        @{
            Name     = 'Set-SchannelCipherSuiteOrder -Add TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 -Position 0 (on a short policy list)'
            Id       = 'suites-add'
            Key      = $policies
            Setup    = {
                Import-LiveReg -Body @'
[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002]
"Functions"="TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_GCM_SHA256"
'@
            }
            Cleanup  = { Remove-LiveKey -Key 'HKLM\SOFTWARE\Policies\Microsoft' }
            Change   = { param($BackupPath, [switch] $WhatIf) Set-SchannelCipherSuiteOrder -Add 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' -Position 0 -BackupPath $BackupPath -Force -WhatIf:$WhatIf -WarningAction 'SilentlyContinue' }
            ReadBack = {
                Get-LiveValue -Path $policyPath -Name 'Functions' | Should -Be 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_GCM_SHA256'
                (Get-SchannelCipherSuite | Select-Object -First 1).Name | Should -Be 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'
            }
        }
        @{
            Name     = 'Set-SchannelCipherSuiteOrder -Reset (after a policy list was set)'
            Id       = 'suites-reset'
            Key      = $policies
            Setup    = {
                Import-LiveReg -Body @'
[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002]
"Functions"="TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
'@
            }
            Cleanup  = { Remove-LiveKey -Key 'HKLM\SOFTWARE\Policies\Microsoft' }
            Change   = { param($BackupPath, [switch] $WhatIf) Set-SchannelCipherSuiteOrder -Reset -BackupPath $BackupPath -Force -WhatIf:$WhatIf -WarningAction 'SilentlyContinue' }
            ReadBack = {
                Get-LiveValue -Path $policyPath -Name 'Functions' | Should -BeNullOrEmpty
                $suites = @(Get-SchannelCipherSuite)
                @($suites.Name) | Should -Be $defaultNames
                @($suites.Source | Sort-Object -Unique) | Should -Be @('os-default')
            }
        }
        @{
            Name     = 'Disable-DheCipherSuite'
            Id       = 'dhe-disable'
            Key      = $policies
            Change   = { param($BackupPath, [switch] $WhatIf) Disable-DheCipherSuite -BackupPath $BackupPath -Force -WhatIf:$WhatIf -WarningAction 'SilentlyContinue' }
            ReadBack = {
                $suites = @(Get-SchannelCipherSuite)
                @($suites.Name | Where-Object -FilterScript { $_ -like 'TLS_DHE_*' }) | Should -HaveCount 0
                @($suites | Where-Object -FilterScript { $null -ne $_.Position } | ForEach-Object -Process { $_.Name }) | Should -Be @($defaultOrder | Where-Object -FilterScript { $_ -notlike 'TLS_DHE_*' })
                @($suites | Where-Object -FilterScript { $null -eq $_.Position } | ForEach-Object -Process { $_.Name }) | Should -Be @($defaultUnpositioned)
                @($suites.Source | Sort-Object -Unique) | Should -Be @('policy')
                @(Invoke-ConnResetDiagnosis | Where-Object -Property Id -EQ 'DHE001') | Should -HaveCount 0
            }
        }
    )
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'
    $policyPath = 'HKLM:\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Schannel cipher suites, live, on Windows 10' -Tag 'Live', 'Win10', 'SUITE', 'DHE' {
    BeforeAll {
        $skipReason = Get-LiveSkipReason -Os 'Win10'
        # The default list, and its ordered part: the NULL-cipher suites at
        # its end have no position (used only when an application asks), and
        # a policy list the commands write keeps them, still unpositioned.
        $defaultNames = @()
        $defaultOrder = @()
        $defaultUnpositioned = @()
        if (-not $skipReason)
        {
            $defaultSuites = @(Get-SchannelCipherSuite)
            $defaultUnpositioned = @($defaultSuites | Where-Object -FilterScript { $null -eq $_.Position } | ForEach-Object -Process { $_.Name })
            $defaultNames = @($defaultSuites.Name)
            $defaultOrder = @($defaultSuites | Where-Object -FilterScript { $null -ne $_.Position } | ForEach-Object -Process { $_.Name })
        }
    }

    BeforeEach {
        Skip-LiveTest -Reason $skipReason
    }

    Context 'When nothing is set' {
        It "Should return the OS default order of Windows 10 1903, DHE suites included" {
            $suites = @(Get-SchannelCipherSuite)
            $suites.Count | Should -BeGreaterThan 10
            @($suites.Source | Sort-Object -Unique) | Should -Be @('os-default')
            $suites[0].Name | Should -Be 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'
            $suites[0].Position | Should -Be 0
            @($suites | Where-Object -Property Usable) | Should -Not -BeNullOrEmpty
            @($suites | Where-Object -FilterScript { $null -eq $_.Position } | ForEach-Object -Process { $_.Name }) | Should -Be @('TLS_RSA_WITH_NULL_SHA256', 'TLS_RSA_WITH_NULL_SHA')
            @($suites.Name | Where-Object -FilterScript { $_ -like 'TLS_DHE_*' }) | Should -Not -BeNullOrEmpty
            @(Invoke-ConnResetDiagnosis | Where-Object -Property Id -EQ 'DHE001') | Should -HaveCount 1
        }

        It 'Should read the same live as from a snapshot of this machine' {
            $snapshot = Join-Path -Path $TestDrive -ChildPath 'win10.reg'
            $null = Export-ConnResetSnapshot -Path $snapshot
            $live = @(Get-SchannelCipherSuite | ConvertTo-LiveComparable -Exclude 'ComputerName')
            $fromFile = @(Get-SchannelCipherSuite -Path $snapshot | ConvertTo-LiveComparable -Exclude 'ComputerName')
            $live | Should -Be $fromFile
        }
    }

    Add-LiveChangeContract -Case $changes
}
