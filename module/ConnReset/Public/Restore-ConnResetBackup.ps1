<#
    .SYNOPSIS
        Imports a ConnReset backup (or any .reg file) into the live registry, with its own undo.

    .DESCRIPTION
        Restore-ConnResetBackup undoes a change made by Set-SynProtection by
        importing the backup .reg it wrote (the result's Backup property), and
        can import any other .reg file the same way. Before it writes, it saves
        the values the import replaces to a new undo .reg (-BackupPath, by
        default under $env:ProgramData\ConnReset\Backups), so the restore can be
        undone as well. Every value is read back after writing; if a step fails,
        the previous values are put back and the error
        'ConnReset.ChangeRolledBack' is written (if that failed too, the command
        stops with 'ConnReset.RollbackFailed'). What the file sets that the
        registry already holds (the same
        value, a key that exists, a value already absent) is left out, so a
        backup imported a second time has nothing to do: the result is
        NoChange and no undo .reg is written.

        It needs Windows and an elevated session, asks for confirmation
        (ConfirmImpact High) unless -Force or -Confirm:$false is given, and with
        -WhatIf shows what the import would change without writing anything.

        Several files can be piped in. A file that fails gets one
        non-terminating error and no result, and the command goes on with the
        next: a file that cannot be read ('ConnReset.BackupUnreadable'), a
        plan that fails ('ConnReset.PlanFailed'), a change rolled back. No live
        registry, no elevation and a failed rollback stop the command.

    .PARAMETER Path
        The .reg file to import. Accepts FullName and PSPath from the pipeline,
        and the Backup property of a ConnReset.ChangeResult.

    .PARAMETER BackupPath
        Where to save the values the import replaces. By default
        $env:ProgramData\ConnReset\Backups\restore-<time>.reg.

    .PARAMETER Force
        Do not ask for confirmation (unless -Confirm is given too).

    .EXAMPLE
        Restore-ConnResetBackup -Path C:\ProgramData\ConnReset\Backups\syn-20240501-101500-123.reg

        Puts back the values Set-SynProtection replaced, after asking.

    .EXAMPLE
        Set-SynProtection -Disable -Force | Restore-ConnResetBackup -WhatIf

        Shows what undoing the change just made would write.

    .INPUTS
        System.String
        System.IO.FileInfo
        ConnReset.ChangeResult

    .OUTPUTS
        ConnReset.ChangeResult
#>
function Restore-ConnResetBackup
{
    [System.Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSShouldProcess', '', Justification = 'Invoke-ConnResetChange calls ShouldProcess on the $PSCmdlet this command passes it.')]
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('ConnReset.ChangeResult')]
    param
    (
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PSPath', 'Backup')]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Path,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $BackupPath,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Force
    )

    begin
    {
        if ($Force.IsPresent -and -not $PSBoundParameters['Confirm'])
        {
            $ConfirmPreference = 'None'
        }
    }

    process
    {
        try
        {
            $importPath = @(Resolve-ConnResetPath -Path $Path -Literal)[0]
            $backupFilePath = $null
            if ($PSBoundParameters.ContainsKey('BackupPath'))
            {
                $backupFilePath = @(Resolve-ConnResetPath -Path $BackupPath -Literal)[0]
            }
        }
        catch
        {
            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.BackupUnreadable' -MessageFormat $script:localizedData.BackupUnreadable -Category 'InvalidArgument' -TargetObject $Path -TargetName $Path
            $PSCmdlet.WriteError($errorRecord)
            return
        }

        # Read and check the file first: a bad backup is reported on any OS.
        # It is this input's error; the next file piped in is still restored.
        try
        {
            $change = [ConnReset.Interop.Change]::FromFile($importPath)
        }
        catch
        {
            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.BackupUnreadable' -MessageFormat $script:localizedData.BackupUnreadable -Category 'ReadError' -TargetObject $importPath -TargetName $importPath
            $PSCmdlet.WriteError($errorRecord)
            return
        }

        $current = $null
        try
        {
            if (-not (Test-ConnResetLiveRegistry))
            {
                $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.LiveRegistryUnavailable' -Message $script:localizedData.LiveRegistryUnavailable -Category 'ResourceUnavailable' -Exception (New-Object -TypeName 'System.PlatformNotSupportedException' -ArgumentList $script:localizedData.LiveRegistryUnavailable)
                $PSCmdlet.ThrowTerminatingError($errorRecord)
            }

            $computerName = [System.Environment]::MachineName
            try
            {
                # Describe against the live state of exactly the keys it
                # touches, leaving out what is already so: a backup restored
                # twice has nothing to do the second time.
                $current = $change.CaptureLive()
                $change.Prune($current)
                $planText = $change.Describe($current).TrimEnd()
                $plan = ConvertFrom-Json -InputObject $change.ToJson($current)
            }
            catch
            {
                $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.PlanFailed' -MessageFormat $script:localizedData.PlanFailed -Category 'ReadError' -TargetObject $importPath -TargetName $computerName
                $PSCmdlet.WriteError($errorRecord)
                return
            }

            # NoChange, elevation, -WhatIf/ShouldProcess, the backup of the
            # current values, ApplyLive and the ChangeResult.
            $outcome = @{}
            $changeParameters = @{
                Cmdlet                  = $PSCmdlet
                CallerWhatIfPreference  = $WhatIfPreference
                CallerConfirmPreference = $ConfirmPreference
                Change                  = $change
                Plan                    = $plan
                PlanText                = $planText
                ComputerName            = $computerName
                SourceName              = 'Live'
                Action                  = 'Restore'
                BackupFilePath          = $backupFilePath
                BackupName              = 'restore'
                Caption                 = $script:localizedData.RestoreCaption
                Warning                 = ($script:localizedData.RestoreWarning -f $importPath, $computerName)
                LiveDescription         = ($script:localizedData.RestoreDescription -f $importPath, $computerName, $planText)
                Outcome                 = $outcome
            }
            Invoke-ConnResetChange @changeParameters
        }
        finally
        {
            if ($null -ne $current)
            {
                $current.Dispose()
            }

            $change.Dispose()
        }
    }
}
