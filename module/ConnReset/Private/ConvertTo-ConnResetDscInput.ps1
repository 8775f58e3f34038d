<#
    .SYNOPSIS
        The JSON input of a DSC class resource instance, for the native
        DSC engine.

    .DESCRIPTION
        Every configurable property ([DscProperty()] without NotConfigurable)
        that is not $null, by its declared name, as one JSON object: what
        `connreset dsc` reads from stdin, so both forms are held to the same
        schema (the manifest's). Read-only properties are left out.

    .PARAMETER Resource
        The class resource instance ($this).

    .OUTPUTS
        System.String
#>
function ConvertTo-ConnResetDscInput
{
    [CmdletBinding()]
    [OutputType([System.String])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Resource
    )

    $values = [ordered] @{}
    foreach ($property in $Resource.GetType().GetProperties())
    {
        $attributes = @($property.GetCustomAttributes([System.Management.Automation.DscPropertyAttribute], $true))
        if ($attributes.Count -eq 0 -or $attributes[0].NotConfigurable)
        {
            continue
        }

        $value = $property.GetValue($Resource, $null)
        if ($null -ne $value)
        {
            $values[$property.Name] = $value
        }
    }

    return (ConvertTo-Json -InputObject $values -Compress -Depth 4)
}
