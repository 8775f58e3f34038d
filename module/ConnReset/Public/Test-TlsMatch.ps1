<#
    .SYNOPSIS
        Tests whether a client and a server can agree on TLS, and says what to change when not.

    .DESCRIPTION
        Test-TlsMatch applies Schannel's negotiation to the settings of two
        machines: the protocol versions each enables for its role (the client's
        Client keys, the server's Server keys, or the OS defaults), the cipher
        suites each offers or accepts for each version, and the key type of the
        server's certificate. It returns the verdict's Outcome:

        - Connects: the protocol and suite the server would choose;
        - Fails: the family of the failure (PROTO: no common protocol version;
          SUITE: a common version but no common suite) with the Reason and the
          smallest Fixes on each side, each with the cmdlet line and the
          connreset CLI line that applies it;
        - Intermittent: they connect, but about one handshake in 256 fails
          (DHEZERO: a DHE suite chosen while only one side has the DHE
          leading-zero fix), with its Fixes;
        - Undetermined: the snapshots do not say enough (a .reg file without
          the machine's Windows version, an OS no source covers); Missing
          says what, and how to supply it (a snapshot taken with
          Export-ConnResetSnapshot or 'connreset collect'). Never reported
          as a failure.

        A failed handshake makes the server reset the connection, which the
        client reports as error 10054 "An existing connection was forcibly
        closed by the remote host". CanConnect is $true for Connects and
        Intermittent, $false for Fails and $null for Undetermined.

        -Client and -Server take the .reg snapshots of each machine (the files
        given for one side are merged in order). The word 'live', or leaving a
        side out, means this computer's own registry, which needs Windows (else
        the error is ConnReset.LiveRegistryUnavailable). Both parameters take
        their value from the pipeline by property name, so a CSV file with
        Client and Server columns can be piped in to test many pairs.

        The server's certificate key type decides which suites it can choose.
        By default it is assumed to be RSA (ServerKeySource 'assumed'); give
        -ServerKey Ecdsa for a server with an ECDSA certificate.

        With -Quiet only $true (Outcome Connects) or $false (any other
        outcome) is returned, for scripts and DSC.

    .PARAMETER Client
        The .reg files of the client machine, merged in order, or 'live' for
        this computer. By default this computer.

    .PARAMETER Server
        The .reg files of the server machine (the SQL Server), merged in order,
        or 'live' for this computer. By default this computer.

    .PARAMETER ServerKey
        The key type of the server's certificate: Rsa or Ecdsa. By default RSA
        is assumed.

    .PARAMETER ClientOS
        The Windows release of the client when its snapshot does not say (a
        hand-written .reg without the CurrentVersion values), for example
        'Windows Server 2016' or 'Windows 10 22H2', optionally followed by
        the version ('Windows Server 2016 10.0.14393.3542'). Tab completion
        lists the names. It only fills what the snapshot lacks; a name the
        snapshot contradicts is an error (ConnReset.InvalidArgument).

    .PARAMETER ServerOS
        The same for the server.

    .PARAMETER Quiet
        Return only $true (Outcome Connects: every handshake succeeds) or
        $false (Fails, Intermittent or Undetermined).

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
        Import-Csv -Path .\pairs.csv | Test-TlsMatch | Where-Object -Property Outcome -NE 'Connects'

        Tests every Client/Server pair of a CSV file (columns Client and Server
        holding snapshot paths) and keeps the ones that fail, fail
        intermittently, or cannot be decided.

    .EXAMPLE
        Test-TlsMatch -Client .\iiscrypto-export.reg -ClientOS 'Windows Server 2019' -Server .\sql01.reg

        Matches a hand-written .reg (no Windows version in it) as a Windows
        Server 2019, so its protocol defaults and default cipher suites are
        known.

    .EXAMPLE
        (Test-TlsMatch -Client .\app01.reg -Server .\sql01.reg).Missing | Format-List -Property Side, Detail, Supply

        For an Undetermined outcome, shows what the snapshots do not say and
        how to supply it.

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

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ArgumentCompleter({ [ConnReset.Interop.OsNameCompleter]::Complete($args[2]) })]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $ClientOS,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ArgumentCompleter({ [ConnReset.Interop.OsNameCompleter]::Complete($args[2]) })]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $ServerOS,

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
        $pair = Open-ConnResetPair -Client $Client -ClientOS $ClientOS -Server $Server -ServerOS $ServerOS
        if ($null -ne $pair.ErrorRecord)
        {
            if ($pair.Live)
            {
                $PSCmdlet.ThrowTerminatingError($pair.ErrorRecord)
            }

            $PSCmdlet.WriteError($pair.ErrorRecord)
            return
        }

        $clientSource = $pair.Client
        $serverSource = $pair.Server
        $match = $null
        $result = $null
        try
        {
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

            $clientSource.Snapshot.Dispose()
            $serverSource.Snapshot.Dispose()
        }

        Write-Verbose -Message ($script:localizedData.TlsMatchResult -f $result.Client, $result.Server, $result.Outcome, $result.Reason)
        if ($Quiet.IsPresent)
        {
            $result.Outcome -eq 'Connects'
            return
        }

        $result
    }
}
