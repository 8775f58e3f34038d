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
    # Merged after $ws2003: the thresholds raised as Set-SynProtection
    # -Enable -MaxHalfOpen 1000 -MaxHalfOpenRetried 800 leaves them.
    $raised = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'raised.reg') -Body @'
[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"SynAttackProtect"=dword:00000001
"TcpMaxHalfOpen"=dword:000003e8
"TcpMaxHalfOpenRetried"=dword:00000320
'@

    function Invoke-TestSynQuietly
    {
        # Runs Test-SynProtection; returns its output, the errors it wrote
        # or threw, and its verbose messages.
        param ([System.Collections.Hashtable] $Arguments)

        $caught = @()
        $output = @()
        try
        {
            $output = @(Test-SynProtection @Arguments -ErrorAction 'SilentlyContinue' -ErrorVariable 'written' -Verbose 4>&1)
        }
        catch
        {
            $caught = @($_)
        }

        [PSCustomObject] @{
            Result  = @($output | Where-Object -FilterScript { $_ -is [System.Boolean] })
            Verbose = @($output | Where-Object -FilterScript { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object -Process { $_.Message })
            Errors  = @(@($written) + $caught | Where-Object -FilterScript { $null -ne $_ })
        }
    }
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

    Context 'When the thresholds asked for are not those the machine holds' {
        It 'Should return $false, not an error, for a -MaxHalfOpen below the TcpMaxHalfOpenRetried the machine keeps' {
            # The measured fault: raised thresholds 1000/800, asked 500.
            $run = Invoke-TestSynQuietly -Arguments @{ Path = @($ws2003, $raised); Enabled = $true; MaxHalfOpen = 500 }
            $run.Errors | Should -BeNullOrEmpty
            $run.Result.Count | Should -Be 1
            $run.Result[0] | Should -BeFalse
            ($run.Verbose -join ' ') | Should -Match 'TcpMaxHalfOpenRetried \(800\) must be less than TcpMaxHalfOpen \(500\)'
        }

        It 'Should return $false, not an error, for a threshold against the OS defaults (500/400) or outside the documented range' {
            foreach ($arguments in @(
                    @{ MaxHalfOpen = 300 },
                    @{ MaxHalfOpenRetried = 600 },
                    @{ MaxHalfOpen = 0 },
                    @{ MaxHalfOpenRetried = 50 },
                    @{ MaxHalfOpen = 2000; MaxHalfOpenRetried = 50 }
                ))
            {
                $arguments['Path'] = $ws2003
                $arguments['Enabled'] = $true
                $run = Invoke-TestSynQuietly -Arguments $arguments
                $run.Errors | Should -BeNullOrEmpty -Because ($arguments | Out-String)
                $run.Result.Count | Should -Be 1 -Because ($arguments | Out-String)
                $run.Result[0] | Should -BeFalse -Because ($arguments | Out-String)
            }
        }

        It 'Should still return $true for thresholds the machine holds' {
            Test-SynProtection -Path $ws2003, $raised -Enabled -MaxHalfOpen 1000 -MaxHalfOpenRetried 800 | Should -BeTrue
            Test-SynProtection -Path $ws2003, $raised -Enabled -MaxHalfOpenRetried 800 | Should -BeTrue
        }

        It 'Should go on with the next snapshot and answer each one' {
            $results = @(Get-ChildItem -LiteralPath $ws2003, $ws2019 | Test-SynProtection -Enabled -MaxHalfOpen 300 -ErrorAction 'Stop')
            ($results | ForEach-Object -Process { $_ }) -join ',' | Should -Be 'False,False'
        }
    }

    Context 'When the input is wrong' {
        It 'Should stop with ConnReset.InvalidArgument for impossible thresholds, before reading any input' {
            { Test-SynProtection -Path $ws2003 -Enabled -MaxHalfOpen 10 -MaxHalfOpenRetried 5000 } | Should -Throw -ErrorId 'ConnReset.InvalidArgument,*' -ExpectedMessage '*TcpMaxHalfOpenRetried (5000) must be less than TcpMaxHalfOpen (10)*'
            { Test-SynProtection -Path $bad -Enabled -MaxHalfOpen 500 -MaxHalfOpenRetried 500 } | Should -Throw -ErrorId 'ConnReset.InvalidArgument,*'
        }

        It 'Should write ConnReset.CheckFailed for a snapshot that cannot be checked, and go on with the next' {
            Mock -CommandName 'ConvertFrom-Json' -ModuleName 'ConnReset' -ParameterFilter { $InputObject -match '"hostname": "SQL01"' } -MockWith { throw 'a report the module cannot read' }
            $errors = $null
            $results = @(Get-ChildItem -LiteralPath $ws2003, $off | Test-SynProtection -Disabled -ErrorAction 'SilentlyContinue' -ErrorVariable 'errors')
            $records = @($errors | Where-Object -FilterScript { $_.FullyQualifiedErrorId -like 'ConnReset.*' })
            $records.Count | Should -Be 1
            $records[0].FullyQualifiedErrorId | Should -Be 'ConnReset.CheckFailed,Test-SynProtection'
            $records[0].ToString() | Should -Match 'a report the module cannot read'
            $results.Count | Should -Be 1
            $results[0] | Should -BeTrue
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
