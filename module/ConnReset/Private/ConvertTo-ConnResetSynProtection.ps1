<#
    .SYNOPSIS
        Turns a connreset.report/1 JSON report into a SynProtection object.

    .DESCRIPTION
        Builds the 'ConnReset.SynProtection' object from the report's OS
        identity, its checks.syn section (State, Reason and the four values as
        'ConnReset.SynValue' objects) and its findings.

    .PARAMETER Report
        The report (from ConvertFrom-Json of Snapshot.CheckSynJson()).

    .PARAMETER ComputerName
        The machine's name.

    .PARAMETER Source
        'Live' or the snapshot files.

    .PARAMETER Path
        The snapshot files, or $null for the live registry.

    .OUTPUTS
        ConnReset.SynProtection
#>
function ConvertTo-ConnResetSynProtection
{
    [CmdletBinding()]
    [OutputType('ConnReset.SynProtection')]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Report,

        [Parameter()]
        [System.String]
        $ComputerName,

        [Parameter()]
        [System.String]
        $Source,

        [Parameter()]
        [System.String[]]
        $Path
    )

    $syn = $Report.checks.syn
    $values = @{}
    foreach ($value in $syn.values)
    {
        $minimum = $null
        $maximum = $null
        $range = $null
        if ($null -ne $value.range)
        {
            $minimum = $value.range.min
            $maximum = $value.range.max
            $range = '{0}-{1}' -f $minimum, $maximum
        }

        $values[$value.name] = [PSCustomObject] @{
            PSTypeName = 'ConnReset.SynValue'
            Name       = $value.name
            Present    = [System.Boolean] $value.present
            Type       = $value.type
            Value      = $value.raw
            Effective  = $value.effective
            Source     = $value.source
            Default    = $value.default
            Range      = $range
            Minimum    = $minimum
            Maximum    = $maximum
            Citation   = $value.citation
        }
    }

    $findings = @(
        foreach ($finding in $Report.findings)
        {
            ConvertTo-ConnResetFinding -Finding $finding -ComputerName $ComputerName -Source $Source -Path $Path
        }
    )

    $os = $Report.os
    $osVersion = $null
    if ($null -ne $os.version)
    {
        $osVersion = [System.String] $os.version
        if ($null -ne $os.build)
        {
            $osVersion = '{0}.{1}' -f $os.version, $os.build
        }
    }

    return [PSCustomObject] @{
        PSTypeName                           = 'ConnReset.SynProtection'
        ComputerName                         = $ComputerName
        Source                               = $Source
        OS                                   = $os.name
        OSVersion                            = $osVersion
        Role                                 = (ConvertTo-ConnResetText -Text $os.role)
        State                                = (ConvertTo-ConnResetText -Text $syn.state)
        Reason                               = $syn.reason
        Key                                  = $syn.key
        SynAttackProtect                     = $values['SynAttackProtect']
        TcpMaxHalfOpen                       = $values['TcpMaxHalfOpen']
        TcpMaxHalfOpenRetried                = $values['TcpMaxHalfOpenRetried']
        TcpMaxConnectResponseRetransmissions = $values['TcpMaxConnectResponseRetransmissions']
        Findings                             = $findings
        Path                                 = $Path
    }
}
