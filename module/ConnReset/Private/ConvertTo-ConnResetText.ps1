<#
    .SYNOPSIS
        Turns the native library's lower-case words into PowerShell-style names.

    .DESCRIPTION
        'enabled' becomes 'Enabled', 'not-applicable' becomes 'NotApplicable',
        'warning' becomes 'Warning'. $null stays $null.

    .PARAMETER Text
        The word from the native JSON.

    .OUTPUTS
        System.String
#>
function ConvertTo-ConnResetText
{
    [CmdletBinding()]
    [OutputType([System.String])]
    param
    (
        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $Text
    )

    if ([System.String]::IsNullOrEmpty($Text))
    {
        return $Text
    }

    $parts = foreach ($part in $Text.Split([System.Char[]] @('-', '_', ' '), [System.StringSplitOptions]::RemoveEmptyEntries))
    {
        $part.Substring(0, 1).ToUpperInvariant() + $part.Substring(1)
    }

    return (@($parts) -join '')
}
