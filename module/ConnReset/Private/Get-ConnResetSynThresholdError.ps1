<#
    .SYNOPSIS
        The error for SYN thresholds no machine can hold, or $null.

    .DESCRIPTION
        TcpMaxHalfOpenRetried must be less than TcpMaxHalfOpen ([WS03-TMHR]
        in the native knowledge table). When both are given and it is not,
        no machine can be in that state and no change can make one so:
        Test-SynProtection and Set-SynProtection stop with this
        'ConnReset.InvalidArgument' before reading any input, as the DSC
        resource does. Whether a value fits the range of one machine's
        Windows version, or the threshold that machine keeps, is left to the
        native planner, per input.

    .PARAMETER MaxHalfOpen
        The TcpMaxHalfOpen asked for, or -1 when not given.

    .PARAMETER MaxHalfOpenRetried
        The TcpMaxHalfOpenRetried asked for, or -1 when not given.

    .OUTPUTS
        System.Management.Automation.ErrorRecord, or nothing.
#>
function Get-ConnResetSynThresholdError
{
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Int64]
        $MaxHalfOpen,

        [Parameter(Mandatory = $true)]
        [System.Int64]
        $MaxHalfOpenRetried
    )

    if ($MaxHalfOpen -lt 0 -or $MaxHalfOpenRetried -lt $MaxHalfOpen)
    {
        return $null
    }

    $message = $script:localizedData.SynThresholdsInvalid -f $MaxHalfOpenRetried, $MaxHalfOpen
    $exception = New-Object -TypeName 'System.ArgumentException' -ArgumentList $message
    return (New-ConnResetErrorRecord -ErrorId 'ConnReset.InvalidArgument' -Message $message -Category 'InvalidArgument' -TargetObject $MaxHalfOpenRetried -Exception $exception)
}
