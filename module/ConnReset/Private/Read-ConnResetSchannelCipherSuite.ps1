<#
    .SYNOPSIS
        Reads the cipher-suite list of already resolved files or the live registry.

    .DESCRIPTION
        Opens the snapshot (Open-ConnResetSource -LiteralPath), runs the
        Schannel checks and returns the 'ConnReset.SchannelCipherSuite'
        objects in order. Used to read the list back after a change
        (-PassThru). Errors propagate.

    .PARAMETER LiteralPath
        Resolved .reg files, merged in order; none for the live registry.

    .OUTPUTS
        ConnReset.SchannelCipherSuite
#>
function Read-ConnResetSchannelCipherSuite
{
    [CmdletBinding()]
    [OutputType('ConnReset.SchannelCipherSuite')]
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
        $report = ConvertFrom-Json -InputObject $source.Snapshot.CheckTlsJson()
        ConvertTo-ConnResetSchannelCipherSuite -Report $report -ComputerName $source.ComputerName
    }
    finally
    {
        $source.Snapshot.Dispose()
    }
}
