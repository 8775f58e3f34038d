<#
    .SYNOPSIS
        Turns the cipher-suite list of a connreset.report/1 JSON report into objects.

    .DESCRIPTION
        One 'ConnReset.SchannelCipherSuite' object per entry of the configured
        list, in order. Position counts the usable suites from 0, which is the
        position Set-SchannelCipherSuiteOrder -Add -Position takes; entries
        that cannot be used (unknown names, NULL suites, names past the
        1,023-character policy limit) have no position and Usable $false with
        the reason in Why. Protocols names the versions (TLS1.2, ...) for which
        this machine offers the suite as a client or accepts it as a server.
        Source tells where the list comes from: 'policy' (the Group Policy
        value), 'local' (the local list) or 'os-default'.

    .PARAMETER Report
        The report (from ConvertFrom-Json of Snapshot.CheckTlsJson()).

    .PARAMETER ComputerName
        The machine's name.

    .OUTPUTS
        ConnReset.SchannelCipherSuite
#>
function ConvertTo-ConnResetSchannelCipherSuite
{
    [CmdletBinding()]
    [OutputType('ConnReset.SchannelCipherSuite')]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Report,

        [Parameter()]
        [System.String]
        $ComputerName
    )

    $tls = $Report.checks.tls
    $suites = $tls.suites

    # "tls1.2|TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" for each suite a role
    # offers or accepts at a version (the lists use the IANA names).
    $inUse = @{}
    foreach ($lists in @($suites.clientOffers, $suites.serverAccepts))
    {
        if ($null -eq $lists)
        {
            continue
        }

        foreach ($list in $lists.PSObject.Properties)
        {
            foreach ($ianaName in @($list.Value))
            {
                $inUse[('{0}|{1}' -f $list.Name, $ianaName)] = $true
            }
        }
    }

    $position = 0
    foreach ($entry in $suites.configured)
    {
        $properties = $entry.PSObject.Properties

        $flags = [System.String[]] @()
        if ($null -ne $properties['flags'] -and $null -ne $properties['flags'].Value)
        {
            $flags = [System.String[]] @($properties['flags'].Value)
        }

        $curveSuffix = $null
        if ($null -ne $properties['curveSuffix'])
        {
            $curveSuffix = $properties['curveSuffix'].Value
        }

        $protocols = [System.String[]] @(
            foreach ($protocol in $tls.protocols)
            {
                if ($null -ne $entry.iana -and $inUse.ContainsKey(('{0}|{1}' -f $protocol.id, $entry.iana)))
                {
                    ConvertTo-ConnResetProtocolName -Name $protocol.protocol
                }
            }
        )

        $usable = [System.Boolean] $entry.usable
        $entryPosition = $null
        if ($usable)
        {
            $entryPosition = $position
            $position++
        }

        [PSCustomObject] @{
            PSTypeName   = 'ConnReset.SchannelCipherSuite'
            ComputerName = $ComputerName
            Position     = $entryPosition
            Name         = $entry.name
            IanaName     = $entry.iana
            Id           = $entry.id
            Usable       = $usable
            Why          = $entry.why
            Flags        = $flags
            Protocols    = $protocols
            CurveSuffix  = $curveSuffix
            Source       = $suites.source
        }
    }
}
