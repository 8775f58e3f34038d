#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $mixed = Get-ConnResetTestSqlFixture -Name 'ws2012r2-sql-mixed.reg'
    $overlay = Get-ConnResetTestSqlFixture -Name 'weak-certs-overlay.reg'
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
    $out = Join-Path -Path $TestDrive -ChildPath 'out'
    $null = New-Item -Path $out -ItemType Directory -Force
    $md5 = '258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7'
    $sha512 = 'A29410FFCCC345E0BC2773F04763CAE9E39380D8'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Set-SqlServerCertificate' -Tag 'Public', 'Snapshot', 'SQL', 'Change' {
    Context 'When the command is declared' {
        It 'Should have ConfirmImpact High, support -WhatIf and have the Thumbprint and Clear sets' {
            $command = Get-Command -Name 'Set-SqlServerCertificate'
            $metadata = New-Object -TypeName 'System.Management.Automation.CommandMetadata' -ArgumentList $command
            $metadata.ConfirmImpact | Should -Be 'High'
            $metadata.SupportsShouldProcess | Should -BeTrue
            ($command.ParameterSets | ForEach-Object -Process { $_.Name } | Sort-Object) | Should -Be @('Clear', 'Thumbprint')
        }
    }

    Context 'When run with -WhatIf' {
        It 'Should write neither the fix nor the backup' {
            $fix = Join-Path -Path $out -ChildPath 'whatif-fix.reg'
            $undo = Join-Path -Path $out -ChildPath 'whatif-undo.reg'
            $result = Set-SqlServerCertificate -Path $mixed -InstanceName 'SQL2017' -Thumbprint $sha512 -OutFile $fix -BackupPath $undo -WhatIf
            $result | Should -BeNullOrEmpty
            Test-Path -LiteralPath $fix | Should -BeFalse
            Test-Path -LiteralPath $undo | Should -BeFalse
        }
    }

    Context 'When a named instance gets a certificate' {
        BeforeAll {
            $fix = Join-Path -Path $out -ChildPath 'sql2017-cert.reg'
            $undo = Join-Path -Path $out -ChildPath 'sql2017-undo.reg'
            $result = Set-SqlServerCertificate -Path $mixed -InstanceName 'SQL2017' -Thumbprint $sha512 -OutFile $fix -BackupPath $undo -Confirm:$false
        }

        It 'Should return a ConnReset.ChangeResult with the Certificate value' {
            $result.PSTypeNames[0] | Should -Be 'ConnReset.ChangeResult'
            $result.Action | Should -Be 'Set'
            $result.Result | Should -Be 'Written'
            @($result.Operations).Count | Should -Be 1
            $result.Operations[0].Value | Should -Be 'Certificate'
            $result.Message | Should -Match ([System.Text.RegularExpressions.Regex]::Escape('MSSQL$SQL2017'))
        }

        It 'Should, merged after the snapshot, show the new thumbprint' {
            (Get-SqlServerInstance -Path $mixed | Where-Object -Property InstanceName -EQ 'SQL2017').Certificate | Should -BeNullOrEmpty
            (Get-SqlServerInstance -Path $mixed, $fix | Where-Object -Property InstanceName -EQ 'SQL2017').Certificate | Should -Be $sha512
            (Get-SqlServerInstance -Path $mixed, $fix | Where-Object -Property InstanceName -EQ 'MSSQLSERVER').Certificate | Should -Be '5B215BF69D84FC2D68EAB1576F57B2BBE55B98E3'
        }

        It 'Should write an undo .reg that puts the empty value back' {
            (Get-SqlServerInstance -Path $mixed, $fix, $undo | Where-Object -Property InstanceName -EQ 'SQL2017').Certificate | Should -BeNullOrEmpty
        }

        It 'Should have nothing to do the second time, and write nothing' {
            $again = Join-Path -Path $out -ChildPath 'again.reg'
            (Set-SqlServerCertificate -Path $mixed, $fix -InstanceName 'SQL2017' -Thumbprint $sha512.ToLowerInvariant() -OutFile $again -Confirm:$false).Result | Should -Be 'NoChange'
            Test-Path -LiteralPath $again | Should -BeFalse
        }
    }

    Context 'When the default instance uses the MD5 certificate and is cleared' {
        It 'Should write an empty Certificate and end CERTHASH001' {
            $fix = Join-Path -Path $out -ChildPath 'clear.reg'
            $result = Set-SqlServerCertificate -Path $mixed, $overlay -InstanceName 'MSSQLSERVER' -Clear -OutFile $fix -Confirm:$false
            $result.Action | Should -Be 'Clear'
            (Get-SqlServerInstance -Path $mixed, $overlay, $fix | Where-Object -Property InstanceName -EQ 'MSSQLSERVER').Certificate | Should -BeNullOrEmpty
            (Invoke-ConnResetDiagnosis -Path $mixed, $overlay).Id | Should -Contain 'CERTHASH001'
            @(Invoke-ConnResetDiagnosis -Path $mixed, $overlay, $fix | Where-Object -Property Id -EQ 'CERTHASH001').Count | Should -Be 0
        }
    }

    Context 'When instances are piped in with -PassThru' {
        It 'Should return the instance after the change' {
            $fix = Join-Path -Path $out -ChildPath 'passthru.reg'
            $results = @(Get-SqlServerInstance -Path $mixed | Where-Object -Property CertificateValid -EQ $false | Set-SqlServerCertificate -Path $mixed -Clear -OutFile $fix -PassThru -Confirm:$false)
            $results.Count | Should -Be 2
            $results[1].PSTypeNames[0] | Should -Be 'ConnReset.SqlServerInstance'
            $results[1].InstanceName | Should -Be 'SQL2019'
            $results[1].Certificate | Should -BeNullOrEmpty
        }
    }

    Context 'When one of several instances piped in fails' {
        It 'Should write one error for the instance the snapshot lacks and still write the fix of the next' {
            $in = Join-Path -Path $TestDrive -ChildPath 'piped-two'
            $snapshot = Copy-ConnResetTestFixture -Path $mixed -Destination $in
            $fix = Join-Path -Path $out -ChildPath 'piped-two.reg'
            $instances = @([PSCustomObject] @{ InstanceName = 'NOSUCH' }, [PSCustomObject] @{ InstanceName = 'SQL2017' })
            $run = Invoke-ConnResetTestPipeline -ScriptBlock { $instances | Set-SqlServerCertificate -Path $snapshot -Thumbprint $sha512 -OutFile $fix -Confirm:$false }
            $run.Terminating | Should -BeNullOrEmpty
            $run.Errors.Count | Should -Be 1
            $run.Errors[0].FullyQualifiedErrorId | Should -Be 'ConnReset.PlanFailed,Set-SqlServerCertificate'
            $run.Errors[0].TargetObject | Should -Be 'NOSUCH'
            $run.Output.Count | Should -Be 1
            $run.Output[0].Result | Should -Be 'Written'
            (Get-SqlServerInstance -Path $snapshot, $fix | Where-Object -Property InstanceName -EQ 'SQL2017').Certificate | Should -Be $sha512
        }

        It 'Should write one error for the unreadable snapshot and still write the fix of the next' {
            $in = Join-Path -Path $TestDrive -ChildPath 'piped-paths'
            $first = Copy-ConnResetTestFixture -Path $bad -Destination $in
            $second = Copy-ConnResetTestFixture -Path $mixed -Destination $in
            $fix = Join-Path -Path $out -ChildPath 'piped-paths.reg'
            $run = Invoke-ConnResetTestPipeline -ScriptBlock { Get-Item -LiteralPath $first, $second | Set-SqlServerCertificate -InstanceName 'SQL2017' -Thumbprint $sha512 -OutFile $fix -Confirm:$false }
            $run.Terminating | Should -BeNullOrEmpty
            $run.Errors.Count | Should -Be 1
            $run.Errors[0].FullyQualifiedErrorId | Should -Be 'ConnReset.SnapshotUnreadable,Set-SqlServerCertificate'
            $run.Output.Count | Should -Be 1
            $run.Output[0].Result | Should -Be 'Written'
        }
    }

    Context 'When the input is wrong' {
        It 'Should require -OutFile with -Path' {
            { Set-SqlServerCertificate -Path $mixed -InstanceName 'SQL2017' -Clear -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.OutFileRequired,*'
        }

        It 'Should write ConnReset.PlanFailed for an unknown instance' {
            $fix = Join-Path -Path $out -ChildPath 'unknown.reg'
            { Set-SqlServerCertificate -Path $mixed -InstanceName 'NOSUCH' -Thumbprint $md5 -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.PlanFailed,*'
            Test-Path -LiteralPath $fix | Should -BeFalse
        }

        It 'Should write ConnReset.InvalidArgument for a malformed thumbprint' {
            $fix = Join-Path -Path $out -ChildPath 'malformed.reg'
            { Set-SqlServerCertificate -Path $mixed -InstanceName 'SQL2017' -Thumbprint 'not-a-thumbprint' -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.InvalidArgument,*'
        }

        It 'Should refuse -RestartService in snapshot mode' {
            $fix = Join-Path -Path $out -ChildPath 'restart.reg'
            { Set-SqlServerCertificate -Path $mixed -InstanceName 'SQL2017' -Clear -OutFile $fix -RestartService -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.RestartServiceNotLive,*'
        }

        It 'Should write ConnReset.SnapshotUnreadable for a malformed snapshot' {
            $fix = Join-Path -Path $out -ChildPath 'from-bad.reg'
            { Set-SqlServerCertificate -Path $bad -InstanceName 'SQL2017' -Clear -OutFile $fix -Confirm:$false -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.SnapshotUnreadable,*'
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            { Set-SqlServerCertificate -InstanceName 'MSSQLSERVER' -Clear -WhatIf } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }
    }
}
