<#
    .SYNOPSIS
        Turns the connreset.certs/1 JSON of one snapshot into certificate rows.

    .DESCRIPTION
        One 'ConnReset.CertificateRow' per element of "certificates", with
        its reasons as 'ConnReset.CertificateReason' objects (Rule, Severity,
        Text, Citation), the instances that use it (UsedBy) or may pick it
        themselves (CouldBePickedBy), and the Windows services of those
        instances (Services). Each skipped store entry (a Blob that could not
        be read) is reported with Write-Warning.

    .PARAMETER Certs
        The report (from ConvertFrom-Json of Snapshot.CertsJson()).

    .PARAMETER ComputerName
        The machine's name.

    .PARAMETER Source
        'Live' or the snapshot files.

    .OUTPUTS
        ConnReset.CertificateRow
#>
function ConvertTo-ConnResetCertificateRow
{
    [CmdletBinding()]
    [OutputType('ConnReset.CertificateRow')]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Certs,

        [Parameter()]
        [System.String]
        $ComputerName,

        [Parameter()]
        [System.String]
        $Source
    )

    foreach ($skipped in @($Certs.skipped))
    {
        if ($null -ne $skipped)
        {
            Write-Warning -Message ($script:localizedData.CertificateSkipped -f $ComputerName, $skipped)
        }
    }

    foreach ($certificate in @($Certs.certificates))
    {
        if ($null -eq $certificate)
        {
            continue
        }

        $reasons = @(
            foreach ($reason in @($certificate.reasons))
            {
                if ($null -eq $reason)
                {
                    continue
                }

                [PSCustomObject] @{
                    PSTypeName = 'ConnReset.CertificateReason'
                    Rule       = $reason.rule
                    Severity   = (ConvertTo-ConnResetText -Text $reason.severity)
                    Text       = $reason.text
                    Citation   = $reason.citation
                }
            }
        )

        $usedBy = @($certificate.usedBy | Where-Object -FilterScript { $null -ne $_ })
        $couldBePickedBy = @($certificate.mayBePickedBy | Where-Object -FilterScript { $null -ne $_ })
        $services = @(
            foreach ($instance in ($usedBy + $couldBePickedBy))
            {
                Get-ConnResetSqlServiceName -InstanceName $instance
            }
        )

        [PSCustomObject] @{
            PSTypeName           = 'ConnReset.CertificateRow'
            ComputerName         = $ComputerName
            Store                = $Certs.store
            Thumbprint           = $certificate.thumbprint
            FriendlyName         = $certificate.friendlyName
            Subject              = $certificate.subject
            Issuer               = $certificate.issuer
            SignatureAlgorithm   = $certificate.signatureAlgorithm
            SignatureHash        = $certificate.signatureHash
            KeyType              = $certificate.keyType
            KeyBits              = $certificate.keyBits
            SelfSigned           = [System.Boolean] $certificate.selfSigned
            ServerAuthentication = [System.Boolean] $certificate.serverAuthentication
            EnabledPurposes      = @($certificate.enabledPurposes | Where-Object -FilterScript { $null -ne $_ })
            NotBefore            = (ConvertTo-ConnResetDateTime -Value $certificate.notBefore)
            NotAfter             = (ConvertTo-ConnResetDateTime -Value $certificate.notAfter)
            HasPrivateKey        = [System.Boolean] $certificate.privateKey
            UsedBy               = $usedBy
            CouldBePickedBy      = $couldBePickedBy
            Services             = @($services | Select-Object -Unique)
            Weak                 = [System.Boolean] $certificate.weak
            Usable               = [System.Boolean] $certificate.usable
            Reasons              = $reasons
            Source               = $Source
        }
    }
}
