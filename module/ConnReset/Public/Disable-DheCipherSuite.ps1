<#
    .SYNOPSIS
        Removes every TLS_DHE_* cipher suite from the Schannel cipher-suite order.

    .DESCRIPTION
        Disable-DheCipherSuite writes the cipher-suite order in effect now,
        without any TLS_DHE_* suite, as the Group Policy value Functions (a
        comma-separated REG_SZ under
        HKLM\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002),
        which wins over the local list. It is Microsoft's fix for intermittent
        "An existing connection was forcibly closed by the remote host" errors
        (10054) when a handshake picks a DHE suite and the two sides disagree on
        the DHE leading-zero rule (KB4557473; seed 001, scenario 3): findings
        DHE001 and DHEZERO001. Suites in the current list that cannot be used
        (Get-SchannelCipherSuite shows them with Usable $false) are left out of
        the written list, except the NULL suites Windows enables for
        applications that explicitly ask (the end of Windows 10's default
        list), which are kept. Peers that can only use DHE suites cannot
        connect afterwards; Test-TlsMatch checks a pair first.

        The order is read at startup: restart the computer afterwards. A domain
        GPO that sets this policy overwrites the value at its next refresh;
        change the GPO instead in that case. Set-SchannelCipherSuiteOrder -Reset
        or the backup undoes the change.

        Live mode (no -Path, no -OutFile; Windows, elevated): the current value
        is saved first to an undo .reg (-BackupPath, by default under
        $env:ProgramData\ConnReset\Backups), then written and read back; if any
        step fails the previous value is restored and the error
        'ConnReset.ChangeRolledBack' is written (if restoring failed too, the
        command stops with 'ConnReset.RollbackFailed').

        Snapshot mode (-Path with -OutFile): the change is planned against the
        snapshot and written as a fix .reg to -OutFile, which "reg import"
        applies on the machine; nothing else is touched. With -BackupPath the
        matching undo .reg is written too.

        When no TLS_DHE_* suite is enabled the result is NoChange and nothing is
        written. -WhatIf shows the plan and writes nothing. Changing the live
        registry asks for confirmation (ConfirmImpact High) unless -Force or
        -Confirm:$false is given; writing a fix file does not, unless -Confirm
        is given.

        Inputs can be piped in: one that fails (a snapshot that cannot be
        read, a change that cannot be planned for it, a fix file that cannot
        be written, a live change rolled back) gets one non-terminating error
        and no result, and the command goes on with the next. What is wrong
        for every input stops it (about_ConnReset, "Error ids").

    .PARAMETER Path
        Snapshot mode: the .reg files of one machine, merged in order, to plan
        the change against. Needs -OutFile. Accepts FullName and PSPath from the
        pipeline.

    .PARAMETER OutFile
        Write the change as a fix .reg file to this path instead of applying it.
        Required with -Path.

    .PARAMETER BackupPath
        Where to write the undo .reg. Live mode: by default
        $env:ProgramData\ConnReset\Backups\dhe-<time>.reg. Snapshot mode: written
        only when given.

    .PARAMETER Force
        Do not ask for confirmation (unless -Confirm is given too).

    .PARAMETER PassThru
        Also return the resulting list, as Get-SchannelCipherSuite would show it
        (read back from the live registry, or from the snapshot merged with the
        fix).

    .EXAMPLE
        Disable-DheCipherSuite

        Removes the TLS_DHE_* suites on this computer after asking for
        confirmation, saving the previous value under
        $env:ProgramData\ConnReset\Backups first.

    .EXAMPLE
        Disable-DheCipherSuite -Path .\sql01.reg -OutFile .\sql01-nodhe.reg -BackupPath .\sql01-undo.reg

        Writes the fix and its undo for the machine the snapshot came from;
        apply the fix there with reg import and restart.

    .EXAMPLE
        Disable-DheCipherSuite -WhatIf

        Shows the policy value that would be written, and changes nothing.

    .INPUTS
        System.String
        System.IO.FileInfo

    .OUTPUTS
        ConnReset.ChangeResult
        ConnReset.SchannelCipherSuite
#>
function Disable-DheCipherSuite
{
    [System.Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSShouldProcess', '', Justification = 'Invoke-ConnResetChange calls ShouldProcess on the $PSCmdlet this command passes it.')]
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('ConnReset.ChangeResult', 'ConnReset.SchannelCipherSuite')]
    param
    (
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

        $action = 'Disable'

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
                $change = [ConnReset.Interop.Change]::PlanDheDisable($source.Snapshot)

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
                BackupName              = 'dhe'
                Caption                 = $script:localizedData.DheDisableCaption
                Warning                 = ($script:localizedData.DheDisableWarning -f $computerName)
                AppliedNote             = $script:localizedData.TlsSuitesRestart
                Outcome                 = $outcome
            }
            Invoke-ConnResetChange @changeParameters

            if ($outcome['Result'] -eq 'Written' -and $PassThru.IsPresent -and $null -ne $source.Path)
            {
                $after = @()
                try
                {
                    $after = @(Read-ConnResetSchannelCipherSuite -LiteralPath (@($source.Path) + $outFilePath))
                }
                catch
                {
                    $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.CheckFailed' -MessageFormat $script:localizedData.CheckFailed -Category 'InvalidResult' -TargetObject $outFilePath -TargetName $outFilePath
                    $PSCmdlet.WriteError($errorRecord)
                }

                $after
            }
            elseif ($outcome['Result'] -eq 'Applied')
            {
                if ($PassThru.IsPresent)
                {
                    $after = @()
                    try
                    {
                        $after = @(Read-ConnResetSchannelCipherSuite)
                    }
                    catch
                    {
                        $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.CheckFailed' -MessageFormat $script:localizedData.CheckFailed -Category 'InvalidResult' -TargetObject $computerName -TargetName $computerName
                        $PSCmdlet.WriteError($errorRecord)
                    }

                    $after
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
