<#
    .SYNOPSIS
        Opens the snapshot a command works on: .reg files or the live registry.

    .DESCRIPTION
        With paths, resolves them and merges the files in order into one
        snapshot (one machine), each read as reg import reads it: a line reg
        import skips is skipped, and said with Write-Warning ("file:line:
        what"). Without, reads the live registry, which only
        exists on Windows: elsewhere it throws a PlatformNotSupportedException
        that ConvertTo-ConnResetErrorRecord turns into
        'ConnReset.LiveRegistryUnavailable'. Native failures propagate as
        ConnResetException. The caller disposes the Snapshot.

    .PARAMETER Path
        The .reg files as the user gave them (wildcards allowed).

    .PARAMETER LiteralPath
        File system paths already resolved, taken as they are.

    .PARAMETER ErrorLog
        SQL Server ERRORLOG files to attach: instance name (MSSQLSERVER,
        SQL2017, ...) to the log's path (wildcards allowed).

    .OUTPUTS
        System.Management.Automation.PSCustomObject with Snapshot, ComputerName,
        Source and Path.
#>
function Open-ConnResetSource
{
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSCustomObject])]
    param
    (
        [Parameter()]
        [System.String[]]
        $Path,

        [Parameter()]
        [System.String[]]
        $LiteralPath,

        [Parameter()]
        [System.Collections.IDictionary]
        $ErrorLog
    )

    $files = @()
    if ($null -ne $LiteralPath -and $LiteralPath.Count -gt 0)
    {
        $files = @($LiteralPath)
    }
    elseif ($null -ne $Path -and $Path.Count -gt 0)
    {
        $files = @(Resolve-ConnResetPath -Path $Path)
    }

    if ($files.Count -eq 0)
    {
        if (-not (Test-ConnResetLiveRegistry))
        {
            throw (New-Object -TypeName 'System.PlatformNotSupportedException' -ArgumentList $script:localizedData.LiveRegistryUnavailable)
        }

        $computerName = [System.Environment]::MachineName
        Write-Verbose -Message ($script:localizedData.ReadingLive -f $computerName)
        $snapshot = [ConnReset.Interop.Snapshot]::OpenLive()
        try
        {
            Add-ConnResetErrorLog -Snapshot $snapshot -ErrorLog $ErrorLog
        }
        catch
        {
            $snapshot.Dispose()
            throw
        }

        return [PSCustomObject] @{
            Snapshot     = $snapshot
            ComputerName = $computerName
            Source       = 'Live'
            Path         = $null
        }
    }

    $source = $files -join ', '
    Write-Verbose -Message ($script:localizedData.ReadingFiles -f $source)
    $snapshot = [ConnReset.Interop.Snapshot]::OpenFiles([System.String[]] $files)
    foreach ($warning in $snapshot.Warnings)
    {
        Write-Warning -Message ($script:localizedData.ReadingWarning -f $warning)
    }

    try
    {
        $computerName = Get-ConnResetMachineName -Snapshot $snapshot -Path $files
        Add-ConnResetErrorLog -Snapshot $snapshot -ErrorLog $ErrorLog
    }
    catch
    {
        $snapshot.Dispose()
        throw
    }

    return [PSCustomObject] @{
        Snapshot     = $snapshot
        ComputerName = $computerName
        Source       = $source
        Path         = [System.String[]] $files
    }
}
