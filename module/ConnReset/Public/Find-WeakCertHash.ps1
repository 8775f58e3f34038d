<#
    .SYNOPSIS
        Lists the certificates of a LocalMachine store with their signature hash, purposes and the SQL Server instances that use them.

    .DESCRIPTION
        Find-WeakCertHash returns one row per certificate of
        LocalMachine\<StoreName> (My by default): thumbprint, subject,
        issuer, signature algorithm and hash, key type and size, whether it
        is self-signed, whether Server Authentication is among its enabled
        purposes, its validity dates, whether the store holds its private
        key, the SQL Server instances configured with it (UsedBy) or that may
        pick it themselves because they have none configured
        (CouldBePickedBy), and why it is a problem (Reasons: Rule, Severity,
        Text, Citation).

        Weak is $true for a certificate signed with MD5, SHA224 or SHA512:
        TLS 1.2 clients and servers that do not offer that hash in their
        signature algorithms reset the handshake, and the client reports
        error 10054 (family CERTHASH, seed 001). The fixes are
        Disable-CertificateServerAuthentication, so SQL Server stops using
        the certificate, and Set-SqlServerCertificate, to configure another.

        Without -Path it reads the live store through crypt32 and the live
        registry (Windows, no elevation needed). With -Path it reads .reg
        snapshots on any OS, where the store is the Blob values under
        HKLM\SOFTWARE\Microsoft\SystemCertificates\<StoreName>\Certificates.

    .PARAMETER Path
        The .reg files of one machine, merged in order. Wildcards are
        expanded. Accepts FullName and PSPath from the pipeline.

    .PARAMETER StoreName
        The LocalMachine store to read: My (the default; the one SQL Server
        uses), Root, CA, WebHosting, ...

    .PARAMETER ErrorLog
        SQL Server ERRORLOG files, as a hashtable of instance name to path
        (@{ MSSQLSERVER = '.\ERRORLOG' }; UTF-16LE as SQL Server writes it, or
        UTF-8). For an instance with no certificate configured, the
        certificate its last 26013 line names is the one it uses, and a last
        26018 line means a self-generated one. Live, each instance's -e
        ERRORLOG is read by itself; a log given here wins.

    .EXAMPLE
        Find-WeakCertHash | Where-Object -Property Weak

        Lists the certificates of this computer signed with a hash that
        breaks TLS 1.2 handshakes.

    .EXAMPLE
        Find-WeakCertHash -Path .\sql01.reg | Format-List -Property Thumbprint, Subject, SignatureAlgorithm, UsedBy, Reasons

        Shows each certificate of SQL01's store with the instances that use
        it and the reasons it is a problem.

    .EXAMPLE
        Find-WeakCertHash | Where-Object -Property Weak | Disable-CertificateServerAuthentication -WhatIf

        Shows which certificates would lose Server Authentication, without
        changing anything.

    .EXAMPLE
        Find-WeakCertHash -Path .\sql01.reg -ErrorLog @{ MSSQLSERVER = '.\sql01-ERRORLOG' } | Where-Object -Property UsedBy

        Uses SQL01's ERRORLOG to tell which certificate its default instance,
        which has none configured, really loaded.

    .INPUTS
        System.String
        System.IO.FileInfo

    .OUTPUTS
        ConnReset.CertificateRow
#>
function Find-WeakCertHash
{
    [CmdletBinding()]
    [OutputType('ConnReset.CertificateRow')]
    param
    (
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PSPath')]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Path,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $StoreName = 'My',

        [Parameter()]
        [ValidateNotNull()]
        [System.Collections.IDictionary]
        $ErrorLog
    )

    process
    {
        $source = Open-ConnResetSource -Path $Path -ErrorLog $ErrorLog
        if ($null -ne $source.ErrorRecord)
        {
            if ($source.Live)
            {
                $PSCmdlet.ThrowTerminatingError($source.ErrorRecord)
            }

            $PSCmdlet.WriteError($source.ErrorRecord)
            return
        }

        $results = @()
        try
        {
            $certs = ConvertFrom-Json -InputObject $source.Snapshot.CertsJson($StoreName)
            $results = @(ConvertTo-ConnResetCertificateRow -Certs $certs -ComputerName $source.ComputerName -Source $source.Source)
        }
        catch
        {
            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.CheckFailed' -MessageFormat $script:localizedData.CheckFailed -Category 'InvalidResult' -TargetObject $Path -TargetName $source.Source
            $PSCmdlet.WriteError($errorRecord)
            return
        }
        finally
        {
            $source.Snapshot.Dispose()
        }

        if ($results.Count -eq 0)
        {
            Write-Verbose -Message ($script:localizedData.NoCertificates -f $source.ComputerName, $StoreName)
        }

        $results
    }
}
