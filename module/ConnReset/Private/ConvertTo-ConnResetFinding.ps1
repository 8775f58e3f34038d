<#
    .SYNOPSIS
        Turns one finding of a connreset.report/1 JSON report into an object.

    .DESCRIPTION
        Builds a 'ConnReset.Finding' object (Rank, Id, Family, Severity, Title,
        Reason, Evidence, Fix) with nested 'ConnReset.Evidence' and
        'ConnReset.Fix' objects, and the machine it is about.

    .PARAMETER Finding
        One element of the report's "findings" array (from ConvertFrom-Json).

    .PARAMETER ComputerName
        The machine's name.

    .PARAMETER Source
        'Live' or the snapshot files.

    .PARAMETER Path
        The snapshot files, or $null for the live registry.

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
        $Path
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

    return [PSCustomObject] @{
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
}
