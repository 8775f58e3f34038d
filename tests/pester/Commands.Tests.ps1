#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

<#
    Behaviour every command shares, checked on every exported command that
    runs on snapshots alone (Invoke-ConnResetTestEveryCommand in
    TestHelpers.ps1 finds them and their arguments; none is listed here).
#>

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'
    $runs = @(Invoke-ConnResetTestEveryCommand -OutDirectory $TestDrive)
    # The first run of each command that wrote no error: the one to vary.
    $cleanRuns = @{}
    foreach ($run in $runs)
    {
        if ($run.Errors.Count -eq 0 -and -not $cleanRuns.ContainsKey($run.Command))
        {
            $cleanRuns[$run.Command] = $run
        }
    }

    $outCounter = 0
    function Invoke-Again
    {
        # Runs a recorded call again with changed arguments; returns
        # Output, Errors (the error stream) and Terminating (a thrown error).
        param ($Run, [System.Collections.Hashtable] $Change, [System.String[]] $Remove)

        $arguments = $Run.Arguments.Clone()
        foreach ($name in $Remove)
        {
            $arguments.Remove($name)
        }

        foreach ($pair in $Change.GetEnumerator())
        {
            $arguments[$pair.Key] = $pair.Value
        }

        if ($arguments.ContainsKey('OutFile'))
        {
            $script:outCounter++
            $arguments['OutFile'] = Join-Path -Path $TestDrive -ChildPath ('again-{0}.out' -f $script:outCounter)
        }

        Invoke-ConnResetTestPipeline -ScriptBlock { & $Run.Command @arguments -WarningAction 'SilentlyContinue' 6>$null }
    }
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Every command on the fixtures' -Tag 'QA', 'Commands' {
    It 'Should have run the reading and the changing commands' {
        $commands = @($cleanRuns.Keys)
        @($commands | Where-Object -FilterScript { -not (Get-Command -Name $_).Parameters.ContainsKey('WhatIf') }).Count | Should -BeGreaterThan 3
        @($commands | Where-Object -FilterScript { (Get-Command -Name $_).Parameters.ContainsKey('WhatIf') }).Count | Should -BeGreaterThan 3
    }

    It 'Should write a fix without a prompt with -Force, in a session that cannot prompt' {
        # ConfirmImpact High would prompt (and fail non-interactively): -Force
        # skips it as -Confirm:$false does.
        $problems = @()
        $tried = 0
        foreach ($run in $cleanRuns.Values)
        {
            if (-not $run.Arguments.ContainsKey('OutFile') -or -not (Get-Command -Name $run.Command).Parameters.ContainsKey('Force'))
            {
                continue
            }

            $tried++
            $again = Invoke-Again -Run $run -Change @{ Force = $true } -Remove 'Confirm'
            if ($null -ne $again.Terminating -or $again.Errors.Count -gt 0 -or $again.Output.Count -ne $run.Output.Count)
            {
                $problems += '{0}: {1} {2}' -f $run.Command, $again.Terminating, ($again.Errors -join '; ')
            }
        }

        $tried | Should -BeGreaterThan 3
        $problems -join [System.Environment]::NewLine | Should -BeNullOrEmpty
    }

    It 'Should write one error per input with a stable id when a report cannot be read, and no object' {
        # Every command turns the native report (JSON) into objects; when that
        # fails the input gets one error with a ConnReset.* id and the cause
        # (non-terminating for the reading commands: ConnReset.CheckFailed).
        Mock -CommandName 'ConvertFrom-Json' -ModuleName 'ConnReset' -MockWith { throw 'a report the module cannot read' }
        $problems = @()
        $failedAsExpected = 0
        foreach ($run in $cleanRuns.Values)
        {
            $again = Invoke-Again -Run $run -Change @{}
            if ($null -ne $again.Terminating)
            {
                # A change (one target) or a yes/no test may stop instead,
                # with the same stable id and cause.
                $again.Errors = @($again.Errors) + @($again.Terminating)
            }

            # One per input at most: the files of -Path are one machine for
            # most commands, but a command may take each as an input of its own.
            $inputs = [System.Math]::Max(1, @($run.Arguments['Path']).Count)
            if ($again.Errors.Count -gt $inputs)
            {
                $problems += '{0}: {1} errors: {2}' -f $run.Command, $again.Errors.Count, (($again.Errors | ForEach-Object -Process { $_.FullyQualifiedErrorId }) -join ', ')
            }

            foreach ($errorRecord in $again.Errors)
            {
                if ($errorRecord.FullyQualifiedErrorId -notlike 'ConnReset.*,*')
                {
                    $problems += '{0}: error id {1}' -f $run.Command, $errorRecord.FullyQualifiedErrorId
                }
                elseif ($errorRecord.ToString() -notmatch 'a report the module cannot read')
                {
                    $problems += '{0}: the message does not carry the cause: {1}' -f $run.Command, $errorRecord
                }
            }

            if ($again.Errors.Count -ge 1 -and $null -eq $again.Terminating -and $again.Errors[0].FullyQualifiedErrorId -like 'ConnReset.CheckFailed,*')
            {
                $failedAsExpected++
                if (@($again.Output | Where-Object -FilterScript { $_.PSObject.TypeNames -like 'ConnReset.*' }).Count -gt 0)
                {
                    $problems += '{0}: returned objects after CheckFailed' -f $run.Command
                }
            }
        }

        $failedAsExpected | Should -BeGreaterThan 5
        $problems -join [System.Environment]::NewLine | Should -BeNullOrEmpty
    }
}

Describe 'A live change that fails for one input of several' -Tag 'QA', 'Commands', 'Change' {
    # The change flow every Set/Disable/Restore command shares
    # (Invoke-ConnResetChange), driven by a stand-in change whose ApplyLive
    # fails as the native library reports it: no live registry is touched.
    It 'Should write ConnReset.ChangeRolledBack for that input and go on, and stop at ConnReset.RollbackFailed' {
        $parameters = @{ Backup = (Join-Path -Path $TestDrive -ChildPath 'undo.reg'); Collect = ${function:Invoke-ConnResetTestPipeline} }
        InModuleScope -ModuleName 'ConnReset' -Parameters $parameters {
            param ($Backup, $Collect)

            Mock -CommandName 'Test-ConnResetElevated' -MockWith { $true }
            function Invoke-StandInChange
            {
                # A change command in miniature: one input, one change.
                [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
                param ([Parameter(ValueFromPipeline = $true)] [System.String] $Failure)

                process
                {
                    $change = [PSCustomObject] @{ OperationCount = 1; Failure = $Failure }
                    $change | Add-Member -MemberType 'ScriptMethod' -Name 'ApplyLive' -Value {
                        param ($BackupPath)
                        if ($this.Failure -ne 'none')
                        {
                            throw (New-Object -TypeName 'ConnReset.Interop.ConnResetException' -ArgumentList @(-20, $this.Failure, ('applying failed: ' + $this.Failure)))
                        }
                    }
                    $outcome = @{}
                    Invoke-ConnResetChange -Cmdlet $PSCmdlet -CallerWhatIfPreference $false -CallerConfirmPreference 'None' -Change $change -Plan ([PSCustomObject] @{ title = 'stand-in'; operations = @() }) -PlanText 'stand-in' -ComputerName $Failure -SourceName 'Live' -Action 'Set' -BackupFilePath $Backup -BackupName 'standin' -Outcome $outcome
                }
            }

            $run = & $Collect -ScriptBlock { 'CR_EROLLEDBACK', 'CR_EVERIFY', 'none' | Invoke-StandInChange }
            $run.Terminating | Should -BeNullOrEmpty
            ($run.Errors | ForEach-Object -Process { $_.FullyQualifiedErrorId }) -join ';' | Should -Be 'ConnReset.ChangeRolledBack,Invoke-StandInChange;ConnReset.ChangeNotVerified,Invoke-StandInChange'
            $run.Output.Count | Should -Be 1
            $run.Output[0].Result | Should -Be 'Applied'
            $run.Output[0].ComputerName | Should -Be 'none'

            $run = & $Collect -ScriptBlock { 'CR_EROLLBACK', 'none' | Invoke-StandInChange }
            $run.Terminating.FullyQualifiedErrorId | Should -Be 'ConnReset.RollbackFailed,Invoke-StandInChange'
            $run.Output.Count | Should -Be 0
        }
    }
}
