<#
    .SYNOPSIS
        Sets, edits or resets the Schannel cipher-suite order (the Group Policy value).

    .DESCRIPTION
        Set-SchannelCipherSuiteOrder writes the cipher-suite order as the Group
        Policy value Functions (a comma-separated REG_SZ under
        HKLM\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002),
        which Windows documents as the one that wins over the local list. When a
        client and a server enable a common protocol but share no cipher suite,
        the server resets the connection and the client reports error 10054
        "An existing connection was forcibly closed by the remote host";
        Test-TlsMatch names the suite to add on either side.

        -Name sets the whole order. -Add inserts one suite into the order in
        effect now (at -Position, 0 being first; by default after the last
        usable suite) and -Remove takes one out; suites in the current list
        that cannot be used (Get-SchannelCipherSuite shows them with Usable
        $false) are left out of the written list, except the NULL suites
        (TLS_RSA_WITH_NULL_SHA256 and TLS_RSA_WITH_NULL_SHA end Windows 10's
        default list): Windows enables them but uses them only when an
        application explicitly asks for them, so an edit keeps them where they
        are and only -Remove takes them out. -Reset deletes the policy value,
        so the local (or the OS default) order applies again. Names the OS does
        not support, an empty list and a list over 1,023 characters (Windows
        ignores the rest) are refused with ConnReset.InvalidArgument before
        anything is written.

        The order is read at startup: restart the computer afterwards. A domain
        GPO that sets this policy overwrites the value at its next refresh;
        change the GPO instead in that case.

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

        When nothing needs to change the result is NoChange and nothing is
        written. -WhatIf shows the plan and writes nothing. Changing the live
        registry asks for confirmation (ConfirmImpact High) unless -Force or
        -Confirm:$false is given; writing a fix file does not, unless -Confirm
        is given. The Windows TLS module's Enable-TlsCipherSuite and
        Disable-TlsCipherSuite change the local list instead, which this policy
        value overrides.

        Inputs can be piped in: one that fails (a snapshot that cannot be
        read, a change that cannot be planned for it, a fix file that cannot
        be written, a live change rolled back) gets one non-terminating error
        and no result, and the command goes on with the next. What is wrong
        for every input stops it (about_ConnReset, "Error ids").

    .PARAMETER Name
        The whole order, most preferred first. Each element may itself be a
        comma-separated list, as the policy value is.

    .PARAMETER Add
        One suite to add to the current order.

    .PARAMETER Position
        With -Add: where to insert the suite, counting the usable suites from 0
        (Get-SchannelCipherSuite shows each one's Position). By default, or past
        the end, the suite goes after the last usable suite (before the NULL
        suites that end Windows 10's default list).

    .PARAMETER Remove
        One suite to remove from the current order.

    .PARAMETER Reset
        Delete the policy value so the local (or OS default) order applies.

    .PARAMETER Path
        Snapshot mode: the .reg files of one machine, merged in order, to plan
        the change against. Needs -OutFile. Accepts FullName and PSPath from the
        pipeline.

    .PARAMETER OutFile
        Write the change as a fix .reg file to this path instead of applying it.
        Required with -Path.

    .PARAMETER BackupPath
        Where to write the undo .reg. Live mode: by default
        $env:ProgramData\ConnReset\Backups\suites-<time>.reg. Snapshot mode:
        written only when given.

    .PARAMETER Force
        Do not ask for confirmation (unless -Confirm is given too).

    .PARAMETER PassThru
        Also return the resulting list, as Get-SchannelCipherSuite would show it
        (read back from the live registry, or from the snapshot merged with the
        fix).

    .EXAMPLE
        Set-SchannelCipherSuiteOrder -Add TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384

        Adds the suite a Windows Server 2012 R2 with an RSA certificate accepts
        to this client's order, as Test-TlsMatch suggests for a SUITE failure.

    .EXAMPLE
        Set-SchannelCipherSuiteOrder -Add TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 -Position 0 -Path .\app01.reg -OutFile .\app01-suites.reg

        Writes the fix for the machine the snapshot came from, with the suite
        first; apply it there with reg import and restart.

    .EXAMPLE
        Set-SchannelCipherSuiteOrder -Name 'TLS_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' -WhatIf

        Shows the policy value that would be written, and changes nothing.

    .EXAMPLE
        Set-SchannelCipherSuiteOrder -Reset -Force

        Removes the policy value without asking, so the default order applies.

    .INPUTS
        System.String
        System.IO.FileInfo

    .OUTPUTS
        ConnReset.ChangeResult
        ConnReset.SchannelCipherSuite
#>
function Set-SchannelCipherSuiteOrder
{
    [System.Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSShouldProcess', '', Justification = 'Invoke-ConnResetChange calls ShouldProcess on the $PSCmdlet this command passes it.')]
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('ConnReset.ChangeResult', 'ConnReset.SchannelCipherSuite')]
    param
    (
        [Parameter(Mandatory = $true, ParameterSetName = 'Name')]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Name,

        [Parameter(Mandatory = $true, ParameterSetName = 'Add')]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Add,

        [Parameter(ParameterSetName = 'Add')]
        [ValidateRange(0, 2147483647)]
        [System.Int32]
        $Position,

        [Parameter(Mandatory = $true, ParameterSetName = 'Remove')]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Remove,

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

        $parameterSet = $PSCmdlet.ParameterSetName
        $action = $parameterSet
        $names = [System.String[]] @()
        if ($parameterSet -eq 'Name')
        {
            $action = 'Order'
            # 'A,B' and 'A', 'B' are the same list (the policy value's spelling).
            $names = [System.String[]] @(
                foreach ($item in $Name)
                {
                    foreach ($part in $item.Split(','))
                    {
                        $trimmed = $part.Trim()
                        if ($trimmed.Length -gt 0)
                        {
                            $trimmed
                        }
                    }
                }
            )
        }

        $positionValue = -1
        if ($PSBoundParameters.ContainsKey('Position'))
        {
            $positionValue = $Position
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
                if ($parameterSet -eq 'Name')
                {
                    $change = [ConnReset.Interop.Change]::PlanTlsSuites($source.Snapshot, $names)
                }
                elseif ($parameterSet -eq 'Add')
                {
                    $change = [ConnReset.Interop.Change]::PlanTlsSuitesAdd($source.Snapshot, $Add, $positionValue)
                }
                elseif ($parameterSet -eq 'Remove')
                {
                    $change = [ConnReset.Interop.Change]::PlanTlsSuitesRemove($source.Snapshot, $Remove)
                }
                else
                {
                    $change = [ConnReset.Interop.Change]::PlanTlsSuitesReset($source.Snapshot)
                }

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
                BackupName              = 'suites'
                Caption                 = $script:localizedData.TlsSuitesCaption
                Warning                 = ($script:localizedData.TlsSuitesWarning -f $computerName)
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
