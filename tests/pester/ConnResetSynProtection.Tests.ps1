#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'DscTestHelpers.ps1')
    $savedDenyLive = Enter-ConnResetTestDsc

    $ws2003 = Get-ConnResetTestDscFixture -Name 'examples/snapshots/ws2003-sp2.reg'
    $ws2019 = Get-ConnResetTestDscFixture -Name 'examples/snapshots/ws2019.reg'
    $class = 'ConnResetSynProtection'
}

AfterAll {
    Exit-ConnResetTestDsc -SavedDenyLive $savedDenyLive
}

Describe 'ConnResetSynProtection' -Tag 'DSC', 'SYN' {
    BeforeEach {
        $out = Use-ConnResetTestDscFolder -Path $ws2003
    }

    AfterEach {
        Clear-ConnResetTestDscSnapshot
    }

    Context 'When getting the state of Windows Server 2003 SP2 with nothing set' {
        It 'Should report the registry (State Default: the values are absent) and the effective state Windows uses' {
            $current = (New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Default' }).Get()
            $current.GetType().Name | Should -Be $class
            $current.IsSingleInstance | Should -Be 'Yes'
            $current.State | Should -Be 'Default'
            $current.TcpMaxHalfOpen | Should -BeNullOrEmpty
            $current.EffectiveState | Should -Be 'Enabled'
            $current.EffectiveReason | Should -Match 'SynAttackProtect is 1 \(os-default\)'
        }

        It 'Should give Reasons as Machine Configuration reads them: the differing property first, then the findings' {
            $current = (New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Disabled' }).Get()
            $current.Reasons[0].GetType().Name | Should -Be 'ConnResetReason'
            $current.Reasons[0].Code | Should -Be 'ConnReset:ConnReset:State'
            $current.Reasons[0].Phrase | Should -Be "State is 'Default'; 'Disabled' is wanted."
            $current.Reasons[1].Code | Should -Be 'ConnReset:ConnReset:SYN001'
            $current.Reasons[1].Phrase | Should -Match 'can reset valid connections under load'
        }

        It 'Should set RebootRequired while the change that fixes it needs a restart, and not when in state' {
            (New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Disabled' }).Get().RebootRequired | Should -BeTrue
            (New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Default' }).Get().RebootRequired | Should -BeFalse
        }
    }

    Context 'When testing' {
        It 'Should be in state for Default although Windows turns protection on by default' {
            (New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Default' }).Test() | Should -BeTrue
        }

        It 'Should be out of state for Disabled and for Enabled with thresholds' {
            (New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Disabled' }).Test() | Should -BeFalse
            (New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Enabled'; TcpMaxHalfOpen = 1000; TcpMaxHalfOpenRetried = 800 }).Test() | Should -BeFalse
        }
    }

    Context 'When setting' {
        It 'Should write the fix and its undo through the change pipeline, after which Test is true' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Disabled' }
            $resource.Set()
            $log = Get-ConnResetTestDscLog
            $log.Count | Should -Be 1
            $log[0].TypeName | Should -Be 'ConnReset/SynProtection'
            $log[0].RebootRequired | Should -BeTrue
            Test-Path -LiteralPath $log[0].OutFile | Should -BeTrue
            Test-Path -LiteralPath $log[0].Backup | Should -BeTrue
            (Get-SynProtection -Path $ws2003, $log[0].OutFile).SynAttackProtect.Value | Should -Be 0
            $resource.Test() | Should -BeTrue
            $resource.Get().Reasons | Should -BeNullOrEmpty
        }

        It 'Should change nothing the second time' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Disabled' }
            $resource.Set()
            $resource.Set()
            (Get-ConnResetTestDscWritten).Count | Should -Be 1
        }

        It 'Should leave an undo that puts the machine out of state again' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Disabled' }
            $resource.Set()
            $log = Get-ConnResetTestDscLog
            Use-ConnResetTestDscSnapshot -Path $ws2003, $log[0].OutFile, $log[0].Backup -OutDirectory (Join-Path -Path $out -ChildPath 'undo')
            $resource.Test() | Should -BeFalse
            $resource.Get().State | Should -Be 'Default'
        }

        It 'Should write the thresholds as REG_DWORD values' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Enabled'; TcpMaxHalfOpen = 1000; TcpMaxHalfOpenRetried = 800 }
            $resource.Set()
            $current = $resource.Get()
            $current.State | Should -Be 'Enabled'
            $current.TcpMaxHalfOpen | Should -Be 1000
            $current.TcpMaxHalfOpenRetried | Should -Be 800
            $resource.Test() | Should -BeTrue
        }

        It 'Should write nothing under -WhatIf' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Disabled' }
            Invoke-ConnResetTestDscSetWhatIf -Resource $resource
            Get-ConnResetTestDscWritten | Should -BeNullOrEmpty
            @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
            $resource.Test() | Should -BeFalse
        }
    }

    Context 'When the properties do not go together' {
        It 'Should refuse thresholds without State Enabled, clearly, and write nothing' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Disabled'; TcpMaxHalfOpen = 500 }
            { $resource.Test() } | Should -Throw -ExpectedMessage '*TcpMaxHalfOpen and TcpMaxHalfOpenRetried apply only with State Enabled, not Disabled*'
            { $resource.Set() } | Should -Throw -ExpectedMessage '*apply only with State Enabled*'
            Get-ConnResetTestDscWritten | Should -BeNullOrEmpty
        }

        It 'Should refuse TcpMaxHalfOpenRetried not below TcpMaxHalfOpen' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Enabled'; TcpMaxHalfOpen = 500; TcpMaxHalfOpenRetried = 500 }
            { $resource.Get() } | Should -Throw -ExpectedMessage '*TcpMaxHalfOpenRetried (500) must be less than TcpMaxHalfOpen (500)*'
        }

        It 'Should check the documented range of this Windows version: out of state, Set refuses' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Enabled'; TcpMaxHalfOpenRetried = 10 }
            $resource.Test() | Should -BeFalse
            { $resource.Set() } | Should -Throw -ExpectedMessage '*TcpMaxHalfOpenRetried must be between 80 and*'
            Get-ConnResetTestDscWritten | Should -BeNullOrEmpty
        }
    }

    Context 'When this machine cannot take the asked state' {
        # Server 2003's TcpMaxHalfOpenRetried default (400) is not below 300:
        # the machine is not in that state (Test answers), Set cannot make it.
        It 'Should answer Get and Test, with the reason, and refuse Set' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Enabled'; TcpMaxHalfOpen = 300 }
            $current = $resource.Get()
            $current.State | Should -Be 'Default'
            $current.RebootRequired | Should -BeFalse
            $current.Reasons[0].Code | Should -Be 'ConnReset:ConnReset:State'
            $current.Reasons[0].Phrase | Should -BeLike '*TcpMaxHalfOpenRetried (400) must be less than TcpMaxHalfOpen (300)*'
            $resource.Test() | Should -BeFalse
            { $resource.Set() } | Should -Throw -ExpectedMessage '*TcpMaxHalfOpenRetried (400) must be less than TcpMaxHalfOpen (300)*'
            Get-ConnResetTestDscWritten | Should -BeNullOrEmpty
            @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
        }

        It 'Should refuse a State outside Enabled, Disabled and Default' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes' }
            { $resource.State = 'On' } | Should -Throw -ExpectedMessage '*does not belong to the set*'
        }

        It 'Should say what is missing when State is not given' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes' }
            { $resource.Test() } | Should -Throw -ExpectedMessage '*give State (Enabled, Disabled or Default)*'
        }
    }

    Context 'When the machine is Windows Server 2019' {
        It 'Should report that the values have no effect there' {
            Use-ConnResetTestDscSnapshot -Path $ws2019 -OutDirectory $out
            $current = (New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; State = 'Default' }).Get()
            $current.EffectiveState | Should -Be 'NotApplicable'
            @($current.Reasons.Code) | Should -Contain 'ConnReset:ConnReset:SYN005'
        }
    }
}
