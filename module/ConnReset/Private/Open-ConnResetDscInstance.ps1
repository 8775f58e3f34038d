<#
    .SYNOPSIS
        Reads a DSC class resource instance against its machine: the seam's
        snapshots, or the live registry.

    .DESCRIPTION
        Opens the source (Use-ConnResetDscSource's snapshots and the fixes
        written so far, else the live registry; refused when the environment
        variable CONNRESET_DSC_DENY_LIVE is 1) and evaluates the instance with
        the native DSC engine ([ConnReset.Interop.DscInstance], the engine of
        `connreset dsc`). Errors are terminating, thrown through -Cmdlet:
        'ConnReset.LiveRegistryUnavailable', 'ConnReset.DscLiveDenied',
        'ConnReset.SnapshotUnreadable', 'ConnReset.InvalidArgument' or
        'ConnReset.DscInvalidInput'. The caller disposes Instance and
        Source.Snapshot.

    .PARAMETER Cmdlet
        The calling function's $PSCmdlet.

    .PARAMETER Resource
        The class resource instance ($this).

    .PARAMETER TypeName
        Its DSC v3 type, 'ConnReset/SynProtection' and so on.

    .OUTPUTS
        System.Management.Automation.PSCustomObject with Source, Instance,
        Input and Seam.
#>
function Open-ConnResetDscInstance
{
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSCustomObject])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $Cmdlet,

        [Parameter(Mandatory = $true)]
        [System.Object]
        $Resource,

        [Parameter(Mandatory = $true)]
        [System.String]
        $TypeName
    )

    $seam = $script:ConnResetDscSource
    $inputJson = ConvertTo-ConnResetDscInput -Resource $Resource
    if ($null -eq $seam -and $env:CONNRESET_DSC_DENY_LIVE -eq '1')
    {
        $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.DscLiveDenied' -Message ($script:localizedData.DscLiveDenied -f $TypeName) -Category 'SecurityError' -TargetObject $TypeName
        $Cmdlet.ThrowTerminatingError($errorRecord)
    }

    $files = $null
    if ($null -ne $seam)
    {
        $files = [System.String[]] (@($seam.Path) + @($seam.Written))
    }

    # It returns the one error to raise rather than throwing (see Open-ConnResetSource).
    $source = Open-ConnResetSource -LiteralPath $files
    if ($null -ne $source.ErrorRecord)
    {
        $Cmdlet.ThrowTerminatingError($source.ErrorRecord)
    }

    Write-Verbose -Message ($script:localizedData.DscReading -f $TypeName, $source.Source, $inputJson)
    try
    {
        $instance = [ConnReset.Interop.DscInstance]::Open($source.Snapshot, $TypeName, $inputJson)
    }
    catch
    {
        $source.Snapshot.Dispose()
        $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.DscInvalidInput' -MessageFormat $script:localizedData.DscInputInvalid -Category 'InvalidData' -TargetObject $inputJson -TargetName $TypeName
        $Cmdlet.ThrowTerminatingError($errorRecord)
    }

    [PSCustomObject] @{
        Source   = $source
        Instance = $instance
        Input    = $inputJson
        Seam     = $seam
    }
}
