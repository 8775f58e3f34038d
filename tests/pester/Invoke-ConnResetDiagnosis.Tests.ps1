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
            ($findings | Format-Table | Out-String) | Should -Match 'SYN001'
        }
    }

    Context 'When nothing is wrong' {
        It 'Should return nothing for Server 2019' {
            @(Invoke-ConnResetDiagnosis -Path $ws2019).Count | Should -Be 0
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
            @($findings | Where-Object -Property ComputerName -EQ 'SQL19').Count | Should -Be 0
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

    Context 'When there is no live registry' {
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            { Invoke-ConnResetDiagnosis } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*' -ExpectedMessage '*-Path*'
        }
    }
}
