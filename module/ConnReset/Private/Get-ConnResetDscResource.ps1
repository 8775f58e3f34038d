<#
    .SYNOPSIS
        The Get() of the DSC class resources: the actual state, copied into
        a new instance of the class.

    .DESCRIPTION
        Evaluates the instance (Open-ConnResetDscInstance) and copies the
        state the native engine reports into -Into: the keys, the configurable
        properties as the registry holds them ($null when the registry holds
        none of the values a State names), and the read-only ones (the
        effective state and why, RebootRequired, Reasons with Code
        'ConnReset:ConnReset:<id or property>' and Phrase). The same state
        `connreset dsc get` prints.

    .PARAMETER Resource
        The class resource instance ($this).

    .PARAMETER TypeName
        Its DSC v3 type, 'ConnReset/SynProtection' and so on.

    .PARAMETER Into
        A new instance of the same class, filled in and returned by Get().

    .OUTPUTS
        None. -Into is filled in.
#>
function Get-ConnResetDscResource
{
    [CmdletBinding()]
    [OutputType([System.Void])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Resource,

        [Parameter(Mandatory = $true)]
        [System.String]
        $TypeName,

        [Parameter(Mandatory = $true)]
        [System.Object]
        $Into
    )

    $opened = Open-ConnResetDscInstance -Cmdlet $PSCmdlet -Resource $Resource -TypeName $TypeName
    try
    {
        $state = ConvertFrom-Json -InputObject $opened.Instance.StateJson($false)
    }
    finally
    {
        Close-ConnResetDscInstance -Opened $opened
    }

    foreach ($property in $state.PSObject.Properties)
    {
        if ($null -eq $Into.PSObject.Properties[$property.Name])
        {
            continue
        }

        if ($property.Name -eq 'Reasons')
        {
            # Hashtables convert to the class's reason type on assignment.
            $Into.Reasons = @(
                foreach ($reason in @($property.Value))
                {
                    @{ Code = $reason.Code; Phrase = $reason.Phrase }
                }
            )
            continue
        }

        $Into.($property.Name) = $property.Value
    }
}
