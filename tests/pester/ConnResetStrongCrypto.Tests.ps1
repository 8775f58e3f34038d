#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'DscTestHelpers.ps1')
    $savedDenyLive = Enter-ConnResetTestDsc

    $client = Get-ConnResetTestDscFixture -Name 'tls/ws2019-tls12-only-client.reg'
    $class = 'ConnResetStrongCrypto'

}

AfterAll {
    Exit-ConnResetTestDsc -SavedDenyLive $savedDenyLive
}

Describe 'ConnResetStrongCrypto' -Tag 'DSC', 'PROTO' {
    BeforeEach {
        $out = Use-ConnResetTestDscFolder -Path $client
    }

    AfterEach {
        Clear-ConnResetTestDscSnapshot
    }

    It 'Should report both values under the four keys' {
        $current = (New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; SchUseStrongCrypto = 'Enabled' }).Get()
        $current.SchUseStrongCrypto | Should -Be 'Default'
        $current.SystemDefaultTlsVersions | Should -Be 'Default'
        $current.Values.Count | Should -Be 4
        ($current.Values -join "`n") | Should -Match 'WOW6432Node\\Microsoft\\\.NETFramework\\v2\.0\.50727'
        $current.EffectiveReason | Should -Match '4\.5\.2 or earlier'
        $current.Reasons[0].Code | Should -Be 'ConnReset:ConnReset:SchUseStrongCrypto'
        $current.RebootRequired | Should -BeFalse
    }

    It 'Should write 1 under both Framework versions and both registry views, after which Test is true' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; SchUseStrongCrypto = 'Enabled'; SystemDefaultTlsVersions = 'Enabled' }
        $resource.Test() | Should -BeFalse
        $resource.Set()
        $text = Get-Content -LiteralPath (Get-ConnResetTestDscLog)[0].OutFile -Raw -Encoding 'Unicode'
        ([regex]::Matches($text, '"SchUseStrongCrypto"=dword:00000001')).Count | Should -Be 4
        ([regex]::Matches($text, '"SystemDefaultTlsVersions"=dword:00000001')).Count | Should -Be 4
        $resource.Test() | Should -BeTrue
        $resource.Get().EffectiveReason | Should -Match 'is 1 under every key'
    }

    It 'Should delete the values for Default' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; SchUseStrongCrypto = 'Disabled' }
        $resource.Set()
        $resource.Get().SchUseStrongCrypto | Should -Be 'Disabled'
        $default = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; SchUseStrongCrypto = 'Default' }
        $default.Test() | Should -BeFalse
        $default.Set()
        $default.Test() | Should -BeTrue
    }

    It 'Should write nothing under -WhatIf' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; SchUseStrongCrypto = 'Enabled' }
        Invoke-ConnResetTestDscSetWhatIf -Resource $resource
        @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
    }

    It 'Should say what to give when neither value is given, and refuse other states' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes' }
        { $resource.Test() } | Should -Throw -ExpectedMessage '*give SchUseStrongCrypto or SystemDefaultTlsVersions*'
        { $resource.SchUseStrongCrypto = 'On' } | Should -Throw -ExpectedMessage '*does not belong to the set*'
    }
}
