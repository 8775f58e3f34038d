#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# The captures are tests/fixtures/wire: made by the tests' peers (openssl,
# FreeTDS tsql, tedious and tests/wire/responder.py) while dumpcap recorded
# them; EXPECTED.txt holds what tshark says of each, which is where the
# frame numbers checked here come from.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $wire = Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'fixtures/wire'
    $protocol = Join-Path -Path $wire -ChildPath 'protocol.pcapng'
    $suite = Join-Path -Path $wire -ChildPath 'suite.pcapng'
    $tsql = Join-Path -Path $wire -ChildPath 'tds-tsql.pcapng'
    $cut = Join-Path -Path $wire -ChildPath 'damaged/tds-tsql-cut.pcapng'

    # tshark's view of a capture: "file stream field value" rows.
    $expected = @{}
    foreach ($line in Get-Content -LiteralPath (Join-Path -Path $wire -ChildPath 'EXPECTED.txt'))
    {
        if ($line.StartsWith('#'))
        {
            continue
        }

        $f = $line -split ' '
        $key = '{0}/{1}' -f $f[0], $f[1]
        if (-not $expected.ContainsKey($key))
        {
            $expected[$key] = @{}
        }

        $expected[$key][$f[2]] = $f[3]
    }

    $tlsFixtures = Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'fixtures/tls'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Get-ConnectionReset' -Tag 'Public', 'Trace', 'PROTO', 'SUITE' {
    Context 'When a TLS 1.3-only client meets a TLS 1.2-only server' {
        BeforeAll {
            $result = @(Get-ConnectionReset -Path $protocol)
        }

        It 'Should return one ConnReset.ConnectionReset per connection with a verdict' {
            $result.Count | Should -Be 2
            $result[0].PSTypeNames[0] | Should -Be 'ConnReset.ConnectionReset'
            $result.Verdict | Sort-Object -Unique | Should -Be @('PROTO101')
            $result[0].Outcome | Should -Be 'AlertProtocolVersion'
            $result[0].Family | Should -Be 'PROTO'
            $result[0].Severity | Should -Be 'Error'
            $result[0].Finding.PSTypeNames[0] | Should -Be 'ConnReset.Finding'
        }

        It 'Should name the endpoints and frames tshark shows' {
            foreach ($connection in $result)
            {
                $row = $expected['protocol.pcapng/{0}' -f $connection.Stream]
                $connection.Client | Should -Be $row['client']
                $connection.Server | Should -Be $row['server']
                $connection.Frames | Should -Contain ([System.Int64] $row['clientHello'])
                $alertFrame = [System.Int64] ($row['alert'] -split ':')[0]
                $connection.Frames | Should -Contain $alertFrame
                $connection.Alert | Should -Be 'protocol_version (70) from the server'
            }
        }

        It 'Should return every connection with -All' {
            $all = @(Get-ConnectionReset -Path $protocol -All)
            $all.Count | Should -Be 3
            @($all | Where-Object -Property Outcome -EQ 'TlsOk').Count | Should -Be 1
            ($all | Where-Object -Property Outcome -EQ 'TlsOk').Negotiated | Should -Be 'TLS 1.2'
        }

        It 'Should sum the verdicts per server with -Summary' {
            # One server refuses TLS 1.3 clients, the other TLS 1.2 ones.
            $findings = @(Get-ConnectionReset -Path $protocol -Summary)
            $findings.Count | Should -Be 2
            $findings[0].PSTypeNames[0] | Should -Be 'ConnReset.Finding'
            $findings.Id | Sort-Object -Unique | Should -Be @('PROTO101')
            $findings[0].Evidence.Count | Should -BeGreaterThan 0
            $findings[0].Fix.Cmdlet | Should -Match '^Set-SchannelProtocol'
        }

        It 'Should keep one server with -Server' {
            $port = ($expected['protocol.pcapng/2']['server'] -split ':')[1]
            $only = @(Get-ConnectionReset -Path $protocol -Server "127.0.0.1:$port" -All)
            $only.Count | Should -Be 1
            $only[0].Server | Should -Be "127.0.0.1:$port"
        }

        It 'Should fit the table view in 120 columns' {
            $lines = ($result | Format-Table | Out-String -Width 200) -split "`r?`n"
            ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
        }
    }

    Context 'When the server is a SQL Server stand-in reached by FreeTDS tsql' {
        It 'Should read the SQL Server build from PRELOGIN in the summary' {
            $findings = @(Get-ConnectionReset -Path $tsql -Summary)
            $findings.Id | Should -Contain 'IOCP101'
            $findings.Id | Should -Contain 'PROTO110'
        }

        It 'Should give the TDS details of each connection' {
            $all = @(Get-ConnectionReset -Path $tsql -All)
            $all[0].Transport | Should -Be 'TDS'
            $all[0].SqlVersion | Should -Be '14.0.1000.0'
            $all[0].Encryption | Should -Be 'ON'
            $all[0].Negotiated | Should -Be 'TLS 1.2'
        }
    }

    Context 'When captures come from the pipeline' {
        It 'Should read each file Get-ChildItem gives' {
            $result = @(Get-ChildItem -LiteralPath $protocol, $suite | Get-ConnectionReset)
            $result.Verdict | Should -Contain 'PROTO101'
            $result.Verdict | Should -Contain 'SUITE101'
            @($result.File | Sort-Object -Unique).Count | Should -Be 2
        }
    }

    Context 'When the configuration of the same pair is given' {
        It 'Should set the match beside the verdict' {
            $result = @(Get-ConnectionReset -Path $protocol -ClientSnapshot (Join-Path -Path $tlsFixtures -ChildPath 'ws2019-tls12-only-client.reg') -ServerSnapshot (Join-Path -Path $tlsFixtures -ChildPath 'ws2008r2-default.reg'))
            $result[0].ConfigurationOutcome | Should -Be 'Fails'
            $result[0].ConfigurationFamily | Should -Be 'PROTO'
            $result[0].Agreement | Should -Be 'Agrees'
        }

        It 'Should say when they differ' {
            $result = @(Get-ConnectionReset -Path $protocol -ClientSnapshot (Join-Path -Path $tlsFixtures -ChildPath 'ws2019-tls12-only-client.reg') -ServerSnapshot (Join-Path -Path $tlsFixtures -ChildPath 'ws2022-default.reg'))
            $result[0].ConfigurationOutcome | Should -Be 'Connects'
            $result[0].Agreement | Should -Be 'Differs'
        }

        It 'Should refuse one snapshot without the other' {
            { Get-ConnectionReset -Path $protocol -ClientSnapshot (Join-Path -Path $tlsFixtures -ChildPath 'ws2022-default.reg') -ErrorAction 'Stop' } |
                Should -Throw -ErrorId 'ConnReset.InvalidArgument,Get-ConnectionReset'
        }

        It 'Should stop with ConnReset.SnapshotUnreadable, and that one error only, when a snapshot cannot be read' {
            # It used to go on with no snapshot and fail in the match
            # ("Value cannot be null") with four more errors on the way out.
            $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
            $run = Invoke-ConnResetTestPipeline -ScriptBlock { Get-ConnectionReset -Path $protocol -ClientSnapshot $bad -ServerSnapshot (Join-Path -Path $tlsFixtures -ChildPath 'ws2022-default.reg') }
            $run.Terminating.FullyQualifiedErrorId | Should -Be 'ConnReset.SnapshotUnreadable,Get-ConnectionReset'
            $run.Terminating.Exception.CodeName | Should -Be 'CR_EPARSE'
            $run.Errors.Count | Should -Be 0
            $run.Output.Count | Should -Be 0
        }
    }

    Context 'When a capture is damaged or missing' {
        It 'Should report the offset and still return what came before' {
            $result = @(Get-ConnectionReset -Path $cut -All -ErrorAction 'SilentlyContinue' -ErrorVariable 'errors')
            $records = @($errors | Where-Object -FilterScript { $_.FullyQualifiedErrorId -like 'ConnReset.*' })
            $records.Count | Should -Be 1
            $records[0].FullyQualifiedErrorId | Should -BeLike 'ConnReset.CaptureDamaged,*'
            $records[0].Exception.CodeName | Should -Be 'CR_EPARSE'
            $records[0].ToString() | Should -Match 'offset \d+'
            $records[0].ToString() | Should -Match '\(CR1003\)'
            $result.Count | Should -BeGreaterThan 0
        }

        It 'Should go on with the next file after a missing one' {
            $missing = Join-Path -Path $TestDrive -ChildPath 'missing.pcapng'
            $result = @(Get-ConnectionReset -Path $missing, $suite -ErrorAction 'SilentlyContinue' -ErrorVariable 'errors')
            $records = @($errors | Where-Object -FilterScript { $_.FullyQualifiedErrorId -like 'ConnReset.*' })
            $records.Count | Should -Be 1
            $records[0].FullyQualifiedErrorId | Should -BeLike 'ConnReset.CaptureUnreadable,*'
            $result.Verdict | Should -Contain 'SUITE101'
        }

        It 'Should say an ETL trace must be converted first' {
            $etl = Join-Path -Path $TestDrive -ChildPath 'trace.etl'
            [System.IO.File]::WriteAllBytes($etl, [System.Byte[]] (1..64))
            $null = Get-ConnectionReset -Path $etl -ErrorAction 'SilentlyContinue' -ErrorVariable 'errors'
            $records = @($errors | Where-Object -FilterScript { $_.FullyQualifiedErrorId -like 'ConnReset.*' })
            $records[0].ToString() | Should -Match 'etl2pcap'
        }

        It 'Should refuse a host name for -Server' {
            { Get-ConnectionReset -Path $protocol -Server 'sql01.contoso.com' -ErrorAction 'Stop' } |
                Should -Throw -ErrorId 'ConnReset.InvalidArgument,Get-ConnectionReset'
        }
    }
}
