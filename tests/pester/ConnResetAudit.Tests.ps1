#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'DscTestHelpers.ps1')
    $savedDenyLive = Enter-ConnResetTestDsc

    $ws2003 = Get-ConnResetTestDscFixture -Name 'examples/snapshots/ws2003-sp2.reg'
    $ws2022 = Get-ConnResetTestDscFixture -Name 'tls/ws2022-default.reg'
    $class = 'ConnResetAudit'

}

AfterAll {
    Exit-ConnResetTestDsc -SavedDenyLive $savedDenyLive
}

Describe 'ConnResetAudit' -Tag 'DSC', 'Audit' {
    BeforeEach {
        $out = Use-ConnResetTestDscFolder -Path $ws2003
    }

    AfterEach {
        Clear-ConnResetTestDscSnapshot
    }

    It 'Should be out of state when the diagnosis has a finding at or above MinimumSeverity (Warning by default)' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes' }
        $resource.Test() | Should -BeFalse
        $current = $resource.Get()
        $current.MinimumSeverity | Should -Be 'Warning'
        $current.Findings[0] | Should -Match '^SYN001 warning: '
        $current.Reasons[0].Code | Should -Be 'ConnReset:ConnReset:SYN001'
        $current.Reasons[0].Phrase | Should -Match 'SP1/SP2'
    }

    It 'Should be in state when no finding reaches MinimumSeverity' {
        (New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes'; MinimumSeverity = 'Error' }).Test() | Should -BeTrue
    }

    It 'Should change nothing on Set, and say so' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes' }
        $warnings = $resource.Set() 3>&1
        @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
        $resource.Test() | Should -BeFalse
    }

    It 'Should refuse an unknown severity' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ IsSingleInstance = 'Yes' }
        { $resource.MinimumSeverity = 'Critical' } | Should -Throw -ExpectedMessage '*does not belong to the set*'
    }
}
