<#
    .SYNOPSIS
        Tells which client/server pairs a Group Policy would break or fix, before it is linked.

    .DESCRIPTION
        Test-ConnResetPolicy is the what-if of a Group Policy: it applies a
        Registry.pol (-Path) or a named profile (-Profile) to copies of the
        snapshots of the machines it would reach, as the Group Policy client
        would, and runs the client/server TLS match (Test-TlsMatch) on every
        client with every server before and after. Nothing is changed: not the
        snapshots, not any machine.

        -Client and -Server take .reg snapshots (Export-ConnResetSnapshot) or
        folders: a folder means every *.reg file in it, sorted by name, and
        each file is one machine (unlike Test-TlsMatch, files are not merged).
        -ApplyTo says where the GPO is linked: Clients, Servers or Both (the
        default).

        It returns one ConnReset.PolicyImpact per client/server pair: Client,
        Server, OutcomeBefore and OutcomeAfter (Connects, Intermittent: about
        one handshake in 256 fails, Fails, or Undetermined when the snapshots
        do not say enough), Change (Broken: the outcome gets worse, from
        Connects to Intermittent or Fails or from Intermittent to Fails;
        Fixed: the reverse; Undetermined: it moves to or from Undetermined;
        Unchanged), CanConnectBefore and CanConnectAfter ($null when
        undetermined), and the Finding and Title of the pair's failure (after
        the policy, or before it for a Fixed pair; for example PROTO001
        "Client and server share no TLS version"). With -IncludeFindings it also returns, per machine, the
        findings the policy adds or removes as ConnReset.PolicyFindingChange
        objects (Machine, Role, PolicyApplied, Change Added/Removed, Id,
        Severity, Title).

        With -Quiet only $true (no pair is broken) or $false is returned, for
        scripts and change-approval checks.

    .PARAMETER Path
        The Registry.pol file to test. Accepts FullName and PSPath from the
        pipeline.

    .PARAMETER Profile
        The name of a policy profile to test instead of a file, for example
        tls12-only. Tab completion lists the profiles.

    .PARAMETER Client
        The client machines: .reg snapshot files (wildcards are expanded) or
        folders of them, one machine per file. Accepts the Client property
        from the pipeline.

    .PARAMETER Server
        The server machines (the SQL Servers): .reg snapshot files or folders
        of them, one machine per file. Accepts the Server property from the
        pipeline.

    .PARAMETER ApplyTo
        Which machines the policy reaches: Clients, Servers or Both (default).

    .PARAMETER IncludeFindings
        Also return the per-machine findings the policy adds or removes.

    .PARAMETER Quiet
        Return only $true (no pair is broken) or $false.

    .EXAMPLE
        Test-ConnResetPolicy -Profile tls12-only -Client .\app2008r2.reg -Server .\sql2012r2.reg -ApplyTo Servers

        Shows that disabling TLS 1.0 on the server breaks a client that only
        speaks TLS 1.0 (Change Broken, Finding PROTO001).

    .EXAMPLE
        Test-ConnResetPolicy -Path \\corp\SYSVOL\corp\Policies\{GUID}\Machine\Registry.pol -Client .\snapshots\clients -Server .\snapshots\servers | Where-Object -Property Change -EQ 'Broken'

        Tests an existing GPO against folders of snapshots and keeps the pairs
        it would break.

    .EXAMPLE
        if (Test-ConnResetPolicy -Path .\Registry.pol -Client .\clients -Server .\servers -Quiet) { Copy-Item -Path .\Registry.pol -Destination $gpoMachineFolder }

        Deploys the policy only when it breaks no pair.

    .EXAMPLE
        Test-ConnResetPolicy -Profile tls12-only -Client .\clients -Server .\servers -IncludeFindings | Where-Object -FilterScript { $_.PSTypeNames[0] -eq 'ConnReset.PolicyFindingChange' }

        Lists the findings each machine gains or loses under the profile.

    .EXAMPLE
        Import-Csv -Path .\sites.csv | Test-ConnResetPolicy -Profile tls12-only

        Runs one what-if per CSV row (columns Client and Server holding
        snapshot paths or folders).

    .INPUTS
        System.String
        System.IO.FileInfo
        System.Management.Automation.PSObject (Client and Server properties)

    .OUTPUTS
        ConnReset.PolicyImpact
        ConnReset.PolicyFindingChange
        System.Boolean
#>
function Test-ConnResetPolicy
{
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    [OutputType('ConnReset.PolicyImpact', 'ConnReset.PolicyFindingChange', 'System.Boolean')]
    param
    (
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PSPath')]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Path,

        [Parameter(ParameterSetName = 'Profile', Mandatory = $true)]
        [ArgumentCompleter({ [ConnReset.Interop.PolicyProfileCompleter]::Complete($args[2]) })]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Profile,

        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Client,

        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Server,

        [Parameter()]
        [ValidateSet('Clients', 'Servers', 'Both')]
        [System.String]
        $ApplyTo = 'Both',

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $IncludeFindings,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Quiet
    )

    begin
    {
        $applyToValue = [ConnReset.Interop.ApplyTo] $ApplyTo
    }

    process
    {
        $policy = $null
        $policyName = $Profile
        $snapshots = New-Object -TypeName 'System.Collections.Generic.List[ConnReset.Interop.Snapshot]'
        $report = $null
        try
        {
            if ($PSCmdlet.ParameterSetName -eq 'Profile')
            {
                try
                {
                    $policy = [ConnReset.Interop.Policy]::FromProfile($Profile)
                }
                catch
                {
                    $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.PolicyProfileUnknown' -MessageFormat $script:localizedData.PolicyProfileUnknown -Category 'ObjectNotFound' -TargetObject $Profile -TargetName $Profile
                    $PSCmdlet.ThrowTerminatingError($errorRecord)
                }
            }
            else
            {
                try
                {
                    $policyName = @(Resolve-ConnResetPath -Path $Path)[0]
                    $policy = [ConnReset.Interop.Policy]::Open($policyName)
                }
                catch
                {
                    $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.PolicyUnreadable' -MessageFormat $script:localizedData.PolicyUnreadable -Category 'ReadError' -TargetObject $Path -TargetName $Path
                    $PSCmdlet.WriteError($errorRecord)
                    return
                }
            }

            $sides = @{}
            foreach ($side in @('Client', 'Server'))
            {
                $items = $Client
                if ($side -eq 'Server')
                {
                    $items = $Server
                }

                $sideSnapshots = New-Object -TypeName 'System.Collections.Generic.List[ConnReset.Interop.Snapshot]'
                foreach ($item in $items)
                {
                    $files = @()
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

                                $files += $inFolder
                            }
                            else
                            {
                                $files += $resolved
                            }
                        }

                        foreach ($file in $files)
                        {
                            Write-Verbose -Message ($script:localizedData.ReadingFiles -f $file)
                            $snapshot = [ConnReset.Interop.Snapshot]::OpenFiles([System.String[]] @($file))
                            $snapshots.Add($snapshot)
                            $sideSnapshots.Add($snapshot)
                            foreach ($warning in $snapshot.Warnings)
                            {
                                Write-Warning -Message ($script:localizedData.ReadingWarning -f $warning)
                            }
                        }
                    }
                    catch
                    {
                        $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.SnapshotUnreadable' -MessageFormat $script:localizedData.SnapshotUnreadable -Category 'ReadError' -TargetObject $item -TargetName $item
                        $PSCmdlet.WriteError($errorRecord)
                        return
                    }
                }

                $sides[$side] = $sideSnapshots.ToArray()
            }

            try
            {
                $json = [ConnReset.Interop.GroupPolicy]::WhatIfJson($policy, $sides['Client'], $sides['Server'], $applyToValue)
                $report = ConvertFrom-Json -InputObject $json
            }
            catch
            {
                $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.PolicyWhatIfFailed' -MessageFormat $script:localizedData.PolicyWhatIfFailed -Category 'InvalidResult' -TargetObject $policyName -TargetName $policyName
                $PSCmdlet.WriteError($errorRecord)
                return
            }
        }
        finally
        {
            foreach ($snapshot in $snapshots)
            {
                $snapshot.Dispose()
            }

            if ($null -ne $policy)
            {
                $policy.Dispose()
            }
        }

        $pairs = @($report.pairs)
        Write-Verbose -Message ($script:localizedData.PolicyWhatIfResult -f $policyName, $report.policyEntries, $ApplyTo, $report.broken, $report.fixed, $pairs.Count)

        if ($Quiet.IsPresent)
        {
            return ([System.Int32] $report.broken -eq 0)
        }

        $textInfo = [System.Globalization.CultureInfo]::InvariantCulture.TextInfo
        foreach ($pair in $pairs)
        {
            if ($null -eq $pair)
            {
                continue
            }

            $failure = $pair.after
            if ($null -eq $failure.finding)
            {
                $failure = $pair.before
            }

            # $null when the outcome is undetermined: nobody can tell.
            $canConnectBefore = $null
            if ($null -ne $pair.before.canConnect)
            {
                $canConnectBefore = [System.Boolean] $pair.before.canConnect
            }

            $canConnectAfter = $null
            if ($null -ne $pair.after.canConnect)
            {
                $canConnectAfter = [System.Boolean] $pair.after.canConnect
            }

            [PSCustomObject] @{
                PSTypeName       = 'ConnReset.PolicyImpact'
                Client           = [System.String] $pair.client
                Server           = [System.String] $pair.server
                Change           = $textInfo.ToTitleCase([System.String] $pair.change)
                OutcomeBefore    = (ConvertTo-ConnResetText -Text $pair.before.outcome)
                OutcomeAfter     = (ConvertTo-ConnResetText -Text $pair.after.outcome)
                CanConnectBefore = $canConnectBefore
                CanConnectAfter  = $canConnectAfter
                Finding          = $failure.finding
                Title            = $failure.title
                Policy           = $policyName
                ApplyTo          = $ApplyTo
            }
        }

        if ($IncludeFindings.IsPresent)
        {
            foreach ($machine in @($report.machines))
            {
                if ($null -eq $machine)
                {
                    continue
                }

                foreach ($change in @('Added', 'Removed'))
                {
                    $findings = $machine.added
                    if ($change -eq 'Removed')
                    {
                        $findings = $machine.removed
                    }

                    foreach ($finding in @($findings))
                    {
                        if ($null -eq $finding)
                        {
                            continue
                        }

                        [PSCustomObject] @{
                            PSTypeName    = 'ConnReset.PolicyFindingChange'
                            Machine       = [System.String] $machine.name
                            Role          = $textInfo.ToTitleCase([System.String] $machine.role)
                            PolicyApplied = [System.Boolean] $machine.policyApplied
                            Change        = $change
                            Id            = [System.String] $finding.id
                            Severity      = $textInfo.ToTitleCase([System.String] $finding.severity)
                            Title         = [System.String] $finding.title
                        }
                    }
                }
            }
        }
    }
}
