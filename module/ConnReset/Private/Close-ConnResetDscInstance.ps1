<#
    .SYNOPSIS
        Frees what Open-ConnResetDscInstance opened.

    .DESCRIPTION
        Disposes the native DSC instance and the snapshot it was read against
        (in that order: the instance points into the snapshot).

    .PARAMETER Opened
        The object Open-ConnResetDscInstance returned.

    .OUTPUTS
        None.
#>
function Close-ConnResetDscInstance
{
    [CmdletBinding()]
    [OutputType([System.Void])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Opened
    )

    $Opened.Instance.Dispose()
    $Opened.Source.Snapshot.Dispose()
}
