<#
    .SYNOPSIS
        Turns an ISO 8601 UTC time from the native JSON into a UTC DateTime.

    .DESCRIPTION
        Windows PowerShell 5.1's ConvertFrom-Json leaves "2026-11-21T20:10:27Z"
        a string, PowerShell 7's turns it into a DateTime already; both become
        a DateTime of kind Utc. $null and "" stay $null.

    .PARAMETER Value
        The string (or DateTime) from ConvertFrom-Json.

    .OUTPUTS
        System.DateTime
#>
function ConvertTo-ConnResetDateTime
{
    [CmdletBinding()]
    [OutputType([System.DateTime])]
    param
    (
        [Parameter()]
        [AllowNull()]
        [System.Object]
        $Value
    )

    if ($null -eq $Value -or ($Value -is [System.String] -and $Value.Length -eq 0))
    {
        return $null
    }

    if ($Value -is [System.DateTime])
    {
        return $Value.ToUniversalTime()
    }

    $styles = [System.Globalization.DateTimeStyles]::AdjustToUniversal -bor [System.Globalization.DateTimeStyles]::AssumeUniversal
    return [System.DateTime]::Parse([System.String] $Value, [System.Globalization.CultureInfo]::InvariantCulture, $styles)
}
