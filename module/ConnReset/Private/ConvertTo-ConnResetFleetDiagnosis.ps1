<#
    .SYNOPSIS
        Turns the native fleet report (connreset.fleet/1) into a ConnReset.FleetDiagnosis.

    .DESCRIPTION
        The counts become properties; class pairs, classes, findings and the
        policy's changes become ConnReset.FleetClassPair, ConnReset.FleetClass,
        ConnReset.FleetFinding and ConnReset.FleetPolicyChange objects, with
        the native words turned into PowerShell-style names (fails ->
        Fails).

    .PARAMETER Report
        The parsed JSON of cr_fleet_to_json.

    .PARAMETER HtmlPath
        The HTML report written, or $null.

    .PARAMETER Policy
        The policy tried (a profile or a Registry.pol), or $null.

    .OUTPUTS
        System.Management.Automation.PSCustomObject (ConnReset.FleetDiagnosis)
#>
function ConvertTo-ConnResetFleetDiagnosis
{
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSCustomObject])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Report,

        [Parameter()]
        [AllowNull()]
        [System.String]
        $HtmlPath,

        [Parameter()]
        [AllowNull()]
        [System.String]
        $Policy
    )

    $classPairs = @(
        foreach ($pair in @($Report.classPairs))
        {
            if ($null -eq $pair)
            {
                continue
            }

            $finding = $null
            $title = $null
            if ($null -ne $pair.finding)
            {
                $finding = [System.String] $pair.finding.id
                $title = [System.String] $pair.finding.title
            }

            [PSCustomObject] @{
                PSTypeName = 'ConnReset.FleetClassPair'
                Client     = [System.String] $pair.clientClass
                Server     = [System.String] $pair.serverClass
                Pairs      = [System.Int64] $pair.pairs
                Outcome    = (ConvertTo-ConnResetText -Text $pair.outcome)
                Protocol   = $pair.protocol
                Suite      = $pair.suite
                Finding    = $finding
                Title      = $title
                Reason     = [System.String] $pair.reason
                Fixes      = @($pair.fixes | Where-Object -FilterScript { $null -ne $_ } | ForEach-Object -Process {
                        [PSCustomObject] @{
                            Side    = (ConvertTo-ConnResetText -Text $_.side)
                            Summary = $_.summary
                            Cmdlet  = $_.cmdlet
                            Cli     = $_.cli
                            Gpo     = $_.gpo
                        }
                    })
            }
        }
    )

    $classes = @(
        foreach ($class in @($Report.classes))
        {
            if ($null -eq $class)
            {
                continue
            }

            [PSCustomObject] @{
                PSTypeName   = 'ConnReset.FleetClass'
                Id           = [System.String] $class.id
                MachineCount = [System.Int32] $class.machineCount
                Clients      = [System.Int32] $class.clients
                Servers      = [System.Int32] $class.servers
                Summary      = [System.String] $class.summary
                Certificate  = (ConvertTo-ConnResetText -Text $class.certificate)
                Members      = [System.String[]] @($class.members)
            }
        }
    )

    $findings = @(
        foreach ($finding in @($Report.findings))
        {
            if ($null -eq $finding)
            {
                continue
            }

            [PSCustomObject] @{
                PSTypeName   = 'ConnReset.FleetFinding'
                Id           = [System.String] $finding.id
                Severity     = (ConvertTo-ConnResetText -Text $finding.severity)
                MachineCount = [System.Int32] $finding.machineCount
                Title        = [System.String] $finding.title
                FixCmdlet    = $finding.fix.cmdlet
                FixCli       = $finding.fix.cli
                FixGpo       = $finding.fix.gpo
                Machines     = [System.String[]] @($finding.machines)
            }
        }
    )

    $policyChanges = @()
    $broken = $null
    $fixed = $null
    if ($null -ne $Report.policy)
    {
        $broken = [System.Int64] $Report.policy.broken
        $fixed = [System.Int64] $Report.policy.fixed
        $policyChanges = @(
            foreach ($change in @($Report.policy.classPairChanges))
            {
                if ($null -eq $change)
                {
                    continue
                }

                $why = $change.after.finding
                if ($null -eq $why)
                {
                    $why = $change.before.finding
                }

                [PSCustomObject] @{
                    PSTypeName    = 'ConnReset.FleetPolicyChange'
                    Client        = [System.String] $change.clientClass
                    Server        = [System.String] $change.serverClass
                    ClientAfter   = [System.String] $change.clientClassAfter
                    ServerAfter   = [System.String] $change.serverClassAfter
                    Pairs         = [System.Int64] $change.pairs
                    Change        = (ConvertTo-ConnResetText -Text $change.change)
                    OutcomeBefore = (ConvertTo-ConnResetText -Text $change.before.outcome)
                    OutcomeAfter  = (ConvertTo-ConnResetText -Text $change.after.outcome)
                    Finding       = $(if ($null -ne $why) { [System.String] $why.id } else { $null })
                    Title         = $(if ($null -ne $why) { [System.String] $why.title } else { $null })
                }
            }
        )
    }

    $pairSource = 'AllClientsWithAllServers'
    if ($Report.pairs.source -eq 'csv')
    {
        $pairSource = (@($Report.pairs.files) -join ', ')
    }

    [PSCustomObject] @{
        PSTypeName    = 'ConnReset.FleetDiagnosis'
        MachineCount  = [System.Int32] $Report.machineCount
        Clients       = [System.Int32] $Report.clients
        Servers       = [System.Int32] $Report.servers
        ClassCount    = [System.Int32] $Report.classCount
        PairCount     = [System.Int64] $Report.pairs.judged
        Connects      = [System.Int64] $Report.outcomes.connects
        Intermittent  = [System.Int64] $Report.outcomes.intermittent
        Fails         = [System.Int64] $Report.outcomes.fails
        Undetermined  = [System.Int64] $Report.outcomes.undetermined
        PairSource    = $pairSource
        UnknownNames  = [System.String[]] @($Report.pairs.unknownNames)
        Policy        = $Policy
        Broken        = $broken
        Fixed         = $fixed
        ClassPairs    = $classPairs
        Classes       = $classes
        Findings      = $findings
        PolicyChanges = $policyChanges
        HtmlPath      = $HtmlPath
    }
}
