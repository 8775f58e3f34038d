<#
    .SYNOPSIS
        Carries out a planned registry change for a change command.

    .DESCRIPTION
        The flow every change command shares once its change is planned:
        NoChange when the plan is empty; else, in snapshot mode, ShouldProcess
        then the fix .reg (and the undo .reg when a backup path is given); in
        live mode, the elevation check, ShouldProcess, the undo .reg (by
        default under $env:ProgramData\ConnReset\Backups), ApplyLive and the
        rolled-back / rollback-failed error ids. Writes the
        'ConnReset.ChangeResult' and records in -Outcome what happened, so the
        command can do its own steps afterwards (-RestartService, -PassThru).

        ShouldProcess, WriteError and ThrowTerminatingError are called on the
        command's own $PSCmdlet (-Cmdlet), so -WhatIf, -Confirm,
        ConfirmImpact and the error ids ('Id,Command') are the command's. The
        command's $WhatIfPreference and $ConfirmPreference are passed in and
        set here.

        A failure of this input's change (its fix file cannot be written; the
        live change failed and was rolled back, or did not verify) is written
        as a non-terminating error, Outcome Result 'Failed', so the command
        goes on with its next input. What concerns every input stops the
        command: no elevation ('ConnReset.ElevationRequired'), and a rollback
        that failed ('ConnReset.RollbackFailed': the machine is half changed,
        and nothing more should be changed before the backup is imported).

    .PARAMETER Cmdlet
        The $PSCmdlet of the calling command.

    .PARAMETER CallerWhatIfPreference
        The calling command's $WhatIfPreference.

    .PARAMETER CallerConfirmPreference
        The calling command's $ConfirmPreference.

    .PARAMETER Change
        The planned ConnReset.Interop.Change.

    .PARAMETER Snapshot
        The snapshot the change was planned against (snapshot mode: the undo
        .reg is written from it).

    .PARAMETER Plan
        The plan (from ConvertFrom-Json of Change.ToJson()).

    .PARAMETER PlanText
        The plan as text (Change.Describe()).

    .PARAMETER ComputerName
        The machine the change is for.

    .PARAMETER SourceName
        'Live' or the snapshot files, for the result.

    .PARAMETER Action
        The result's Action.

    .PARAMETER SnapshotMode
        Write the fix .reg to -OutFilePath instead of applying the change.

    .PARAMETER OutFilePath
        The resolved fix .reg path (snapshot mode).

    .PARAMETER BackupFilePath
        The resolved undo .reg path, or $null (live mode: the default path).

    .PARAMETER WrittenOutFiles
        The fix files written by this call of the command.

    .PARAMETER BackupName
        The name of the default undo .reg ('syn', 'tls', ...).

    .PARAMETER Caption
        The ShouldProcess caption.

    .PARAMETER Warning
        The ShouldProcess warning (the confirmation question).

    .PARAMETER LiveDescription
        The live-mode ShouldProcess description; by default the plan applied
        to the computer.

    .PARAMETER WrittenNote
        Appended to the message when the fix file is written.

    .PARAMETER AppliedNote
        Appended to the message when the change is applied.

    .PARAMETER Reminder
        A warning written after the change is written or applied, before the
        result.

    .PARAMETER Outcome
        Gets Result ('NoChange', 'Declined', 'Written', 'Applied' or
        'Failed') and Backup.

    .OUTPUTS
        ConnReset.ChangeResult
#>
function Invoke-ConnResetChange
{
    # ShouldProcess is called on the calling command's $PSCmdlet (-Cmdlet),
    # which declares SupportsShouldProcess and ConfirmImpact; this helper has
    # no -WhatIf/-Confirm of its own.
    [System.Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSShouldProcess', '', Justification = 'ShouldProcess is called on the calling command, passed as -Cmdlet.')]
    [System.Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '')]
    [CmdletBinding()]
    [OutputType('ConnReset.ChangeResult')]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $Cmdlet,

        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [System.Object]
        $CallerWhatIfPreference,

        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [System.Object]
        $CallerConfirmPreference,

        [Parameter(Mandatory = $true)]
        [System.Object]
        $Change,

        [Parameter()]
        [System.Object]
        $Snapshot,

        [Parameter()]
        [System.Object]
        $Plan,

        [Parameter()]
        [System.Object]
        $PlanText,

        [Parameter()]
        [System.Object]
        $ComputerName,

        [Parameter()]
        [System.Object]
        $SourceName,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Action,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $SnapshotMode,

        [Parameter()]
        [System.Object]
        $OutFilePath,

        [Parameter()]
        [System.Object]
        $BackupFilePath,

        [Parameter()]
        [System.Collections.Hashtable]
        $WrittenOutFiles,

        [Parameter(Mandatory = $true)]
        [System.String]
        $BackupName,

        [Parameter()]
        [System.String]
        $Caption,

        [Parameter()]
        [System.String]
        $Warning,

        [Parameter()]
        [System.String]
        $LiveDescription,

        [Parameter()]
        [System.String]
        $WrittenNote,

        [Parameter()]
        [System.String]
        $AppliedNote,

        [Parameter()]
        [System.String]
        $Reminder,

        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [System.Collections.Hashtable]
        $Outcome
    )

    # The command's preferences, here too: the elevation check reads
    # $WhatIfPreference, and the command's ShouldProcess reads
    # $ConfirmPreference (and $WhatIfPreference when -WhatIf was not given)
    # from the current scope, which is this one.
    $WhatIfPreference = $CallerWhatIfPreference
    $ConfirmPreference = $CallerConfirmPreference

    $Outcome['Result'] = 'NoChange'
    $Outcome['Backup'] = $BackupFilePath
    if ($Change.OperationCount -eq 0)
    {
        $message = $script:localizedData.NoChange -f $computerName
        Write-Verbose -Message $message
        New-ConnResetChangeResult -ComputerName $computerName -Source $SourceName -Action $Action -Result 'NoChange' -Plan $Plan -Message $message
        return
    }

    if ($SnapshotMode.IsPresent)
    {
        $description = $script:localizedData.WriteFixDescription -f $computerName, $outFilePath, $PlanText
        if (-not $Cmdlet.ShouldProcess($description, $Warning, $Caption))
        {
            $Outcome['Result'] = 'Declined'
            return
        }

        $undoHint = $null
        try
        {
            if ($null -ne $backupFilePath)
            {
                $Change.WriteBackup($Snapshot, $backupFilePath)
                Write-Verbose -Message ($script:localizedData.BackupWritten -f $backupFilePath)
                $undoHint = 'reg import "{0}"' -f $backupFilePath
            }

            $Change.WriteReg($outFilePath)
        }
        catch
        {
            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.FileUnwritable' -MessageFormat $script:localizedData.FileUnwritable -Category 'WriteError' -TargetObject $outFilePath -TargetName $outFilePath
            $Outcome['Result'] = 'Failed'
            $Cmdlet.WriteError($errorRecord)
            return
        }

        $WrittenOutFiles[$outFilePath] = $true
        if (-not [System.String]::IsNullOrEmpty($Reminder))
        {
            Write-Warning -Message $Reminder
        }

        $message = $script:localizedData.FixWritten -f $outFilePath
        if (-not [System.String]::IsNullOrEmpty($WrittenNote))
        {
            $message = $message + ' ' + $WrittenNote
        }

        $Outcome['Result'] = 'Written'
        New-ConnResetChangeResult -ComputerName $computerName -Source $SourceName -Action $Action -Result 'Written' -Plan $Plan -OutFile $outFilePath -Backup $backupFilePath -UndoHint $undoHint -Message $message
        return
    }

    # Live mode.
    if (-not $WhatIfPreference -and -not (Test-ConnResetElevated))
    {
        $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.ElevationRequired' -Message $script:localizedData.ElevationRequired -Category 'PermissionDenied' -TargetObject $computerName
        $Cmdlet.ThrowTerminatingError($errorRecord)
    }

    $description = $LiveDescription
    if ([System.String]::IsNullOrEmpty($description))
    {
        $description = $script:localizedData.ApplyLiveDescription -f $computerName, $PlanText
    }

    if (-not $Cmdlet.ShouldProcess($description, $Warning, $Caption))
    {
        $Outcome['Result'] = 'Declined'
        return
    }

    if ($null -eq $backupFilePath)
    {
        $backupFilePath = Get-ConnResetDefaultBackupPath -Name $BackupName
        $Outcome['Backup'] = $backupFilePath
        $null = New-Item -Path (Split-Path -Path $backupFilePath -Parent) -ItemType 'Directory' -Force -WhatIf:$false -Confirm:$false -ErrorAction 'Stop'
    }

    try
    {
        $Change.ApplyLive($backupFilePath)
    }
    catch
    {
        $errorRecord = ConvertTo-ConnResetApplyErrorRecord -ErrorRecord $_ -ComputerName $computerName -BackupPath $backupFilePath
        if ($errorRecord.FullyQualifiedErrorId -eq 'ConnReset.RollbackFailed')
        {
            $Cmdlet.ThrowTerminatingError($errorRecord)
        }

        $Outcome['Result'] = 'Failed'
        $Cmdlet.WriteError($errorRecord)
        return
    }

    if (-not [System.String]::IsNullOrEmpty($Reminder))
    {
        Write-Warning -Message $Reminder
    }

    $undoHint = "Restore-ConnResetBackup -Path '{0}'" -f $backupFilePath
    $message = $script:localizedData.Applied -f $computerName, $backupFilePath
    if (-not [System.String]::IsNullOrEmpty($AppliedNote))
    {
        $message = $message + ' ' + $AppliedNote
    }

    $Outcome['Result'] = 'Applied'
    New-ConnResetChangeResult -ComputerName $computerName -Source $SourceName -Action $Action -Result 'Applied' -Plan $Plan -Backup $backupFilePath -UndoHint $undoHint -Message $message
}
