<#
    .SYNOPSIS
        Tells whether a -Client or -Server argument means this computer.

    .DESCRIPTION
        Returns $true when the argument is omitted (null or empty) or is the
        single word 'live' (any case), as the connreset CLI's --client live
        and --server live. Anything else names .reg files.

    .PARAMETER Path
        The -Client or -Server argument.

    .OUTPUTS
        System.Boolean
#>
function Test-ConnResetLivePeer
{
    [CmdletBinding()]
    [OutputType([System.Boolean])]
    param
    (
        [Parameter()]
        [AllowNull()]
        [AllowEmptyCollection()]
        [System.String[]]
        $Path
    )

    if ($null -eq $Path -or $Path.Count -eq 0)
    {
        return $true
    }

    return ($Path.Count -eq 1 -and $Path[0] -eq 'live')
}
