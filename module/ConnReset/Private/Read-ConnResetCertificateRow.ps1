<#
    .SYNOPSIS
        Reads the certificate rows of already resolved files or the live store.

    .DESCRIPTION
        Opens the snapshot (Open-ConnResetSource -LiteralPath), reads the
        store's certificates (Snapshot.CertsJson) and returns the
        'ConnReset.CertificateRow' objects, optionally only the one with a
        thumbprint. Used to read the state back after a change (-PassThru)
        and to name the services that use a certificate. Errors propagate.

    .PARAMETER LiteralPath
        Resolved .reg files, merged in order; none for the live registry.

    .PARAMETER StoreName
        The LocalMachine store; 'My' by default.

    .PARAMETER Thumbprint
        Only this certificate (any case).

    .OUTPUTS
        ConnReset.CertificateRow
#>
function Read-ConnResetCertificateRow
{
    [CmdletBinding()]
    [OutputType('ConnReset.CertificateRow')]
    param
    (
        [Parameter()]
        [System.String[]]
        $LiteralPath,

        [Parameter()]
        [System.String]
        $StoreName = 'My',

        [Parameter()]
        [System.String]
        $Thumbprint
    )

    $source = Open-ConnResetSource -LiteralPath $LiteralPath
    if ($null -ne $source.ErrorRecord)
    {
        # Read back after a change: the caller's catch reports it.
        throw $source.ErrorRecord.Exception
    }

    try
    {
        $certs = ConvertFrom-Json -InputObject $source.Snapshot.CertsJson($StoreName)
        foreach ($row in (ConvertTo-ConnResetCertificateRow -Certs $certs -ComputerName $source.ComputerName -Source $source.Source))
        {
            if ($PSBoundParameters.ContainsKey('Thumbprint') -and $row.Thumbprint -ne $Thumbprint)
            {
                continue
            }

            $row
        }
    }
    finally
    {
        $source.Snapshot.Dispose()
    }
}
