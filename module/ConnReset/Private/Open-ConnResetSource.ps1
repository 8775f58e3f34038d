<#
    .SYNOPSIS
        Opens the snapshot a command works on: .reg files or the live registry.

    .DESCRIPTION
        With paths, resolves them and merges the files in order into one
        snapshot (one machine), each read as reg import reads it: a line reg
        import skips is skipped, and said with Write-Warning ("file:line:
        what"). Without, reads the live registry, which only exists on
        Windows.

        It does not throw when the input cannot be read (no file matches, a
        malformed or missing file, an unreadable ERRORLOG, no live registry
        here): it returns an object whose ErrorRecord is the one
        'ConnReset.SnapshotUnreadable' (or 'ConnReset.LiveRegistryUnavailable')
        error to write, and whose Snapshot is $null. PowerShell records every
        exception a function catches in the caller's -ErrorVariable and $Error,
        so throwing here would turn one bad file into four or more error
        records. The caller writes the record (non-terminating for files,
        terminating when Live is true) and disposes the Snapshot.

    .PARAMETER Path
        The .reg files as the user gave them (wildcards allowed).

    .PARAMETER LiteralPath
        File system paths already resolved, taken as they are.

    .PARAMETER ErrorLog
        SQL Server ERRORLOG files to attach: instance name (MSSQLSERVER,
        SQL2017, ...) to the log's path (wildcards allowed).

    .PARAMETER OS
        The machine's Windows release where the snapshot does not say
        (Snapshot.TrySetOs; the -OS, -ClientOS and -ServerOS of the
        commands): an unknown name, or one the snapshot contradicts, is the
        ErrorRecord (CR_EINVAL: 'ConnReset.InvalidArgument').

    .OUTPUTS
        System.Management.Automation.PSCustomObject with Snapshot, ComputerName,
        Source, Path, Live and ErrorRecord.
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
        $ErrorLog,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $OS
    )

    $given = $Path
    $files = @()
    $failure = $null
    if ($null -ne $LiteralPath -and $LiteralPath.Count -gt 0)
    {
        $given = $LiteralPath
        $files = @($LiteralPath)
    }
    elseif ($null -ne $Path -and $Path.Count -gt 0)
    {
        $resolved = Resolve-ConnResetPath -Path $Path -AsResult
        $files = @($resolved.Path)
        $failure = $resolved.Exception
    }

    $live = ($null -eq $given -or $given.Count -eq 0)
    $targetName = 'Live'
    if (-not $live)
    {
        $targetName = $given -join ', '
    }

    $snapshot = $null
    $computerName = $null
    $source = $null
    if ($null -eq $failure -and $live)
    {
        if (Test-ConnResetLiveRegistry)
        {
            $computerName = [System.Environment]::MachineName
            $source = 'Live'
            Write-Verbose -Message ($script:localizedData.ReadingLive -f $computerName)
            # Live failures (access denied, no registry) are rare and stop the
            # command anyway, so the throwing call is good enough here.
            $snapshot = [ConnReset.Interop.Snapshot]::OpenLive()
        }
        else
        {
            $failure = New-Object -TypeName 'System.PlatformNotSupportedException' -ArgumentList $script:localizedData.LiveRegistryUnavailable
        }
    }
    elseif ($null -eq $failure)
    {
        $source = $files -join ', '
        Write-Verbose -Message ($script:localizedData.ReadingFiles -f $source)
        $snapshot = [ConnReset.Interop.Snapshot]::TryOpenFiles([System.String[]] $files, [ref] $failure)
        if ($null -eq $failure)
        {
            foreach ($warning in $snapshot.Warnings)
            {
                Write-Warning -Message ($script:localizedData.ReadingWarning -f $warning)
            }
            $computerName = Get-ConnResetMachineName -Snapshot $snapshot -Path $files
        }
    }

    if ($null -eq $failure -and $null -ne $ErrorLog)
    {
        $failure = Add-ConnResetErrorLog -Snapshot $snapshot -ErrorLog $ErrorLog
    }

    if ($null -eq $failure -and -not [System.String]::IsNullOrEmpty($OS))
    {
        # Fills what a hand-written snapshot lacks; a name the snapshot
        # contradicts is refused (CR_EINVAL).
        $failure = $snapshot.TrySetOs($OS)
    }

    $errorRecord = $null
    if ($null -ne $failure)
    {
        if ($null -ne $snapshot)
        {
            $snapshot.Dispose()
            $snapshot = $null
        }

        $errorRecord = ConvertTo-ConnResetErrorRecord -Exception $failure -ErrorId 'ConnReset.SnapshotUnreadable' -MessageFormat $script:localizedData.SnapshotUnreadable -Category 'ReadError' -TargetObject $given -TargetName $targetName
    }

    [PSCustomObject] @{
        Snapshot     = $snapshot
        ComputerName = $computerName
        Source       = $source
        Path         = [System.String[]] $files
        Live         = $live
        ErrorRecord  = $errorRecord
    }
}
