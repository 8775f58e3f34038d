<#
    .SYNOPSIS
        Reads the Schannel protocol state of already resolved files or the live registry.

    .DESCRIPTION
        Opens the snapshot (Open-ConnResetSource -LiteralPath), runs the
        Schannel checks and returns the 'ConnReset.SchannelProtocol' objects,
        optionally only those of one protocol and of some roles. Used to read
        the state back after a change (-PassThru). Errors propagate.

    .PARAMETER LiteralPath
        Resolved .reg files, merged in order; none for the live registry.

    .PARAMETER Protocol
        Only this protocol ('TLS1.2', ...).

    .PARAMETER Role
        Only these roles ('Client', 'Server').

    .OUTPUTS
        ConnReset.SchannelProtocol
#>
function Read-ConnResetSchannelProtocol
{
    [CmdletBinding()]
    [OutputType('ConnReset.SchannelProtocol')]
    param
    (
        [Parameter()]
        [System.String[]]
        $LiteralPath,

        [Parameter()]
        [System.String]
        $Protocol,

        [Parameter()]
        [System.String[]]
        $Role
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
        foreach ($item in (ConvertTo-ConnResetSchannelProtocol -Report $report -ComputerName $source.ComputerName))
        {
            if ($PSBoundParameters.ContainsKey('Protocol') -and $item.Protocol -ne $Protocol)
            {
                continue
            }

            if ($PSBoundParameters.ContainsKey('Role') -and $Role -notcontains $item.Role)
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
