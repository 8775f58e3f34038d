<#
    .SYNOPSIS
        Sets or clears the certificate a SQL Server instance is configured with.

    .DESCRIPTION
        Set-SqlServerCertificate writes the thumbprint of the certificate a
        SQL Server instance encrypts connections with (the value Certificate
        under HKLM\SOFTWARE\Microsoft\Microsoft SQL Server\<instance id>\MSSQLServer\SuperSocketNetLib,
        what SQL Server Configuration Manager sets), or with -Clear empties
        it, so SQL Server picks a suitable certificate itself or generates a
        self-signed one. It is the fix for an instance configured with a
        certificate signed with a weak hash (CERTHASH001) or one it will not
        load (CERTHASH004). The certificate must be in LocalMachine\My with
        Server Authentication and a private key the service account can read
        (Find-WeakCertHash shows them).

        SQL Server reads the setting at startup: the instance's service
        (MSSQLSERVER or MSSQL$<instance>) is restarted only with
        -RestartService (Restart-Service -Force, which also restarts
        dependent services such as SQL Server Agent, and asks for
        confirmation too unless -Force is given).

        Live mode (no -Path, no -OutFile; Windows, elevated): the current
        value is saved first to an undo .reg (-BackupPath, by default under
        $env:ProgramData\ConnReset\Backups), then written and read back; if
        any step fails the previous value is restored and the error
        'ConnReset.ChangeRolledBack' is written (if restoring failed too, the
        command stops with 'ConnReset.RollbackFailed').

        Snapshot mode (-Path with -OutFile): the change is planned against the
        snapshot and written as a fix .reg to -OutFile; nothing else is
        touched. With -BackupPath the matching undo .reg is written too.

        When the instance is already so configured the result is NoChange and
        nothing is written. -WhatIf shows the plan and writes nothing.
        Changing the live registry asks for confirmation (ConfirmImpact High)
        unless -Force or -Confirm:$false is given; writing a fix file does
        not, unless -Confirm is given.

        Inputs can be piped in: one that fails (a snapshot that cannot be
        read, a change that cannot be planned for it, a fix file that cannot
        be written, a live change rolled back) gets one non-terminating error
        and no result, and the command goes on with the next. What is wrong
        for every input stops it (about_ConnReset, "Error ids").

    .PARAMETER InstanceName
        The instance: MSSQLSERVER for the default instance, else its name
        (SQL2019). Accepts the InstanceName property from the pipeline, so
        the objects of Get-SqlServerInstance can be piped in.

    .PARAMETER Thumbprint
        The SHA-1 thumbprint of the certificate to use (40 hexadecimal
        digits, any case).

    .PARAMETER Clear
        Empty the configured certificate instead.

    .PARAMETER Path
        Snapshot mode: the .reg files of one machine, merged in order, to plan
        the change against. Needs -OutFile. Accepts FullName and PSPath from
        the pipeline.

    .PARAMETER OutFile
        Write the change as a fix .reg file to this path instead of applying
        it. Required with -Path.

    .PARAMETER BackupPath
        Where to write the undo .reg. Live mode: by default
        $env:ProgramData\ConnReset\Backups\sqlcert-<time>.reg. Snapshot mode:
        written only when given.

    .PARAMETER RestartService
        Live mode: after the change, restart the instance's service. Without
        it the service is only named.

    .PARAMETER Force
        Do not ask for confirmation (unless -Confirm is given too).

    .PARAMETER PassThru
        Also return the instance after the change, as Get-SqlServerInstance
        would show it (read back from the live registry, or from the snapshot
        merged with the fix).

    .EXAMPLE
        Set-SqlServerCertificate -InstanceName MSSQLSERVER -Thumbprint A29410FFCCC345E0BC2773F04763CAE9E39380D8 -RestartService

        Configures the default instance with another certificate after asking
        for confirmation, then restarts it.

    .EXAMPLE
        Set-SqlServerCertificate -Path .\sql01.reg -InstanceName SQL2019 -Clear -OutFile .\sql01-cert.reg

        Writes the fix that lets SQL01's SQL2019 instance pick its own
        certificate; apply it there with reg import and restart the service.

    .EXAMPLE
        Get-SqlServerInstance | Where-Object -Property CertificateValid -EQ $false | Set-SqlServerCertificate -Clear -WhatIf

        Shows which malformed certificate settings would be cleared, and
        changes nothing.

    .INPUTS
        System.String
        ConnReset.SqlServerInstance

    .OUTPUTS
        ConnReset.ChangeResult
        ConnReset.SqlServerInstance
#>
function Set-SqlServerCertificate
{
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High', DefaultParameterSetName = 'Thumbprint')]
    [OutputType('ConnReset.ChangeResult', 'ConnReset.SqlServerInstance')]
    param
    (
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $InstanceName,

        [Parameter(Mandatory = $true, Position = 1, ParameterSetName = 'Thumbprint')]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Thumbprint,

        [Parameter(Mandatory = $true, ParameterSetName = 'Clear')]
        [System.Management.Automation.SwitchParameter]
        $Clear,

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
        $RestartService,

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

        $action = 'Set'
        if ($PSCmdlet.ParameterSetName -eq 'Clear')
        {
            $action = 'Clear'
        }

        # Fix files written by this call, so that two instances or machines
        # in one pipeline do not silently share one -OutFile.
        $writtenOutFiles = @{}
    }

    process
    {
        $target = Open-ConnResetChangeTarget -Cmdlet $PSCmdlet -Path $Path -OutFile $OutFile -BackupPath $BackupPath -WrittenOutFiles $writtenOutFiles -RestartService:$RestartService
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
            $computerName = $source.ComputerName
            $service = Get-ConnResetSqlServiceName -InstanceName $InstanceName
            $services = @($service)
            try
            {
                if ($PSCmdlet.ParameterSetName -eq 'Clear')
                {
                    $change = [ConnReset.Interop.Change]::PlanSqlCertificateClear($source.Snapshot, $InstanceName)
                }
                else
                {
                    $change = [ConnReset.Interop.Change]::PlanSqlCertificate($source.Snapshot, $InstanceName, $Thumbprint)
                }

                $planText = $change.Describe($source.Snapshot).TrimEnd()
                $plan = ConvertFrom-Json -InputObject $change.ToJson($source.Snapshot)
            }
            catch
            {
                $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.PlanFailed' -MessageFormat $script:localizedData.PlanFailed -Category 'InvalidOperation' -TargetObject $InstanceName -TargetName $computerName
                $PSCmdlet.WriteError($errorRecord)
                return
            }

            $serviceList = "'{0}'" -f $service

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
                BackupName              = 'sqlcert'
                Caption                 = $script:localizedData.SqlCertCaption
                Warning                 = ($script:localizedData.SqlCertWarning -f $InstanceName, $computerName, $serviceList)
                WrittenNote             = ($script:localizedData.SqlServiceRestart -f $serviceList)
                AppliedNote             = ($script:localizedData.SqlServiceRestart -f $serviceList)
                Outcome                 = $outcome
            }
            Invoke-ConnResetChange @changeParameters

            if ($outcome['Result'] -eq 'Written' -and $PassThru.IsPresent -and $null -ne $source.Path)
            {
                $after = @()
                try
                {
                    $after = @(Read-ConnResetSqlServerInstance -LiteralPath (@($source.Path) + $outFilePath) -InstanceName $InstanceName)
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
                if ($RestartService.IsPresent)
                {
                    Restart-ConnResetService -Cmdlet $PSCmdlet -CallerWhatIfPreference $WhatIfPreference -CallerConfirmPreference $ConfirmPreference -ServiceName $services -ComputerName $computerName
                }
                else
                {
                    Write-Warning -Message ($script:localizedData.SqlServiceRestart -f $serviceList)
                }

                if ($PassThru.IsPresent)
                {
                    $after = @()
                    try
                    {
                        $after = @(Read-ConnResetSqlServerInstance -InstanceName $InstanceName)
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
