#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $mixed = Get-ConnResetTestSqlFixture -Name 'ws2012r2-sql-mixed.reg'
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
    $noSql = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'nosql.reg') -Body $Ws2019Body
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Get-SqlServerInstance' -Tag 'Public', 'Snapshot', 'SQL' {
    Context 'When a machine has four instances' {
        BeforeAll {
            $instances = @(Get-SqlServerInstance -Path $mixed)
        }

        It 'Should return one ConnReset.SqlServerInstance each' {
            $instances.Count | Should -Be 4
            $instances[0].PSTypeNames[0] | Should -Be 'ConnReset.SqlServerInstance'
            ($instances | ForEach-Object -Process { $_.InstanceName }) | Should -Be @('MSSQLSERVER', 'SQL2017', 'SQL2019', 'SQL2014SP2')
        }

        It 'Should describe the SQL Server 2014 SP1 default instance without TLS 1.2' {
            $default = $instances[0]
            $default.InstanceId | Should -Be 'MSSQL12.MSSQLSERVER'
            $default.ServiceName | Should -Be 'MSSQLSERVER'
            $default.Product | Should -Be 'SQL Server 2014'
            $default.Edition | Should -Be 'Standard Edition'
            $default.Version | Should -Be '12.1.4100.1'
            $default.Is32Bit | Should -BeFalse
            $default.Certificate | Should -Be '5B215BF69D84FC2D68EAB1576F57B2BBE55B98E3'
            $default.CertificateValid | Should -BeTrue
            $default.ForceEncryption | Should -BeTrue
            $default.ForceStrict | Should -BeNullOrEmpty
            $default.ErrorLogPath | Should -Match 'MSSQL\\Log\\ERRORLOG$'
            $default.SupportsTls12 | Should -BeFalse
            $default.Tls12Fix | Should -Match 'KB'
        }

        It 'Should map named, 32-bit and misconfigured instances' {
            $instances[1].ServiceName | Should -Be 'MSSQL$SQL2017'
            $instances[1].Version | Should -Be '14.0.3045.24'
            $instances[1].Certificate | Should -BeNullOrEmpty
            $instances[1].SupportsTls12 | Should -BeTrue
            $instances[2].Certificate | Should -Be 'not-a-thumbprint'
            $instances[2].CertificateValid | Should -BeFalse
            $instances[2].ForceStrict | Should -BeFalse
            $instances[3].Is32Bit | Should -BeTrue
        }
    }

    Context 'When no SQL Server is installed' {
        It 'Should return nothing' {
            @(Get-SqlServerInstance -Path $noSql).Count | Should -Be 0
        }
    }

    Context 'When the diagnosis runs on the same snapshot' {
        It 'Should convert the SQL Server findings too' {
            $ids = @(Invoke-ConnResetDiagnosis -Path $mixed | ForEach-Object -Process { $_.Id })
            $ids | Should -Contain 'PROTO010'
            $ids | Should -Contain 'PROTO011'
            $ids | Should -Contain 'IOCP001'
            $ids | Should -Contain 'CERTHASH004'
            (Invoke-ConnResetDiagnosis -Path $mixed | Where-Object -Property Id -EQ 'CERTHASH004').Fix.Cmdlet | Should -Match '^Set-SqlServerCertificate '
        }
    }

    Context 'When the input is wrong' {
        It 'Should write ConnReset.SnapshotUnreadable for a malformed snapshot' {
            $null = Get-SqlServerInstance -Path $bad -ErrorVariable 'errors' -ErrorAction 'SilentlyContinue'
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnReset.SnapshotUnreadable,*'
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            { Get-SqlServerInstance } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }
    }
}
