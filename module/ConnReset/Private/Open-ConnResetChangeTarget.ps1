<#
    .SYNOPSIS
        Checks the arguments every change command shares and opens what it
        changes: the live machine or the snapshot files of -Path.

    .DESCRIPTION
        The common start of the change commands, before their planning:
        -Path needs -OutFile; -RestartService needs live mode; -OutFile and
        -BackupPath are resolved before anything is read; live mode needs a
        registry; one -OutFile is written once per pipeline; then the source
        is opened. Errors go through the calling command's $PSCmdlet, so
        their ids stay 'ConnReset.<Id>,<Command>'.

        What is wrong with the call (arguments, no live registry, one
        -OutFile for a second machine) stops the command. A snapshot of this
        input that cannot be read ('ConnReset.SnapshotUnreadable') is written
        as a non-terminating error and $null is returned: the command then
        goes on with its next input.

    .PARAMETER Cmdlet
        The calling command's $PSCmdlet.

    .PARAMETER Path
        The command's -Path (snapshot files), or $null for the live machine.

    .PARAMETER OutFile
        The command's -OutFile, or $null.

    .PARAMETER BackupPath
        The command's -BackupPath, or $null.

    .PARAMETER WrittenOutFiles
        The fix files this pipeline has written so far.

    .PARAMETER RestartService
        The command's -RestartService switch, for commands that have one.

    .OUTPUTS
        System.Management.Automation.PSCustomObject with SnapshotMode,
        TargetName, OutFilePath, BackupFilePath and Source; $null when this
        input's snapshot could not be read (its error is written).
#>
function Open-ConnResetChangeTarget
{
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSCustomObject])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet]
        $Cmdlet,

        [Parameter()]
        [System.String[]]
        $Path,

        [Parameter()]
        [System.Object]
        $OutFile,

        [Parameter()]
        [System.Object]
        $BackupPath,

        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [System.Collections.Hashtable]
        $WrittenOutFiles,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $RestartService
    )

    $snapshotMode = -not [System.String]::IsNullOrEmpty($OutFile)
    if ($null -ne $Path -and -not $snapshotMode)
    {
        $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.OutFileRequired' -Message $script:localizedData.OutFileRequired -Category 'InvalidArgument' -TargetObject $Path
        $Cmdlet.ThrowTerminatingError($errorRecord)
    }

    if ($snapshotMode -and $RestartService.IsPresent)
    {
        $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.RestartServiceNotLive' -Message $script:localizedData.RestartServiceNotLive -Category 'InvalidArgument' -TargetObject $OutFile
        $Cmdlet.ThrowTerminatingError($errorRecord)
    }

    $targetName = 'Live'
    if ($null -ne $Path)
    {
        $targetName = $Path -join ', '
    }

    # Resolve the output paths first: a bad one should stop us before
    # anything is read or planned.
    $outFilePath = $null
    $backupFilePath = $null
    try
    {
        if ($snapshotMode)
        {
            $outFilePath = @(Resolve-ConnResetPath -Path $OutFile -Literal)[0]
        }

        if (-not [System.String]::IsNullOrEmpty($BackupPath))
        {
            $backupFilePath = @(Resolve-ConnResetPath -Path $BackupPath -Literal)[0]
        }
    }
    catch
    {
        $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.FileUnwritable' -MessageFormat $script:localizedData.FileUnwritable -Category 'InvalidArgument' -TargetObject $OutFile -TargetName $OutFile
        $Cmdlet.ThrowTerminatingError($errorRecord)
    }

    if (-not $snapshotMode -and -not (Test-ConnResetLiveRegistry))
    {
        $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.LiveRegistryUnavailable' -Message $script:localizedData.LiveRegistryUnavailable -Category 'ResourceUnavailable' -Exception (New-Object -TypeName 'System.PlatformNotSupportedException' -ArgumentList $script:localizedData.LiveRegistryUnavailable)
        $Cmdlet.ThrowTerminatingError($errorRecord)
    }

    if ($snapshotMode -and $WrittenOutFiles.ContainsKey($outFilePath))
    {
        $message = $script:localizedData.OutFileReused -f $targetName, $outFilePath
        $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.OutFileReused' -Message $message -Category 'InvalidArgument' -TargetObject $outFilePath
        $Cmdlet.ThrowTerminatingError($errorRecord)
    }

    $source = Open-ConnResetSource -Path $Path
    if ($null -ne $source.ErrorRecord)
    {
        if ($source.Live)
        {
            $Cmdlet.ThrowTerminatingError($source.ErrorRecord)
        }

        $Cmdlet.WriteError($source.ErrorRecord)
        return $null
    }

    [PSCustomObject] @{
        SnapshotMode   = $snapshotMode
        TargetName     = $targetName
        OutFilePath    = $outFilePath
        BackupFilePath = $backupFilePath
        Source         = $source
    }
}
