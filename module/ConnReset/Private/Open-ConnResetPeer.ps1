<#
    .SYNOPSIS
        Opens one side of a client/server pair: .reg files or this computer.

    .DESCRIPTION
        As Open-ConnResetSource, except that the single word 'live' (see
        Test-ConnResetLivePeer) stands for the live registry of this computer.
        The caller disposes the Snapshot.

    .PARAMETER Path
        The -Client or -Server argument.

    .OUTPUTS
        System.Management.Automation.PSCustomObject with Snapshot, ComputerName,
        Source and Path.
#>
function Open-ConnResetPeer
{
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSCustomObject])]
    param
    (
        [Parameter()]
        [AllowNull()]
        [AllowEmptyCollection()]
        [System.String[]]
        $Path
    )

    if (Test-ConnResetLivePeer -Path $Path)
    {
        return (Open-ConnResetSource)
    }

    return (Open-ConnResetSource -Path $Path)
}
