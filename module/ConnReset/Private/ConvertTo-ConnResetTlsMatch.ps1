<#
    .SYNOPSIS
        Turns a connreset.match/1 JSON match into a TlsMatch object.

    .DESCRIPTION
        Builds the 'ConnReset.TlsMatch' object: the two machines, the server's
        certificate key type, the verdict (Outcome: Connects, Fails,
        Intermittent or Undetermined; CanConnect, $null when undetermined;
        Family, Protocol, Suite, Reason), what is missing when undetermined as
        'ConnReset.TlsMatchMissing' objects (Side, What, Detail, Supply), the
        fixes as 'ConnReset.TlsFix' objects, the protocol versions
        as 'ConnReset.TlsMatchProtocol' objects and the pair findings as
        'ConnReset.Finding' objects with Machine 'Pair'. Protocol names are the
        module's ('TLS1.2'); states and key types are PowerShell words
        ('DisabledByDefault', 'Rsa').

    .PARAMETER Match
        The match (from ConvertFrom-Json of Match.ToJson()).

    .PARAMETER Client
        The client side, as Open-ConnResetPeer returned it.

    .PARAMETER Server
        The server side, as Open-ConnResetPeer returned it.

    .OUTPUTS
        ConnReset.TlsMatch
#>
function ConvertTo-ConnResetTlsMatch
{
    [CmdletBinding()]
    [OutputType('ConnReset.TlsMatch')]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Match,

        [Parameter(Mandatory = $true)]
        [System.Object]
        $Client,

        [Parameter(Mandatory = $true)]
        [System.Object]
        $Server
    )

    $verdict = $Match.verdict

    $fixes = @(
        foreach ($fix in $verdict.fixes)
        {
            [PSCustomObject] @{
                PSTypeName = 'ConnReset.TlsFix'
                Side       = (ConvertTo-ConnResetText -Text $fix.side)
                Summary    = $fix.summary
                Cmdlet     = $fix.cmdlet
                Cli        = $fix.cli
            }
        }
    )

    $protocols = @(
        foreach ($protocol in $Match.protocols)
        {
            $serverChoice = $null
            $choice = $protocol.PSObject.Properties['serverChoice']
            if ($null -ne $choice)
            {
                $serverChoice = $choice.Value
            }

            # Common is $null when it depends on a default nobody knows.
            $common = $null
            if ($null -ne $protocol.common)
            {
                $common = [System.Boolean] $protocol.common
            }

            [PSCustomObject] @{
                PSTypeName   = 'ConnReset.TlsMatchProtocol'
                Protocol     = (ConvertTo-ConnResetProtocolName -Name $protocol.protocol)
                Client       = (ConvertTo-ConnResetText -Text $protocol.client)
                Server       = (ConvertTo-ConnResetText -Text $protocol.server)
                Common       = $common
                ServerChoice = $serverChoice
            }
        }
    )

    $missing = @(
        foreach ($item in @($verdict.missing))
        {
            if ($null -eq $item)
            {
                continue
            }

            [PSCustomObject] @{
                PSTypeName = 'ConnReset.TlsMatchMissing'
                Side       = (ConvertTo-ConnResetText -Text $item.side)
                What       = (ConvertTo-ConnResetText -Text $item.what)
                Detail     = $item.detail
                Supply     = $item.supply
            }
        }
    )

    # CanConnect: the handshake can succeed (Connects, Intermittent), cannot
    # (Fails), or nobody can tell ($null, Undetermined).
    $canConnect = $null
    if ($null -ne $verdict.canConnect)
    {
        $canConnect = [System.Boolean] $verdict.canConnect
    }

    $pairName = '{0} -> {1}' -f $Client.ComputerName, $Server.ComputerName
    $pairSource = '{0} -> {1}' -f $Client.Source, $Server.Source
    $findings = @(
        foreach ($finding in $Match.findings)
        {
            ConvertTo-ConnResetFinding -Finding $finding -ComputerName $pairName -Source $pairSource -Machine 'Pair'
        }
    )

    return [PSCustomObject] @{
        PSTypeName      = 'ConnReset.TlsMatch'
        Client          = $Client.ComputerName
        ClientOS        = $Match.client.os
        ClientSource    = $Client.Source
        Server          = $Server.ComputerName
        ServerOS        = $Match.server.os
        ServerSource    = $Server.Source
        ServerKey       = (ConvertTo-ConnResetText -Text $Match.serverKey.type)
        ServerKeySource = $Match.serverKey.source
        Outcome         = (ConvertTo-ConnResetText -Text $verdict.outcome)
        CanConnect      = $canConnect
        Family          = $verdict.family
        Protocol        = (ConvertTo-ConnResetProtocolName -Name $verdict.protocol)
        Suite           = $verdict.suite
        Reason          = $verdict.reason
        Missing         = $missing
        Fixes           = $fixes
        Protocols       = $protocols
        Findings        = $findings
    }
}
