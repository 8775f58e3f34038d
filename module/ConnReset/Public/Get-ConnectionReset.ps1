<#
    .SYNOPSIS
        Explains the resets and failed TLS handshakes of a network trace.

    .DESCRIPTION
        Get-ConnectionReset reads packet captures (pcap or pcapng, as written
        by Wireshark, dumpcap, tcpdump or 'pktmon etl2pcap') on any operating
        system. It follows every TCP connection, decodes the TDS PRELOGIN
        exchange and the TLS handshake whether it travels inside TDS PRELOGIN
        packets (TDS 7.x), raw, or first with ALPN tds/8.0 (TDS 8.0, strict),
        recognised by content on any port, and says why each connection was
        reset or failed, with the frame numbers to look at in Wireshark:

        - PROTO101/SUITE101: no common protocol version or cipher suite (an
          alert, or the server closing right after the ClientHello while it
          negotiated other versions or suites with other clients);
        - PROTO103: the server closed right after the ClientHello and the
          trace cannot tell a protocol from a suite mismatch;
        - CERTHASH101: the client aborted after a server certificate signed
          with MD5, SHA-224 or SHA-512;
        - DHEZERO101: suspect only: DHE handshakes that die after the
          client's Finished while others between the same hosts complete
          (the KB4557473 leading-zero pattern, which a trace cannot prove);
        - SYN101/SYN102: SYNs unanswered or refused;
        - RESET101: resets after the login, with who reset and when;
        - HANDSHAKE101: other handshake failures.

        By default one ConnReset.ConnectionReset object is returned for each
        connection with a verdict; -All returns every connection, and
        -Summary the verdicts summed per server as ConnReset.Finding objects
        (with the evidence frames and fixes, and the verdicts read from the
        server's PRELOGIN: IOCP101 for SQL Server 2017 and earlier, PROTO110
        for a build without TLS 1.2).

        With -ClientSnapshot and -ServerSnapshot (the .reg snapshots of the
        two machines in the trace) the configuration match of the same pair
        (as Test-TlsMatch computes it) is set beside each verdict:
        ConfigurationOutcome, ConfigurationFamily and Agreement.

        A damaged or truncated capture gives the error ConnReset.CaptureDamaged
        naming the byte offset of the damage; what was read before it is still
        returned. A capture that cannot be read at all gives
        ConnReset.CaptureUnreadable. Either way the next file is read.
        Windows ETL traces (netsh trace, pktmon) are not read yet: convert them
        with 'pktmon etl2pcap' first.

    .PARAMETER Path
        The capture files, pcap or pcapng (wildcards allowed). Takes FullName from the
        pipeline, so Get-ChildItem output can be piped in. Files are read one
        after another, each with its own frame numbers.

    .PARAMETER Server
        Only the connections with this server: an IP address, optionally
        with a port ('10.0.0.5', '10.0.0.5:1433', '[fe80::1]:1433'). It also
        tells which side is the server when a connection's SYN is not in the
        trace. Host names are not resolved.

    .PARAMETER ClientSnapshot
        The .reg snapshots of the client machine in the trace (merged in
        order), to set its configuration match with -ServerSnapshot beside
        the verdicts.

    .PARAMETER ServerSnapshot
        The .reg snapshots of the server machine in the trace.

    .PARAMETER All
        Return every connection, not only those with a verdict.

    .PARAMETER Summary
        Return the verdicts summed per server (ConnReset.Finding) instead of
        one object per connection.

    .EXAMPLE
        Get-ConnectionReset -Path .\sql01-trace.pcapng

        Lists the connections of the trace that were reset or failed, with
        the verdict and the frames that show it.

    .EXAMPLE
        Get-ConnectionReset -Path .\client.pcapng -Server 10.0.0.5:1433 -Summary | Format-List -Property Id, Title, Reason, Evidence

        Sums the verdicts for one SQL Server, with the evidence frames.

    .EXAMPLE
        Get-ChildItem -Path .\traces -Filter *.pcapng | Get-ConnectionReset | Group-Object -Property Verdict

        Counts the verdicts over a folder of captures.

    .EXAMPLE
        Get-ConnectionReset -Path .\trace.pcapng -ClientSnapshot .\app01.reg -ServerSnapshot .\sql01.reg | Select-Object -Property Verdict, ConfigurationOutcome, Agreement -Unique

        Sets what the two machines' configuration predicts beside what the
        trace shows.

    .INPUTS
        System.String (Path, FullName or PSPath; Server)

    .OUTPUTS
        ConnReset.ConnectionReset
        ConnReset.Finding
#>
function Get-ConnectionReset
{
    [CmdletBinding(DefaultParameterSetName = 'Connection')]
    [OutputType('ConnReset.ConnectionReset', ParameterSetName = 'Connection')]
    [OutputType('ConnReset.Finding', ParameterSetName = 'Summary')]
    param
    (
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PSPath')]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Path,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Server,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $ClientSnapshot,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $ServerSnapshot,

        [Parameter(ParameterSetName = 'Connection')]
        [System.Management.Automation.SwitchParameter]
        $All,

        [Parameter(Mandatory = $true, ParameterSetName = 'Summary')]
        [System.Management.Automation.SwitchParameter]
        $Summary
    )

    begin
    {
        if ($PSBoundParameters.ContainsKey('ClientSnapshot') -ne $PSBoundParameters.ContainsKey('ServerSnapshot'))
        {
            $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.InvalidArgument' -Message $script:localizedData.TraceSnapshotPair -Category 'InvalidArgument'
            $PSCmdlet.ThrowTerminatingError($errorRecord)
        }

        # The configuration match is the same for every file: made once.
        $match = $null
        if ($PSBoundParameters.ContainsKey('ClientSnapshot'))
        {
            # One pair for the whole call: a snapshot that cannot be read
            # stops it.
            $pair = Open-ConnResetPair -Client $ClientSnapshot -Server $ServerSnapshot
            if ($null -ne $pair.ErrorRecord)
            {
                $PSCmdlet.ThrowTerminatingError($pair.ErrorRecord)
            }

            $peers = @{ Client = $pair.Client; Server = $pair.Server }
            try
            {
                try
                {
                    $match = [ConnReset.Interop.Match]::Create($peers['Client'].Snapshot, $peers['Server'].Snapshot, [ConnReset.Interop.ServerKey]::Auto)
                }
                catch
                {
                    $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.CheckFailed' -MessageFormat $script:localizedData.CheckFailed -Category 'InvalidResult' -TargetObject $ServerSnapshot -TargetName ('{0} -> {1}' -f ($ClientSnapshot -join ', '), ($ServerSnapshot -join ', '))
                    $PSCmdlet.ThrowTerminatingError($errorRecord)
                }
            }
            finally
            {
                foreach ($peer in $peers.Values)
                {
                    $peer.Snapshot.Dispose()
                }
            }
        }
    }

    process
    {
        foreach ($item in $Path)
        {
            $files = @()
            try
            {
                $files = @(Resolve-ConnResetPath -Path $item)
            }
            catch
            {
                $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.CaptureUnreadable' -MessageFormat $script:localizedData.CaptureUnreadable -Category 'ReadError' -TargetObject $item -TargetName $item
                $PSCmdlet.WriteError($errorRecord)
                continue
            }

            foreach ($file in $files)
            {
                $trace = $null
                try
                {
                    try
                    {
                        $trace = [ConnReset.Interop.Trace]::Create($Server)
                    }
                    catch
                    {
                        $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.InvalidArgument' -MessageFormat $script:localizedData.InvalidArgument -Category 'InvalidArgument' -TargetObject $Server -TargetName $Server
                        $PSCmdlet.ThrowTerminatingError($errorRecord)
                    }

                    Write-Verbose -Message ($script:localizedData.TraceReading -f $file)
                    $failure = $trace.AddFile($file)
                    if ($null -ne $failure)
                    {
                        $raw = New-Object -TypeName 'System.Management.Automation.ErrorRecord' -ArgumentList $failure, 'ConnReset.CaptureDamaged', 'InvalidData', $file
                        if ($failure.CodeName -eq 'CR_EPARSE')
                        {
                            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $raw -ErrorId 'ConnReset.CaptureDamaged' -MessageFormat $script:localizedData.CaptureDamaged -Category 'InvalidData' -TargetObject $file -TargetName $file
                        }
                        else
                        {
                            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $raw -ErrorId 'ConnReset.CaptureUnreadable' -MessageFormat $script:localizedData.CaptureUnreadable -Category 'ReadError' -TargetObject $file -TargetName $file
                        }

                        $PSCmdlet.WriteError($errorRecord)
                        if ($failure.CodeName -ne 'CR_EPARSE')
                        {
                            continue
                        }
                    }

                    if ($null -ne $match)
                    {
                        $trace.SetMatch($match)
                    }

                    try
                    {
                        $document = ConvertFrom-Json -InputObject $trace.ToJson()
                    }
                    catch
                    {
                        # One error with a stable id for this file; the next one goes on.
                        $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.CheckFailed' -MessageFormat $script:localizedData.CheckFailed -Category 'InvalidResult' -TargetObject $file -TargetName $file
                        $PSCmdlet.WriteError($errorRecord)
                        continue
                    }
                }
                finally
                {
                    if ($null -ne $trace)
                    {
                        $trace.Dispose()
                    }
                }

                Write-Verbose -Message ($script:localizedData.TraceRead -f $file, $document.connectionCount, @($document.findings).Count)
                if ($Summary.IsPresent)
                {
                    foreach ($finding in $document.findings)
                    {
                        ConvertTo-ConnResetFinding -Finding $finding -Source $file -Path $file
                    }

                    continue
                }

                foreach ($connection in $document.connections)
                {
                    if (-not $All.IsPresent -and [System.String]::IsNullOrEmpty($connection.verdict))
                    {
                        continue
                    }

                    ConvertTo-ConnResetConnection -Connection $connection -Document $document
                }
            }
        }
    }

    end
    {
        if ($null -ne $match)
        {
            $match.Dispose()
        }
    }
}
