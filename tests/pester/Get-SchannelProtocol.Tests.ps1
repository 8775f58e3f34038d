#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $ws2008r2 = Get-ConnResetTestTlsFixture -Name 'ws2008r2-default.reg'
    $tls12Only = Get-ConnResetTestTlsFixture -Name 'ws2019-tls12-only-client.reg'
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Get-SchannelProtocol' -Tag 'Public', 'Snapshot', 'PROTO' {
    Context 'When reading a default Windows Server 2008 R2 snapshot' {
        BeforeAll {
            $results = @(Get-SchannelProtocol -Path $ws2008r2)
        }

        It 'Should return one ConnReset.SchannelProtocol per protocol and role' {
            $results.Count | Should -Be 16
            $results[0].PSTypeNames[0] | Should -Be 'ConnReset.SchannelProtocol'
            ($results | ForEach-Object -Process { $_.ComputerName } | Sort-Object -Unique) | Should -Be 'SQL2008R2'
            (@($results | ForEach-Object -Process { $_.Protocol }) | Select-Object -Unique) -join ',' | Should -Be 'SSL2.0,SSL3.0,TLS1.0,TLS1.1,TLS1.2,TLS1.3,DTLS1.0,DTLS1.2'
            ($results[0..1] | ForEach-Object -Process { $_.Role }) -join ',' | Should -Be 'Client,Server'
        }

        It 'Should report TLS 1.2 off by default for the server role, with the reason' {
            $tls12 = $results | Where-Object -FilterScript { $_.Protocol -eq 'TLS1.2' -and $_.Role -eq 'Server' }
            $tls12.State | Should -Be 'DisabledByDefault'
            $tls12.OsDefault | Should -Be 'DisabledByDefault'
            $tls12.Enabled | Should -BeNullOrEmpty
            $tls12.DisabledByDefault | Should -BeNullOrEmpty
            $tls12.Reason | Should -Match 'off by default on Windows Server 2008 R2'
            $tls12.Key | Should -Be 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server'
        }

        It 'Should report versions the OS lacks as NotSupported' {
            ($results | Where-Object -FilterScript { $_.Protocol -eq 'TLS1.3' } | ForEach-Object -Process { $_.State } | Sort-Object -Unique) | Should -Be 'NotSupported'
        }

        It 'Should format as a table' {
            ($results | Format-Table | Out-String -Width 120) | Should -Match 'DisabledByDefault'
        }
    }

    Context 'When reading a Windows 10 snapshot that sets no protocol' {
        BeforeAll {
            # Windows 10 1809 (LTSC 2019): Microsoft's table of defaults says
            # SSL 3.0 is "Disabled" for both roles. The library reads that
            # as the state DisabledByDefault (supported, used only when an
            # application asks for it): OsDefault says so in the same word.
            $win10 = Get-ConnResetTestSqlFixture -Name 'win10-1809-client.reg'
            $results = @(Get-SchannelProtocol -Path $win10)
        }

        It 'Should give SSL 3.0 the same State and OsDefault for both roles: DisabledByDefault' {
            $ssl3 = @($results | Where-Object -Property Protocol -EQ 'SSL3.0')
            $ssl3.Count | Should -Be 2
            foreach ($row in $ssl3)
            {
                $row.State | Should -Be 'DisabledByDefault' -Because $row.Role
                $row.OsDefault | Should -Be 'DisabledByDefault' -Because $row.Role
                $row.Enabled | Should -BeNullOrEmpty
                $row.DisabledByDefault | Should -BeNullOrEmpty
                $row.Reason | Should -Match 'off by default on Windows 10'
            }
        }

        It 'Should have State equal to OsDefault for every protocol and role, since nothing is set' {
            $results.Count | Should -Be 16
            foreach ($row in $results)
            {
                $row.State | Should -Be $row.OsDefault -Because ('{0} {1}' -f $row.Protocol, $row.Role)
            }

            ($results | Where-Object -Property Protocol -EQ 'SSL2.0' | ForEach-Object -Process { $_.OsDefault } | Sort-Object -Unique) | Should -Be 'NotSupported'
            ($results | Where-Object -Property Protocol -EQ 'TLS1.2' | ForEach-Object -Process { $_.OsDefault } | Sort-Object -Unique) | Should -Be 'Enabled'
        }

        It 'Should come back to State equal to OsDefault after Set-SchannelProtocol -State Default' {
            $fixes = Join-Path -Path $TestDrive -ChildPath 'win10'
            $null = New-Item -Path $fixes -ItemType Directory -Force
            $enable = Join-Path -Path $fixes -ChildPath 'ssl3-enabled.reg'
            $default = Join-Path -Path $fixes -ChildPath 'ssl3-default.reg'
            $null = Set-SchannelProtocol -Protocol 'SSL3.0' -Role 'Client' -State 'Enabled' -Path $win10 -OutFile $enable -Confirm:$false
            $enabled = Get-SchannelProtocol -Path $win10, $enable -Protocol 'SSL3.0' -Role 'Client'
            $enabled.State | Should -Be 'Enabled'
            $enabled.OsDefault | Should -Be 'DisabledByDefault'
            $null = Set-SchannelProtocol -Protocol 'SSL3.0' -Role 'Client' -State 'Default' -Path $win10, $enable -OutFile $default -Confirm:$false
            $back = Get-SchannelProtocol -Path $win10, $enable, $default -Protocol 'SSL3.0' -Role 'Client'
            $back.State | Should -Be $back.OsDefault
        }

        It 'Should show State and OsDefault whole in the table, within 120 columns' {
            $table = Get-SchannelProtocol -Path $win10 -Protocol 'SSL3.0' | Format-Table | Out-String -Width 120
            $table | Should -Match 'SSL3\.0\s+Client\s+DisabledByDefault\s+DisabledByDefault'
        }
    }

    Context 'When any snapshot leaves a protocol unset' {
        It 'Should report State equal to OsDefault wherever neither value is set' {
            $checked = 0
            foreach ($name in 'ws2008r2-default.reg', 'ws2012r2-default.reg', 'ws2022-default.reg', 'win11-ecdhe-gcm-only.reg', 'ws2019-tls12-only-client.reg')
            {
                foreach ($row in @(Get-SchannelProtocol -Path (Get-ConnResetTestTlsFixture -Name $name)))
                {
                    if ($null -eq $row.Enabled -and $null -eq $row.DisabledByDefault)
                    {
                        $checked++
                        $row.State | Should -Be $row.OsDefault -Because ('{0}: {1} {2}' -f $name, $row.Protocol, $row.Role)
                    }
                }
            }

            $checked | Should -BeGreaterThan 40
        }
    }

    Context 'When filtering' {
        It 'Should return one object for one protocol and one role' {
            $result = @(Get-SchannelProtocol -Path $ws2008r2 -Protocol 'TLS1.2' -Role 'Server')
            $result.Count | Should -Be 1
            $result[0].Protocol | Should -Be 'TLS1.2'
            $result[0].Role | Should -Be 'Server'
        }

        It 'Should return both roles of several protocols' {
            @(Get-SchannelProtocol -Path $ws2008r2 -Protocol 'TLS1.0', 'TLS1.1').Count | Should -Be 4
        }

        It 'Should refuse an unknown protocol name' {
            { Get-SchannelProtocol -Path $ws2008r2 -Protocol 'TLS9' } | Should -Throw
        }
    }

    Context 'When the keys turn protocols off' {
        It 'Should show the registry data and the state it gives' {
            $tls10 = Get-SchannelProtocol -Path $tls12Only -Protocol 'TLS1.0' -Role 'Client'
            $tls10.State | Should -Be 'Disabled'
            $tls10.OsDefault | Should -Be 'Enabled'
            $tls10.Enabled | Should -Be 0
            $tls10.DisabledByDefault | Should -Be 1
            (Get-SchannelProtocol -Path $tls12Only -Protocol 'TLS1.0' -Role 'Server').State | Should -Be 'Enabled'
        }
    }

    Context 'When snapshots come through the pipeline' {
        It 'Should return the objects of each machine' {
            $results = @(Get-ChildItem -LiteralPath $ws2008r2, $tls12Only | Get-SchannelProtocol -Protocol 'TLS1.2' -Role 'Server')
            $results.Count | Should -Be 2
            ($results | ForEach-Object -Process { $_.ComputerName }) -join ',' | Should -Be 'SQL2008R2,APP2019'
            ($results | ForEach-Object -Process { $_.State }) -join ',' | Should -Be 'DisabledByDefault,Enabled'
        }

        It 'Should go on after an unreadable snapshot' {
            $errors = $null
            $results = @($bad, $ws2008r2 | Get-SchannelProtocol -Protocol 'TLS1.2' -ErrorAction 'SilentlyContinue' -ErrorVariable 'errors')
            $results.Count | Should -Be 2
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnReset.SnapshotUnreadable,*'
            $errors[0].Exception.CodeName | Should -Be 'CR_EPARSE'
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            { Get-SchannelProtocol } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }
    }

    Context 'When reading the live registry' {
        # Only on Windows: it reads the live registry, which exists nowhere else.
        It 'Should return sixteen objects named after this computer' -Skip:(-not $onWindows) {
            $results = @(Get-SchannelProtocol)
            $results.Count | Should -Be 16
            $results[0].ComputerName | Should -Not -BeNullOrEmpty
        }
    }
}
