<#
    .SYNOPSIS
        Converts between the native protocol names and the module's.

    .DESCRIPTION
        The native library names a protocol by its registry key ('TLS 1.2',
        'SSL 3.0', 'DTLS 1.0'); the module's parameters and objects use the
        same name without the space ('TLS1.2', 'SSL3.0', 'DTLS1.0'). With
        -ToKeyName the conversion goes the other way, which is the spelling
        the native planners accept for every protocol. $null stays $null.

    .PARAMETER Name
        The name to convert.

    .PARAMETER ToKeyName
        Convert 'TLS1.2' to 'TLS 1.2' instead of 'TLS 1.2' to 'TLS1.2'.

    .OUTPUTS
        System.String
#>
function ConvertTo-ConnResetProtocolName
{
    [CmdletBinding()]
    [OutputType([System.String])]
    param
    (
        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $Name,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $ToKeyName
    )

    if ([System.String]::IsNullOrEmpty($Name))
    {
        return $Name
    }

    if ($ToKeyName.IsPresent)
    {
        return ($Name -replace '^(D?TLS|SSL)\s*(\d\.\d)$', '$1 $2')
    }

    return ($Name -replace '\s+', '')
}
