<#
    .SYNOPSIS
        Restarts the SQL Server services a change names, each after the
        calling command's ShouldProcess.

    .DESCRIPTION
        The -RestartService step of Set-SqlServerCertificate,
        Disable-CertificateServerAuthentication and the DSC resources:
        Restart-Service -Force (which restarts the services that depend on
        it, such as SQL Server Agent) for each name, asking through the
        command's $PSCmdlet (-Cmdlet) with the command's preferences. A failed
        restart is 'ConnReset.ServiceRestartFailed': written as a
        non-terminating error, or thrown with -Terminating (DSC's Set must
        fail when the service did not restart).

    .PARAMETER Cmdlet
        The calling command's $PSCmdlet.

    .PARAMETER CallerWhatIfPreference
        The calling command's $WhatIfPreference.

    .PARAMETER CallerConfirmPreference
        The calling command's $ConfirmPreference.

    .PARAMETER ServiceName
        The services to restart (MSSQLSERVER, MSSQL$<instance>).

    .PARAMETER ComputerName
        The computer, for the messages.

    .PARAMETER Terminating
        Throw the error instead of writing it.

    .OUTPUTS
        None.
#>
function Restart-ConnResetService
{
    [System.Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSShouldProcess', '', Justification = 'ShouldProcess is called on the calling command, passed as -Cmdlet.')]
    [System.Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '')]
    [CmdletBinding()]
    [OutputType([System.Void])]
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
        [AllowEmptyCollection()]
        [System.String[]]
        $ServiceName,

        [Parameter()]
        [System.String]
        $ComputerName,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Terminating
    )

    # The command's ShouldProcess reads these from the current scope.
    $WhatIfPreference = $CallerWhatIfPreference
    $ConfirmPreference = $CallerConfirmPreference

    foreach ($service in $ServiceName)
    {
        $restartDescription = $script:localizedData.RestartServiceDescription -f $service, $ComputerName
        $restartWarning = $script:localizedData.RestartServiceWarning -f $service, $ComputerName
        if (-not $Cmdlet.ShouldProcess($restartDescription, $restartWarning, $script:localizedData.RestartServiceCaption))
        {
            continue
        }

        try
        {
            Restart-Service -Name $service -Force -ErrorAction 'Stop' -WhatIf:$false -Confirm:$false
            Write-Verbose -Message ($script:localizedData.ServiceRestarted -f $service)
        }
        catch
        {
            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.ServiceRestartFailed' -MessageFormat $script:localizedData.ServiceRestartFailed -Category 'OperationStopped' -TargetObject $service -TargetName $service
            if ($Terminating.IsPresent)
            {
                $Cmdlet.ThrowTerminatingError($errorRecord)
            }

            $Cmdlet.WriteError($errorRecord)
        }
    }
}
