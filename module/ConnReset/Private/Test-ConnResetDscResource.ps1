<#
    .SYNOPSIS
        The Test() of the DSC class resources.

    .DESCRIPTION
        True when the registry holds what the instance asks for: the change
        Set() would make is empty (so a Set() is always followed by a true
        Test(), and a default Windows fills in never makes it false). For
        ConnReset/Audit: no finding at or above MinimumSeverity. When false,
        the differing properties and the Reasons are written as verbose
        messages. The same verdict as `connreset dsc test`.

    .PARAMETER Resource
        The class resource instance ($this).

    .PARAMETER TypeName
        Its DSC v3 type, 'ConnReset/SynProtection' and so on.

    .OUTPUTS
        System.Boolean
#>
function Test-ConnResetDscResource
{
    [CmdletBinding()]
    [OutputType([System.Boolean])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Resource,

        [Parameter(Mandatory = $true)]
        [System.String]
        $TypeName
    )

    $opened = Open-ConnResetDscInstance -Cmdlet $PSCmdlet -Resource $Resource -TypeName $TypeName
    try
    {
        try
        {
            $inState = $opened.Instance.Test()
            $state = ConvertFrom-Json -InputObject $opened.Instance.StateJson($false)
        }
        catch
        {
            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.DscInvalidInput' -MessageFormat $script:localizedData.DscInputInvalid -Category 'InvalidData' -TargetObject $opened.Input -TargetName $TypeName
            $PSCmdlet.ThrowTerminatingError($errorRecord)
        }
    }
    finally
    {
        Close-ConnResetDscInstance -Opened $opened
    }

    if ($inState)
    {
        Write-Verbose -Message ($script:localizedData.DscInDesiredState -f $TypeName, $opened.Source.ComputerName)
    }
    else
    {
        $phrases = @($state.Reasons | ForEach-Object -Process { '{0}: {1}' -f $_.Code, $_.Phrase })
        Write-Verbose -Message ($script:localizedData.DscNotInDesiredState -f $TypeName, $opened.Source.ComputerName, ($phrases -join ' '))
    }

    return [System.Boolean] $inState
}
