<#
    .SYNOPSIS
        Opens one side of a client/server pair: .reg files or this computer.

    .DESCRIPTION
        As Open-ConnResetSource, except that the single word 'live' (see
        Test-ConnResetLivePeer) stands for the live registry of this computer.
        -OS (the -ClientOS and -ServerOS of Test-TlsMatch and
        Invoke-ConnResetDiagnosis) goes to Open-ConnResetSource. Like
        Open-ConnResetSource it returns its errors rather than throwing them. The caller disposes the
        Snapshot.

    .PARAMETER Path
        The -Client or -Server argument.

    .PARAMETER OS
        The -ClientOS or -ServerOS argument, or nothing.

    .OUTPUTS
        System.Management.Automation.PSCustomObject with Snapshot, ComputerName,
        Source, Path, Live and ErrorRecord.
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
        $Path,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $OS
    )

    if (Test-ConnResetLivePeer -Path $Path)
    {
        $opened = Open-ConnResetSource -OS $OS
    }
    else
    {
        $opened = Open-ConnResetSource -Path $Path -OS $OS
    }

    return $opened
}
