#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $win11 = Get-ConnResetTestTlsFixture -Name 'win11-ecdhe-gcm-only.reg'
    $ws2012r2 = Get-ConnResetTestTlsFixture -Name 'ws2012r2-default.reg'
    $ws2008r2 = Get-ConnResetTestTlsFixture -Name 'ws2008r2-default.reg'
    $tls12Only = Get-ConnResetTestTlsFixture -Name 'ws2019-tls12-only-client.reg'
    $ws2022 = Get-ConnResetTestTlsFixture -Name 'ws2022-default.reg'
    $dheClient = Get-ConnResetTestTlsFixture -Name 'ws2016-unfixed-dhe-client.reg'
    $dheServer = Get-ConnResetTestTlsFixture -Name 'ws2019-dhe-first-server.reg'
    $protocols = 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols'
    $handClient = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'hand/client.reg') -Body ("[$protocols\TLS 1.2\Client]`r`n" + '"Enabled"=dword:00000001')
    $handServer = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'hand/server.reg') -Body ("[$protocols\TLS 1.0\Server]`r`n" + '"Enabled"=dword:00000000')
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Test-TlsMatch' -Tag 'Public', 'Snapshot', 'PROTO', 'SUITE' {
    Context 'When a Windows 11 client allows only ECDHE with AES-GCM and the server is a default 2012 R2' {
        BeforeAll {
            $result = Test-TlsMatch -Client $win11 -Server $ws2012r2
        }

        It 'Should return a ConnReset.TlsMatch naming both machines' {
            $result.PSTypeNames[0] | Should -Be 'ConnReset.TlsMatch'
            $result.Client | Should -Be 'APP-WIN11'
            $result.ClientOS | Should -Be 'Windows 11'
            $result.ClientSource | Should -Be $win11
            $result.Server | Should -Be 'SQL2012R2'
            $result.ServerOS | Should -Be 'Windows Server 2012 R2'
            $result.ServerSource | Should -Be $ws2012r2
            $result.ServerKey | Should -Be 'Rsa'
            $result.ServerKeySource | Should -Be 'assumed'
        }

        It 'Should say they cannot connect for want of a common cipher suite' {
            $result.Outcome | Should -Be 'Fails'
            $result.CanConnect | Should -BeFalse
            @($result.Missing).Count | Should -Be 0
            $result.Family | Should -Be 'SUITE'
            $result.Protocol | Should -Be 'TLS1.2'
            $result.Suite | Should -BeNullOrEmpty
            $result.Reason | Should -Match 'no cipher suite'
        }

        It 'Should give the fix on each side' {
            @($result.Fixes).Count | Should -Be 2
            $result.Fixes[0].PSTypeNames[0] | Should -Be 'ConnReset.TlsFix'
            $client = $result.Fixes | Where-Object -Property Side -EQ 'Client'
            $client.Cmdlet | Should -Be 'Set-SchannelCipherSuiteOrder -Add TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384'
            $client.Cli | Should -Be 'connreset tls suites set --add TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384'
            $server = $result.Fixes | Where-Object -Property Side -EQ 'Server'
            $server.Summary | Should -Match 'ECDSA certificate'
            $server.Cmdlet | Should -BeNullOrEmpty
        }

        It 'Should list the protocol versions of both sides' {
            $result.Protocols[0].PSTypeNames[0] | Should -Be 'ConnReset.TlsMatchProtocol'
            ($result.Protocols | ForEach-Object -Process { $_.Protocol }) -join ',' | Should -Be 'TLS1.3,TLS1.2,TLS1.1,TLS1.0,SSL3.0'
            $tls13 = $result.Protocols | Where-Object -Property Protocol -EQ 'TLS1.3'
            $tls13.Client | Should -Be 'Enabled'
            $tls13.Server | Should -Be 'NotSupported'
            $tls13.Common | Should -BeFalse
            $tls12 = $result.Protocols | Where-Object -Property Protocol -EQ 'TLS1.2'
            $tls12.Common | Should -BeTrue
            $tls12.ServerChoice | Should -BeNullOrEmpty
        }

        It 'Should carry the pair finding as a ConnReset.Finding of the pair' {
            @($result.Findings).Count | Should -Be 1
            $finding = $result.Findings[0]
            $finding.PSTypeNames[0] | Should -Be 'ConnReset.Finding'
            $finding.Id | Should -Be 'SUITE001'
            $finding.Severity | Should -Be 'Error'
            $finding.Machine | Should -Be 'Pair'
            $finding.ComputerName | Should -Be 'APP-WIN11 -> SQL2012R2'
            $finding.Fix.Cmdlet | Should -Be 'Set-SchannelCipherSuiteOrder -Add TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384'
        }

        It 'Should format as a table and as a list' {
            ($result | Format-Table | Out-String -Width 120) | Should -Match 'SUITE'
            $list = $result | Format-List | Out-String -Width 120
            $list | Should -Match 'Set-SchannelCipherSuiteOrder -Add'
            $list | Should -Match 'SUITE001'
        }

        It 'Should connect when the server has an ECDSA certificate' {
            $ecdsa = Test-TlsMatch -Client $win11 -Server $ws2012r2 -ServerKey 'Ecdsa'
            $ecdsa.Outcome | Should -Be 'Connects'
            $ecdsa.CanConnect | Should -BeTrue
            $ecdsa.ServerKey | Should -Be 'Ecdsa'
            $ecdsa.ServerKeySource | Should -Be 'parameter'
            $ecdsa.Suite | Should -Be 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'
            @($ecdsa.Findings).Count | Should -Be 0
        }
    }

    Context 'When a TLS 1.2-only client meets a default Windows Server 2008 R2' {
        BeforeAll {
            $result = Test-TlsMatch $tls12Only $ws2008r2
        }

        It 'Should say they share no protocol version' {
            $result.Outcome | Should -Be 'Fails'
            $result.CanConnect | Should -BeFalse
            $result.Family | Should -Be 'PROTO'
            $result.Protocol | Should -BeNullOrEmpty
            @($result.Protocols | Where-Object -Property Common).Count | Should -Be 0
            $result.Findings.Id | Should -Contain 'PROTO001'
        }

        It 'Should name the Set-SchannelProtocol line that fixes the server' {
            $result.Fixes.Cmdlet | Should -Contain 'Set-SchannelProtocol -Protocol TLS1.2 -Role Server -State Enabled'
        }
    }

    Context 'When both sides are fine' {
        It 'Should name the protocol and the suite the server picks' {
            $result = Test-TlsMatch -Client $tls12Only -Server $ws2022
            $result.Outcome | Should -Be 'Connects'
            $result.CanConnect | Should -BeTrue
            $result.Family | Should -BeNullOrEmpty
            $result.Protocol | Should -Be 'TLS1.2'
            $result.Suite | Should -Not -BeNullOrEmpty
            ($result.Protocols | Where-Object -Property Protocol -EQ 'TLS1.2').ServerChoice | Should -Be $result.Suite
            @($result.Fixes).Count | Should -Be 0
        }
    }

    Context 'When -Quiet is given' {
        It 'Should return only a Boolean' {
            $no = Test-TlsMatch -Client $win11 -Server $ws2012r2 -Quiet
            $no | Should -BeOfType [System.Boolean]
            $no | Should -BeFalse
            Test-TlsMatch -Client $tls12Only -Server $ws2022 -Quiet | Should -BeTrue
        }

        It 'Should be true only for Connects: not for Intermittent nor Undetermined' {
            Test-TlsMatch -Client $dheClient -Server $dheServer -Quiet | Should -BeFalse
            Test-TlsMatch -Client $handClient -Server $handServer -Quiet | Should -BeFalse
        }
    }

    Context 'When a build without the DHE leading-zero fix meets a DHE-first server that has it' {
        It 'Should say they connect, but intermittently' {
            $result = Test-TlsMatch -Client $dheClient -Server $dheServer
            $result.Outcome | Should -Be 'Intermittent'
            $result.CanConnect | Should -BeTrue
            $result.Family | Should -Be 'DHEZERO'
            $result.Findings.Id | Should -Contain 'DHEZERO001'
            $result.Fixes.Cmdlet | Should -Contain 'Disable-DheCipherSuite'
        }
    }

    Context 'When both snapshots are hand-written and do not say which Windows they are' {
        BeforeAll {
            $result = Test-TlsMatch -Client $handClient -Server $handServer
        }

        It 'Should say the outcome is undetermined, not that they cannot connect' {
            $result.Outcome | Should -Be 'Undetermined'
            $result.CanConnect | Should -BeNullOrEmpty
            @($result.Findings).Count | Should -Be 0
            $result.Reason | Should -Match 'Windows version'
        }

        It 'Should say what is missing on each side and how to supply it' {
            @($result.Missing).Count | Should -Be 2
            $result.Missing[0].PSTypeNames[0] | Should -Be 'ConnReset.TlsMatchMissing'
            ($result.Missing | ForEach-Object -Process { $_.Side }) -join ',' | Should -Be 'Client,Server'
            $result.Missing[0].What | Should -Be 'Os'
            $result.Missing[0].Supply | Should -Match 'connreset collect'
            ($result | Format-List | Out-String) | Should -Match 'Missing'
        }

        It 'Should decide once -ClientOS and -ServerOS name their Windows' {
            $named = Test-TlsMatch -Client $handClient -ClientOS 'Windows Server 2019' -Server $handServer -ServerOS 'Server 2016'
            $named.Outcome | Should -Be 'Connects'
            $named.ClientOS | Should -Be 'Windows Server 2019'
            $named.ServerOS | Should -Be 'Windows Server 2016'
            (Test-TlsMatch -Client $handClient -ClientOS 'Windows Server 2019' -Server $handServer).Missing.Side | Should -Be 'Server'
        }

        It 'Should refuse a Windows name it does not know, or one the snapshot contradicts' {
            $errors = $null
            $null = Test-TlsMatch -Client $handClient -ClientOS 'Windows 10' -Server $handServer -ErrorAction 'SilentlyContinue' -ErrorVariable 'errors'
            $records = @($errors | Where-Object -FilterScript { $_.FullyQualifiedErrorId -like 'ConnReset.*' })
            $records.Count | Should -Be 1
            $records[0].FullyQualifiedErrorId | Should -BeLike 'ConnReset.InvalidArgument,*'
            $records[0].Exception.Message | Should -Match 'Windows 10 22H2'
            $errors = $null
            $null = Test-TlsMatch -Client $ws2022 -ClientOS 'Windows Server 2016' -Server $handServer -ErrorAction 'SilentlyContinue' -ErrorVariable 'errors'
            $records = @($errors | Where-Object -FilterScript { $_.FullyQualifiedErrorId -like 'ConnReset.*' })
            $records[0].Exception.Message | Should -Match 'the snapshot says it is Windows Server 2022'
        }
    }

    Context 'When pairs come through the pipeline' {
        It 'Should test each Client/Server pair of a CSV file' {
            $csv = Join-Path -Path $TestDrive -ChildPath 'pairs.csv'
            @(
                [PSCustomObject] @{ Client = $win11; Server = $ws2012r2 }
                [PSCustomObject] @{ Client = $tls12Only; Server = $ws2022 }
            ) | Export-Csv -LiteralPath $csv -NoTypeInformation
            $results = @(Import-Csv -LiteralPath $csv | Test-TlsMatch)
            $results.Count | Should -Be 2
            ($results | ForEach-Object -Process { $_.Outcome }) -join ',' | Should -Be 'Fails,Connects'
            ($results | ForEach-Object -Process { $_.Server }) -join ',' | Should -Be 'SQL2012R2,SQL2022'
        }

        It 'Should go on after an unreadable snapshot' {
            $errors = $null
            $pairs = @(
                [PSCustomObject] @{ Client = $bad; Server = $ws2012r2 }
                [PSCustomObject] @{ Client = $tls12Only; Server = $ws2022 }
            )
            $results = @($pairs | Test-TlsMatch -ErrorAction 'SilentlyContinue' -ErrorVariable 'errors')
            $results.Count | Should -Be 1
            $results[0].CanConnect | Should -BeTrue
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnReset.SnapshotUnreadable,*'
            $errors[0].Exception.CodeName | Should -Be 'CR_EPARSE'
        }
    }

    Context 'When a side is this computer and there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable for live or a side left out' -Skip:$onWindows {
            { Test-TlsMatch -Client 'live' -Server $ws2012r2 } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*' -ExpectedMessage '*-Client*'
            { Test-TlsMatch -Server $ws2012r2 } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
            { Test-TlsMatch -Client $win11 } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }
    }

    Context 'When a side is this computer' {
        # Only on Windows: it reads the live registry, which exists nowhere else.
        It 'Should read the live registry for that side' -Skip:(-not $onWindows) {
            $result = Test-TlsMatch -Client 'live' -Server $ws2022
            $result.ClientSource | Should -Be 'Live'
            $result.Client | Should -Not -BeNullOrEmpty
        }
    }
}
