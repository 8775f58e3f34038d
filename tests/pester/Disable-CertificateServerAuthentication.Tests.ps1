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
    $out = Join-Path -Path $TestDrive -ChildPath 'out'
    $null = New-Item -Path $out -ItemType Directory -Force
    $md5 = '258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7'
    $sha512 = 'A29410FFCCC345E0BC2773F04763CAE9E39380D8'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Disable-CertificateServerAuthentication' -Tag 'Public', 'Snapshot', 'CERTHASH', 'Change' {
    Context 'When the command is declared' {
        It 'Should have ConfirmImpact High and support -WhatIf' {
            $metadata = New-Object -TypeName 'System.Management.Automation.CommandMetadata' -ArgumentList (Get-Command -Name 'Disable-CertificateServerAuthentication')
            $metadata.ConfirmImpact | Should -Be 'High'
            $metadata.SupportsShouldProcess | Should -BeTrue
        }

        It 'Should take Thumbprint from the pipeline by property name' {
            (Get-Command -Name 'Disable-CertificateServerAuthentication').Parameters['Thumbprint'].Attributes.ValueFromPipelineByPropertyName | Should -Contain $true
        }
    }

    Context 'When run with -WhatIf' {
        It 'Should write neither the fix nor the backup' {
            $fix = Join-Path -Path $out -ChildPath 'whatif-fix.reg'
            $undo = Join-Path -Path $out -ChildPath 'whatif-undo.reg'
            $result = Disable-CertificateServerAuthentication -Path $mixed, $overlay -Thumbprint $md5 -OutFile $fix -BackupPath $undo -WhatIf
            $result | Should -BeNullOrEmpty
            Test-Path -LiteralPath $fix | Should -BeFalse
            Test-Path -LiteralPath $undo | Should -BeFalse
        }
    }

    Context 'When MSSQLSERVER uses a certificate signed with MD5 (seed 001)' {
        BeforeAll {
            $fix = Join-Path -Path $out -ChildPath 'md5-fix.reg'
            $undo = Join-Path -Path $out -ChildPath 'md5-undo.reg'
            $result = Disable-CertificateServerAuthentication -Path $mixed, $overlay -Thumbprint $md5.ToLowerInvariant() -OutFile $fix -BackupPath $undo -Confirm:$false
        }

        It 'Should return a ConnReset.ChangeResult with one Blob operation' {
            $result.PSTypeNames[0] | Should -Be 'ConnReset.ChangeResult'
            $result.Action | Should -Be 'Disable'
            $result.Result | Should -Be 'Written'
            @($result.Operations).Count | Should -Be 1
            $result.Operations[0].Value | Should -Be 'Blob'
            $result.Operations[0].Key | Should -Match ('Certificates\\' + $md5 + '$')
            $result.Message | Should -Match ([System.Text.RegularExpressions.Regex]::Escape("'MSSQLSERVER'"))
        }

        It 'Should, merged after the snapshot, show Server Authentication off' {
            (Find-WeakCertHash -Path $mixed, $overlay | Where-Object -Property Thumbprint -EQ $md5).ServerAuthentication | Should -BeTrue
            $after = Find-WeakCertHash -Path $mixed, $overlay, $fix | Where-Object -Property Thumbprint -EQ $md5
            $after.ServerAuthentication | Should -BeFalse
            ($after.Reasons | ForEach-Object -Process { $_.Rule }) | Should -Contain 'no-server-auth'
            (Find-WeakCertHash -Path $mixed, $overlay, $fix | Where-Object -Property Thumbprint -EQ $sha512).ServerAuthentication | Should -BeTrue
        }

        It 'Should write an undo .reg that turns it back on' {
            (Find-WeakCertHash -Path $mixed, $overlay, $fix, $undo | Where-Object -Property Thumbprint -EQ $md5).ServerAuthentication | Should -BeTrue
        }

        It 'Should have nothing to do the second time, and write nothing' {
            $again = Join-Path -Path $out -ChildPath 'again.reg'
            $second = Disable-CertificateServerAuthentication -Path $mixed, $overlay, $fix -Thumbprint $md5 -OutFile $again -Confirm:$false
            $second.Result | Should -Be 'NoChange'
            Test-Path -LiteralPath $again | Should -BeFalse
        }
    }

    Context 'When -PassThru is given' {
        It 'Should also return the certificate row after the change' {
            $fix = Join-Path -Path $out -ChildPath 'passthru.reg'
            $results = @(Disable-CertificateServerAuthentication -Path $ecdsa -Thumbprint '609B142285717467AC64BE187A86AAA8D3E04630' -OutFile $fix -PassThru -Confirm:$false)
            $results.Count | Should -Be 2
            $results[0].PSTypeNames[0] | Should -Be 'ConnReset.ChangeResult'
            $results[1].PSTypeNames[0] | Should -Be 'ConnReset.CertificateRow'
            $results[1].ServerAuthentication | Should -BeFalse
        }
    }

    Context 'When weak certificates are piped in from Find-WeakCertHash' {
        It 'Should plan each one and change nothing with -WhatIf' {
            $fix = Join-Path -Path $out -ChildPath 'piped.reg'
            $result = Find-WeakCertHash -Path $mixed, $overlay | Where-Object -Property Weak | Disable-CertificateServerAuthentication -Path $mixed, $overlay -OutFile $fix -WhatIf
            $result | Should -BeNullOrEmpty
            Test-Path -LiteralPath $fix | Should -BeFalse
        }
    }

    Context 'When one of several certificates piped in fails' {
        It 'Should write one error for the certificate the store lacks and still write the fix of the next' {
            $in = Join-Path -Path $TestDrive -ChildPath 'piped-two'
            $snapshot = Copy-ConnResetTestFixture -Path $mixed -Destination $in
            $weak = Copy-ConnResetTestFixture -Path $overlay -Destination $in
            $fix = Join-Path -Path $out -ChildPath 'piped-two.reg'
            $certificates = @([PSCustomObject] @{ Thumbprint = '00112233445566778899AABBCCDDEEFF00112233' }, [PSCustomObject] @{ Thumbprint = $md5 })
            $run = Invoke-ConnResetTestPipeline -ScriptBlock { $certificates | Disable-CertificateServerAuthentication -Path $snapshot, $weak -OutFile $fix -Confirm:$false }
            $run.Terminating | Should -BeNullOrEmpty
            $run.Errors.Count | Should -Be 1
            $run.Errors[0].FullyQualifiedErrorId | Should -Be 'ConnReset.PlanFailed,Disable-CertificateServerAuthentication'
            $run.Errors[0].TargetObject | Should -Be '00112233445566778899AABBCCDDEEFF00112233'
            $run.Output.Count | Should -Be 1
            $run.Output[0].Result | Should -Be 'Written'
            (Find-WeakCertHash -Path $snapshot, $weak, $fix | Where-Object -Property Thumbprint -EQ $md5).ServerAuthentication | Should -BeFalse
        }
    }

    Context 'When the input is wrong' {
        It 'Should require -OutFile with -Path' {
            { Disable-CertificateServerAuthentication -Path $mixed, $overlay -Thumbprint $md5 -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.OutFileRequired,*'
        }

        It 'Should refuse -RestartService in snapshot mode' {
            $fix = Join-Path -Path $out -ChildPath 'restart.reg'
            { Disable-CertificateServerAuthentication -Path $mixed, $overlay -Thumbprint $md5 -OutFile $fix -RestartService -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.RestartServiceNotLive,*'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }

        It 'Should write ConnReset.PlanFailed for a certificate not in the store' {
            $fix = Join-Path -Path $out -ChildPath 'missing.reg'
            { Disable-CertificateServerAuthentication -Path $mixed, $overlay -Thumbprint '00112233445566778899AABBCCDDEEFF00112233' -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.PlanFailed,*'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }

        It 'Should write ConnReset.SnapshotUnreadable for a malformed snapshot' {
            $fix = Join-Path -Path $out -ChildPath 'from-bad.reg'
            { Disable-CertificateServerAuthentication -Path $bad -Thumbprint $md5 -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.SnapshotUnreadable,*'
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            { Disable-CertificateServerAuthentication -Thumbprint $md5 -WhatIf } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }
    }
}
