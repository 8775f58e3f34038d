<#
    .SYNOPSIS
        Builds the object a change command returns.

    .DESCRIPTION
        A 'ConnReset.ChangeResult': what was changed where, the result
        ('Applied', 'Written' or 'NoChange'), the operations, the backup (undo)
        file and how to undo.

    .PARAMETER ComputerName
        The machine the change is for.

    .PARAMETER Source
        'Live' or the snapshot files.

    .PARAMETER Action
        'Disable', 'Enable', 'Reset' or 'Restore'; for the cipher-suite order
        also 'Order', 'Add' or 'Remove'; for a SQL Server certificate 'Set' or
        'Clear'.

    .PARAMETER Result
        'Applied', 'Written' or 'NoChange'.

    .PARAMETER Plan
        The plan (from ConvertFrom-Json of Change.ToJson()).

    .PARAMETER OutFile
        The fix .reg written in snapshot mode.

    .PARAMETER Backup
        The undo .reg.

    .PARAMETER UndoHint
        The command that undoes the change.

    .PARAMETER Message
        One sentence on what happened.

    .OUTPUTS
        ConnReset.ChangeResult
#>
function New-ConnResetChangeResult
{
    # Builds an object in memory; changes nothing, so no ShouldProcess.
    [System.Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '')]
    [CmdletBinding()]
    [OutputType('ConnReset.ChangeResult')]
    param
    (
        [Parameter()]
        [System.String]
        $ComputerName,

        [Parameter()]
        [System.String]
        $Source,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Action,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Result,

        [Parameter(Mandatory = $true)]
        [System.Object]
        $Plan,

        [Parameter()]
        [System.String]
        $OutFile,

        [Parameter()]
        [System.String]
        $Backup,

        [Parameter()]
        [System.String]
        $UndoHint,

        [Parameter()]
        [System.String]
        $Message
    )

    $operations = @(ConvertTo-ConnResetOperation -Plan $Plan)
    $restartRequired = $false
    if ($Result -eq 'Applied' -and $Action -ne 'Restore')
    {
        $restartRequired = $true
    }

    return [PSCustomObject] @{
        PSTypeName      = 'ConnReset.ChangeResult'
        ComputerName    = $ComputerName
        Source          = $Source
        Action          = $Action
        Result          = $Result
        Title           = $Plan.title
        Operations      = $operations
        OutFile         = $OutFile
        Backup          = $Backup
        UndoHint        = $UndoHint
        RestartRequired = $restartRequired
        Note            = $Plan.note
        Message         = $Message
    }
}
