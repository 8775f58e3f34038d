<#
    .SYNOPSIS
        Turns one finding of a connreset.report/1 JSON report into an object.

    .DESCRIPTION
        Builds a 'ConnReset.Finding' object (Rank, Id, Family, Severity, Title,
        Reason, Evidence, Fix) with nested 'ConnReset.Evidence' and
        'ConnReset.Fix' objects, and the machine it is about. With -Machine
        (a client/server diagnosis) the object also gets a Machine property:
        'Client', 'Server' or 'Pair'.

    .PARAMETER Finding
        One element of the report's "findings" array (from ConvertFrom-Json).

    .PARAMETER ComputerName
        The machine's name.

    .PARAMETER Source
        'Live' or the snapshot files.

    .PARAMETER Path
        The snapshot files, or $null for the live registry.

    .PARAMETER Machine
        Which side of a client/server pair the finding is about: 'Client',
        'Server' or 'Pair' (both together).

    .OUTPUTS
        ConnReset.Finding
#>
function ConvertTo-ConnResetFinding
{
    [CmdletBinding()]
    [OutputType('ConnReset.Finding')]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Finding,

        [Parameter()]
        [System.String]
        $ComputerName,

        [Parameter()]
        [System.String]
        $Source,

        [Parameter()]
        [System.String[]]
        $Path,

        [Parameter()]
        [ValidateSet('Client', 'Server', 'Pair')]
        [System.String]
        $Machine
    )

    $evidence = @(
        foreach ($item in $Finding.evidence)
        {
            [PSCustomObject] @{
                PSTypeName = 'ConnReset.Evidence'
                Key        = $item.key
                Value      = $item.value
                Data       = $item.data
            }
        }
    )

    $fix = $null
    if ($null -ne $Finding.fix)
    {
        $fix = [PSCustomObject] @{
            PSTypeName = 'ConnReset.Fix'
            Cmdlet     = $Finding.fix.cmdlet
            Cli        = $Finding.fix.cli
            Gpo        = $Finding.fix.gpo
            Note       = $Finding.fix.note
        }
    }

    $result = [PSCustomObject] @{
        PSTypeName   = 'ConnReset.Finding'
        Rank         = $Finding.rank
        Id           = $Finding.id
        Family       = $Finding.family
        Severity     = (ConvertTo-ConnResetText -Text $Finding.severity)
        Title        = $Finding.title
        Reason       = $Finding.reason
        Evidence     = $evidence
        Fix          = $fix
        ComputerName = $ComputerName
        Source       = $Source
        Path         = $Path
    }

    if ($PSBoundParameters.ContainsKey('Machine'))
    {
        Add-Member -InputObject $result -MemberType 'NoteProperty' -Name 'Machine' -Value $Machine
    }

    return $result
}
