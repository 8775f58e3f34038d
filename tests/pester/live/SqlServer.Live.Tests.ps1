#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Get-SqlServerInstance and Set-SqlServerCertificate on the live registry
# of a Windows 10 machine with two registry-only SQL Server instances (no
# SQL Server runs: what the commands read and write is the registry): a
# default 2019 instance with no certificate and a named 2014 RTM one
# configured with a SHA-256 certificate installed through crypt32.
# Skipped, with the reason, except on a throwaway Windows (see
# LiveHelpers.ps1).

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    $sqlRoot = 'HKLM\SOFTWARE\Microsoft\Microsoft SQL Server'

    $changes = @(
        @{
            Name     = 'Set-SqlServerCertificate -InstanceName MSSQLSERVER -Thumbprint <a SHA-256 certificate>'
            Id       = 'sql-cert-set'
            Key      = $sqlRoot
            Change   = { param($BackupPath, [switch] $WhatIf) Set-SqlServerCertificate -InstanceName 'MSSQLSERVER' -Thumbprint $sha256 -BackupPath $BackupPath -Force -WhatIf:$WhatIf -WarningAction 'SilentlyContinue' }
            ReadBack = {
                Get-LiveValue -Path 'HKLM:\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL15.MSSQLSERVER\MSSQLServer\SuperSocketNetLib' -Name 'Certificate' | Should -Be $sha256.ToLowerInvariant()
                $instance = Get-SqlServerInstance | Where-Object -Property InstanceName -EQ 'MSSQLSERVER'
                $instance.Certificate | Should -Be $sha256
                $instance.CertificateValid | Should -BeTrue
                (Get-SqlServerInstance | Where-Object -Property InstanceName -EQ 'SALES').Certificate | Should -Be $sha256 -Because 'the other instance is left alone'
            }
        }
        @{
            Name     = 'Set-SqlServerCertificate -InstanceName SALES -Clear'
            Id       = 'sql-cert-clear'
            Key      = $sqlRoot
            Change   = { param($BackupPath, [switch] $WhatIf) Set-SqlServerCertificate -InstanceName 'SALES' -Clear -BackupPath $BackupPath -Force -WhatIf:$WhatIf -WarningAction 'SilentlyContinue' }
            ReadBack = {
                Get-LiveValue -Path 'HKLM:\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL12.SALES\MSSQLServer\SuperSocketNetLib' -Name 'Certificate' | Should -BeNullOrEmpty
                (Get-SqlServerInstance | Where-Object -Property InstanceName -EQ 'SALES').Certificate | Should -BeNullOrEmpty
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

Describe 'SQL Server instances, live, on Windows 10' -Tag 'Live', 'Win10', 'SQL' {
    BeforeAll {
        $skipReason = Get-LiveSkipReason -Os 'Win10'
        if (-not $skipReason)
        {
            $sha256 = Install-LiveCertificate -Der 'rsa-sha256.der' -Eku '1.3.6.1.5.5.7.3.1'
            Import-LiveReg -Body @"
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\Instance Names\SQL]
"MSSQLSERVER"="MSSQL15.MSSQLSERVER"
"SALES"="MSSQL12.SALES"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL15.MSSQLSERVER\Setup]
"Version"="15.0.2000.5"
"PatchLevel"="15.0.4153.1"
"Edition"="Standard Edition"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL15.MSSQLSERVER\MSSQLServer\SuperSocketNetLib]
"Certificate"=""
"ForceEncryption"=dword:00000000

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL12.SALES\Setup]
"Version"="12.0.2000.8"
"PatchLevel"="12.0.2000.8"
"Edition"="Express Edition"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL12.SALES\MSSQLServer\SuperSocketNetLib]
"Certificate"="$($sha256.ToLowerInvariant())"
"ForceEncryption"=dword:00000001
"@
        }
    }

    AfterAll {
        if (-not $skipReason)
        {
            Remove-LiveCertificate -Thumbprint $sha256
            Remove-LiveKey -Key 'HKLM\SOFTWARE\Microsoft\Microsoft SQL Server'
        }
    }

    BeforeEach {
        Skip-LiveTest -Reason $skipReason
    }

    Context 'When the registry holds a 2019 default instance and a 2014 RTM named one' {
        It 'Should return both instances as the registry describes them' {
            $instances = @(Get-SqlServerInstance | Sort-Object -Property InstanceName)
            @($instances.InstanceName) | Should -Be @('MSSQLSERVER', 'SALES')
            @($instances.Source | Sort-Object -Unique) | Should -Be @('Live')
            $default = $instances[0]
            $default.InstanceId | Should -Be 'MSSQL15.MSSQLSERVER'
            $default.ServiceName | Should -Be 'MSSQLSERVER'
            $default.Version | Should -Be '15.0.4153.1'
            $default.Edition | Should -Be 'Standard Edition'
            $default.Is32Bit | Should -BeFalse
            $default.Certificate | Should -BeNullOrEmpty
            $default.ForceEncryption | Should -BeFalse
            $default.SupportsTls12 | Should -BeTrue
            $sales = $instances[1]
            $sales.ServiceName | Should -Be 'MSSQL$SALES'
            $sales.Certificate | Should -Be $sha256
            $sales.CertificateValid | Should -BeTrue
            $sales.ForceEncryption | Should -BeTrue
            $sales.SupportsTls12 | Should -BeFalse
        }

        It 'Should give the same instances live as from a snapshot of this machine' {
            $snapshot = Join-Path -Path $TestDrive -ChildPath 'sql.reg'
            $null = Export-ConnResetSnapshot -Path $snapshot
            $live = @(Get-SqlServerInstance | Sort-Object -Property InstanceName | ConvertTo-LiveComparable)
            $fromFile = @(Get-SqlServerInstance -Path $snapshot | Sort-Object -Property InstanceName | ConvertTo-LiveComparable)
            $live | Should -Be $fromFile
        }

        It 'Should find PROTO010 for the 2014 RTM instance in the live diagnosis' {
            @(Invoke-ConnResetDiagnosis | Where-Object -FilterScript { $_.Id -eq 'PROTO010' -and $_.Title -match 'SALES' }) | Should -HaveCount 1
        }
    }

    Add-LiveChangeContract -Case $changes
}
