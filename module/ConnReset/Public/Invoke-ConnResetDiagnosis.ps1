<#
    .SYNOPSIS
        Checks a machine for every known cause of error 10054 and ranks the findings.

    .DESCRIPTION
        Invoke-ConnResetDiagnosis is the first command to run when clients see
        "An existing connection was forcibly closed by the remote host"
        (WSAECONNRESET, error 10054). It runs every check ConnReset has on the
        machine's registry and returns the findings ranked, the most likely cause
        first. Each finding has a stable Id (for example SYN001), a Severity, the
        Reason in one sentence, the Evidence (registry key, value and data) and
        the Fix: the cmdlet line that applies it, the equivalent connreset CLI
        line and the Group Policy setting that pushes it.

        Without -Path it reads the live registry of this computer (Windows only).
        With -Path it reads .reg snapshots on any OS: the files given in one call
        are merged in order and describe one machine; pipe files in to diagnose
        several machines. A machine with no finding returns nothing (use -Verbose
        to see it named).

        With -Client and -Server it diagnoses a client/server pair, as the
        connreset CLI's "diagnose --client A.reg --server B.reg" does: the
        findings of the client machine, then of the server machine, then of the
        pair (the ones only two machines together have: no common protocol
        version PROTO001/PROTO002, no common cipher suite SUITE001, a DHE
        leading-zero mismatch DHEZERO001; Test-TlsMatch gives the full verdict).
        Each finding then has a Machine property, 'Client', 'Server' or 'Pair';
        a pair finding's ComputerName is "client -> server". The word 'live', or
        leaving a side out, means this computer (Windows only).

    .PARAMETER Path
        The .reg files of one machine, merged in order. Wildcards are expanded.
        Accepts FullName and PSPath from the pipeline.

    .PARAMETER Client
        Pair diagnosis: the .reg files of the client machine, merged in order,
        or 'live' for this computer. Accepts the Client property from the
        pipeline.

    .PARAMETER Server
        Pair diagnosis: the .reg files of the server machine, merged in order,
        or 'live' for this computer. Accepts the Server property from the
        pipeline.

    .PARAMETER ErrorLog
        One machine (-Path or live): SQL Server ERRORLOG files, as a
        hashtable of instance name to path
        (@{ MSSQLSERVER = '.\ERRORLOG' }; UTF-16LE as SQL Server writes it, or
        UTF-8). For an instance with no certificate configured, the
        certificate its last 26013 line names is the one it uses, and a last
        26018 line means a self-generated one. Live, each instance's -e
        ERRORLOG is read by itself; a log given here wins.

    .PARAMETER OS
        One machine (-Path): its Windows release when the snapshot does not
        say (a hand-written .reg without the CurrentVersion values), as
        -ClientOS below; `connreset diagnose --os` on the command line.
        Without it the checks that depend on the release report SYN007 and
        leave the OS defaults unknown.

    .PARAMETER ServerKey
        Pair diagnosis: the key type of the server's certificate, Rsa or Ecdsa.
        By default RSA is assumed.

    .PARAMETER ClientOS
        Pair diagnosis: the Windows release of the client when its snapshot
        does not say (a hand-written .reg without the CurrentVersion values),
        for example 'Windows Server 2016' or 'Windows 10 22H2', optionally
        followed by the version ('Windows Server 2016 10.0.14393.3542'). Tab
        completion lists the names. Without it such a pair is undetermined:
        no pair finding, and SYN007 on the side that does not say. It only
        fills what the snapshot lacks; a name the snapshot contradicts is an
        error (ConnReset.InvalidArgument). As Test-TlsMatch -ClientOS; accepts
        the ClientOS property from the pipeline.

    .PARAMETER ServerOS
        Pair diagnosis: the same for the server.

    .EXAMPLE
        Invoke-ConnResetDiagnosis

        Diagnoses this Windows computer.

    .EXAMPLE
        Invoke-ConnResetDiagnosis -Path .\sql01.reg | Format-List -Property Rank, Id, Title, Reason, Fix

        Diagnoses a snapshot and shows each finding with its fix.

    .EXAMPLE
        Get-ChildItem -Path .\snapshots\*.reg | Invoke-ConnResetDiagnosis | Group-Object -Property Id

        Diagnoses many machines and counts them per finding.

    .EXAMPLE
        Invoke-ConnResetDiagnosis -Path .\iiscrypto-export.reg -OS 'Windows Server 2012 R2'

        Diagnoses a hand-written .reg (no Windows version in it) as the
        Windows Server 2012 R2 it will be imported on, so the OS defaults
        are known.

    .EXAMPLE
        Invoke-ConnResetDiagnosis -Client .\app01.reg -Server .\sql01.reg | Format-Table -Property Machine, Id, Severity, Title

        Diagnoses both machines and the pair, showing which side each finding
        is about.

    .EXAMPLE
        Invoke-ConnResetDiagnosis -Client .\iiscrypto-export.reg -ClientOS 'Windows Server 2019' -Server .\sql01.reg

        Diagnoses a pair whose client snapshot is a hand-written .reg (no
        Windows version in it) as a Windows Server 2019, so the pair can be
        judged.

    .INPUTS
        System.String
        System.IO.FileInfo
        System.Management.Automation.PSObject (Client and Server properties)

    .OUTPUTS
        ConnReset.Finding
#>
function Invoke-ConnResetDiagnosis
{
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    [OutputType('ConnReset.Finding')]
    param
    (
        [Parameter(ParameterSetName = 'Path', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PSPath')]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Path,

        [Parameter(ParameterSetName = 'Path')]
        [ValidateNotNull()]
        [System.Collections.IDictionary]
        $ErrorLog,

        [Parameter(ParameterSetName = 'Path', ValueFromPipelineByPropertyName = $true)]
        [ArgumentCompleter({ [ConnReset.Interop.OsNameCompleter]::Complete($args[2]) })]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $OS,

        [Parameter(ParameterSetName = 'Pair', ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Client,

        [Parameter(ParameterSetName = 'Pair', ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Server,

        [Parameter(ParameterSetName = 'Pair')]
        [ValidateSet('Rsa', 'Ecdsa')]
        [System.String]
        $ServerKey,

        [Parameter(ParameterSetName = 'Pair', ValueFromPipelineByPropertyName = $true)]
        [ArgumentCompleter({ [ConnReset.Interop.OsNameCompleter]::Complete($args[2]) })]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $ClientOS,

        [Parameter(ParameterSetName = 'Pair', ValueFromPipelineByPropertyName = $true)]
        [ArgumentCompleter({ [ConnReset.Interop.OsNameCompleter]::Complete($args[2]) })]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $ServerOS
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
        if ($PSCmdlet.ParameterSetName -eq 'Pair')
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
            $findings = @()
            try
            {
                $pairName = '{0} -> {1}' -f $clientSource.ComputerName, $serverSource.ComputerName
                $pairSource = '{0} -> {1}' -f $clientSource.Source, $serverSource.Source
                try
                {
                    $clientReport = ConvertFrom-Json -InputObject $clientSource.Snapshot.DiagnoseJson()
                    $serverReport = ConvertFrom-Json -InputObject $serverSource.Snapshot.DiagnoseJson()
                    $match = [ConnReset.Interop.Match]::Create($clientSource.Snapshot, $serverSource.Snapshot, $serverKeyValue)
                    $matchReport = ConvertFrom-Json -InputObject $match.ToJson()
                    # Each report's findings come ranked already.
                    $findings = @(
                        foreach ($finding in $clientReport.findings)
                        {
                            ConvertTo-ConnResetFinding -Finding $finding -ComputerName $clientSource.ComputerName -Source $clientSource.Source -Path $clientSource.Path -Machine 'Client'
                        }

                        foreach ($finding in $serverReport.findings)
                        {
                            ConvertTo-ConnResetFinding -Finding $finding -ComputerName $serverSource.ComputerName -Source $serverSource.Source -Path $serverSource.Path -Machine 'Server'
                        }

                        foreach ($finding in $matchReport.findings)
                        {
                            ConvertTo-ConnResetFinding -Finding $finding -ComputerName $pairName -Source $pairSource -Machine 'Pair'
                        }
                    )
                }
                catch
                {
                    $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.CheckFailed' -MessageFormat $script:localizedData.CheckFailed -Category 'InvalidResult' -TargetObject $pairSource -TargetName $pairSource
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

            if ($findings.Count -eq 0)
            {
                Write-Verbose -Message ($script:localizedData.PairNoFindings -f $clientSource.ComputerName, $serverSource.ComputerName)
                return
            }

            $findings
            return
        }

        $source = Open-ConnResetSource -Path $Path -ErrorLog $ErrorLog -OS $OS
        if ($null -ne $source.ErrorRecord)
        {
            if ($source.Live)
            {
                $PSCmdlet.ThrowTerminatingError($source.ErrorRecord)
            }

            $PSCmdlet.WriteError($source.ErrorRecord)
            return
        }

        $findings = @()
        try
        {
            $report = ConvertFrom-Json -InputObject $source.Snapshot.DiagnoseJson()
            $findings = @(
                foreach ($finding in $report.findings)
                {
                    ConvertTo-ConnResetFinding -Finding $finding -ComputerName $source.ComputerName -Source $source.Source -Path $source.Path
                }
            )
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

        if ($findings.Count -eq 0)
        {
            Write-Verbose -Message ($script:localizedData.NoFindings -f $source.ComputerName)
            return
        }

        $findings | Sort-Object -Property 'Rank'
    }
}
