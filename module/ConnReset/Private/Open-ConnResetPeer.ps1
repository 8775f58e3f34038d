<#
    .SYNOPSIS
        Opens one side of a client/server pair: .reg files or this computer.

    .DESCRIPTION
        As Open-ConnResetSource, except that the single word 'live' (see
        Test-ConnResetLivePeer) stands for the live registry of this computer.
        With -OS, names the side's Windows release where the snapshot does
        not say (Snapshot.TrySetOs; the -ClientOS and -ServerOS of
        Test-TlsMatch and Invoke-ConnResetDiagnosis): an unknown name, or
        one the snapshot contradicts, is the side's ErrorRecord (CR_EINVAL:
        'ConnReset.InvalidArgument'). Like Open-ConnResetSource it returns
        its errors rather than throwing them. The caller disposes the
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
        $opened = Open-ConnResetSource
    }
    else
    {
        $opened = Open-ConnResetSource -Path $Path
    }

    if ($null -eq $opened.ErrorRecord -and -not [System.String]::IsNullOrEmpty($OS))
    {
        # Fills what a hand-written snapshot lacks; a name the snapshot
        # contradicts is refused (CR_EINVAL).
        $failure = $opened.Snapshot.TrySetOs($OS)
        if ($null -ne $failure)
        {
            $opened.Snapshot.Dispose()
            $opened.Snapshot = $null
            $opened.ErrorRecord = ConvertTo-ConnResetErrorRecord -Exception $failure -ErrorId 'ConnReset.SnapshotUnreadable' -MessageFormat $script:localizedData.SnapshotUnreadable -Category 'ReadError' -TargetObject $Path -TargetName $opened.Source
        }
    }

    return $opened
}
