<#
    .SYNOPSIS
        Turns the "sql" section of a connreset.report/1 report into instance objects.

    .DESCRIPTION
        One 'ConnReset.SqlServerInstance' per element of checks.sql.instances:
        InstanceName, InstanceId, ServiceName, Version (the build that runs,
        from the patch level when there is one), Product, Edition, Is32Bit,
        Certificate (the configured thumbprint; the raw value when it is not
        a thumbprint, CertificateValid then $false), ForceEncryption,
        ForceStrict ($null when not set), ErrorLogPath and SupportsTls12
        ($true, $false, or $null when unknown, with Tls12Reason and Tls12Fix).

    .PARAMETER Report
        The report (from ConvertFrom-Json of Snapshot.CheckSqlJson()).

    .PARAMETER ComputerName
        The machine's name.

    .PARAMETER Source
        'Live' or the snapshot files.

    .OUTPUTS
        ConnReset.SqlServerInstance
#>
function ConvertTo-ConnResetSqlServerInstance
{
    [CmdletBinding()]
    [OutputType('ConnReset.SqlServerInstance')]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Report,

        [Parameter()]
        [System.String]
        $ComputerName,

        [Parameter()]
        [System.String]
        $Source
    )

    $sql = $Report.checks.sql
    if ($null -eq $sql)
    {
        return
    }

    foreach ($instance in @($sql.instances))
    {
        if ($null -eq $instance)
        {
            continue
        }

        $certificate = $null
        $certificateValid = $true
        if ($null -ne $instance.certificate)
        {
            $certificateValid = [System.Boolean] $instance.certificate.valid
            if ($null -ne $instance.certificate.thumbprint)
            {
                $certificate = $instance.certificate.thumbprint
            }
            elseif (-not [System.String]::IsNullOrEmpty($instance.certificate.raw))
            {
                $certificate = $instance.certificate.raw
            }
        }

        $forceEncryption = $null
        if ($null -ne $instance.forceEncryption)
        {
            $forceEncryption = ([System.Int64] $instance.forceEncryption) -ne 0
        }

        $forceStrict = $null
        if ($null -ne $instance.forceStrict)
        {
            $forceStrict = ([System.Int64] $instance.forceStrict) -ne 0
        }

        $supportsTls12 = $null
        $tls12Reason = $null
        $tls12Fix = $null
        if ($null -ne $instance.tls12)
        {
            if ($instance.tls12.supported -eq 'yes')
            {
                $supportsTls12 = $true
            }
            elseif ($instance.tls12.supported -eq 'no')
            {
                $supportsTls12 = $false
            }

            $tls12Reason = $instance.tls12.reason
            $tls12Fix = $instance.tls12.fix
        }

        $version = $instance.build
        if ([System.String]::IsNullOrEmpty($version))
        {
            $version = $instance.version
        }

        [PSCustomObject] @{
            PSTypeName       = 'ConnReset.SqlServerInstance'
            ComputerName     = $ComputerName
            InstanceName     = $instance.name
            InstanceId       = $instance.id
            ServiceName      = (Get-ConnResetSqlServiceName -InstanceName $instance.name)
            Version          = $version
            Product          = $instance.product
            Edition          = $instance.edition
            Is32Bit          = ($instance.bits -eq 32)
            Certificate      = $certificate
            CertificateValid = $certificateValid
            ForceEncryption  = $forceEncryption
            ForceStrict      = $forceStrict
            ErrorLogPath     = $instance.errorlog
            SupportsTls12    = $supportsTls12
            Tls12Reason      = $tls12Reason
            Tls12Fix         = $tls12Fix
            Source           = $Source
        }
    }
}
