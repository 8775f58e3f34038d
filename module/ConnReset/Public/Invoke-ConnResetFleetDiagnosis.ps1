<#
    .SYNOPSIS
        Diagnoses a whole fleet from its snapshots: machines grouped into configuration classes, findings counted per id, and every client/server pair judged by class.

    .DESCRIPTION
        Invoke-ConnResetFleetDiagnosis reads one .reg snapshot per machine
        (collect them with Export-ConnResetSnapshot or connreset collect and
        put them in one folder), diagnoses each machine, and groups the
        machines into configuration classes: machines whose TLS settings the
        client/server match cannot tell apart (protocols per role, cipher
        suites per version, the server's certificate key type, the DHE
        leading-zero fix, the SCHANNEL switches) share a class, whatever
        their names or file names. The match then runs once per class pair,
        and every machine pair gets its class pair's outcome: Connects,
        Intermittent (about one handshake in 256 fails, DHEZERO), Fails, or
        Undetermined when the snapshots do not say enough.

        Which pairs are judged: with -PairPath, the connections that really
        happen, from a CSV of client and server names (for example
        sys.dm_exec_connections joined with host names and saved from SSMS,
        sqlcmd or Export-Csv: a header row or none, quoting, CRLF, a
        byte-order mark, UTF-16 are all read; names match host names or
        host.domain, an instance or port after the name is ignored);
        without it, every client with every server. Machines given with
        -Path are servers when their snapshot holds a SQL Server instance and
        clients otherwise; -Client and -Server say it outright.

        With -PolicyPath or -Profile, a Group Policy is tried on the fleet as
        Test-ConnResetPolicy does: the pairs it breaks or fixes come back
        grouped by class pair.

        It returns one ConnReset.FleetDiagnosis: the counts, ClassPairs
        (ConnReset.FleetClassPair, worst first, with the finding and the
        fixes of each failing class pair), Classes (ConnReset.FleetClass, with
        their members), Findings (ConnReset.FleetFinding: each finding id and
        title with the machines that have it) and, with a policy,
        PolicyChanges (ConnReset.FleetPolicyChange). -HtmlPath also writes
        the report as one self-contained HTML page (a coloured class matrix;
        no script, no font or file to fetch).

        A snapshot or pairs file that cannot be read is reported as an error
        naming the file and line, and the rest of the fleet is still judged.

    .PARAMETER Path
        The machines: folders of .reg snapshots (each *.reg file is one
        machine) or .reg files. Wildcards are expanded. Accepts FullName and
        PSPath from the pipeline, so Get-ChildItem can feed it.

    .PARAMETER Client
        Client machines: folders of .reg snapshots or .reg files. Accepts the
        Client property from the pipeline (every row adds to the fleet).

    .PARAMETER Server
        Server machines (the SQL Servers): folders of .reg snapshots or .reg
        files. Accepts the Server property from the pipeline.

    .PARAMETER PairPath
        CSV files of the connections to judge: a client name and a server
        name per row.

    .PARAMETER HtmlPath
        Where to write the HTML report. An existing file is replaced.

    .PARAMETER PolicyPath
        A Registry.pol whose effect to try on the fleet.

    .PARAMETER Profile
        The name of a policy profile to try instead of a file, for example
        tls12-only.

    .PARAMETER ApplyTo
        Which machines the policy reaches: Clients, Servers or Both (default).

    .PARAMETER ServerKey
        The key type of the servers' certificates, Rsa or Ecdsa, when the
        snapshots do not show it (by default each server's configured
        certificate, else RSA).

    .PARAMETER ThrottleLimit
        How many snapshots are read at once (default: one per processor).

    .EXAMPLE
        Invoke-ConnResetFleetDiagnosis -Path \\fs01\connreset\snapshots -PairPath .\connections.csv -HtmlPath .\fleet.html

        Judges the connections of the CSV between the machines of the shared
        folder, and writes the report to fleet.html.

    .EXAMPLE
        (Invoke-ConnResetFleetDiagnosis -Path .\snapshots).ClassPairs | Where-Object -Property Outcome -NE 'Connects'

        Lists the client class x server class pairs that do not connect
        reliably, with the number of machine pairs in each.

    .EXAMPLE
        Invoke-ConnResetFleetDiagnosis -Client .\clients -Server .\servers -Profile tls12-only -ApplyTo Servers | Select-Object -ExpandProperty PolicyChanges

        Shows which class pairs the profile would break or fix if linked to
        the servers.

    .EXAMPLE
        Get-ChildItem -Path .\snapshots -Filter *.reg | Invoke-ConnResetFleetDiagnosis | Select-Object -ExpandProperty Findings

        The findings of the fleet, each with the machines that have it.

    .INPUTS
        System.String
        System.IO.FileInfo
        System.Management.Automation.PSObject (Client and Server properties)

    .OUTPUTS
        ConnReset.FleetDiagnosis
#>
function Invoke-ConnResetFleetDiagnosis
{
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    [OutputType('ConnReset.FleetDiagnosis')]
    param
    (
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PSPath')]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Path,

        [Parameter(ParameterSetName = 'ClientServer', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Client,

        [Parameter(ParameterSetName = 'ClientServer', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Server,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $PairPath,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $HtmlPath,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $PolicyPath,

        [Parameter()]
        [ArgumentCompleter({ [ConnReset.Interop.PolicyProfileCompleter]::Complete($args[2]) })]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Profile,

        [Parameter()]
        [ValidateSet('Clients', 'Servers', 'Both')]
        [System.String]
        $ApplyTo = 'Both',

        [Parameter()]
        [ValidateSet('Rsa', 'Ecdsa')]
        [System.String]
        $ServerKey,

        [Parameter()]
        [ValidateRange(0, 64)]
        [System.Int32]
        $ThrottleLimit = 0
    )

    begin
    {
        # Machines come from the pipeline one path at a time: all are read
        # together at the end.
        $groups = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
    }

    process
    {
        if ($PSCmdlet.ParameterSetName -eq 'Path')
        {
            $groups.Add([PSCustomObject] @{ Items = $Path; Role = [ConnReset.Interop.FleetRole]::Auto })
        }
        else
        {
            $groups.Add([PSCustomObject] @{ Items = $Client; Role = [ConnReset.Interop.FleetRole]::Client })
            $groups.Add([PSCustomObject] @{ Items = $Server; Role = [ConnReset.Interop.FleetRole]::Server })
        }
    }

    end
    {
        if ($PSBoundParameters.ContainsKey('PolicyPath') -and $PSBoundParameters.ContainsKey('Profile'))
        {
            $message = $script:localizedData.FleetPolicyTwice
            $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.InvalidArgument' -Message $message -Category 'InvalidArgument' -Exception (New-Object -TypeName 'System.ArgumentException' -ArgumentList $message)
            $PSCmdlet.ThrowTerminatingError($errorRecord)
        }

        $serverKeyValue = [ConnReset.Interop.ServerKey]::Auto
        if ($PSBoundParameters.ContainsKey('ServerKey'))
        {
            $serverKeyValue = [ConnReset.Interop.ServerKey] $ServerKey
        }

        $fleet = $null
        $policy = $null
        $policyName = $null
        $report = $null
        try
        {
            try
            {
                $fleet = [ConnReset.Interop.Fleet]::Create($serverKeyValue, $ThrottleLimit)
            }
            catch
            {
                $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.FleetFailed' -MessageFormat $script:localizedData.FleetFailed -Category 'InvalidResult' -TargetObject $Path -TargetName 'the fleet'
                $PSCmdlet.ThrowTerminatingError($errorRecord)
            }

            if ($PSBoundParameters.ContainsKey('Profile') -or $PSBoundParameters.ContainsKey('PolicyPath'))
            {
                try
                {
                    if ($PSBoundParameters.ContainsKey('Profile'))
                    {
                        $policyName = $Profile
                        $policy = [ConnReset.Interop.Policy]::FromProfile($Profile)
                    }
                    else
                    {
                        $policyName = @(Resolve-ConnResetPath -Path $PolicyPath)[0]
                        $policy = [ConnReset.Interop.Policy]::Open($policyName)
                    }

                    $fleet.SetPolicy($policy, [ConnReset.Interop.ApplyTo] $ApplyTo)
                }
                catch
                {
                    $errorId = 'ConnReset.PolicyUnreadable'
                    $format = $script:localizedData.PolicyUnreadable
                    if ($PSBoundParameters.ContainsKey('Profile'))
                    {
                        $errorId = 'ConnReset.PolicyProfileUnknown'
                        $format = $script:localizedData.PolicyProfileUnknown
                    }

                    $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId $errorId -MessageFormat $format -Category 'ObjectNotFound' -TargetObject ($Profile, $PolicyPath) -TargetName ([System.String] ($Profile + $PolicyPath))
                    $PSCmdlet.ThrowTerminatingError($errorRecord)
                }
            }

            # The snapshots of each group, read together; when one cannot be
            # read, file by file, so each bad file is one error and the rest
            # still count.
            $machines = 0
            foreach ($group in $groups)
            {
                $files = New-Object -TypeName 'System.Collections.Generic.List[System.String]'
                foreach ($item in $group.Items)
                {
                    try
                    {
                        foreach ($resolved in @(Resolve-ConnResetPath -Path $item))
                        {
                            if (Test-Path -LiteralPath $resolved -PathType Container)
                            {
                                $inFolder = @(Get-ChildItem -LiteralPath $resolved -Filter '*.reg' -File | Sort-Object -Property 'Name' | ForEach-Object -Process { $_.FullName })
                                if ($inFolder.Count -eq 0)
                                {
                                    throw (New-Object -TypeName 'System.IO.FileNotFoundException' -ArgumentList ($script:localizedData.NoRegFileInFolder -f $resolved))
                                }

                                $files.AddRange([System.String[]] $inFolder)
                            }
                            else
                            {
                                $files.Add($resolved)
                            }
                        }
                    }
                    catch
                    {
                        $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.SnapshotUnreadable' -MessageFormat $script:localizedData.SnapshotUnreadable -Category 'ReadError' -TargetObject $item -TargetName $item
                        $PSCmdlet.WriteError($errorRecord)
                    }
                }

                if ($files.Count -eq 0)
                {
                    continue
                }

                Write-Verbose -Message ($script:localizedData.FleetReading -f $files.Count, $group.Role)
                try
                {
                    $before = $fleet.Warnings.Count
                    $fleet.AddFiles($files.ToArray(), $group.Role)
                    $machines += $files.Count
                    foreach ($warning in @($fleet.Warnings | Select-Object -Skip $before))
                    {
                        Write-Warning -Message ($script:localizedData.ReadingWarning -f $warning)
                    }
                }
                catch
                {
                    foreach ($file in $files)
                    {
                        try
                        {
                            $before = $fleet.Warnings.Count
                            $fleet.AddFiles([System.String[]] @($file), $group.Role)
                            $machines++
                            foreach ($warning in @($fleet.Warnings | Select-Object -Skip $before))
                            {
                                Write-Warning -Message ($script:localizedData.ReadingWarning -f $warning)
                            }
                        }
                        catch
                        {
                            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.SnapshotUnreadable' -MessageFormat $script:localizedData.SnapshotUnreadable -Category 'ReadError' -TargetObject $file -TargetName $file
                            $PSCmdlet.WriteError($errorRecord)
                        }
                    }
                }
            }

            if ($machines -eq 0)
            {
                $message = $script:localizedData.FleetEmpty
                $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.FleetEmpty' -Message $message -Category 'ObjectNotFound' -Exception (New-Object -TypeName 'System.IO.FileNotFoundException' -ArgumentList $message)
                $PSCmdlet.WriteError($errorRecord)
                return
            }

            foreach ($pairFile in $PairPath)
            {
                try
                {
                    foreach ($resolved in @(Resolve-ConnResetPath -Path $pairFile))
                    {
                        $fleet.LoadPairs($resolved)
                    }
                }
                catch
                {
                    $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.PairsUnreadable' -MessageFormat $script:localizedData.PairsUnreadable -Category 'ReadError' -TargetObject $pairFile -TargetName $pairFile
                    $PSCmdlet.WriteError($errorRecord)
                }
            }

            try
            {
                $fleet.Run()
                $report = ConvertFrom-Json -InputObject $fleet.ToJson()
            }
            catch
            {
                $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.FleetFailed' -MessageFormat $script:localizedData.FleetFailed -Category 'InvalidResult' -TargetObject $Path -TargetName 'the fleet'
                $PSCmdlet.WriteError($errorRecord)
                return
            }

            $htmlWritten = $null
            if ($PSBoundParameters.ContainsKey('HtmlPath'))
            {
                try
                {
                    $htmlWritten = @(Resolve-ConnResetPath -Path $HtmlPath -Literal)[0]
                    $fleet.SaveHtml($htmlWritten)
                    Write-Verbose -Message ($script:localizedData.FleetHtmlWritten -f $htmlWritten)
                }
                catch
                {
                    $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.HtmlNotWritten' -MessageFormat $script:localizedData.FleetHtmlNotWritten -Category 'WriteError' -TargetObject $HtmlPath -TargetName $HtmlPath
                    $PSCmdlet.WriteError($errorRecord)
                    $htmlWritten = $null
                }
            }
        }
        finally
        {
            if ($null -ne $fleet)
            {
                $fleet.Dispose()
            }

            if ($null -ne $policy)
            {
                $policy.Dispose()
            }
        }

        Write-Verbose -Message ($script:localizedData.FleetResult -f $report.machineCount, $report.classCount, $report.pairs.judged, $report.outcomes.fails, $report.outcomes.intermittent)
        ConvertTo-ConnResetFleetDiagnosis -Report $report -HtmlPath $htmlWritten -Policy $policyName
    }
}
