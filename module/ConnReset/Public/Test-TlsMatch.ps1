<#
    .SYNOPSIS
        Tests whether a client and a server can agree on TLS, and says what to change when not.

    .DESCRIPTION
        Test-TlsMatch applies Schannel's negotiation to the settings of two
        machines: the protocol versions each enables for its role (the client's
        Client keys, the server's Server keys, or the OS defaults), the cipher
        suites each offers or accepts for each version, and the key type of the
        server's certificate. It returns the verdict: CanConnect, the protocol
        and suite the server would choose, or the family of the failure (PROTO:
        no common protocol version; SUITE: a common version but no common
        suite; DHEZERO: a DHE suite chosen while only one side has the DHE
        leading-zero fix) with the Reason and the smallest Fixes on each side,
        each with the cmdlet line and the connreset CLI line that applies it.
        Either failure makes the server reset the connection, which the client
        reports as error 10054 "An existing connection was forcibly closed by
        the remote host".

        -Client and -Server take the .reg snapshots of each machine (the files
        given for one side are merged in order). The word 'live', or leaving a
        side out, means this computer's own registry, which needs Windows (else
        the error is ConnReset.LiveRegistryUnavailable). Both parameters take
        their value from the pipeline by property name, so a CSV file with
        Client and Server columns can be piped in to test many pairs.

        The server's certificate key type decides which suites it can choose.
        By default it is assumed to be RSA (ServerKeySource 'assumed'); give
        -ServerKey Ecdsa for a server with an ECDSA certificate.

        With -Quiet only $true or $false is returned, for scripts and DSC.

    .PARAMETER Client
        The .reg files of the client machine, merged in order, or 'live' for
        this computer. By default this computer.

    .PARAMETER Server
        The .reg files of the server machine (the SQL Server), merged in order,
        or 'live' for this computer. By default this computer.

    .PARAMETER ServerKey
        The key type of the server's certificate: Rsa or Ecdsa. By default RSA
        is assumed.

    .PARAMETER Quiet
        Return only $true (they can connect) or $false.

    .EXAMPLE
        Test-TlsMatch -Client .\app01.reg -Server .\sql01.reg

        Tells whether APP01 can open a TLS connection to SQL01 and, when not,
        why and what to change on either side.

    .EXAMPLE
        Test-TlsMatch -Server .\sql01.reg | Select-Object -ExpandProperty Fixes

        Tests this computer as the client of SQL01 and lists the fixes.

    .EXAMPLE
        if (-not (Test-TlsMatch -Client live -Server .\sql01.reg -Quiet)) { Write-Warning -Message 'No common TLS settings' }

        Uses the verdict in a script.

    .EXAMPLE
        Import-Csv -Path .\pairs.csv | Test-TlsMatch | Where-Object -Property CanConnect -EQ $false

        Tests every Client/Server pair of a CSV file (columns Client and Server
        holding snapshot paths) and keeps the ones that cannot connect.

    .INPUTS
        System.Management.Automation.PSObject (Client and Server properties)

    .OUTPUTS
        ConnReset.TlsMatch
        System.Boolean
#>
function Test-TlsMatch
{
    [CmdletBinding()]
    [OutputType('ConnReset.TlsMatch', 'System.Boolean')]
    param
    (
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Client,

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Server,

        [Parameter()]
        [ValidateSet('Rsa', 'Ecdsa')]
        [System.String]
        $ServerKey,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Quiet
    )

    begin
    {
        $serverKeyValue = [ConnReset.Interop.ServerKey]::Auto
        if ($PSBoundParameters.ContainsKey('ServerKey'))
        {
            $serverKeyValue = [ConnReset.Interop.ServerKey] $ServerKey
        }
    }

    process
    {
        $clientLive = Test-ConnResetLivePeer -Path $Client
        $serverLive = Test-ConnResetLivePeer -Path $Server
        if (($clientLive -or $serverLive) -and -not (Test-ConnResetLiveRegistry))
        {
            $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.LiveRegistryUnavailable' -Message $script:localizedData.LivePeerUnavailable -Category 'ResourceUnavailable' -Exception (New-Object -TypeName 'System.PlatformNotSupportedException' -ArgumentList $script:localizedData.LivePeerUnavailable)
            $PSCmdlet.ThrowTerminatingError($errorRecord)
        }

        $clientSource = $null
        $serverSource = $null
        $match = $null
        $result = $null
        try
        {
            foreach ($side in @('Client', 'Server'))
            {
                $sidePath = $Client
                if ($side -eq 'Server')
                {
                    $sidePath = $Server
                }

                $opened = Open-ConnResetPeer -Path $sidePath
                if ($null -ne $opened.ErrorRecord)
                {
                    if ($opened.Live)
                    {
                        $PSCmdlet.ThrowTerminatingError($opened.ErrorRecord)
                    }

                    $PSCmdlet.WriteError($opened.ErrorRecord)
                    return
                }

                if ($side -eq 'Client')
                {
                    $clientSource = $opened
                }
                else
                {
                    $serverSource = $opened
                }
            }

            try
            {
                $match = [ConnReset.Interop.Match]::Create($clientSource.Snapshot, $serverSource.Snapshot, $serverKeyValue)
                $json = ConvertFrom-Json -InputObject $match.ToJson()
                $result = ConvertTo-ConnResetTlsMatch -Match $json -Client $clientSource -Server $serverSource
            }
            catch
            {
                $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.CheckFailed' -MessageFormat $script:localizedData.CheckFailed -Category 'InvalidResult' -TargetObject $serverSource.Source -TargetName ('{0} -> {1}' -f $clientSource.Source, $serverSource.Source)
                $PSCmdlet.WriteError($errorRecord)
                return
            }
        }
        finally
        {
            if ($null -ne $match)
            {
                $match.Dispose()
            }

            if ($null -ne $clientSource)
            {
                $clientSource.Snapshot.Dispose()
            }

            if ($null -ne $serverSource)
            {
                $serverSource.Snapshot.Dispose()
            }
        }

        Write-Verbose -Message ($script:localizedData.TlsMatchResult -f $result.Client, $result.Server, $result.CanConnect, $result.Reason)
        if ($Quiet.IsPresent)
        {
            $result.CanConnect
            return
        }

        $result
    }
}
