<#
    .SYNOPSIS
        Reads the SQL Server instances of already resolved files or the live registry.

    .DESCRIPTION
        Opens the snapshot (Open-ConnResetSource -LiteralPath), runs the SQL
        Server check and returns the 'ConnReset.SqlServerInstance' objects,
        optionally only one instance. Used to read the state back after a
        change (-PassThru). Errors propagate.

    .PARAMETER LiteralPath
        Resolved .reg files, merged in order; none for the live registry.

    .PARAMETER InstanceName
        Only this instance.

    .OUTPUTS
        ConnReset.SqlServerInstance
#>
function Read-ConnResetSqlServerInstance
{
    [CmdletBinding()]
    [OutputType('ConnReset.SqlServerInstance')]
    param
    (
        [Parameter()]
        [System.String[]]
        $LiteralPath,

        [Parameter()]
        [System.String]
        $InstanceName
    )

    $source = Open-ConnResetSource -LiteralPath $LiteralPath
    if ($null -ne $source.ErrorRecord)
    {
        # Read back after a change: the caller's catch reports it.
        throw $source.ErrorRecord.Exception
    }

    try
    {
        $report = ConvertFrom-Json -InputObject $source.Snapshot.CheckSqlJson()
        foreach ($item in (ConvertTo-ConnResetSqlServerInstance -Report $report -ComputerName $source.ComputerName -Source $source.Source))
        {
            if ($PSBoundParameters.ContainsKey('InstanceName') -and $item.InstanceName -ne $InstanceName)
            {
                continue
            }

            $item
        }
    }
    finally
    {
        $source.Snapshot.Dispose()
    }
}
