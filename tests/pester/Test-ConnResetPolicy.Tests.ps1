#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    # tests/fixtures/gpo/ws2008r2-tls10-only-client.reg: Windows Server 2008 R2
    # defaults with SSL 3.0 Client disabled, so the client speaks only TLS 1.0
    # (hostname APP2008R2). The server is a default 2012 R2 (SQL2012R2).
    $gpoFixtures = Join-Path -Path (Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'fixtures') -ChildPath 'gpo'
    $tls10Client = Join-Path -Path $gpoFixtures -ChildPath 'ws2008r2-tls10-only-client.reg'
    $ws2012r2 = Get-ConnResetTestTlsFixture -Name 'ws2012r2-default.reg'
    $ws2022 = Get-ConnResetTestTlsFixture -Name 'ws2022-default.reg'
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody

    # The profile as a Registry.pol, for -Path.
    $tls12OnlyPol = Join-Path -Path $TestDrive -ChildPath 'tls12-only.pol'
    Export-ConnResetPolicy -Profile 'tls12-only' -OutFile $tls12OnlyPol -Confirm:$false
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Test-ConnResetPolicy' -Tag 'Public', 'Snapshot', 'GPO', 'PROTO' {
    Context 'When a policy disabling TLS 1.0 reaches a server whose client only speaks TLS 1.0' {
        BeforeAll {
            $result = @(Test-ConnResetPolicy -Path $tls12OnlyPol -Client $tls10Client -Server $ws2012r2 -ApplyTo 'Servers')
        }

        It 'Should return one Broken pair' {
            $result.Count | Should -Be 1
            $pair = $result[0]
            $pair.PSTypeNames[0] | Should -Be 'ConnReset.PolicyImpact'
            $pair.Client | Should -Be 'APP2008R2'
            $pair.Server | Should -Be 'SQL2012R2'
            $pair.Change | Should -Be 'Broken'
            $pair.CanConnectBefore | Should -BeTrue
            $pair.CanConnectAfter | Should -BeFalse
            $pair.OutcomeBefore | Should -Be 'Connects'
            $pair.OutcomeAfter | Should -Be 'Fails'
            $pair.ApplyTo | Should -Be 'Servers'
        }

        It 'Should name the finding that breaks it' {
            $result[0].Finding | Should -Be 'PROTO001'
            $result[0].Title | Should -Not -BeNullOrEmpty
        }

        It 'Should give the same answer for the profile by name' {
            $byName = @(Test-ConnResetPolicy -Profile 'tls12-only' -Client $tls10Client -Server $ws2012r2 -ApplyTo 'Servers')
            $byName.Count | Should -Be 1
            $byName[0].Change | Should -Be 'Broken'
            $byName[0].Policy | Should -Be 'tls12-only'
        }

        It 'Should return $false with -Quiet' {
            Test-ConnResetPolicy -Path $tls12OnlyPol -Client $tls10Client -Server $ws2012r2 -ApplyTo 'Servers' -Quiet | Should -BeFalse
        }

        It 'Should format as a table' {
            ($result | Format-Table | Out-String -Width 120) | Should -Match 'Broken'
        }
    }

    Context 'When the policy reaches both sides' {
        It 'Should break nothing, since the client gets TLS 1.2 too' {
            $result = @(Test-ConnResetPolicy -Profile 'tls12-only' -Client $tls10Client -Server $ws2012r2)
            $result.Count | Should -Be 1
            $result[0].Change | Should -Be 'Unchanged'
            $result[0].CanConnectAfter | Should -BeTrue
            $result[0].OutcomeAfter | Should -Be 'Connects'
            $result[0].ApplyTo | Should -Be 'Both'
            Test-ConnResetPolicy -Profile 'tls12-only' -Client $tls10Client -Server $ws2012r2 -Quiet | Should -BeTrue
        }

        It 'Should list the findings each machine gains or loses with -IncludeFindings' {
            $output = @(Test-ConnResetPolicy -Profile 'tls12-only' -Client $tls10Client -Server $ws2012r2 -IncludeFindings)
            $changes = @($output | Where-Object -FilterScript { $_.PSTypeNames[0] -eq 'ConnReset.PolicyFindingChange' })
            $changes.Count | Should -BeGreaterThan 0
            $removed = $changes | Where-Object -FilterScript { $_.Machine -eq 'APP2008R2' -and $_.Change -eq 'Removed' }
            $removed.Id | Should -Contain 'PROTO003'
            $removed[0].Role | Should -Be 'Client'
            $removed[0].PolicyApplied | Should -BeTrue
            ($changes | Format-Table | Out-String -Width 120) | Should -Match 'PROTO003'
        }
    }

    Context 'When -Client and -Server are folders' {
        BeforeAll {
            $clients = Join-Path -Path $TestDrive -ChildPath 'clients'
            $servers = Join-Path -Path $TestDrive -ChildPath 'servers'
            $null = New-Item -Path $clients -ItemType 'Directory' -Force
            $null = New-Item -Path $servers -ItemType 'Directory' -Force
            Copy-Item -LiteralPath $tls10Client -Destination (Join-Path -Path $clients -ChildPath 'a-app2008r2.reg')
            Copy-Item -LiteralPath $ws2012r2 -Destination (Join-Path -Path $servers -ChildPath 'a-sql2012r2.reg')
            Copy-Item -LiteralPath $ws2022 -Destination (Join-Path -Path $servers -ChildPath 'b-sql2022.reg')
            [System.IO.File]::WriteAllText((Join-Path -Path $servers -ChildPath 'notes.txt'), 'not a snapshot')
        }

        It 'Should test every client with every server, one machine per .reg file' {
            $result = @(Test-ConnResetPolicy -Path $tls12OnlyPol -Client $clients -Server $servers -ApplyTo 'Servers')
            $result.Count | Should -Be 2
            ($result | ForEach-Object -Process { $_.Server }) -join ',' | Should -Be 'SQL2012R2,SQL2022'
            ($result | Where-Object -Property Server -EQ 'SQL2012R2').Change | Should -Be 'Broken'
        }

        It 'Should take Client and Server from the pipeline by property name' {
            $rows = @([PSCustomObject] @{ Client = $clients; Server = $ws2012r2 })
            $result = @($rows | Test-ConnResetPolicy -Profile 'tls12-only' -ApplyTo 'Servers')
            $result.Count | Should -Be 1
            $result[0].Change | Should -Be 'Broken'
        }

        It 'Should report a folder without .reg files as ConnReset.SnapshotUnreadable' {
            $empty = Join-Path -Path $TestDrive -ChildPath 'empty'
            $null = New-Item -Path $empty -ItemType 'Directory' -Force
            { Test-ConnResetPolicy -Profile 'tls12-only' -Client $empty -Server $ws2012r2 -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.SnapshotUnreadable,*'
        }
    }

    Context 'When -Profile is completed with Tab' {
        It 'Should offer the profiles by name, for every command with -Profile' {
            foreach ($line in @('Test-ConnResetPolicy -Profile tls12', 'Export-ConnResetPolicy -Profile tls12', 'Invoke-ConnResetFleetDiagnosis -Path x -Profile tls12'))
            {
                $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
                @($completion.CompletionMatches | ForEach-Object -Process { $_.CompletionText }) | Should -Contain 'tls12-only'
                @($completion.CompletionMatches | ForEach-Object -Process { $_.CompletionText }) | Should -Not -Contain 'syn-2003-intranet'
            }
        }
    }

    Context 'When a line of a snapshot is one reg import skips' {
        It 'Should judge the machine and say which line it skipped' {
            $skipped = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'skip/skip.reg') -Body $SkippedLineBody
            $warnings = $null
            $result = @(Test-ConnResetPolicy -Path $tls12OnlyPol -Client $tls10Client, $skipped -Server $ws2012r2 -ApplyTo 'Servers' -WarningAction 'SilentlyContinue' -WarningVariable 'warnings')
            $result.Count | Should -Be 2
            @($warnings).Count | Should -Be 1
            $warnings[0].Message | Should -BeLike "*$($skipped):*: a string reg import cannot read*(CR0127)"
        }
    }

    Context 'When an input cannot be read' {
        It 'Should report an unreadable snapshot as ConnReset.SnapshotUnreadable' {
            { Test-ConnResetPolicy -Profile 'tls12-only' -Client $bad -Server $ws2012r2 -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.SnapshotUnreadable,*'
        }

        It 'Should report a malformed Registry.pol as ConnReset.PolicyUnreadable' {
            $badPol = Join-Path -Path $TestDrive -ChildPath 'bad.pol'
            [System.IO.File]::WriteAllText($badPol, 'not a policy file')
            { Test-ConnResetPolicy -Path $badPol -Client $tls10Client -Server $ws2012r2 -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.PolicyUnreadable,*'
        }

        It 'Should stop with ConnReset.PolicyProfileUnknown for an unknown profile' {
            { Test-ConnResetPolicy -Profile 'no-such-profile' -Client $tls10Client -Server $ws2012r2 } | Should -Throw -ErrorId 'ConnReset.PolicyProfileUnknown,*' -ExpectedMessage '*tls12-only*'
        }
    }
}
