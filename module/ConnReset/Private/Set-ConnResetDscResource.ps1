<#
    .SYNOPSIS
        The Set() of the DSC class resources: the change engine's plan,
        backup, apply, verify and roll back, as the change commands run it.

    .DESCRIPTION
        Plans the change with the native DSC engine (the plan
        `connreset dsc set` applies) and hands it to Invoke-ConnResetChange,
        so -WhatIf, ShouldProcess, the elevation check, the undo .reg, the
        verification and the rollback are those of Set-SynProtection and the
        other change commands. Nothing to do when the instance is in the
        desired state; ConnReset/Audit never changes anything and says so.

        Live: the undo .reg goes under $env:ProgramData\ConnReset\Backups;
        when the change takes effect after a restart of the computer,
        $global:DSCMachineStatus is set to 1 (DSC's reboot request); with
        RestartService the services named by the instance are restarted
        (Restart-Service -Force, after ShouldProcess), else a warning names
        them. With Use-ConnResetDscSource (tests): the fix and its undo are
        written into the seam's folder and read by later calls.

        Class methods cannot prompt: the class calls this with -Confirm:$false;
        -WhatIf comes from $WhatIfPreference, as for any command.

    .PARAMETER Resource
        The class resource instance ($this).

    .PARAMETER TypeName
        Its DSC v3 type, 'ConnReset/SynProtection' and so on.

    .OUTPUTS
        None.
#>
function Set-ConnResetDscResource
{
    [System.Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSShouldProcess', '', Justification = 'Invoke-ConnResetChange calls ShouldProcess on the $PSCmdlet this function passes it.')]
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([System.Void])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Resource,

        [Parameter(Mandatory = $true)]
        [System.String]
        $TypeName
    )

    $opened = Open-ConnResetDscInstance -Cmdlet $PSCmdlet -Resource $Resource -TypeName $TypeName
    $source = $opened.Source
    $instance = $opened.Instance
    $seam = $opened.Seam
    $change = $null
    try
    {
        try
        {
            $inState = $instance.Test()
            $change = $instance.Plan()
            $planText = $change.Describe($source.Snapshot).TrimEnd()
            $plan = ConvertFrom-Json -InputObject $change.ToJson($source.Snapshot)
            $rebootRequired = $instance.RebootRequired
            $restart = @(ConvertFrom-Json -InputObject $instance.RestartJson())
            $state = ConvertFrom-Json -InputObject $instance.StateJson($false)
        }
        catch
        {
            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.PlanFailed' -MessageFormat $script:localizedData.PlanFailed -Category 'InvalidOperation' -TargetObject $opened.Input -TargetName $source.ComputerName
            $PSCmdlet.ThrowTerminatingError($errorRecord)
        }

        $computerName = $source.ComputerName
        if ($change.OperationCount -eq 0)
        {
            if ($inState)
            {
                Write-Verbose -Message ($script:localizedData.DscNothingToDo -f $TypeName, $computerName)
            }
            else
            {
                Write-Warning -Message ($script:localizedData.DscAuditOnly -f $TypeName, $computerName, (@($state.Findings) -join '; '))
            }

            return
        }

        $services = @($restart | Where-Object -FilterScript { $null -ne $_.service } | ForEach-Object -Process { $_.service })
        $shortName = ($TypeName -split '/')[-1]
        $outFilePath = $null
        $backupFilePath = $null
        if ($null -ne $seam)
        {
            $number = '{0:D3}' -f ($seam.Written.Count + 1)
            $outFilePath = Join-Path -Path $seam.OutDirectory -ChildPath ('{0}-{1}.reg' -f $number, $shortName)
            $backupFilePath = Join-Path -Path $seam.OutDirectory -ChildPath ('{0}-{1}.undo.reg' -f $number, $shortName)
        }

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
            Action                  = ('DSC ' + $TypeName)
            SnapshotMode            = ($null -ne $seam)
            OutFilePath             = $outFilePath
            BackupFilePath          = $backupFilePath
            WrittenOutFiles         = @{}
            BackupName              = ('dsc-' + $shortName.ToLowerInvariant())
            Caption                 = ($script:localizedData.DscSetCaption -f $TypeName)
            Warning                 = ($script:localizedData.DscSetWarning -f $TypeName, $computerName)
            Outcome                 = $outcome
        }
        $result = Invoke-ConnResetChange @changeParameters
        if ($null -ne $result)
        {
            Write-Verbose -Message $result.Message
        }

        if ($outcome['Result'] -eq 'Written')
        {
            $seam.Written.Add($outFilePath)
            $seam.Log.Add([PSCustomObject] @{
                TypeName       = $TypeName
                OutFile        = $outFilePath
                Backup         = $backupFilePath
                RebootRequired = $rebootRequired
                Restart        = $restart
            })
            if ($services.Count -gt 0)
            {
                Write-Warning -Message ($script:localizedData.DscServicesToRestart -f ($services -join ', '))
            }
        }
        elseif ($outcome['Result'] -eq 'Applied')
        {
            if ($rebootRequired)
            {
                # DSC's reboot request for class resources (the LCM and
                # Invoke-DscResource read it).
                $global:DSCMachineStatus = 1
                Write-Warning -Message ($script:localizedData.DscRebootRequired -f $computerName)
            }

            if ($services.Count -gt 0 -and $instance.RestartServiceRequested)
            {
                Restart-ConnResetService -Cmdlet $PSCmdlet -CallerWhatIfPreference $WhatIfPreference -CallerConfirmPreference $ConfirmPreference -ServiceName $services -ComputerName $computerName -Terminating
            }
            elseif ($services.Count -gt 0)
            {
                Write-Warning -Message ($script:localizedData.DscServicesToRestart -f ($services -join ', '))
            }
        }
    }
    finally
    {
        if ($null -ne $change)
        {
            $change.Dispose()
        }

        Close-ConnResetDscInstance -Opened $opened
    }
}
