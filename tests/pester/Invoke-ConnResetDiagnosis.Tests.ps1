#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
    $repoRoot = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    $exampleWs2003 = Join-Path -Path $repoRoot -ChildPath 'examples/snapshots/ws2003-sp2.reg'
    $haveExample = Test-Path -LiteralPath $exampleWs2003
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $ws2003 = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'ws2003.reg') -Body $Ws2003Sp2Body
    $ws2019 = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'ws2019.reg') -Body $Ws2019Body
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad.reg') -Body $MalformedBody
    $stringValue = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'sz.reg') -Body @'
[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"SynAttackProtect"=dword:00000000
"TcpMaxHalfOpen"="abc"
'@
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Invoke-ConnResetDiagnosis' -Tag 'Public', 'Snapshot' {
    Context 'When a Server 2003 SP2 machine has SYN attack protection on' {
        BeforeAll {
            $findings = @(Invoke-ConnResetDiagnosis -Path $ws2003)
        }

        It 'Should rank SYN001 first' {
            $findings.Count | Should -BeGreaterOrEqual 1
            $findings[0].Rank | Should -Be 1
            $findings[0].Id | Should -Be 'SYN001'
            $findings[0].Family | Should -Be 'SYN'
            $findings[0].Severity | Should -Be 'Warning'
        }

        It 'Should return ConnReset.Finding objects with evidence and a fix' {
            $finding = $findings[0]
            $finding.PSTypeNames[0] | Should -Be 'ConnReset.Finding'
            $finding.ComputerName | Should -Be 'SQL01'
            $finding.Title | Should -Not -BeNullOrEmpty
            $finding.Reason | Should -Match '10054'
            $finding.Evidence[0].PSTypeNames[0] | Should -Be 'ConnReset.Evidence'
            $finding.Evidence.Value | Should -Contain 'SynAttackProtect'
            $finding.Fix.PSTypeNames[0] | Should -Be 'ConnReset.Fix'
            $finding.Fix.Cmdlet | Should -Be 'Set-SynProtection -Disable'
            $finding.Fix.Cli | Should -Be 'connreset syn set --disable'
            $finding.Fix.Gpo | Should -Match 'SynAttackProtect'
            $finding.Fix.Note | Should -Match 'intranet'
        }

        It 'Should return the findings in rank order' {
            $ranks = @($findings | ForEach-Object -Process { $_.Rank })
            ($ranks -join ',') | Should -Be ((@($ranks | Sort-Object)) -join ',')
        }

        It 'Should format as a table' {
            ($findings | Format-Table | Out-String -Width 120) | Should -Match 'SYN001'
        }
    }

    Context 'When the SYN values do not apply' {
        It 'Should return no SYN finding for Server 2019, only the DHE suites of its default list' {
            # The Schannel checks run too: Server 2019's default suite order
            # holds TLS_DHE_* suites (DHE001).
            $findings = @(Invoke-ConnResetDiagnosis -Path $ws2019)
            ($findings | ForEach-Object -Process { $_.Id }) -join ',' | Should -Be 'DHE001'
            $findings[0].Fix.Cmdlet | Should -Be 'Disable-DheCipherSuite'
        }

        It 'Should return nothing once the DHE suites are removed' {
            $fix = Join-Path -Path $TestDrive -ChildPath 'ws2019-nodhe.reg'
            $null = Disable-DheCipherSuite -Path $ws2019 -OutFile $fix -Confirm:$false
            @(Invoke-ConnResetDiagnosis -Path $ws2019, $fix).Count | Should -Be 0
        }
    }

    Context 'When a value has the wrong type' {
        It 'Should report SYN006 with the Reset fix' {
            $findings = @(Invoke-ConnResetDiagnosis -Path $ws2003, $stringValue)
            $findings.Id | Should -Contain 'SYN006'
            ($findings | Where-Object -Property Id -EQ 'SYN006').Fix.Cmdlet | Should -Be 'Set-SynProtection -Reset'
        }
    }

    Context 'When several machines come through the pipeline' {
        It 'Should diagnose each and name the machine' {
            $findings = @(Get-ChildItem -LiteralPath $ws2003, $ws2019 | Invoke-ConnResetDiagnosis)
            $findings.Count | Should -BeGreaterOrEqual 1
            @($findings | Where-Object -FilterScript { $_.ComputerName -eq 'SQL19' -and $_.Family -eq 'SYN' }).Count | Should -Be 0
            @($findings | Where-Object -Property ComputerName -EQ 'SQL01').Count | Should -BeGreaterOrEqual 1
        }

        It 'Should go on after an unreadable snapshot' {
            $errors = $null
            $findings = @($bad, $ws2003 | Invoke-ConnResetDiagnosis -ErrorAction 'SilentlyContinue' -ErrorVariable 'errors')
            $findings[0].Id | Should -Be 'SYN001'
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnReset.SnapshotUnreadable,*'
        }
    }

    Context 'When using the example snapshots' {
        It 'Should find SYN001 in examples/snapshots/ws2003-sp2.reg' -Skip:(-not $haveExample) {
            $example = Join-Path -Path (Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent) -ChildPath 'examples/snapshots/ws2003-sp2.reg'
            (Invoke-ConnResetDiagnosis -Path $example).Id | Should -Contain 'SYN001'
        }
    }

    Context 'When diagnosing a client and a server together' {
        BeforeAll {
            $win11 = Get-ConnResetTestTlsFixture -Name 'win11-ecdhe-gcm-only.reg'
            $ws2012r2 = Get-ConnResetTestTlsFixture -Name 'ws2012r2-default.reg'
            $tls12Only = Get-ConnResetTestTlsFixture -Name 'ws2019-tls12-only-client.reg'
            $ws2008r2 = Get-ConnResetTestTlsFixture -Name 'ws2008r2-default.reg'
            $findings = @(Invoke-ConnResetDiagnosis -Client $win11 -Server $ws2012r2)
        }

        It 'Should have the parameter sets Pair and Path, Path by default' {
            $command = Get-Command -Name 'Invoke-ConnResetDiagnosis'
            (($command.ParameterSets.Name | Sort-Object) -join ',') | Should -Be 'Pair,Path'
            $command.DefaultParameterSet | Should -Be 'Path'
        }

        It 'Should return the findings of the client, then the server, then the pair' {
            ($findings | ForEach-Object -Process { '{0}:{1}' -f $_.Machine, $_.Id }) -join ',' | Should -Be 'Client:SUITE005,Server:DHE001,Pair:SUITE001'
            $findings[0].PSTypeNames[0] | Should -Be 'ConnReset.Finding'
        }

        It 'Should name the machine of each finding' {
            $findings[0].ComputerName | Should -Be 'APP-WIN11'
            $findings[0].Path | Should -Be $win11
            $findings[1].ComputerName | Should -Be 'SQL2012R2'
            $findings[2].ComputerName | Should -Be 'APP-WIN11 -> SQL2012R2'
            $findings[2].Fix.Cmdlet | Should -Be 'Set-SchannelCipherSuiteOrder -Add TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384'
        }

        It 'Should keep each machine''s ranking' {
            $server = @(Invoke-ConnResetDiagnosis -Client $tls12Only -Server $ws2008r2 | Where-Object -Property Machine -EQ 'Server')
            ($server | ForEach-Object -Process { $_.Rank }) -join ',' | Should -Be '1,2,3'
            $server.Id | Should -Contain 'PROTO003'
        }

        It 'Should judge the pair with the server key -ServerKey names' {
            # An ECDSA certificate lets the server pick an ECDHE_ECDSA suite the client enables.
            $pair = @(Invoke-ConnResetDiagnosis -Client $win11 -Server $ws2012r2 -ServerKey 'Ecdsa' | Where-Object -Property Machine -EQ 'Pair')
            $pair.Id | Should -Not -Contain 'SUITE001'
        }

        It 'Should find PROTO001 for a pair without a common protocol' {
            $pair = @(Invoke-ConnResetDiagnosis -Client $tls12Only -Server $ws2008r2 | Where-Object -Property Machine -EQ 'Pair')
            $pair.Id | Should -Be 'PROTO001'
        }

        It 'Should take Client and Server from the pipeline by property name' {
            $piped = @([PSCustomObject] @{ Client = $win11; Server = $ws2012r2 } | Invoke-ConnResetDiagnosis)
            ($piped | ForEach-Object -Process { $_.Id }) -join ',' | Should -Be 'SUITE005,DHE001,SUITE001'
        }

        It 'Should not add Machine to the findings of one machine' {
            $single = @(Invoke-ConnResetDiagnosis -Path $ws2012r2)
            $single[0].PSObject.Properties['Machine'] | Should -BeNullOrEmpty
        }

        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable when a side is this computer' -Skip:$onWindows {
            { Invoke-ConnResetDiagnosis -Client 'live' -Server $ws2012r2 } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*' -ExpectedMessage '*-Client*'
            { Invoke-ConnResetDiagnosis -Server $ws2012r2 } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }

        It 'Should report an unreadable side and go on with the next pair' {
            $errors = $null
            $pairs = @(
                [PSCustomObject] @{ Client = $bad; Server = $ws2012r2 }
                [PSCustomObject] @{ Client = $win11; Server = $ws2012r2 }
            )
            $results = @($pairs | Invoke-ConnResetDiagnosis -ErrorAction 'SilentlyContinue' -ErrorVariable 'errors')
            $results.Count | Should -Be 3
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnReset.SnapshotUnreadable,*'
        }
    }

    Context 'When the pair''s snapshots are hand-written and do not say which Windows they are' {
        BeforeAll {
            # A client with only TLS 1.2 left on, a server that only turns
            # SSL 3.0 off: whether they share a version depends on their
            # Windows releases, which these files do not hold.
            $protocols = 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols'
            $handClient = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'hand/client.reg') -Body ("[$protocols\TLS 1.0\Client]`r`n" + '"Enabled"=dword:00000000' + "`r`n`r`n[$protocols\TLS 1.1\Client]`r`n" + '"Enabled"=dword:00000000')
            $handServer = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'hand/server.reg') -Body ("[$protocols\SSL 3.0\Server]`r`n" + '"Enabled"=dword:00000000')
        }

        It 'Should leave the pair undetermined without -ClientOS and -ServerOS: no pair finding' {
            (Test-TlsMatch -Client $handClient -Server $handServer).Outcome | Should -Be 'Undetermined'
            $findings = @(Invoke-ConnResetDiagnosis -Client $handClient -Server $handServer)
            @($findings | Where-Object -Property Machine -EQ 'Pair').Count | Should -Be 0
            ($findings | ForEach-Object -Process { '{0}:{1}' -f $_.Machine, $_.Id }) -join ',' | Should -Be 'Client:SYN007,Server:SYN007'
        }

        It 'Should decide the pair once -ClientOS and -ServerOS name their Windows, as Test-TlsMatch does' {
            # Windows Server 2008 R2 has TLS 1.2 off by default: no common version.
            (Test-TlsMatch -Client $handClient -ClientOS 'Windows Server 2019' -Server $handServer -ServerOS 'Windows Server 2008 R2').Outcome | Should -Be 'Fails'
            $findings = @(Invoke-ConnResetDiagnosis -Client $handClient -ClientOS 'Windows Server 2019' -Server $handServer -ServerOS 'Windows Server 2008 R2')
            $pair = @($findings | Where-Object -Property Machine -EQ 'Pair')
            $pair.Id | Should -Be 'PROTO001'
            $findings.Id | Should -Not -Contain 'SYN007'
            ($findings | Where-Object -Property Machine -EQ 'Server').Id | Should -Contain 'PROTO003'
        }

        It 'Should fill only the side that is named' {
            $findings = @(Invoke-ConnResetDiagnosis -Client $handClient -ClientOS 'Windows Server 2019' -Server $handServer)
            @($findings | Where-Object -Property Machine -EQ 'Pair').Count | Should -Be 0
            ($findings | Where-Object -FilterScript { $_.Id -eq 'SYN007' }).Machine | Should -Be 'Server'
        }

        It 'Should take ClientOS and ServerOS from the pipeline by property name' {
            $pairs = @(
                [PSCustomObject] @{ Client = $handClient; ClientOS = 'Windows Server 2019'; Server = $handServer; ServerOS = 'Windows Server 2008 R2' }
                [PSCustomObject] @{ Client = $handClient; ClientOS = 'Windows Server 2019'; Server = $handServer; ServerOS = 'Windows Server 2016' }
            )
            $pair = @($pairs | Invoke-ConnResetDiagnosis | Where-Object -Property Machine -EQ 'Pair')
            $pair.Count | Should -Be 1
            $pair[0].Id | Should -Be 'PROTO001'
        }

        It 'Should write ConnReset.InvalidArgument for a name it does not know or the snapshot contradicts, and go on with the next pair' {
            $pairs = @(
                [PSCustomObject] @{ Client = $handClient; ClientOS = 'Windows 10'; Server = $handServer; ServerOS = 'Windows Server 2008 R2' }
                [PSCustomObject] @{ Client = (Get-ConnResetTestTlsFixture -Name 'ws2022-default.reg'); ClientOS = 'Windows Server 2016'; Server = $handServer; ServerOS = 'Windows Server 2008 R2' }
                [PSCustomObject] @{ Client = $handClient; ClientOS = 'Windows Server 2019'; Server = $handServer; ServerOS = 'Windows Server 2008 R2' }
            )
            $run = Invoke-ConnResetTestPipeline -ScriptBlock { $pairs | Invoke-ConnResetDiagnosis }
            $run.Terminating | Should -BeNullOrEmpty
            ($run.Errors | ForEach-Object -Process { $_.FullyQualifiedErrorId }) -join ';' | Should -Be 'ConnReset.InvalidArgument,Invoke-ConnResetDiagnosis;ConnReset.InvalidArgument,Invoke-ConnResetDiagnosis'
            $run.Errors[0].Exception.Message | Should -Match 'Windows 10 22H2'
            $run.Errors[1].Exception.Message | Should -Match 'the snapshot says it is Windows Server 2022'
            @($run.Output | Where-Object -Property Machine -EQ 'Pair').Id | Should -Be 'PROTO001'
        }

        It 'Should know one machine''s OS defaults once -OS names its Windows' {
            $without = @(Invoke-ConnResetDiagnosis -Path $handServer)
            $without.Id | Should -Contain 'SYN007'
            $without.Id | Should -Not -Contain 'PROTO003'
            $with = @(Invoke-ConnResetDiagnosis -Path $handServer -OS 'Windows Server 2008 R2')
            $with.Id | Should -Not -Contain 'SYN007'
            # 2008 R2's TLS 1.1 and 1.2 are off by default: now it can say so.
            $with.Id | Should -Contain 'PROTO003'
        }

        It 'Should write ConnReset.InvalidArgument for an -OS the snapshot contradicts, and go on with the next file' {
            $machines = @(
                [PSCustomObject] @{ Path = (Get-ConnResetTestTlsFixture -Name 'ws2022-default.reg'); OS = 'Windows Server 2016' }
                [PSCustomObject] @{ Path = $handServer; OS = 'Windows Server 2008 R2' }
            )
            $run = Invoke-ConnResetTestPipeline -ScriptBlock { $machines | Invoke-ConnResetDiagnosis }
            $run.Terminating | Should -BeNullOrEmpty
            @($run.Errors).Count | Should -Be 1
            $run.Errors[0].FullyQualifiedErrorId | Should -Be 'ConnReset.InvalidArgument,Invoke-ConnResetDiagnosis'
            $run.Errors[0].Exception.Message | Should -Match 'the snapshot says it is Windows Server 2022'
            $run.Output.Id | Should -Contain 'PROTO003'
        }

        It 'Should complete -ClientOS and -ServerOS with the Windows names, as Test-TlsMatch does' {
            foreach ($command in 'Invoke-ConnResetDiagnosis', 'Test-TlsMatch')
            {
                foreach ($parameter in 'ClientOS', 'ServerOS')
                {
                    $line = "$command -Client a.reg -Server b.reg -$parameter 1809"
                    $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
                    @($completion.CompletionMatches | ForEach-Object -Process { $_.CompletionText }) | Should -Be @("'Windows 10 1809'") -Because "$command -$parameter"
                }
            }

            $line = 'Invoke-ConnResetDiagnosis -Path a.reg -OS 1809'
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($completion.CompletionMatches | ForEach-Object -Process { $_.CompletionText }) | Should -Be @("'Windows 10 1809'")
        }

        It 'Should document -ClientOS and -ServerOS' {
            $help = Get-Help -Name 'Invoke-ConnResetDiagnosis' -Full
            ($help.parameters.parameter | Where-Object -Property name -EQ 'ClientOS').description.Text | Should -Match 'does not say'
            ($help.parameters.parameter | Where-Object -Property name -EQ 'ServerOS').description.Text | Should -Not -BeNullOrEmpty
            ($help.examples.example | ForEach-Object -Process { $_.code }) -join ' ' | Should -Match '-ClientOS'
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            { Invoke-ConnResetDiagnosis } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*' -ExpectedMessage '*-Path*'
        }
    }
}
