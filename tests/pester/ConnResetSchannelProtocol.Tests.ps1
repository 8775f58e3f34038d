#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'DscTestHelpers.ps1')
    $savedDenyLive = Enter-ConnResetTestDsc

    $ws2008r2 = Get-ConnResetTestDscFixture -Name 'tls/ws2008r2-default.reg'
    $ws2019 = Get-ConnResetTestDscFixture -Name 'tls/ws2019-dhe-first-server.reg'
    $class = 'ConnResetSchannelProtocol'

}

AfterAll {
    Exit-ConnResetTestDsc -SavedDenyLive $savedDenyLive
}

Describe 'ConnResetSchannelProtocol' -Tag 'DSC', 'PROTO' {
    BeforeEach {
        $out = Use-ConnResetTestDscFolder -Path $ws2008r2
    }

    AfterEach {
        Clear-ConnResetTestDscSnapshot
    }

    Context 'When getting TLS 1.2 for the server role of a default Windows Server 2008 R2' {
        It 'Should report State Default (no key) and the effective state, off by default, with the reason' {
            $current = (New-ConnResetTestDscResource -ClassName $class -Property @{ Protocol = 'TLS 1.2'; Role = 'Server'; State = 'Default' }).Get()
            $current.Protocol | Should -Be 'TLS 1.2'
            $current.Role | Should -Be 'Server'
            $current.State | Should -Be 'Default'
            $current.EffectiveState | Should -Be 'DisabledByDefault'
            $current.EffectiveReason | Should -Match 'off by default on Windows Server 2008 R2'
            $current.EnabledValue | Should -BeNullOrEmpty
        }

        It 'Should give PROTO003 as a Reason, and the differing State first when Enabled is asked' {
            $current = (New-ConnResetTestDscResource -ClassName $class -Property @{ Protocol = 'TLS 1.2'; Role = 'Server'; State = 'Enabled' }).Get()
            $current.Reasons[0].Code | Should -Be 'ConnReset:ConnReset:State'
            @($current.Reasons.Code) | Should -Contain 'ConnReset:ConnReset:PROTO003'
            $current.RebootRequired | Should -BeTrue
        }

        It 'Should not count a PROTO finding about another protocol or role' {
            $current = (New-ConnResetTestDscResource -ClassName $class -Property @{ Protocol = 'TLS 1.2'; Role = 'Client'; State = 'Default' }).Get()
            @($current.Reasons | Where-Object -FilterScript { $_.Code -eq 'ConnReset:ConnReset:PROTO003' }).Count | Should -Be 1
            $current.Reasons[0].Phrase | Should -Match 'client role'
        }
    }

    Context 'When testing and setting' {
        It 'Should be in state for Default, out of state for Enabled' {
            (New-ConnResetTestDscResource -ClassName $class -Property @{ Protocol = 'TLS 1.2'; Role = 'Server'; State = 'Default' }).Test() | Should -BeTrue
            (New-ConnResetTestDscResource -ClassName $class -Property @{ Protocol = 'TLS 1.2'; Role = 'Server'; State = 'Enabled' }).Test() | Should -BeFalse
        }

        It 'Should write Enabled = 1 and DisabledByDefault = 0 together, never 0xFFFFFFFF' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ Protocol = 'TLS 1.2'; Role = 'Server'; State = 'Enabled' }
            $resource.Set()
            $log = Get-ConnResetTestDscLog
            $text = Get-Content -LiteralPath $log[0].OutFile -Raw -Encoding 'Unicode'
            $text | Should -Match '"Enabled"=dword:00000001'
            $text | Should -Match '"DisabledByDefault"=dword:00000000'
            $text | Should -Not -Match 'ffffffff'
            $current = $resource.Get()
            $current.EnabledValue | Should -Be 1
            $current.DisabledByDefaultValue | Should -Be 0
            $current.EffectiveState | Should -Be 'Enabled'
            $resource.Test() | Should -BeTrue
            $log[0].RebootRequired | Should -BeTrue
        }

        It 'Should bring a key that holds 0xFFFFFFFF to 1 and 0' {
            $odd = New-TestRegFile -Path (Join-Path -Path $out -ChildPath 'in/odd.reg') -Body @'
[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server]
"Enabled"=dword:ffffffff
'@
            Use-ConnResetTestDscSnapshot -Path $ws2008r2, $odd -OutDirectory (Join-Path -Path $out -ChildPath 'fix')
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ Protocol = 'TLS 1.2'; Role = 'Server'; State = 'Enabled' }
            $before = $resource.Get()
            $before.State | Should -BeNullOrEmpty
            $before.EnabledValue | Should -Be 4294967295
            $before.EffectiveState | Should -Be 'Enabled'
            $resource.Test() | Should -BeFalse
            $resource.Set()
            $resource.Test() | Should -BeTrue
            $resource.Get().EnabledValue | Should -Be 1
        }

        It 'Should delete the key for Default, and then be in state' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ Protocol = 'TLS 1.0'; Role = 'Client'; State = 'Disabled' }
            $resource.Set()
            $resource.Test() | Should -BeTrue
            $default = New-ConnResetTestDscResource -ClassName $class -Property @{ Protocol = 'TLS 1.0'; Role = 'Client'; State = 'Default' }
            $default.Test() | Should -BeFalse
            $default.Set()
            $default.Test() | Should -BeTrue
            (Get-Content -LiteralPath (Get-ConnResetTestDscLog)[1].OutFile -Raw -Encoding 'Unicode') | Should -Match '\[-HKEY_LOCAL_MACHINE\\SYSTEM'
        }

        It 'Should write nothing under -WhatIf' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ Protocol = 'TLS 1.2'; Role = 'Server'; State = 'Enabled' }
            Invoke-ConnResetTestDscSetWhatIf -Resource $resource
            @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
        }
    }

    Context 'When the request cannot be met' {
        It 'Should answer Test (out of state, the reason given) and refuse Set for TLS 1.3 where Windows lacks it' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ Protocol = 'TLS 1.3'; Role = 'Client'; State = 'Enabled' }
            $resource.Test() | Should -BeFalse
            $resource.Get().Reasons[0].Phrase | Should -BeLike '*does not support TLS 1.3*'
            { $resource.Set() } | Should -Throw -ExpectedMessage '*does not support TLS 1.3*'
            @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
        }

        It 'Should refuse an unknown protocol or role' {
            $resource = New-ConnResetTestDscResource -ClassName $class
            { $resource.Protocol = 'TLS 1.4' } | Should -Throw -ExpectedMessage '*does not belong to the set*'
            { $resource.Role = 'Both' } | Should -Throw -ExpectedMessage '*does not belong to the set*'
        }
    }
}
