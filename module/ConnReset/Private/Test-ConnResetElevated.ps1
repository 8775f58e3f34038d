<#
    .SYNOPSIS
        Tells whether the session runs elevated (as Administrator).

    .DESCRIPTION
        Returns $true when the current Windows identity is in the built-in
        Administrators role with its full token. Call it on Windows only.

    .OUTPUTS
        System.Boolean
#>
function Test-ConnResetElevated
{
    [CmdletBinding()]
    [OutputType([System.Boolean])]
    param ()

    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    try
    {
        $principal = New-Object -TypeName 'System.Security.Principal.WindowsPrincipal' -ArgumentList $identity
        return $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
    }
    finally
    {
        $identity.Dispose()
    }
}
