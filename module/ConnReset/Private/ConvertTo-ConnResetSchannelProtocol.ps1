<#
    .SYNOPSIS
        Turns the Schannel protocols of a connreset.report/1 JSON report into objects.

    .DESCRIPTION
        One 'ConnReset.SchannelProtocol' object per protocol and role, in the
        report's order (SSL 2.0 to DTLS 1.2, Client before Server): the state
        in effect (Enabled, Disabled, DisabledByDefault, NotSupported,
        Unknown), the OS default (the state with nothing set, in the same
        words: the report gives it so), the registry data of Enabled and
        DisabledByDefault ($null when absent), the reason and the registry
        key.

    .PARAMETER Report
        The report (from ConvertFrom-Json of Snapshot.CheckTlsJson()).

    .PARAMETER ComputerName
        The machine's name.

    .OUTPUTS
        ConnReset.SchannelProtocol
#>
function ConvertTo-ConnResetSchannelProtocol
{
    [CmdletBinding()]
    [OutputType('ConnReset.SchannelProtocol')]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Report,

        [Parameter()]
        [System.String]
        $ComputerName
    )

    $protocolsKey = 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols'
    foreach ($protocol in $Report.checks.tls.protocols)
    {
        foreach ($role in @('Client', 'Server'))
        {
            $setting = $protocol.($role.ToLowerInvariant())
            [PSCustomObject] @{
                PSTypeName        = 'ConnReset.SchannelProtocol'
                ComputerName      = $ComputerName
                Protocol          = (ConvertTo-ConnResetProtocolName -Name $protocol.protocol)
                Role              = $role
                State             = (ConvertTo-ConnResetText -Text $setting.state)
                OsDefault         = (ConvertTo-ConnResetText -Text $setting.osDefault)
                Enabled           = $setting.enabled
                DisabledByDefault = $setting.disabledByDefault
                Reason            = $setting.reason
                Key               = ('{0}\{1}\{2}' -f $protocolsKey, $protocol.protocol, $role)
            }
        }
    }
}
