<#
    .SYNOPSIS
        Finds the ConnResetException inside an exception chain.

    .DESCRIPTION
        PowerShell wraps an exception thrown by a .NET method in a
        MethodInvocationException; this walks InnerException until it finds
        the ConnReset.Interop.ConnResetException, or returns $null.

    .PARAMETER Exception
        The exception caught ($_.Exception).

    .OUTPUTS
        ConnReset.Interop.ConnResetException
#>
function Get-ConnResetNativeException
{
    [CmdletBinding()]
    [OutputType([System.Exception])]
    param
    (
        [Parameter()]
        [System.Exception]
        $Exception
    )

    $current = $Exception
    while ($null -ne $current)
    {
        if ($current -is [ConnReset.Interop.ConnResetException])
        {
            return $current
        }

        $current = $current.InnerException
    }

    return $null
}
