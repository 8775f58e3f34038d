#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'DscTestHelpers.ps1')
    $savedDenyLive = Enter-ConnResetTestDsc

    $dheFirst = Get-ConnResetTestDscFixture -Name 'tls/ws2019-dhe-first-server.reg'
    $ws2022 = Get-ConnResetTestDscFixture -Name 'tls/ws2022-default.reg'
    $class = 'ConnResetCipherSuiteOrder'

}

AfterAll {
    Exit-ConnResetTestDsc -SavedDenyLive $savedDenyLive
}

Describe 'ConnResetCipherSuiteOrder' -Tag 'DSC', 'SUITE', 'DHE' {
    BeforeEach {
        $out = Use-ConnResetTestDscFolder -Path $dheFirst
    }

    AfterEach {
        Clear-ConnResetTestDscSnapshot
    }

    Context 'When getting a server whose policy order puts DHE first' {
        It 'Should report the policy order, the effective order and where it comes from' {
            $current = (New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; ExcludeDhe = $true }).Get()
            $current.Order[0] | Should -Be 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384'
            $current.ExcludeDhe | Should -BeFalse
            $current.EffectiveSource | Should -Be 'Policy'
            $current.EffectiveOrder.Count | Should -BeGreaterThan 0
            $current.EffectiveReason | Should -Match 'wins over the local list'
            @($current.Reasons.Code) | Should -Contain 'ConnReset:ConnReset:DHE001'
            $current.Reasons[0].Code | Should -Be 'ConnReset:ConnReset:ExcludeDhe'
            $current.RebootRequired | Should -BeTrue
        }
    }

    Context 'When setting ExcludeDhe' {
        It 'Should write the order in effect without TLS_DHE_*, after which Test is true' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; ExcludeDhe = $true }
            $resource.Test() | Should -BeFalse
            $resource.Set()
            $resource.Test() | Should -BeTrue
            $current = $resource.Get()
            @($current.Order | Where-Object -FilterScript { $_ -like 'TLS_DHE_*' }).Count | Should -Be 0
            $current.ExcludeDhe | Should -BeTrue
            @($current.Reasons.Code) | Should -Not -Contain 'ConnReset:ConnReset:DHE001'
            $resource.Set()
            (Get-ConnResetTestDscWritten).Count | Should -Be 1
        }
    }

    Context 'When setting a Profile or an Order' {
        It 'Should write a vetted profile of the Group Policy templates' {
            Use-ConnResetTestDscSnapshot -Path $ws2022 -OutDirectory $out
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; Profile = 'suites-no-dhe-win11' }
            $resource.Test() | Should -BeFalse
            $resource.Set()
            $resource.Test() | Should -BeTrue
            $resource.Get().Profile | Should -Be 'suites-no-dhe-win11'
        }

        It 'Should write an explicit order as the policy value' {
            $order = @('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; Order = $order }
            $resource.Set()
            $resource.Test() | Should -BeTrue
            ($resource.Get().Order -join ',') | Should -Be ($order -join ',')
            (Get-Content -LiteralPath (Get-ConnResetTestDscLog)[0].OutFile -Raw -Encoding 'Unicode') | Should -Match ('"Functions"="' + ($order -join ','))
        }

        It 'Should write nothing under -WhatIf' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; ExcludeDhe = $true }
            Invoke-ConnResetTestDscSetWhatIf -Resource $resource
            @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
        }
    }

    Context 'When the properties do not go together' {
        It 'Should refuse more than one of Order, Profile and ExcludeDhe' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; Profile = 'suites-no-dhe-win10'; ExcludeDhe = $true }
            { $resource.Test() } | Should -Throw -ExpectedMessage '*give exactly one of Order, Profile or ExcludeDhe, not both Profile and ExcludeDhe*'
            { $resource.Set() } | Should -Throw
            @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
        }

        It 'Should refuse ExcludeDhe = $false, which asks for nothing' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; ExcludeDhe = $false }
            { $resource.Test() } | Should -Throw -ExpectedMessage '*ExcludeDhe = false asks for nothing*'
        }

        It 'Should say what to give when none is given' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes' }
            { $resource.Test() } | Should -Throw -ExpectedMessage '*give one of Order, Profile or ExcludeDhe*'
        }

        It 'Should refuse names Windows does not know and an order over 1,023 characters' {
            $unknown = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; Order = @('TLS_NOT_A_SUITE') }
            { $unknown.Test() } | Should -Throw -ExpectedMessage "*'TLS_NOT_A_SUITE' is not a cipher suite name*"
            $long = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; Order = @((1..30) | ForEach-Object -Process { 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384' }) }
            { $long.Test() } | Should -Throw -ExpectedMessage '*1,023*'
        }

        It 'Should refuse a profile that is not a suite order' {
            $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes' }
            { $resource.Profile = 'tls12-only' } | Should -Throw -ExpectedMessage '*does not belong to the set*'
        }
    }
}
