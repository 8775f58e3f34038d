<#
    .SYNOPSIS
        Attaches SQL Server ERRORLOG files to a snapshot, by instance name.

    .DESCRIPTION
        For each entry (instance name to log path, wildcards allowed), parses
        the log and attaches it to the snapshot, so the certificate check
        knows which certificate an instance with none configured really uses
        (its last 26013 line, or 26018 for a self-generated one).

        Returns nothing when every log was attached, else the exception of the
        first that was not (no file matches, unreadable or malformed log),
        without throwing it (see Open-ConnResetSource).

    .PARAMETER Snapshot
        The snapshot to attach the logs to.

    .PARAMETER ErrorLog
        Instance name (MSSQLSERVER, SQL2017, ...) to the ERRORLOG's path.

    .OUTPUTS
        System.Exception
#>
function Add-ConnResetErrorLog
{
    [CmdletBinding()]
    [OutputType([System.Exception])]
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
        $resolved = Resolve-ConnResetPath -Path ([System.String] $ErrorLog[$instance]) -AsResult
        if ($null -ne $resolved.Exception)
        {
            return $resolved.Exception
        }

        foreach ($file in $resolved.Path)
        {
            Write-Verbose -Message ($script:localizedData.AttachingErrorLog -f $file, $instance)
            $failure = $Snapshot.TryAddErrorLog([System.String] $instance, $file)
            if ($null -ne $failure)
            {
                return $failure
            }
        }
    }
}
