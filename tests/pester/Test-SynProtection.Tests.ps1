#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $ws2003 = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'ws2003.reg') -Body $Ws2003Sp2Body
    $ws2019 = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'ws2019.reg') -Body $Ws2019Body
    $off = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'off.reg') -Body $SynOffBody
    $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad.reg') -Body $MalformedBody
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Test-SynProtection' -Tag 'Public', 'Snapshot', 'SYN' {
    Context 'When the protection is on by default (Server 2003 SP2)' {
        It 'Should return $false for -Disabled' {
            Test-SynProtection -Path $ws2003 -Disabled | Should -BeFalse
        }

        It 'Should return $true for -Enabled' {
            Test-SynProtection -Path $ws2003 -Enabled | Should -BeTrue
        }

        It 'Should return $true for -Enabled with the thresholds in effect' {
            Test-SynProtection -Path $ws2003 -Enabled -MaxHalfOpen 500 -MaxHalfOpenRetried 400 | Should -BeTrue
        }

        It 'Should return $false for -Enabled with other thresholds' {
            Test-SynProtection -Path $ws2003 -Enabled -MaxHalfOpen 1000 | Should -BeFalse
        }

        It 'Should return a single [bool]' {
            $result = @(Test-SynProtection -Path $ws2003 -Disabled)
            $result.Count | Should -Be 1
            $result[0] | Should -BeOfType [System.Boolean]
        }
    }

    Context 'When the protection was turned off' {
        It 'Should return $true for -Disabled' {
            Test-SynProtection -Path $ws2003, $off -Disabled | Should -BeTrue
        }

        It 'Should return $false for -Enabled' {
            Test-SynProtection -Path $ws2003, $off -Enabled | Should -BeFalse
        }
    }

    Context 'When the OS ignores the values (Server 2019)' {
        It 'Should converge once Set-SynProtection wrote the value' {
            Test-SynProtection -Path $ws2019 -Disabled | Should -BeFalse
            $fix = Join-Path -Path $TestDrive -ChildPath 'ws2019-fix.reg'
            $null = Set-SynProtection -Disable -Path $ws2019 -OutFile $fix -Confirm:$false -WarningAction 'SilentlyContinue'
            Test-SynProtection -Path $ws2019, $fix -Disabled | Should -BeTrue
        }
    }

    Context 'When files come from the pipeline' {
        It 'Should return one result per file' {
            $results = @(Get-ChildItem -LiteralPath $ws2003, $ws2019 | Test-SynProtection -Enabled)
            $results.Count | Should -Be 2
            $results[0] | Should -BeTrue
            $results[1] | Should -BeFalse
        }
    }

    Context 'When the input is wrong' {
        It 'Should stop with ConnReset.InvalidArgument for impossible thresholds' {
            { Test-SynProtection -Path $ws2003 -Enabled -MaxHalfOpen 10 -MaxHalfOpenRetried 5000 } | Should -Throw -ErrorId 'ConnReset.InvalidArgument,*'
        }

        It 'Should report ConnReset.SnapshotUnreadable for a malformed file' {
            { Test-SynProtection -Path $bad -Disabled -ErrorAction 'Stop' } | Should -Throw -ErrorId 'ConnReset.SnapshotUnreadable,*'
        }

        It 'Should need -Disabled or -Enabled' {
            { Test-SynProtection -Path $ws2003 -Disabled -Enabled } | Should -Throw
        }
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable' -Skip:$onWindows {
            { Test-SynProtection -Disabled } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*'
        }
    }
}
