#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'DscTestHelpers.ps1')
    $savedDenyLive = Enter-ConnResetTestDsc

    $sql = Get-ConnResetTestDscFixture -Name 'sql/ws2012r2-sql-mixed.reg'
    $certs = Get-ConnResetTestDscFixture -Name 'sql/weak-certs-overlay.reg'
    $sha1 = '16FE22A03C3D236824D9BED71854F41FB5D0BADF'
    $class = 'ConnResetSqlServerCertificate'

}

AfterAll {
    Exit-ConnResetTestDsc -SavedDenyLive $savedDenyLive
}

Describe 'ConnResetSqlServerCertificate' -Tag 'DSC', 'CERTHASH', 'SQL' {
    BeforeEach {
        $out = Use-ConnResetTestDscFolder -Path $sql, $certs
    }

    AfterEach {
        Clear-ConnResetTestDscSnapshot
    }

    It 'Should report the certificate an instance is configured with, its service and why' {
        $current = (New-ConnResetTestDscResource -ClassName $class -Property @{ InstanceName = 'MSSQLSERVER'; Thumbprint = '' }).Get()
        $current.Thumbprint | Should -Be '258a392b6d4ba4c8fefe151af3b2ea462f098ab7'
        $current.ServiceName | Should -Be 'MSSQLSERVER'
        $current.CertificateSource | Should -Be 'configured'
        $current.EffectiveReason | Should -Match 'is in LocalMachine'
        @($current.Reasons.Code) | Should -Contain 'ConnReset:ConnReset:CERTHASH001'
    }

    It 'Should clear it with an empty thumbprint, after which Test is true' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ InstanceName = 'MSSQLSERVER'; Thumbprint = '' }
        $resource.Test() | Should -BeFalse
        $resource.Set()
        $resource.Test() | Should -BeTrue
        $current = $resource.Get()
        $current.Thumbprint | Should -Be ''
        $current.CertificateSource | Should -Be 'auto-selection'
        (Get-ConnResetTestDscLog)[0].Restart[0].service | Should -Be 'MSSQLSERVER'
    }

    It 'Should configure another certificate, and name the service to restart rather than restart it in snapshot mode' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ InstanceName = 'SQL2017'; Thumbprint = $sha1; RestartService = $true }
        $resource.Set() 3>&1 | Out-Null
        $resource.Test() | Should -BeTrue
        $current = $resource.Get()
        $current.Thumbprint | Should -Be $sha1.ToLowerInvariant()
        $current.RestartService | Should -BeTrue
        (Get-ConnResetTestDscLog)[0].Restart[0].service | Should -Be 'MSSQL$SQL2017'
    }

    It 'Should be out of state for an instance that does not exist, and fail to set it clearly' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ InstanceName = 'NOPE'; Thumbprint = '' }
        $resource.Test() | Should -BeFalse
        $resource.Get().EffectiveReason | Should -Match "No SQL Server instance named 'NOPE'"
        { $resource.Set() } | Should -Throw -ExpectedMessage '*no SQL Server instance named "NOPE"*'
    }

    It 'Should write nothing under -WhatIf' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ InstanceName = 'MSSQLSERVER'; Thumbprint = '' }
        Invoke-ConnResetTestDscSetWhatIf -Resource $resource
        @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
    }

    It 'Should refuse a thumbprint that is neither 40 hex digits nor empty' {
        $resource = New-ConnResetTestDscResource -ClassName $class -Property @{ InstanceName = 'MSSQLSERVER'; Thumbprint = 'xyz' }
        { $resource.Test() } | Should -Throw -ExpectedMessage "*not a SHA-1 thumbprint (40 hex digits), nor '' to clear it*"
    }
}
