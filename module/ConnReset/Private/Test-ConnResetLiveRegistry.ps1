<#
    .SYNOPSIS
        Tells whether this OS has a live Windows registry to read.

    .DESCRIPTION
        Returns $true on Windows (Windows PowerShell 5.1 and PowerShell 7) and
        $false elsewhere, where only .reg snapshots can be analysed.

    .OUTPUTS
        System.Boolean
#>
function Test-ConnResetLiveRegistry
{
    [CmdletBinding()]
    [OutputType([System.Boolean])]
    param ()

    return ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT)
}
