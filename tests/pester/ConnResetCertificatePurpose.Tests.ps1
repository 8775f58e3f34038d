#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'DscTestHelpers.ps1')
    $savedDenyLive = Enter-ConnResetTestDsc

    $sql = Get-ConnResetTestDscFixture -Name 'sql/ws2012r2-sql-mixed.reg'
    $certs = Get-ConnResetTestDscFixture -Name 'sql/weak-certs-overlay.reg'
    $md5 = '258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7'
    $class = 'ConnResetCertificatePurpose'

}

AfterAll {
    Exit-ConnResetTestDsc -SavedDenyLive $savedDenyLive
}

Describe 'ConnResetCertificatePurpose' -Tag 'DSC', 'CERTHASH' {
    BeforeEach {
        $out = Use-ConnResetTestDscFolder -Path $sql, $certs
    }

    AfterEach {
        Clear-ConnResetTestDscSnapshot
    }

    It 'Should describe the certificate and give CERTHASH001 as a Reason' {
        $current = (New-ConnResetTestDscResource -ClassName $class -Property @{ Thumbprint = $md5.ToLowerInvariant(); ServerAuthentication = 'Absent' }).Get()
        $current.Thumbprint | Should -Be $md5
        $current.ServerAuthentication | Should -Be 'Present'
        $current.SignatureAlgorithm | Should -Be 'md5RSA'
        $current.Weak | Should -BeTrue
        $current.UsedBy | Should -Be @('MSSQLSERVER')
        $current.Subject | Should -Match 'CN=rsa-md5'
        $current.Reasons[0].Code | Should -Be 'ConnReset:ConnReset:ServerAuthentication'
        @($current.Reasons.Code) | Should -Contain 'ConnReset:ConnReset:CERTHASH001'
        $current.RebootRequired | Should -BeFalse
    }

    It 'Should take Server Authentication out of the enabled purposes, and can put it back' {
        $absent = New-ConnResetTestDscResource -ClassName $class -Property @{ Thumbprint = $md5; ServerAuthentication = 'Absent' }
        $absent.Test() | Should -BeFalse
        $absent.Set()
        $absent.Test() | Should -BeTrue
        $log = Get-ConnResetTestDscLog
        $log[0].Restart[0].service | Should -Be 'MSSQLSERVER'
        (Find-WeakCertHash -Path $sql, $certs, $log[0].OutFile | Where-Object -Property 'Thumbprint' -EQ $md5).ServerAuthentication | Should -BeFalse
        $present = New-ConnResetTestDscResource -ClassName $class -Property @{ Thumbprint = $md5; ServerAuthentication = 'Present' }
        $present.Test() | Should -BeFalse
        $present.Set()
        $present.Test() | Should -BeTrue
    }

    It 'Should be in state for Absent when the certificate is not in the store, and refuse Present' {
        $thumbprint = '00' * 20
        (New-ConnResetTestDscResource -ClassName $class -Property @{ Thumbprint = $thumbprint; ServerAuthentication = 'Absent' }).Test() | Should -BeTrue
        $present = New-ConnResetTestDscResource -ClassName $class -Property @{ Thumbprint = $thumbprint; ServerAuthentication = 'Present' }
        $present.Test() | Should -BeFalse
        { $present.Set() } | Should -Throw -ExpectedMessage '*is not in LocalMachine*My*'
        @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
    }

    It 'Should write nothing under -WhatIf' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ Thumbprint = $md5; ServerAuthentication = 'Absent' }
        Invoke-ConnResetTestDscSetWhatIf -Resource $resource
        @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
    }

    It 'Should refuse a thumbprint that is not 40 hex digits' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ Thumbprint = 'ABC'; ServerAuthentication = 'Absent' }
        { $resource.Get() } | Should -Throw -ExpectedMessage "*not a SHA-1 thumbprint (40 hex digits): 'ABC'*"
    }
}
