#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    # The TLS scenarios as a fleet: SQL2012R2-EC (ws2012r2-sql-ecdsa-cert.reg)
    # holds a SQL Server instance, so it is the server; the seven others are
    # clients. Two of them share no suite with its ECDSA certificate.
    $fixtures = Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'fixtures'
    $tlsFolder = Join-Path -Path $fixtures -ChildPath 'tls'
    $pairsFolder = Join-Path -Path $fixtures -ChildPath 'pairs'
    $tls10Client = Join-Path -Path (Join-Path -Path $fixtures -ChildPath 'gpo') -ChildPath 'ws2008r2-tls10-only-client.reg'
    $ws2012r2 = Get-ConnResetTestTlsFixture -Name 'ws2012r2-default.reg'
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Invoke-ConnResetFleetDiagnosis' -Tag 'Public', 'Snapshot', 'Fleet' {
    Context 'When every client meets every server' {
        BeforeAll {
            $result = Invoke-ConnResetFleetDiagnosis -Path $tlsFolder
        }

        It 'Should return one ConnReset.FleetDiagnosis with the counts' {
            @($result).Count | Should -Be 1
            $result.PSTypeNames[0] | Should -Be 'ConnReset.FleetDiagnosis'
            $result.MachineCount | Should -Be 8
            $result.Servers | Should -Be 1
            $result.Clients | Should -Be 7
            $result.PairCount | Should -Be 7
            ($result.Connects + $result.Intermittent + $result.Fails + $result.Undetermined) | Should -Be 7
            $result.Fails | Should -Be 2
            $result.PairSource | Should -Be 'AllClientsWithAllServers'
        }

        It 'Should put every machine in one class, named C1, C2...' {
            $members = @($result.Classes | ForEach-Object -Process { $_.Members }) | Sort-Object
            $members.Count | Should -Be 8
            @($result.Classes)[0].Id | Should -Be 'C1'
            @($result.Classes)[0].PSTypeNames[0] | Should -Be 'ConnReset.FleetClass'
            ($result.Classes | Measure-Object -Property 'MachineCount' -Sum).Sum | Should -Be 8
        }

        It 'Should list the failing class pairs first, with the finding and a fix' {
            $first = @($result.ClassPairs)[0]
            $first.PSTypeNames[0] | Should -Be 'ConnReset.FleetClassPair'
            $first.Outcome | Should -Be 'Fails'
            $first.Finding | Should -Be 'SUITE001'
            @($first.Fixes).Count | Should -BeGreaterThan 0
            @($first.Fixes | Where-Object -Property 'Cmdlet' -Like 'Set-SchannelCipherSuiteOrder*').Count | Should -BeGreaterThan 0
            ($result.ClassPairs | Measure-Object -Property 'Pairs' -Sum).Sum | Should -Be 7
        }

        It 'Should sum the findings per id, with the machines' {
            $dhe = @($result.Findings | Where-Object -Property 'Id' -EQ 'DHE001')
            $dhe.Count | Should -BeGreaterThan 0
            $dhe[0].PSTypeNames[0] | Should -Be 'ConnReset.FleetFinding'
            foreach ($kind in $dhe)
            {
                @($kind.Machines).Count | Should -Be $kind.MachineCount
            }
        }
    }

    Context 'When two copies of a machine carry other names' {
        It 'Should put them in the class of the original' {
            $folder = Join-Path -Path $TestDrive -ChildPath 'copies'
            $null = New-Item -Path $folder -ItemType Directory -Force
            Copy-Item -Path (Join-Path -Path $tlsFolder -ChildPath '*.reg') -Destination $folder
            $original = Get-ConnResetTestTlsFixture -Name 'ws2022-default.reg'
            Copy-Item -LiteralPath $original -Destination (Join-Path -Path $folder -ChildPath 'copy-1.reg')
            $result = Invoke-ConnResetFleetDiagnosis -Path $folder
            $result.MachineCount | Should -Be 9
            $result.ClassCount | Should -Be 8
        }
    }

    Context 'When the pairs come from a SQL Server export' {
        It 'Should judge only the pairs of the CSV' {
            $result = Invoke-ConnResetFleetDiagnosis -Path $tlsFolder -PairPath (Join-Path -Path $pairsFolder -ChildPath 'sqlcmd.txt')
            $result.PairCount | Should -Be 4
            $result.PairSource | Should -BeLike '*sqlcmd.txt'
        }

        It 'Should name the machines the CSV names without a snapshot' {
            $result = Invoke-ConnResetFleetDiagnosis -Path $tlsFolder -PairPath (Join-Path -Path $pairsFolder -ChildPath 'ssms.csv')
            $result.UnknownNames | Should -Contain 'DECOMMISSIONED01'
        }

        It 'Should report a malformed CSV with its line, and judge the rest' {
            $malformed = Join-Path -Path $pairsFolder -ChildPath 'malformed/one_column.csv'
            $result = Invoke-ConnResetFleetDiagnosis -Path $tlsFolder -PairPath $malformed, (Join-Path -Path $pairsFolder -ChildPath 'sqlcmd.txt') -ErrorVariable all -ErrorAction 'SilentlyContinue'
            # -ErrorVariable also collects the native exceptions caught on the way.
            $errors = @($all | Where-Object -FilterScript { $_.FullyQualifiedErrorId -like 'ConnReset.*' })
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnReset.PairsUnreadable*'
            $errors[0].Exception.Message | Should -Match 'one_column\.csv:2:'
            $result.PairCount | Should -Be 4
        }
    }

    Context 'When a snapshot is malformed' {
        It 'Should report that file and still judge the others' {
            $result = Invoke-ConnResetFleetDiagnosis -Path $tlsFolder, $bad -ErrorVariable all -ErrorAction 'SilentlyContinue'
            $errors = @($all | Where-Object -FilterScript { $_.FullyQualifiedErrorId -like 'ConnReset.*' })
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnReset.SnapshotUnreadable*'
            $errors[0].Exception.Message | Should -Match 'bad\.reg'
            $result.MachineCount | Should -Be 8
        }

        It 'Should say so when no snapshot can be read' {
            $result = Invoke-ConnResetFleetDiagnosis -Path $bad -ErrorVariable errors -ErrorAction 'SilentlyContinue'
            $result | Should -BeNullOrEmpty
            @($errors | Where-Object -FilterScript { $_.FullyQualifiedErrorId -like 'ConnReset.FleetEmpty*' }).Count | Should -Be 1
        }
    }

    Context 'When a line of a snapshot is one reg import skips' {
        It 'Should read the machine and say which line it skipped, once' {
            $folder = Join-Path -Path $TestDrive -ChildPath 'skipped'
            $null = New-Item -Path $folder -ItemType Directory -Force
            Copy-Item -Path (Join-Path -Path $tlsFolder -ChildPath '*.reg') -Destination $folder
            $skipped = New-TestRegFile -Path (Join-Path -Path $folder -ChildPath 'skip.reg') -Body $SkippedLineBody
            $warnings = $null
            $result = Invoke-ConnResetFleetDiagnosis -Path $folder, $bad -WarningAction 'SilentlyContinue' -WarningVariable 'warnings' -ErrorAction 'SilentlyContinue'
            $result.MachineCount | Should -Be 9
            @($warnings).Count | Should -Be 1
            $warnings[0].Message | Should -BeLike "*$($skipped):*: a string reg import cannot read*(CR0127)"
        }
    }

    Context 'When a policy is tried on the fleet' {
        It 'Should show the class pair it breaks' {
            $result = Invoke-ConnResetFleetDiagnosis -Client $tls10Client -Server $ws2012r2 -Profile 'tls12-only' -ApplyTo 'Servers'
            $result.Broken | Should -Be 1
            $result.Policy | Should -Be 'tls12-only'
            $change = @($result.PolicyChanges)[0]
            $change.PSTypeNames[0] | Should -Be 'ConnReset.FleetPolicyChange'
            $change.Change | Should -Be 'Broken'
            $change.OutcomeBefore | Should -Be 'Connects'
            $change.OutcomeAfter | Should -Be 'Fails'
            $change.Finding | Should -Be 'PROTO001'
        }

        It 'Should refuse a profile and a policy file together' {
            { Invoke-ConnResetFleetDiagnosis -Path $tlsFolder -Profile 'tls12-only' -PolicyPath (Join-Path -Path $TestDrive -ChildPath 'x.pol') -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.InvalidArgument*'
        }

        It 'Should name an unknown profile' {
            { Invoke-ConnResetFleetDiagnosis -Path $tlsFolder -Profile 'no-such-profile' -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.PolicyProfileUnknown*'
        }
    }

    Context 'When -HtmlPath is given' {
        It 'Should write one page that fetches nothing' {
            $html = Join-Path -Path $TestDrive -ChildPath 'fleet.html'
            $result = Invoke-ConnResetFleetDiagnosis -Path $tlsFolder -HtmlPath $html
            $result.HtmlPath | Should -Be $html
            $text = Get-Content -LiteralPath $html -Raw
            $text | Should -Match '^<!DOCTYPE html>'
            $text | Should -Match 'id="matrix"'
            $text | Should -Not -Match '<script|src=|https?:'
        }
    }

    Context 'When snapshots come from the pipeline' {
        It 'Should judge them together' {
            $result = Get-ChildItem -Path $tlsFolder -Filter '*.reg' | Invoke-ConnResetFleetDiagnosis
            @($result).Count | Should -Be 1
            $result.MachineCount | Should -Be 8
        }

        It 'Should take Client and Server by property name, all rows into one fleet' {
            $rows = @(
                [PSCustomObject] @{ Client = $tls10Client; Server = $ws2012r2 }
                [PSCustomObject] @{ Client = (Get-ConnResetTestTlsFixture -Name 'win11-ecdhe-gcm-only.reg'); Server = $ws2012r2 }
            )
            $result = $rows | Invoke-ConnResetFleetDiagnosis
            @($result).Count | Should -Be 1
            $result.Clients | Should -Be 2
        }
    }
}
