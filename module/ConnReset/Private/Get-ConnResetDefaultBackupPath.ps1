<#
    .SYNOPSIS
        The default path of an undo .reg taken before a live change.

    .DESCRIPTION
        $env:ProgramData\ConnReset\Backups\<name>-<yyyyMMdd-HHmmss-fff>.reg,
        the folder the CLI uses too. The folder is not created here: the caller
        creates it only when it really writes.

    .PARAMETER Name
        What the backup is for ('syn', 'restore').

    .OUTPUTS
        System.String
#>
function Get-ConnResetDefaultBackupPath
{
    [CmdletBinding()]
    [OutputType([System.String])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Name
    )

    $base = $env:ProgramData
    if ([System.String]::IsNullOrEmpty($base))
    {
        $base = [System.Environment]::GetFolderPath('CommonApplicationData')
    }

    $folder = Join-Path -Path (Join-Path -Path $base -ChildPath 'ConnReset') -ChildPath 'Backups'
    $stamp = (Get-Date).ToString('yyyyMMdd-HHmmss-fff', [System.Globalization.CultureInfo]::InvariantCulture)
    return (Join-Path -Path $folder -ChildPath ('{0}-{1}.reg' -f $Name, $stamp))
}
