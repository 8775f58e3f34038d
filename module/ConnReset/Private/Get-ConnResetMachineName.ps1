<#
    .SYNOPSIS
        The name of the machine a snapshot came from.

    .DESCRIPTION
        Reads Hostname (or NV Hostname) under the Tcpip Parameters key of the
        snapshot, which collect and reg export include; falls back to the
        first file's name without its extension.

    .PARAMETER Snapshot
        The open snapshot.

    .PARAMETER Path
        The files it was read from.

    .OUTPUTS
        System.String
#>
function Get-ConnResetMachineName
{
    [CmdletBinding()]
    [OutputType([System.String])]
    param
    (
        [Parameter(Mandatory = $true)]
        [ConnReset.Interop.Snapshot]
        $Snapshot,

        [Parameter(Mandatory = $true)]
        [System.String[]]
        $Path
    )

    $tcpipKey = 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters'
    foreach ($valueName in @('Hostname', 'NV Hostname'))
    {
        $value = $Snapshot.GetValue($tcpipKey, $valueName)
        if ($value -is [System.String] -and $value.Length -gt 0)
        {
            return $value
        }
    }

    return [System.IO.Path]::GetFileNameWithoutExtension($Path[0])
}
