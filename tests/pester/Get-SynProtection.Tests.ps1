#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $dir = Join-Path -Path $TestDrive -ChildPath 'get'
    $ws2003 = New-TestRegFile -Path (Join-Path -Path $dir -ChildPath 'ws2003.reg') -Body $Ws2003Sp2Body
    $ws2019 = New-TestRegFile -Path (Join-Path -Path $dir -ChildPath 'ws2019.reg') -Body $Ws2019Body
    $off = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'overlay/off.reg') -Body $SynOffBody
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Get-SynProtection' -Tag 'Public', 'Snapshot', 'SYN' {
    Context 'When reading a Windows Server 2003 SP2 snapshot' {
        BeforeAll {
            $result = Get-SynProtection -Path $ws2003
        }

        It 'Should return one ConnReset.SynProtection object' {
            @($result).Count | Should -Be 1
            $result.PSTypeNames[0] | Should -Be 'ConnReset.SynProtection'
        }

        It 'Should name the machine and the OS' {
            $result.ComputerName | Should -Be 'SQL01'
            $result.OS | Should -Be 'Windows Server 2003 SP2'
            $result.OSVersion | Should -Be '5.2.3790'
            $result.Source | Should -Be $ws2003
        }

        It 'Should report the protection on by default' {
            $result.State | Should -Be 'Enabled'
            $result.Reason | Should -Match 'SynAttackProtect is 1'
        }

        It 'Should describe each of the four values as a ConnReset.SynValue' {
            foreach ($name in @('SynAttackProtect', 'TcpMaxHalfOpen', 'TcpMaxHalfOpenRetried', 'TcpMaxConnectResponseRetransmissions'))
            {
                $result.$name.PSTypeNames[0] | Should -Be 'ConnReset.SynValue'
                $result.$name.Name | Should -Be $name
            }

            $result.SynAttackProtect.Present | Should -BeFalse
            $result.SynAttackProtect.Value | Should -BeNullOrEmpty
            $result.SynAttackProtect.Effective | Should -Be 1
            $result.SynAttackProtect.Source | Should -Be 'os-default'
            $result.SynAttackProtect.Default | Should -Be 1
            $result.SynAttackProtect.Range | Should -Be '0-1'
            $result.SynAttackProtect.Citation | Should -Match 'KB899599'
            $result.TcpMaxHalfOpen.Effective | Should -Be 500
            $result.TcpMaxHalfOpenRetried.Effective | Should -Be 400
        }

        It 'Should carry the SYN001 finding' {
            $result.Findings[0].Id | Should -Be 'SYN001'
            $result.Findings[0].PSTypeNames[0] | Should -Be 'ConnReset.Finding'
        }

        It 'Should format as a table with the effective values' {
            $text = $result | Format-Table | Out-String -Width 120
            $text | Should -Match 'SynAttackProtect'
            $text | Should -Match 'SYN001'
        }
    }

    Context 'When merging several files of one machine' {
        It 'Should apply them in order' {
            $result = Get-SynProtection -Path $ws2003, $off
            $result.State | Should -Be 'Disabled'
            $result.SynAttackProtect.Present | Should -BeTrue
            $result.SynAttackProtect.Value | Should -Be 0
            $result.SynAttackProtect.Source | Should -Be 'set'
            $result.Findings | Should -BeNullOrEmpty
        }
    }

    Context 'When reading a Windows Server 2019 snapshot' {
        It 'Should say the values do not apply' {
            $result = Get-SynProtection -Path $ws2019
            $result.State | Should -Be 'NotApplicable'
            $result.ComputerName | Should -Be 'SQL19'
            $result.Findings | Should -BeNullOrEmpty
        }
    }

    Context 'When paths are relative, wildcards or from the pipeline' {
        It 'Should resolve a relative path against the current location' {
            Push-Location -Path $dir
            try
            {
                (Get-SynProtection -Path 'ws2003.reg').ComputerName | Should -Be 'SQL01'
            }
            finally
            {
                Pop-Location
            }
        }

        It 'Should expand a wildcard' {
            (Get-SynProtection -Path (Join-Path -Path $dir -ChildPath 'ws2019*')).ComputerName | Should -Be 'SQL19'
        }

        It 'Should take files from Get-ChildItem, one object per file' {
            $results = @(Get-ChildItem -Path $dir -Filter '*.reg' | Get-SynProtection)
            $results.Count | Should -Be 2
            ($results.ComputerName | Sort-Object) -join ',' | Should -Be 'SQL01,SQL19'
        }

        It 'Should take path strings from the pipeline' {
            $results = @($ws2003, $ws2019 | Get-SynProtection)
            $results.Count | Should -Be 2
        }

        It 'Should take the Path property of an earlier result' {
            $again = Get-SynProtection -Path $ws2003 | Get-SynProtection
            $again.ComputerName | Should -Be 'SQL01'
        }
    }

    Context 'When a snapshot cannot be read' {
        It 'Should fail with ConnReset.SnapshotUnreadable naming the file and line' {
            $caught = $null
            try
            {
                Get-SynProtection -Path $bad -ErrorAction 'Stop'
            }
            catch
            {
                $caught = $_
            }

            $caught | Should -Not -BeNullOrEmpty
            $caught.FullyQualifiedErrorId | Should -BeLike 'ConnReset.SnapshotUnreadable*'
            $caught.CategoryInfo.Category | Should -Be 'InvalidData'
            $native = Get-TestNativeException -ErrorRecord $caught
            $native.CodeName | Should -Be 'CR_EPARSE'
            $native.Message | Should -BeLike "*$($bad):4:*"
            $caught.ToString() | Should -Match 'CR0002'
        }

        It 'Should say CR_ENOTFOUND for a missing file' {
            $missing = Join-Path -Path $TestDrive -ChildPath 'missing.reg'
            { Get-SynProtection -Path $missing -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.SnapshotUnreadable,*'
        }

        It 'Should go on with the next machine (non-terminating)' {
            $errors = $null
            $results = @($bad, $ws2003 | Get-SynProtection -ErrorAction 'SilentlyContinue' -ErrorVariable 'errors')
            $results.Count | Should -Be 1
            $results[0].ComputerName | Should -Be 'SQL01'
            @($errors).Count | Should -Be 1
        }

        It 'Should refuse a path outside the file system with one error' {
            $errors = $null
            $results = @(Get-SynProtection -Path 'Env:\PATH' -ErrorAction 'SilentlyContinue' -ErrorVariable 'errors')
            $results.Count | Should -Be 0
            @($errors).Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnReset.SnapshotUnreadable,*'
            $errors[0].ToString() | Should -Match 'not a file system path'
        }

        It 'Should fail when a wildcard matches nothing' {
            { Get-SynProtection -Path (Join-Path -Path $TestDrive -ChildPath 'nothing*.reg') -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.SnapshotUnreadable,*'
        }
    }

    Context 'When a line of the snapshot is one reg import skips' {
        It 'Should read the rest of the file and say which line it skipped' {
            $skipped = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'skip/skip.reg') -Body ($Ws2003Sp2Body + "`r`n" + $SkippedLineBody)
            $warnings = $null
            $result = Get-SynProtection -Path $skipped -WarningAction 'SilentlyContinue' -WarningVariable 'warnings'
            $result.State | Should -Be 'Disabled'
            @($warnings).Count | Should -Be 1
            $warnings[0].Message | Should -BeLike "*$($skipped):*: a string reg import cannot read*(CR0127)"
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable and tell to use -Path' -Skip:$onWindows {
            { Get-SynProtection } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*' -ExpectedMessage '*-Path*'
        }
    }

    Context 'When reading the live registry' {
        # Only on Windows: it reads the live registry, which exists nowhere else.
        It 'Should return this computer' -Skip:(-not $onWindows) {
            $result = Get-SynProtection
            $result.Source | Should -Be 'Live'
            $result.ComputerName | Should -Be ([System.Environment]::MachineName)
            $result.State | Should -BeIn @('Enabled', 'Disabled', 'NotApplicable', 'Unknown')
        }
    }
}
