<#
    .SYNOPSIS
        Attaches SQL Server ERRORLOG files to a snapshot, by instance name.

    .DESCRIPTION
        For each entry (instance name to log path, wildcards allowed), parses
        the log and attaches it to the snapshot, so the certificate check
        knows which certificate an instance with none configured really uses
        (its last 26013 line, or 26018 for a self-generated one). Native
        failures (unreadable or malformed log) propagate as
        ConnResetException.

    .PARAMETER Snapshot
        The snapshot to attach the logs to.

    .PARAMETER ErrorLog
        Instance name (MSSQLSERVER, SQL2017, ...) to the ERRORLOG's path.
#>
function Add-ConnResetErrorLog
{
    [CmdletBinding()]
    [OutputType([System.Void])]
    param
    (
        [Parameter(Mandatory = $true)]
        [ConnReset.Interop.Snapshot]
        $Snapshot,

        [Parameter()]
        [System.Collections.IDictionary]
        $ErrorLog
    )

    if ($null -eq $ErrorLog)
    {
        return
    }

    foreach ($instance in @($ErrorLog.Keys))
    {
        foreach ($file in @(Resolve-ConnResetPath -Path ([System.String] $ErrorLog[$instance])))
        {
            Write-Verbose -Message ($script:localizedData.AttachingErrorLog -f $file, $instance)
            $Snapshot.AddErrorLog([System.String] $instance, $file)
        }
    }
}
