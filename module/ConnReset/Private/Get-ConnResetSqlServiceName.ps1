<#
    .SYNOPSIS
        The Windows service name of a SQL Server instance.

    .DESCRIPTION
        MSSQLSERVER for the default instance, MSSQL$<instance> for a named one.

    .PARAMETER InstanceName
        The instance name (MSSQLSERVER, SQL2019, ...).

    .OUTPUTS
        System.String
#>
function Get-ConnResetSqlServiceName
{
    [CmdletBinding()]
    [OutputType([System.String])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $InstanceName
    )

    if ($InstanceName -eq 'MSSQLSERVER')
    {
        return 'MSSQLSERVER'
    }

    return ('MSSQL$' + $InstanceName)
}
