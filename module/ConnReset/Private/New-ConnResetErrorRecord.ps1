<#
    .SYNOPSIS
        Builds an ErrorRecord with a stable ConnReset error id.

    .DESCRIPTION
        For errors the module detects itself (no native call involved). The
        message is the localized text, which already carries its (CRnnnn) id.

    .PARAMETER ErrorId
        The stable id, for example 'ConnReset.LiveRegistryUnavailable'.

    .PARAMETER Message
        The localized message.

    .PARAMETER Category
        The error category.

    .PARAMETER TargetObject
        The object the error is about (a path, a machine name).

    .PARAMETER Exception
        The exception to carry; by default an InvalidOperationException with
        the message.

    .OUTPUTS
        System.Management.Automation.ErrorRecord
#>
function New-ConnResetErrorRecord
{
    # Builds an object in memory; changes nothing, so no ShouldProcess.
    [System.Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '')]
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $ErrorId,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Message,

        [Parameter()]
        [System.Management.Automation.ErrorCategory]
        $Category = [System.Management.Automation.ErrorCategory]::InvalidOperation,

        [Parameter()]
        [System.Object]
        $TargetObject,

        [Parameter()]
        [System.Exception]
        $Exception
    )

    if ($null -eq $Exception)
    {
        $Exception = New-Object -TypeName 'System.InvalidOperationException' -ArgumentList $Message
    }

    $record = New-Object -TypeName 'System.Management.Automation.ErrorRecord' -ArgumentList @($Exception, $ErrorId, $Category, $TargetObject)
    $record.ErrorDetails = New-Object -TypeName 'System.Management.Automation.ErrorDetails' -ArgumentList $Message
    return $record
}
