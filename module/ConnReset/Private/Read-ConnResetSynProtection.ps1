<#
    .SYNOPSIS
        Reads the SYN protection state of already resolved files or the live registry.

    .DESCRIPTION
        Opens the snapshot (Open-ConnResetSource -LiteralPath), runs the SYN
        check and returns the 'ConnReset.SynProtection' object. Used to read the
        state back after a change (-PassThru). Errors propagate.

    .PARAMETER LiteralPath
        Resolved .reg files, merged in order; none for the live registry.

    .OUTPUTS
        ConnReset.SynProtection
#>
function Read-ConnResetSynProtection
{
    [CmdletBinding()]
    [OutputType('ConnReset.SynProtection')]
    param
    (
        [Parameter()]
        [System.String[]]
        $LiteralPath
    )

    $source = Open-ConnResetSource -LiteralPath $LiteralPath
    if ($null -ne $source.ErrorRecord)
    {
        # Read back after a change: the caller's catch reports it.
        throw $source.ErrorRecord.Exception
    }

    try
    {
        $report = ConvertFrom-Json -InputObject $source.Snapshot.CheckSynJson()
        ConvertTo-ConnResetSynProtection -Report $report -ComputerName $source.ComputerName -Source $source.Source -Path $source.Path
    }
    finally
    {
        $source.Snapshot.Dispose()
    }
}
