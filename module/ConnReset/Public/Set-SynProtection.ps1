<#
    .SYNOPSIS
        Disables, enables or resets TCP SYN attack protection.

    .DESCRIPTION
        Set-SynProtection changes the TCP SYN attack protection values under
        HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters. On Windows
        Server 2003 SP1 and SP2 the protection is on by default and under heavy
        load can reset valid connections (error 10054, "An existing connection
        was forcibly closed by the remote host").

        -Disable sets SynAttackProtect to 0. This removes the denial-of-service
        protection Microsoft added: do it only on an intranet where you are sure
        you will not suffer real SYN attacks. -Enable sets it to 1 and, with
        -MaxHalfOpen and -MaxHalfOpenRetried, raises the thresholds instead, which
        keeps some protection. -Reset deletes the four values so the OS defaults
        apply. TCP/IP reads the values at startup: restart the computer after a
        live change.

        Live mode (no -Path, no -OutFile; Windows, elevated): the current values
        are saved first to an undo .reg (-BackupPath, by default under
        $env:ProgramData\ConnReset\Backups), then every value is written and read
        back; if any step fails the previous values are restored and the error
        'ConnReset.ChangeRolledBack' is written (if restoring failed too, the
        command stops with 'ConnReset.RollbackFailed': then import the backup).
        The result object names the backup and the command that undoes the
        change.

        Snapshot mode (-Path with -OutFile): the change is planned against the
        snapshot and written as a fix .reg to -OutFile, which "reg import"
        applies on the machine; nothing else is touched. With -BackupPath the
        matching undo .reg is written too. -OutFile without -Path writes the fix
        for this computer without applying it.

        Values already as wanted are left alone; when nothing needs to change,
        nothing is written and the result is NoChange. -WhatIf shows the plan and
        writes nothing. Changing the live registry asks for confirmation
        (ConfirmImpact High) unless -Force or -Confirm:$false is given; writing a
        fix file does not, unless -Confirm is given.

        Inputs can be piped in: one that fails (a snapshot that cannot be
        read, a change that cannot be planned for it, a fix file that cannot
        be written, a live change rolled back) gets one non-terminating error
        and no result, and the command goes on with the next. What is wrong
        for every input stops it (about_ConnReset, "Error ids").

    .PARAMETER Disable
        Set SynAttackProtect to 0 (protection off). Intranets only.

    .PARAMETER Enable
        Set SynAttackProtect to 1 (protection on).

    .PARAMETER MaxHalfOpen
        With -Enable: the TcpMaxHalfOpen to set (half-open connections allowed
        before protection starts).

    .PARAMETER MaxHalfOpenRetried
        With -Enable: the TcpMaxHalfOpenRetried to set; it must be less than
        TcpMaxHalfOpen. Both given the other way round stop the command
        before any input is read; one given against the value a machine
        keeps is that input's error (ConnReset.InvalidArgument).

    .PARAMETER Reset
        Delete the four values so the OS defaults apply.

    .PARAMETER Path
        Snapshot mode: the .reg files of one machine, merged in order, to plan
        the change against. Needs -OutFile. Accepts FullName and PSPath from the
        pipeline.

    .PARAMETER OutFile
        Write the change as a fix .reg file to this path instead of applying it.
        Required with -Path.

    .PARAMETER BackupPath
        Where to write the undo .reg. Live mode: by default
        $env:ProgramData\ConnReset\Backups\syn-<time>.reg. Snapshot mode: written
        only when given.

    .PARAMETER Force
        Do not ask for confirmation (unless -Confirm is given too).

    .PARAMETER PassThru
        Also return the resulting state, as Get-SynProtection would show it (read
        back from the live registry, or from the snapshot merged with the fix).

    .EXAMPLE
        Set-SynProtection -Disable

        Turns the protection off on this computer after asking for confirmation,
        saving the previous values under $env:ProgramData\ConnReset\Backups first.

    .EXAMPLE
        Set-SynProtection -Enable -MaxHalfOpen 1000 -MaxHalfOpenRetried 800 -Force

        Keeps the protection on but raises its thresholds, without asking.

    .EXAMPLE
        Set-SynProtection -Disable -Path .\sql01.reg -OutFile .\sql01-fix.reg

        Writes the fix for the machine the snapshot came from; apply it there with
        reg import.

    .EXAMPLE
        Set-SynProtection -Reset -WhatIf

        Shows which values would be deleted, and changes nothing.

    .INPUTS
        System.String
        System.IO.FileInfo

    .OUTPUTS
        ConnReset.ChangeResult
        ConnReset.SynProtection
#>
function Set-SynProtection
{
    [System.Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSShouldProcess', '', Justification = 'Invoke-ConnResetChange calls ShouldProcess on the $PSCmdlet this command passes it.')]
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('ConnReset.ChangeResult', 'ConnReset.SynProtection')]
    param
    (
        [Parameter(Mandatory = $true, ParameterSetName = 'Disable')]
        [System.Management.Automation.SwitchParameter]
        $Disable,

        [Parameter(Mandatory = $true, ParameterSetName = 'Enable')]
        [System.Management.Automation.SwitchParameter]
        $Enable,

        [Parameter(ParameterSetName = 'Enable')]
        [System.UInt32]
        $MaxHalfOpen,

        [Parameter(ParameterSetName = 'Enable')]
        [System.UInt32]
        $MaxHalfOpenRetried,

        [Parameter(Mandatory = $true, ParameterSetName = 'Reset')]
        [System.Management.Automation.SwitchParameter]
        $Reset,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PSPath')]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Path,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $OutFile,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $BackupPath,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Force,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $PassThru
    )

    begin
    {
        # -Force skips the prompt unless -Confirm is given explicitly (the
        # "if ($Force -and -not $Confirm)" idiom, written so it also holds
        # when -Confirm is not bound at all).
        if ($Force.IsPresent -and -not $PSBoundParameters['Confirm'])
        {
            $ConfirmPreference = 'None'
        }

        # Writing a fix file changes no machine: no prompt unless asked for.
        if ($PSBoundParameters.ContainsKey('OutFile') -and -not $PSBoundParameters['Confirm'])
        {
            $ConfirmPreference = 'None'
        }

        if ($Disable.IsPresent)
        {
            $action = 'Disable'
            $synAction = [ConnReset.Interop.SynAction]::Disable
            $caption = $script:localizedData.SynDisableCaption
            $warningFormat = $script:localizedData.SynDisableWarning
        }
        elseif ($Enable.IsPresent)
        {
            $action = 'Enable'
            $synAction = [ConnReset.Interop.SynAction]::Enable
            $caption = $script:localizedData.SynEnableCaption
            $warningFormat = $script:localizedData.SynChangeWarning
        }
        elseif ($Reset.IsPresent)
        {
            $action = 'Reset'
            $synAction = [ConnReset.Interop.SynAction]::Reset
            $caption = $script:localizedData.SynResetCaption
            $warningFormat = $script:localizedData.SynChangeWarning
        }

        $maxHalfOpenValue = [System.Int64] -1
        if ($PSBoundParameters.ContainsKey('MaxHalfOpen'))
        {
            $maxHalfOpenValue = [System.Int64] $MaxHalfOpen
        }

        $maxHalfOpenRetriedValue = [System.Int64] -1
        if ($PSBoundParameters.ContainsKey('MaxHalfOpenRetried'))
        {
            $maxHalfOpenRetriedValue = [System.Int64] $MaxHalfOpenRetried
        }

        # Thresholds no machine can hold: one error for the call, not one
        # per input.
        $errorRecord = Get-ConnResetSynThresholdError -MaxHalfOpen $maxHalfOpenValue -MaxHalfOpenRetried $maxHalfOpenRetriedValue
        if ($null -ne $errorRecord)
        {
            $PSCmdlet.ThrowTerminatingError($errorRecord)
        }

        # Fix files written by this call, so that two machines in one pipeline
        # do not silently share one -OutFile.
        $writtenOutFiles = @{}
    }

    process
    {
        $target = Open-ConnResetChangeTarget -Cmdlet $PSCmdlet -Path $Path -OutFile $OutFile -BackupPath $BackupPath -WrittenOutFiles $writtenOutFiles
        if ($null -eq $target)
        {
            # This input's snapshot could not be read: its error is written.
            return
        }

        $snapshotMode = $target.SnapshotMode
        $targetName = $target.TargetName
        $outFilePath = $target.OutFilePath
        $backupFilePath = $target.BackupFilePath
        $source = $target.Source

        $change = $null
        try
        {
            try
            {
                $change = [ConnReset.Interop.Change]::PlanSyn($source.Snapshot, $synAction, $maxHalfOpenValue, $maxHalfOpenRetriedValue)
                $planText = $change.Describe($source.Snapshot).TrimEnd()
                $plan = ConvertFrom-Json -InputObject $change.ToJson($source.Snapshot)
            }
            catch
            {
                $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.PlanFailed' -MessageFormat $script:localizedData.PlanFailed -Category 'InvalidOperation' -TargetObject $Path -TargetName $source.ComputerName
                $PSCmdlet.WriteError($errorRecord)
                return
            }

            $computerName = $source.ComputerName
            $reminder = $null
            if ($action -eq 'Disable')
            {
                $reminder = $script:localizedData.DisableReminder
            }

            # NoChange, -WhatIf/ShouldProcess, the fix file or the live change
            # with its backup, and the ChangeResult.
            $outcome = @{}
            $changeParameters = @{
                Cmdlet                  = $PSCmdlet
                CallerWhatIfPreference  = $WhatIfPreference
                CallerConfirmPreference = $ConfirmPreference
                Change                  = $change
                Snapshot                = $source.Snapshot
                Plan                    = $plan
                PlanText                = $planText
                ComputerName            = $computerName
                SourceName              = $source.Source
                Action                  = $action
                SnapshotMode            = $snapshotMode
                OutFilePath             = $outFilePath
                BackupFilePath          = $backupFilePath
                WrittenOutFiles         = $writtenOutFiles
                BackupName              = 'syn'
                Caption                 = $caption
                Warning                 = ($warningFormat -f $computerName)
                AppliedNote             = $script:localizedData.RestartRequired
                Reminder                = $reminder
                Outcome                 = $outcome
            }
            Invoke-ConnResetChange @changeParameters

            if ($outcome['Result'] -eq 'Written' -and $PassThru.IsPresent -and $null -ne $source.Path)
            {
                $after = $null
                try
                {
                    $after = Read-ConnResetSynProtection -LiteralPath (@($source.Path) + $outFilePath)
                }
                catch
                {
                    $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.CheckFailed' -MessageFormat $script:localizedData.CheckFailed -Category 'InvalidResult' -TargetObject $outFilePath -TargetName $outFilePath
                    $PSCmdlet.WriteError($errorRecord)
                }

                if ($null -ne $after)
                {
                    $after
                }
            }
            elseif ($outcome['Result'] -eq 'Applied')
            {
                if ($PassThru.IsPresent)
                {
                    $after = $null
                    try
                    {
                        $after = Read-ConnResetSynProtection
                    }
                    catch
                    {
                        $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.CheckFailed' -MessageFormat $script:localizedData.CheckFailed -Category 'InvalidResult' -TargetObject $computerName -TargetName $computerName
                        $PSCmdlet.WriteError($errorRecord)
                    }

                    if ($null -ne $after)
                    {
                        $after
                    }
                }
            }
        }
        finally
        {
            if ($null -ne $change)
            {
                $change.Dispose()
            }

            $source.Snapshot.Dispose()
        }
    }
}
