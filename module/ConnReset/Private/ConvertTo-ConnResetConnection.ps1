<#
    .SYNOPSIS
        Turns one connection of a connreset.trace/1 document into an object.

    .DESCRIPTION
        Builds a 'ConnReset.ConnectionReset' object: where the connection is
        (File, Stream, Client, Server, FirstFrame, LastFrame, Start,
        Duration), what happened (Outcome, Verdict, Family, Severity, Title,
        Reason, Frames, History), the reset (ResetBy, ResetAfter,
        IdleBeforeReset, KeepAlives, Retransmissions), what the handshake
        showed (Transport, OfferedVersion, Negotiated, CipherSuite,
        CertificateHash, Alert, SqlVersion, Encryption), the server's
        Finding for the verdict, and, when the document carries a
        configuration match, ConfigurationOutcome, ConfigurationFamily and
        Agreement.

    .PARAMETER Connection
        One element of the document's "connections" array (ConvertFrom-Json).

    .PARAMETER Document
        The whole document (for the findings and the configuration).

    .OUTPUTS
        ConnReset.ConnectionReset
#>
function ConvertTo-ConnResetConnection
{
    [CmdletBinding()]
    [OutputType('ConnReset.ConnectionReset')]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Connection,

        [Parameter(Mandatory = $true)]
        [System.Object]
        $Document
    )

    $tcp = $Connection.tcp
    $tls = $Connection.tls

    # The frames that show what happened, in order.
    $frames = New-Object -TypeName 'System.Collections.Generic.SortedSet[System.Int64]'
    $candidates = @($tcp.synFrame, $tcp.synAckFrame, $tcp.rstFrame.client, $tcp.rstFrame.server)
    if ($null -eq $tcp.rstFrame.client -and $null -eq $tcp.rstFrame.server)
    {
        $candidates += @($tcp.finFrame.client, $tcp.finFrame.server)
    }

    if ($null -ne $tls.clientHello)
    {
        $candidates += $tls.clientHello.frame
    }

    if ($null -ne $tls.serverHello)
    {
        $candidates += $tls.serverHello.frame
    }

    if ($null -ne $tls.certificate)
    {
        $candidates += $tls.certificate.frame
    }

    $candidates += @($tls.finishedFrame.client) + @($tls.alerts | ForEach-Object -Process { $_.frame })
    foreach ($frame in $candidates)
    {
        if ($null -ne $frame)
        {
            $null = $frames.Add([System.Int64] $frame)
        }
    }

    $finding = $null
    if (-not [System.String]::IsNullOrEmpty($Connection.verdict))
    {
        $server = [System.Text.RegularExpressions.Regex]::Escape($Connection.server)
        $match = @($Document.findings | Where-Object -FilterScript { $_.id -eq $Connection.verdict -and $_.title -match "$server\b" })
        if ($match.Count -gt 0)
        {
            $finding = ConvertTo-ConnResetFinding -Finding $match[0] -Source $Connection.file -Path $Connection.file
        }
    }

    $resetAfter = $null
    $idle = $null
    $resetBy = $null
    if ($null -ne $tcp.resetBy)
    {
        $resetBy = ConvertTo-ConnResetText -Text $tcp.resetBy
        $resetAfter = [System.TimeSpan]::FromTicks([System.Int64] $tcp.resetAfterUs * 10)
        $idle = [System.TimeSpan]::FromTicks([System.Int64] $tcp.idleBeforeResetUs * 10)
    }

    $negotiated = $null
    $suite = $null
    if ($null -ne $tls.serverHello)
    {
        $negotiated = $tls.serverHello.negotiated
        $suite = $tls.serverHello.cipherSuiteName
    }

    $alert = $null
    $plain = @($tls.alerts | Where-Object -FilterScript { -not $_.encrypted })
    if ($plain.Count -gt 0)
    {
        $alert = '{0} ({1}) from the {2}' -f $plain[0].name, $plain[0].description, $plain[0].from
    }

    $sqlVersion = $null
    $encryption = $null
    if ($null -ne $Connection.prelogin.server)
    {
        $sqlVersion = $Connection.prelogin.server.version
        $encryption = $Connection.prelogin.server.encryptionName
    }

    $configurationOutcome = $null
    $configurationFamily = $null
    $agreement = $null
    if ($null -ne $Document.configuration)
    {
        $configurationOutcome = ConvertTo-ConnResetText -Text $Document.configuration.outcome
        $configurationFamily = $Document.configuration.family
        $agreement = ConvertTo-ConnResetText -Text $Document.configuration.agreement
    }

    $severity = $null
    $title = $null
    $reason = $null
    $family = $null
    if ($null -ne $finding)
    {
        $severity = $finding.Severity
        $title = $finding.Title
        $reason = $finding.Reason
        $family = $finding.Family
    }

    $offered = $null
    $certificateHash = $null
    if ($null -ne $tls.clientHello)
    {
        $offered = $tls.clientHello.maxVersion
    }

    if ($null -ne $tls.certificate)
    {
        $certificateHash = $tls.certificate.signatureHash
    }

    [PSCustomObject] @{
        PSTypeName           = 'ConnReset.ConnectionReset'
        File                 = $Connection.file
        Stream               = $Connection.stream
        Client               = $Connection.client
        Server               = $Connection.server
        FirstFrame           = $Connection.firstFrame
        LastFrame            = $Connection.lastFrame
        Frames               = [System.Int64[]] @($frames)
        Start                = [System.DateTime]::Parse($Connection.start, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal -bor [System.Globalization.DateTimeStyles]::AssumeUniversal)
        Duration             = [System.TimeSpan]::FromTicks([System.Int64] $Connection.durationUs * 10)
        Transport            = $Connection.transport.ToUpperInvariant()
        Outcome              = ConvertTo-ConnResetText -Text $Connection.outcome
        Verdict              = $Connection.verdict
        Family               = $family
        Severity             = $severity
        Title                = $title
        Reason               = $reason
        History              = $Connection.history
        ResetBy              = $resetBy
        ResetAfter           = $resetAfter
        IdleBeforeReset      = $idle
        KeepAlives           = [System.Int64] $tcp.keepAlives.client + [System.Int64] $tcp.keepAlives.server
        Retransmissions      = [System.Int64] $tcp.retransmissions.client + [System.Int64] $tcp.retransmissions.server
        OfferedVersion       = $offered
        Negotiated           = $negotiated
        CipherSuite          = $suite
        CertificateHash      = $certificateHash
        Alert                = $alert
        SqlVersion           = $sqlVersion
        Encryption           = $encryption
        Finding              = $finding
        ConfigurationOutcome = $configurationOutcome
        ConfigurationFamily  = $configurationFamily
        Agreement            = $agreement
    }
}
