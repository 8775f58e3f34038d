#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# The module's class-based DSC resources (ConnReset.psm1) against the live
# registry, as the LCM, Invoke-DscResource and Machine Configuration call
# them: Get(), Test() and Set() with no source seam. On Windows Server 2003
# SP2 (ConnResetSynProtection) and Windows 10 (the others). Skipped, with
# the reason, except on a throwaway Windows (see LiveHelpers.ps1).

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    $tcpip = 'HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
    $tcpipPath = 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'

    $ws2003Cases = @(
        @{
            Name     = 'ConnResetSynProtection State Disabled'
            Id       = 'dsc-syn-disabled'
            Key      = $tcpip
            Class    = 'ConnResetSynProtection'
            Property = @{ IsSingleInstance = 'Yes'; State = 'Disabled' }
            Backup   = 'dsc-synprotection'
            Reboot   = $true
            ReadBack = {
                param ($Current)
                Get-LiveValue -Path $tcpipPath -Name 'SynAttackProtect' | Should -Be 0
                $Current.State | Should -Be 'Disabled'
                $Current.EffectiveState | Should -Be 'Disabled'
                (Get-SynProtection).State | Should -Be 'Disabled'
            }
        }
        @{
            Name     = 'ConnResetSynProtection State Enabled, TcpMaxHalfOpen 1000, TcpMaxHalfOpenRetried 800'
            Id       = 'dsc-syn-enabled'
            Key      = $tcpip
            Class    = 'ConnResetSynProtection'
            Property = @{ IsSingleInstance = 'Yes'; State = 'Enabled'; TcpMaxHalfOpen = 1000; TcpMaxHalfOpenRetried = 800 }
            Backup   = 'dsc-synprotection'
            Reboot   = $true
            ReadBack = {
                param ($Current)
                Get-LiveValue -Path $tcpipPath -Name 'TcpMaxHalfOpen' | Should -Be 1000
                Get-LiveValue -Path $tcpipPath -Name 'TcpMaxHalfOpenRetried' | Should -Be 800
                $Current.State | Should -Be 'Enabled'
                $Current.TcpMaxHalfOpen | Should -Be 1000
                $Current.TcpMaxHalfOpenRetried | Should -Be 800
            }
        }
        @{
            Name     = 'ConnResetSynProtection State Default (after a script set the values)'
            Id       = 'dsc-syn-default'
            Key      = $tcpip
            Class    = 'ConnResetSynProtection'
            Property = @{ IsSingleInstance = 'Yes'; State = 'Default' }
            Backup   = 'dsc-synprotection'
            Reboot   = $true
            Setup    = {
                Import-LiveReg -Body @'
[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"SynAttackProtect"=dword:00000000
"TcpMaxHalfOpen"=dword:000001f4
'@
            }
            Cleanup  = {
                foreach ($valueName in 'SynAttackProtect', 'TcpMaxHalfOpen')
                {
                    Remove-ItemProperty -LiteralPath $tcpipPath -Name $valueName -ErrorAction 'SilentlyContinue'
                }
            }
            ReadBack = {
                param ($Current)
                Get-LiveValue -Path $tcpipPath -Name 'SynAttackProtect' | Should -BeNullOrEmpty
                Get-LiveValue -Path $tcpipPath -Name 'TcpMaxHalfOpen' | Should -BeNullOrEmpty
                $Current.State | Should -Be 'Default'
                $Current.EffectiveState | Should -Be 'Enabled' -Because 'Server 2003 SP2 turns the protection on by default'
            }
        }
    )

    $win10Cases = @(
        @{
            Name     = "ConnResetSchannelProtocol Protocol 'TLS 1.0' Role Server State Disabled"
            Id       = 'dsc-tls10-server'
            Key      = 'HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL'
            Class    = 'ConnResetSchannelProtocol'
            Property = @{ Protocol = 'TLS 1.0'; Role = 'Server'; State = 'Disabled' }
            Backup   = 'dsc-schannelprotocol'
            Reboot   = $true
            ReadBack = {
                param ($Current)
                $key = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server'
                Get-LiveValue -Path $key -Name 'Enabled' | Should -Be 0
                Get-LiveValue -Path $key -Name 'DisabledByDefault' | Should -Be 1
                $Current.State | Should -Be 'Disabled'
                $Current.EnabledValue | Should -Be 0
                $Current.DisabledByDefaultValue | Should -Be 1
                $Current.EffectiveState | Should -Be 'Disabled'
            }
        }
        @{
            Name     = 'ConnResetCipherSuiteOrder ExcludeDhe'
            Id       = 'dsc-suites-nodhe'
            Key      = 'HKLM\SOFTWARE\Policies'
            Class    = 'ConnResetCipherSuiteOrder'
            Property = @{ IsSingleInstance = 'Yes'; ExcludeDhe = $true }
            Backup   = 'dsc-ciphersuiteorder'
            Reboot   = $true
            ReadBack = {
                param ($Current)
                @($Current.EffectiveOrder | Where-Object -FilterScript { $_ -like 'TLS_DHE_*' }) | Should -HaveCount 0
                @($Current.EffectiveOrder).Count | Should -BeGreaterThan 10
                $Current.EffectiveSource | Should -Be 'policy'
                # EffectiveOrder is the order Schannel offers: the listed
                # suites with a position (the NULL ones only on request).
                @(Get-SchannelCipherSuite | Where-Object -FilterScript { $null -ne $_.Position } | ForEach-Object -Process { $_.Name }) | Should -Be @($Current.EffectiveOrder)
            }
        }
        @{
            Name     = 'ConnResetCipherSuiteOrder Profile suites-no-dhe-win10'
            Id       = 'dsc-suites-profile'
            Key      = 'HKLM\SOFTWARE\Policies'
            Class    = 'ConnResetCipherSuiteOrder'
            Property = @{ IsSingleInstance = 'Yes'; Profile = 'suites-no-dhe-win10' }
            Backup   = 'dsc-ciphersuiteorder'
            Reboot   = $true
            ReadBack = {
                param ($Current)
                $Current.Profile | Should -Be 'suites-no-dhe-win10'
                $Current.EffectiveSource | Should -Be 'policy'
                @($Current.EffectiveOrder | Where-Object -FilterScript { $_ -like 'TLS_DHE_*' }) | Should -HaveCount 0
                Get-LiveValue -Path 'HKLM:\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002' -Name 'Functions' | Should -Be (@($Current.EffectiveOrder) -join ',')
            }
        }
        @{
            Name     = 'ConnResetCipherSuiteOrder Order (two ECDHE-GCM suites)'
            Id       = 'dsc-suites-order'
            Key      = 'HKLM\SOFTWARE\Policies'
            Class    = 'ConnResetCipherSuiteOrder'
            Property = @{ IsSingleInstance = 'Yes'; Order = @('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256') }
            Backup   = 'dsc-ciphersuiteorder'
            Reboot   = $true
            ReadBack = {
                param ($Current)
                Get-LiveValue -Path 'HKLM:\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002' -Name 'Functions' | Should -Be 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'
                @($Current.Order) | Should -Be @('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')
                @($Current.EffectiveOrder) | Should -Be @('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')
            }
        }
        @{
            Name     = 'ConnResetStrongCrypto SchUseStrongCrypto Enabled, SystemDefaultTlsVersions Enabled'
            Id       = 'dsc-strongcrypto'
            Key      = @('HKLM\SOFTWARE\Microsoft\.NETFramework', 'HKLM\SOFTWARE\WOW6432Node\Microsoft\.NETFramework')
            Class    = 'ConnResetStrongCrypto'
            Property = @{ IsSingleInstance = 'Yes'; SchUseStrongCrypto = 'Enabled'; SystemDefaultTlsVersions = 'Enabled' }
            Backup   = 'dsc-strongcrypto'
            Reboot   = $false
            # .NET Framework 2.0 and 4 as installed, in both views; an old
            # script had turned strong crypto off for 64-bit .NET 4.
            Setup    = {
                Import-LiveReg -Body @'
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\.NETFramework]
"InstallRoot"="C:\\Windows\\Microsoft.NET\\Framework64\\"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\.NETFramework\v2.0.50727]

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\.NETFramework\v4.0.30319]
"SchUseStrongCrypto"=dword:00000000

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\.NETFramework]
"InstallRoot"="C:\\Windows\\Microsoft.NET\\Framework\\"

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v2.0.50727]

[HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319]
'@
            }
            Cleanup  = {
                Remove-LiveKey -Key 'HKLM\SOFTWARE\Microsoft\.NETFramework'
                Remove-LiveKey -Key 'HKLM\SOFTWARE\WOW6432Node\Microsoft\.NETFramework'
            }
            ReadBack = {
                param ($Current)
                foreach ($root in 'HKLM:\SOFTWARE\Microsoft\.NETFramework', 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\.NETFramework')
                {
                    foreach ($version in 'v2.0.50727', 'v4.0.30319')
                    {
                        Get-LiveValue -Path "$root\$version" -Name 'SchUseStrongCrypto' | Should -Be 1 -Because "$root\$version"
                        Get-LiveValue -Path "$root\$version" -Name 'SystemDefaultTlsVersions' | Should -Be 1 -Because "$root\$version"
                    }
                }

                $Current.SchUseStrongCrypto | Should -Be 'Enabled'
                $Current.SystemDefaultTlsVersions | Should -Be 'Enabled'
            }
        }
        @{
            Name     = 'ConnResetCertificatePurpose ServerAuthentication Absent (the MD5-signed certificate)'
            Id       = 'dsc-cert-purpose'
            Key      = 'HKLM\SOFTWARE\Microsoft\SystemCertificates\MY'
            Class    = 'ConnResetCertificatePurpose'
            Property = @{ Thumbprint = { $script:md5 }; ServerAuthentication = 'Absent' }
            Backup   = 'dsc-certificatepurpose'
            Reboot   = $false
            Setup    = { $script:md5 = Install-LiveCertificate -Der 'rsa-md5.der' -Eku '1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2' }
            Cleanup  = { Remove-LiveCertificate -Thumbprint $md5 }
            ReadBack = {
                param ($Current)
                (Get-LiveCertificate -Thumbprint $md5)['eku'] | Should -Be '1.3.6.1.5.5.7.3.2'
                $Current.ServerAuthentication | Should -Be 'Absent'
                $Current.Weak | Should -BeTrue
                (Find-WeakCertHash | Where-Object -Property Thumbprint -EQ $md5).ServerAuthentication | Should -BeFalse
            }
        }
        @{
            Name     = 'ConnResetSqlServerCertificate InstanceName SALES Thumbprint <a SHA-256 certificate>'
            Id       = 'dsc-sql-cert'
            Key      = 'HKLM\SOFTWARE\Microsoft\Microsoft SQL Server'
            Class    = 'ConnResetSqlServerCertificate'
            Property = @{ InstanceName = 'SALES'; Thumbprint = { $script:sha256 } }
            Backup   = 'dsc-sqlservercertificate'
            Reboot   = $false
            Setup    = {
                $script:sha256 = Install-LiveCertificate -Der 'rsa-sha256.der' -Eku '1.3.6.1.5.5.7.3.1'
                Import-LiveReg -Body @'
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\Instance Names\SQL]
"SALES"="MSSQL15.SALES"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL15.SALES\Setup]
"Version"="15.0.2000.5"
"PatchLevel"="15.0.4153.1"
"Edition"="Standard Edition"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL15.SALES\MSSQLServer\SuperSocketNetLib]
"Certificate"=""
"ForceEncryption"=dword:00000000
'@
            }
            Cleanup  = {
                Remove-LiveCertificate -Thumbprint $sha256
                Remove-LiveKey -Key 'HKLM\SOFTWARE\Microsoft\Microsoft SQL Server'
            }
            ReadBack = {
                param ($Current)
                Get-LiveValue -Path 'HKLM:\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL15.SALES\MSSQLServer\SuperSocketNetLib' -Name 'Certificate' | Should -Be $sha256.ToLowerInvariant()
                $Current.Thumbprint | Should -Be $sha256
                $Current.ServiceName | Should -Be 'MSSQL$SALES'
                (Get-SqlServerInstance | Where-Object -Property InstanceName -EQ 'SALES').Certificate | Should -Be $sha256
            }
        }
    )
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    . (Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'DscTestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'
    # Live: no snapshot seam, and nothing that refuses the registry.
    $savedDenyLive = $env:CONNRESET_DSC_DENY_LIVE
    $env:CONNRESET_DSC_DENY_LIVE = $null
    Clear-ConnResetTestDscSnapshot
    $tcpipPath = 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
}

AfterAll {
    $env:CONNRESET_DSC_DENY_LIVE = $savedDenyLive
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'DSC class resources, live, on Windows Server 2003 SP2' -Tag 'Live', 'Ws2003Sp2', 'DSC' {
    BeforeAll {
        $skipReason = Get-LiveSkipReason -Os 'Ws2003Sp2'
    }

    Add-LiveDscContract -Case $ws2003Cases
}

Describe 'DSC class resources, live, on Windows 10' -Tag 'Live', 'Win10', 'DSC' {
    BeforeAll {
        $skipReason = Get-LiveSkipReason -Os 'Win10'
    }

    BeforeEach {
        Skip-LiveTest -Reason $skipReason
    }

    Add-LiveDscContract -Case $win10Cases

    Context 'ConnResetAudit MinimumSeverity Warning (Windows 10 1903 offers TLS_DHE_* suites: DHE001)' {
        BeforeAll {
            if (-not $skipReason)
            {
                $resource = New-ConnResetTestDscResource -ClassName 'ConnResetAudit' -Property @{ IsSingleInstance = 'Yes'; MinimumSeverity = 'Warning' }
                $keys = @('HKLM\SOFTWARE\Policies', 'HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL', 'HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters')
            }
        }

        It 'Should be out of state with the live findings as Reasons' {
            $resource.Test() | Should -BeFalse
            $current = $resource.Get()
            # Each finding as '<id> <severity>: <title>'.
            $ids = @($current.Findings | ForEach-Object -Process { ($_ -split ' ', 2)[0] })
            $ids | Should -Contain 'DHE001'
            @($current.Reasons.Code) | Should -Contain 'ConnReset:ConnReset:DHE001'
            $live = @(Invoke-ConnResetDiagnosis | Where-Object -FilterScript { $_.Severity -in 'Warning', 'Error' } | ForEach-Object -Process { $_.Id })
            @($ids | Sort-Object) | Should -Be @($live | Sort-Object)
        }

        It 'Should change nothing with Set() and say so' {
            $before = Export-LiveKey -Key $keys -Name 'audit-before'
            $backups = @(Get-LiveBackupFile -Prefix 'dsc-')
            $warnings = @(& { $resource.Set() } 3>&1)
            @($warnings | Where-Object -FilterScript { "$_" -match 'DHE001' }) | Should -Not -BeNullOrEmpty
            Compare-LiveExport -Reference $before -Difference (Export-LiveKey -Key $keys -Name 'audit-after') | Should -BeNullOrEmpty
            @(Get-LiveBackupFile -Prefix 'dsc-') | Should -Be $backups
            $resource.Test() | Should -BeFalse
        }

        It 'Should be in state once the finding is fixed (here by ConnResetCipherSuiteOrder ExcludeDhe)' {
            $suites = New-ConnResetTestDscResource -ClassName 'ConnResetCipherSuiteOrder' -Property @{ IsSingleInstance = 'Yes'; ExcludeDhe = $true }
            $before = Export-LiveKey -Key 'HKLM\SOFTWARE\Policies' -Name 'audit-fix-before'
            $backups = @(Get-LiveBackupFile -Prefix 'dsc-ciphersuiteorder')
            $suites.Set()
            try
            {
                @($resource.Get().Findings | Where-Object -FilterScript { $_ -like 'DHE001 *' }) | Should -HaveCount 0
            }
            finally
            {
                $undo = @(Get-LiveBackupFile -Prefix 'dsc-ciphersuiteorder' | Where-Object -FilterScript { $backups -notcontains $_ })
                $undo | Should -HaveCount 1
                $null = Restore-ConnResetBackup -Path $undo[0] -BackupPath (Join-Path -Path $TestDrive -ChildPath 'audit-undo.reg') -Force
            }

            Compare-LiveExport -Reference $before -Difference (Export-LiveKey -Key 'HKLM\SOFTWARE\Policies' -Name 'audit-fix-after') | Should -BeNullOrEmpty
        }
    }
}
