#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $mixed = Get-ConnResetTestSqlFixture -Name 'ws2012r2-sql-mixed.reg'
    $overlay = Get-ConnResetTestSqlFixture -Name 'weak-certs-overlay.reg'
    $ecdsa = Get-ConnResetTestTlsFixture -Name 'ws2012r2-sql-ecdsa-cert.reg'
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
    $md5 = '258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7'
    $sha512 = 'A29410FFCCC345E0BC2773F04763CAE9E39380D8'
    $sha1 = '16FE22A03C3D236824D9BED71854F41FB5D0BADF'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Find-WeakCertHash' -Tag 'Public', 'Snapshot', 'CERTHASH' {
    Context 'When the store holds certificates signed with MD5, SHA512 and SHA-1' {
        BeforeAll {
            $rows = @(Find-WeakCertHash -Path $mixed, $overlay)
        }

        It 'Should return one ConnReset.CertificateRow per certificate' {
            $rows.Count | Should -Be 3
            $rows[0].PSTypeNames[0] | Should -Be 'ConnReset.CertificateRow'
            ($rows | ForEach-Object -Process { $_.Thumbprint }) | Should -Contain $md5
        }

        It 'Should mark MD5 and SHA512 weak, SHA-1 not' {
            @($rows | Where-Object -Property Weak | ForEach-Object -Process { $_.Thumbprint } | Sort-Object) | Should -Be @(@($sha512, $md5) | Sort-Object)
            ($rows | Where-Object -Property Thumbprint -EQ $sha1).Weak | Should -BeFalse
            ($rows | Where-Object -Property Thumbprint -EQ $sha1).SignatureHash | Should -Be 'SHA1'
        }

        It 'Should name the instance that uses the MD5 certificate' {
            $row = $rows | Where-Object -Property Thumbprint -EQ $md5
            $row.SignatureHash | Should -Be 'MD5'
            $row.UsedBy | Should -Be @('MSSQLSERVER')
            $row.Services | Should -Contain 'MSSQLSERVER'
            $row.ServerAuthentication | Should -BeTrue
            $row.HasPrivateKey | Should -BeFalse
            $row.KeyType | Should -Be 'RSA'
            $row.Subject | Should -Match 'rsa-md5'
            $row.NotAfter | Should -BeOfType [System.DateTime]
        }

        It 'Should give each reason a rule, a severity, a text and a citation' {
            $reason = ($rows | Where-Object -Property Thumbprint -EQ $md5).Reasons | Where-Object -Property Rule -EQ 'weak-hash'
            $reason.PSTypeNames[0] | Should -Be 'ConnReset.CertificateReason'
            $reason.Severity | Should -Be 'Error'
            $reason.Text | Should -Not -BeNullOrEmpty
            $reason.Citation | Should -Not -BeNullOrEmpty
        }

        It 'Should read no certificate from another store' {
            @(Find-WeakCertHash -Path $mixed, $overlay -StoreName 'Root').Count | Should -Be 0
        }
    }

    Context 'When an instance uses a strong ECDSA certificate' {
        It 'Should show it used and not weak' {
            $row = Find-WeakCertHash -Path $ecdsa
            $row.KeyType | Should -Be 'ECDSA'
            $row.KeyBits | Should -Be 256
            $row.Weak | Should -BeFalse
            $row.UsedBy | Should -Be @('MSSQLSERVER')
        }
    }

    Context 'When an instance has no certificate configured and its ERRORLOG is given' {
        BeforeAll {
            $noconf = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'noconf/noconf.reg') -Body ("[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL12.MSSQLSERVER\MSSQLServer\SuperSocketNetLib]`r`n" + '"Certificate"=""' + "`r`n")
            $errorLogs = Join-Path -Path (Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'fixtures') -ChildPath 'errorlog'
        }

        It 'Should show the certificate the log names as used by that instance' {
            $rows = @(Find-WeakCertHash -Path $mixed, $overlay, $noconf -ErrorLog @{ SQL2017 = (Join-Path -Path $errorLogs -ChildPath 'weak-md5.utf16.log') })
            ($rows | Where-Object -Property Thumbprint -EQ $md5).UsedBy | Should -Contain 'SQL2017'
        }

        It 'Should not show it used without the log' {
            $rows = @(Find-WeakCertHash -Path $mixed, $overlay, $noconf)
            ($rows | Where-Object -Property Thumbprint -EQ $md5).UsedBy | Should -Not -Contain 'SQL2017'
        }

        It 'Should write ConnReset.SnapshotUnreadable for a missing ERRORLOG' {
            { Find-WeakCertHash -Path $mixed -ErrorLog @{ SQL2017 = (Join-Path -Path $TestDrive -ChildPath 'absent.log') } -ErrorAction 'Stop' } |
                Should -Throw -ErrorId 'ConnReset.SnapshotUnreadable,Find-WeakCertHash'
        }
    }

    Context 'When snapshots are piped in' {
        It 'Should read each file as one machine' {
            @(Get-Item -LiteralPath $ecdsa, $mixed | Find-WeakCertHash).Count | Should -Be 1
        }
    }

    Context 'When the input is wrong' {
        It 'Should write ConnReset.SnapshotUnreadable for a malformed snapshot' {
            $null = Find-WeakCertHash -Path $bad -ErrorVariable 'errors' -ErrorAction 'SilentlyContinue'
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnReset.SnapshotUnreadable,*'
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            { Find-WeakCertHash } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }
    }
}
