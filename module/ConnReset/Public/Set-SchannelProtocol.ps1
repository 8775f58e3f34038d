<#
    .SYNOPSIS
        Enables, disables or resets an SSL, TLS or DTLS version in Schannel.

    .DESCRIPTION
        Set-SchannelProtocol changes the Schannel protocol keys
        (HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\<protocol>\Client
        and \Server). When a client and a server share no enabled protocol
        version, for example a client that only speaks TLS 1.2 and a Windows
        Server 2008 R2 on which TLS 1.2 is off by default, the server resets
        the connection and the client reports error 10054 "An existing
        connection was forcibly closed by the remote host".

        -State Enabled writes Enabled = 1 and DisabledByDefault = 0, -State
        Disabled writes Enabled = 0 and DisabledByDefault = 1 (always both
        values, because a lone Enabled leaves the state to a default that
        differs by OS), and -State Default deletes the keys so the OS default
        applies. Enabling a version the OS does not support is refused
        (ConnReset.InvalidArgument): it would only leave keys behind. Schannel
        reads these settings when a service acquires its credentials: restart
        the services that use TLS (SQL Server, IIS) or the computer afterwards.

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

    .PARAMETER Protocol
        The protocol version: SSL2.0, SSL3.0, TLS1.0, TLS1.1, TLS1.2, TLS1.3,
        DTLS1.0 or DTLS1.2.

    .PARAMETER Role
        Client (outgoing connections), Server (incoming connections) or Both.

    .PARAMETER State
        Enabled, Disabled, or Default (delete the keys so the OS default applies).

    .PARAMETER Path
        Snapshot mode: the .reg files of one machine, merged in order, to plan
        the change against. Needs -OutFile. Accepts FullName and PSPath from the
        pipeline.

    .PARAMETER OutFile
        Write the change as a fix .reg file to this path instead of applying it.
        Required with -Path.

    .PARAMETER BackupPath
        Where to write the undo .reg. Live mode: by default
        $env:ProgramData\ConnReset\Backups\tls-<time>.reg. Snapshot mode: written
        only when given.

    .PARAMETER Force
        Do not ask for confirmation (unless -Confirm is given too).

    .PARAMETER PassThru
        Also return the resulting state of the protocol for the role(s), as
        Get-SchannelProtocol would show it (read back from the live registry,
        or from the snapshot merged with the fix).

    .EXAMPLE
        Set-SchannelProtocol -Protocol TLS1.2 -Role Server -State Enabled

        Turns TLS 1.2 on for incoming connections on this computer (a Windows
        Server 2008 R2, say) after asking for confirmation, saving the previous
        values under $env:ProgramData\ConnReset\Backups first.

    .EXAMPLE
        Set-SchannelProtocol -Protocol TLS1.2 -Role Server -State Enabled -Path .\sql01.reg -OutFile .\sql01-tls12.reg

        Writes the fix for the machine the snapshot came from; apply it there
        with reg import, then restart SQL Server.

    .EXAMPLE
        Set-SchannelProtocol -Protocol TLS1.3 -Role Both -State Default -WhatIf

        Shows which keys would be deleted, and changes nothing.

    .EXAMPLE
        Set-SchannelProtocol -Protocol SSL3.0 -Role Both -State Disabled -Force -PassThru

        Turns SSL 3.0 off for both roles without asking, and shows the result.

    .INPUTS
        System.String
        System.IO.FileInfo

    .OUTPUTS
        ConnReset.ChangeResult
        ConnReset.SchannelProtocol
#>
function Set-SchannelProtocol
{
    [System.Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSShouldProcess', '', Justification = 'Invoke-ConnResetChange calls ShouldProcess on the $PSCmdlet this command passes it.')]
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('ConnReset.ChangeResult', 'ConnReset.SchannelProtocol')]
    param
    (
        [Parameter(Mandatory = $true)]
        [ValidateSet('SSL2.0', 'SSL3.0', 'TLS1.0', 'TLS1.1', 'TLS1.2', 'TLS1.3', 'DTLS1.0', 'DTLS1.2')]
        [System.String]
        $Protocol,

        [Parameter(Mandatory = $true)]
        [ValidateSet('Client', 'Server', 'Both')]
        [System.String]
        $Role,

        [Parameter(Mandatory = $true)]
        [ValidateSet('Enabled', 'Disabled', 'Default')]
        [System.String]
        $State,

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

        # The ValidateSet spellings ('TLS1.2') become the key names ('TLS 1.2'),
        # which the native planner takes for every protocol.
        $protocolKeyName = ConvertTo-ConnResetProtocolName -Name $Protocol -ToKeyName
        $nativeRole = $Role.ToLowerInvariant()
        $nativeState = $State.ToLowerInvariant()
        $roles = @($Role)
        if ($Role -eq 'Both')
        {
            $roles = @('Client', 'Server')
        }

        if ($State -eq 'Enabled')
        {
            $action = 'Enable'
        }
        elseif ($State -eq 'Disabled')
        {
            $action = 'Disable'
        }
        else
        {
            $action = 'Reset'
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
                $change = [ConnReset.Interop.Change]::PlanTlsProtocol($source.Snapshot, $protocolKeyName, $nativeRole, $nativeState)
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
                BackupName              = 'tls'
                Caption                 = $script:localizedData.TlsProtocolCaption
                Warning                 = ($script:localizedData.TlsProtocolWarning -f $computerName)
                AppliedNote             = $script:localizedData.TlsProtocolRestart
                Outcome                 = $outcome
            }
            Invoke-ConnResetChange @changeParameters

            if ($outcome['Result'] -eq 'Written' -and $PassThru.IsPresent -and $null -ne $source.Path)
            {
                $after = @()
                try
                {
                    $after = @(Read-ConnResetSchannelProtocol -LiteralPath (@($source.Path) + $outFilePath) -Protocol $Protocol -Role $roles)
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
                        $after = @(Read-ConnResetSchannelProtocol -Protocol $Protocol -Role $roles)
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
