#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $ws2012r2 = Get-ConnResetTestTlsFixture -Name 'ws2012r2-default.reg'
    $win11 = Get-ConnResetTestTlsFixture -Name 'win11-ecdhe-gcm-only.reg'
    $dheFirst = Get-ConnResetTestTlsFixture -Name 'ws2019-dhe-first-server.reg'
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Get-SchannelCipherSuite' -Tag 'Public', 'Snapshot', 'SUITE' {
    Context 'When reading a default Windows Server 2012 R2 snapshot' {
        BeforeAll {
            $suites = @(Get-SchannelCipherSuite -Path $ws2012r2)
        }

        It 'Should return the OS default list in order, as ConnReset.SchannelCipherSuite objects' {
            $suites.Count | Should -Be 40
            $suites[0].PSTypeNames[0] | Should -Be 'ConnReset.SchannelCipherSuite'
            $suites[0].ComputerName | Should -Be 'SQL2012R2'
            ($suites | ForEach-Object -Process { $_.Source } | Sort-Object -Unique) | Should -Be 'os-default'
        }

        It 'Should describe the first suite' {
            $first = $suites[0]
            $first.Position | Should -Be 0
            $first.Name | Should -Be 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P256'
            $first.IanaName | Should -Be 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384'
            $first.Id | Should -Be '0xC028'
            $first.Usable | Should -BeTrue
            $first.Why | Should -BeNullOrEmpty
            $first.CurveSuffix | Should -Be 256
            ($first.Flags -join ',') | Should -Be 'ECDHE'
            ($first.Protocols -join ',') | Should -Be 'TLS1.2'
        }

        It 'Should name every version a suite can be used with' {
            $cbcSha = $suites | Where-Object -Property Name -EQ 'TLS_RSA_WITH_AES_256_CBC_SHA'
            ($cbcSha.Protocols -join ',') | Should -Be 'TLS1.0,TLS1.1,TLS1.2,DTLS1.0'
            $rc4 = $suites | Where-Object -Property Name -EQ 'TLS_RSA_WITH_RC4_128_SHA'
            ($rc4.Protocols -join ',') | Should -Be 'SSL3.0,TLS1.0,TLS1.1,TLS1.2'
            $rc4.Flags | Should -Contain 'RC4'
        }

        It 'Should number the usable suites from 0 without gaps' {
            $usable = @($suites | Where-Object -Property Usable)
            $usable.Count | Should -Be 36
            ($usable | ForEach-Object -Process { $_.Position }) -join ',' | Should -Be ((0..35) -join ',')
        }

        It 'Should say why a suite cannot be used, and give it no position' {
            $unknown = $suites | Where-Object -Property Name -EQ 'SSL_CK_RC4_128_WITH_MD5'
            $unknown.Usable | Should -BeFalse
            $unknown.Position | Should -BeNullOrEmpty
            $unknown.Why | Should -Be 'unknown cipher suite name'
            $unknown.IanaName | Should -BeNullOrEmpty
            @($unknown.Flags).Count | Should -Be 0
            @($unknown.Protocols).Count | Should -Be 0
            ($suites | Where-Object -Property Name -EQ 'TLS_RSA_WITH_NULL_SHA').Why | Should -Match 'no encryption'
        }

        It 'Should show the nine TLS_DHE suites Disable-DheCipherSuite removes' {
            @($suites | Where-Object -FilterScript { $_.Flags -contains 'DHE' }).Count | Should -Be 9
        }

        It 'Should format as a table grouped by machine' {
            $text = $suites | Format-Table | Out-String -Width 120
            $text | Should -Match 'SQL2012R2'
            $text | Should -Match 'os-default'
            $text | Should -Match 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P256'
        }
    }

    Context 'When a Group Policy order is set' {
        It 'Should return the policy list with its TLS 1.3 suites' {
            $suites = @(Get-SchannelCipherSuite -Path $win11)
            $suites.Count | Should -Be 6
            $suites[0].Source | Should -Be 'policy'
            $suites[0].ComputerName | Should -Be 'APP-WIN11'
            $suites[0].Name | Should -Be 'TLS_AES_256_GCM_SHA384'
            ($suites[0].Protocols -join ',') | Should -Be 'TLS1.3'
            $suites[0].Flags | Should -Contain 'TLS13'
            ($suites[4].Protocols -join ',') | Should -Be 'TLS1.2,DTLS1.2'
        }

        It 'Should list a DHE-first order as it is' {
            $suites = @(Get-SchannelCipherSuite -Path $dheFirst)
            ($suites | ForEach-Object -Process { $_.Name }) -join ',' | Should -Be 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'
        }
    }

    Context 'When snapshots come through the pipeline' {
        It 'Should return the list of each machine' {
            $suites = @(Get-ChildItem -LiteralPath $win11, $dheFirst | Get-SchannelCipherSuite)
            $suites.Count | Should -Be 10
            (@($suites | ForEach-Object -Process { $_.ComputerName }) | Select-Object -Unique) -join ',' | Should -Be 'APP-WIN11,SQL2019'
        }

        It 'Should go on after an unreadable snapshot' {
            $errors = $null
            $suites = @($bad, $win11 | Get-SchannelCipherSuite -ErrorAction 'SilentlyContinue' -ErrorVariable 'errors')
            $suites.Count | Should -Be 6
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnReset.SnapshotUnreadable,*'
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            { Get-SchannelCipherSuite } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }
    }

    Context 'When reading the live registry' {
        # Only on Windows: it reads the live registry, which exists nowhere else.
        It 'Should return a list with at least one usable suite' -Skip:(-not $onWindows) {
            @(Get-SchannelCipherSuite | Where-Object -Property Usable).Count | Should -BeGreaterThan 0
        }
    }
}
