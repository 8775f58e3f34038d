<#
    .SYNOPSIS
        Turns a failure of Change.ApplyLive() into an ErrorRecord.

    .DESCRIPTION
        Picks the id from the native code: CR_EROLLEDBACK is
        'ConnReset.ChangeRolledBack', CR_EROLLBACK 'ConnReset.RollbackFailed'
        (the backup must be imported by hand), CR_EVERIFY
        'ConnReset.ChangeNotVerified', anything else 'ConnReset.ChangeFailed'
        (or the fixed ids ConvertTo-ConnResetErrorRecord gives CR_EACCES and
        the like). The message names the backup file.

    .PARAMETER ErrorRecord
        The caught error ($_).

    .PARAMETER ComputerName
        The machine that was being changed.

    .PARAMETER BackupPath
        The undo .reg written before the change.

    .OUTPUTS
        System.Management.Automation.ErrorRecord
#>
function ConvertTo-ConnResetApplyErrorRecord
{
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.ErrorRecord]
        $ErrorRecord,

        [Parameter()]
        [System.String]
        $ComputerName,

        [Parameter()]
        [System.String]
        $BackupPath
    )

    $native = Get-ConnResetNativeException -Exception $ErrorRecord.Exception
    $codeName = $null
    if ($null -ne $native)
    {
        $codeName = $native.CodeName
    }

    $errorId = 'ConnReset.ChangeFailed'
    $format = $script:localizedData.ChangeFailed
    if ($codeName -eq 'CR_EROLLEDBACK')
    {
        $errorId = 'ConnReset.ChangeRolledBack'
        $format = $script:localizedData.ChangeRolledBack
    }
    elseif ($codeName -eq 'CR_EROLLBACK')
    {
        $errorId = 'ConnReset.RollbackFailed'
        $format = $script:localizedData.RollbackFailed
    }
    elseif ($codeName -eq 'CR_EVERIFY')
    {
        $errorId = 'ConnReset.ChangeNotVerified'
        $format = $script:localizedData.ChangeNotVerified
    }

    return (ConvertTo-ConnResetErrorRecord -ErrorRecord $ErrorRecord -ErrorId $errorId -MessageFormat $format -Category 'WriteError' -TargetObject $ComputerName -TargetName $BackupPath)
}
