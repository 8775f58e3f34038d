<#
    .SYNOPSIS
        Takes Server Authentication out of a certificate's enabled purposes, so SQL Server stops using it.

    .DESCRIPTION
        Disable-CertificateServerAuthentication rewrites the store entry of
        LocalMachine\My\<Thumbprint> (the Blob value under
        HKLM\SOFTWARE\Microsoft\SystemCertificates\MY\Certificates) with its
        enabled purposes (the enhanced key usage property, what the
        certificate's Properties dialog in certlm.msc edits) minus Server
        Authentication (1.3.6.1.5.5.7.3.1). The purposes kept are the current
        list, else the certificate's Enhanced Key Usage extension, else the
        standard purposes. The certificate itself is not changed.

        It is the fix for a SQL Server that loads a certificate signed with
        MD5, SHA224 or SHA512 (findings CERTHASH001 and CERTHASH002; seed
        001): TLS 1.2 peers that do not offer that hash reset the handshake
        and the client reports error 10054. Without Server Authentication
        SQL Server no longer picks the certificate; an instance configured
        with it explicitly will not start its encryption with it, so
        configure another with Set-SqlServerCertificate.

        SQL Server reads the certificate at startup. After a live change the
        command names the SQL Server services that use or may pick the
        certificate (MSSQLSERVER or MSSQL$<instance>) and restarts them only
        with -RestartService (Restart-Service -Force, which also restarts
        dependent services such as SQL Server Agent; each restart asks for
        confirmation too unless -Force is given).

        Live mode (no -Path, no -OutFile; Windows, elevated): the current
        Blob is saved first to an undo .reg (-BackupPath, by default under
        $env:ProgramData\ConnReset\Backups), then written and read back; if
        any step fails the previous value is restored and the error
        'ConnReset.ChangeRolledBack' is written (if restoring failed too, the
        command stops with 'ConnReset.RollbackFailed').

        Snapshot mode (-Path with -OutFile): the change is planned against the
        snapshot and written as a fix .reg to -OutFile; nothing else is
        touched. With -BackupPath the matching undo .reg is written too.

        When Server Authentication is already disabled the result is NoChange
        and nothing is written. -WhatIf shows the plan and writes nothing.
        Changing the live registry asks for confirmation (ConfirmImpact High)
        unless -Force or -Confirm:$false is given; writing a fix file does
        not, unless -Confirm is given.

        Inputs can be piped in: one that fails (a snapshot that cannot be
        read, a change that cannot be planned for it, a fix file that cannot
        be written, a live change rolled back) gets one non-terminating error
        and no result, and the command goes on with the next. What is wrong
        for every input stops it (about_ConnReset, "Error ids").

    .PARAMETER Thumbprint
        The SHA-1 thumbprint of the certificate (40 hexadecimal digits, any
        case). Accepts the Thumbprint property from the pipeline, so the rows
        of Find-WeakCertHash can be piped in.

    .PARAMETER Path
        Snapshot mode: the .reg files of one machine, merged in order, to plan
        the change against. Needs -OutFile. Accepts FullName and PSPath from
        the pipeline.

    .PARAMETER OutFile
        Write the change as a fix .reg file to this path instead of applying
        it. Required with -Path.

    .PARAMETER BackupPath
        Where to write the undo .reg. Live mode: by default
        $env:ProgramData\ConnReset\Backups\certpurpose-<time>.reg. Snapshot
        mode: written only when given.

    .PARAMETER RestartService
        Live mode: after the change, restart the SQL Server services that use
        or may pick the certificate. Without it they are only named.

    .PARAMETER Force
        Do not ask for confirmation (unless -Confirm is given too).

    .PARAMETER PassThru
        Also return the certificate row after the change, as
        Find-WeakCertHash would show it (read back from the live store, or
        from the snapshot merged with the fix).

    .EXAMPLE
        Disable-CertificateServerAuthentication -Thumbprint 258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7 -RestartService

        Disables Server Authentication for the certificate on this computer
        after asking for confirmation, then restarts the SQL Server services
        that use it.

    .EXAMPLE
        Find-WeakCertHash | Where-Object -Property Weak | Disable-CertificateServerAuthentication -WhatIf

        Shows the change for every weak certificate, and changes nothing.

    .EXAMPLE
        Disable-CertificateServerAuthentication -Path .\sql01.reg -Thumbprint 258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7 -OutFile .\sql01-cert.reg -BackupPath .\sql01-cert-undo.reg

        Writes the fix and its undo for SQL01; apply the fix there with reg
        import and restart SQL Server.

    .INPUTS
        System.String
        ConnReset.CertificateRow

    .OUTPUTS
        ConnReset.ChangeResult
        ConnReset.CertificateRow
#>
function Disable-CertificateServerAuthentication
{
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('ConnReset.ChangeResult', 'ConnReset.CertificateRow')]
    param
    (
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Thumbprint,

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

        $action = 'Disable'

        # Fix files written by this call, so that two certificates or
        # machines in one pipeline do not silently share one -OutFile.
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
            $services = @()

            # The form the store and the rows use (the native library accepts
            # spaces and any case, as copied from the certificate dialog).
            $normalised = ($Thumbprint -replace '[^0-9A-Fa-f]', '').ToUpperInvariant()
            try
            {
                $change = [ConnReset.Interop.Change]::PlanCertServerAuthDisable($source.Snapshot, $Thumbprint)

                $planText = $change.Describe($source.Snapshot).TrimEnd()
                $plan = ConvertFrom-Json -InputObject $change.ToJson($source.Snapshot)

                # The services to restart: those of the instances that use or
                # may pick the certificate, as the store shows them now.
                $certs = ConvertFrom-Json -InputObject $source.Snapshot.CertsJson('My')
                foreach ($row in @(ConvertTo-ConnResetCertificateRow -Certs $certs -ComputerName $computerName -Source $source.Source -WarningAction 'SilentlyContinue'))
                {
                    if ($row.Thumbprint -eq $normalised)
                    {
                        $services = @($row.Services)
                    }
                }
            }
            catch
            {
                $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.PlanFailed' -MessageFormat $script:localizedData.PlanFailed -Category 'InvalidOperation' -TargetObject $Thumbprint -TargetName $computerName
                $PSCmdlet.WriteError($errorRecord)
                return
            }

            $restartHint = $script:localizedData.CertNoSqlService -f $normalised
            if ($services.Count -gt 0)
            {
                $serviceList = ($services | ForEach-Object -Process { "'{0}'" -f $_ }) -join ', '
                $restartHint = $script:localizedData.SqlServiceRestart -f $serviceList
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
                BackupName              = 'certpurpose'
                Caption                 = $script:localizedData.CertPurposeCaption
                Warning                 = ($script:localizedData.CertPurposeWarning -f $normalised, $computerName)
                WrittenNote             = $restartHint
                AppliedNote             = $restartHint
                Outcome                 = $outcome
            }
            Invoke-ConnResetChange @changeParameters

            if ($outcome['Result'] -eq 'Written' -and $PassThru.IsPresent -and $null -ne $source.Path)
            {
                $after = @()
                try
                {
                    $after = @(Read-ConnResetCertificateRow -LiteralPath (@($source.Path) + $outFilePath) -Thumbprint $normalised -WarningAction 'SilentlyContinue')
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
                elseif ($services.Count -gt 0)
                {
                    Write-Warning -Message $restartHint
                }

                if ($PassThru.IsPresent)
                {
                    $after = @()
                    try
                    {
                        $after = @(Read-ConnResetCertificateRow -Thumbprint $normalised -WarningAction 'SilentlyContinue')
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
