<#
    .SYNOPSIS
        Writes a snapshot of this computer's registry keys that ConnReset reads.

    .DESCRIPTION
        Export-ConnResetSnapshot collects every registry key the ConnReset checks
        read (OS identity, TCP/IP parameters and the others the native library
        lists) from the live registry of this Windows computer and writes them as
        one .reg file (Windows Registry Editor 5.00, UTF-16LE). The file holds
        nothing else, so it can be mailed and analysed on any OS with
        Get-SynProtection -Path, Invoke-ConnResetDiagnosis -Path or the connreset
        CLI. Reading needs no elevation. An existing file is overwritten.

    .PARAMETER Path
        The .reg file to write.

    .EXAMPLE
        Export-ConnResetSnapshot -Path .\$env:COMPUTERNAME.reg

        Writes the snapshot of this computer next to you, named after it.

    .EXAMPLE
        Export-ConnResetSnapshot -Path C:\Temp\sql01.reg -WhatIf

        Shows what would be written, and writes nothing.

    .INPUTS
        None

    .OUTPUTS
        System.IO.FileInfo
#>
function Export-ConnResetSnapshot
{
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([System.IO.FileInfo])]
    param
    (
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Path
    )

    if (-not (Test-ConnResetLiveRegistry))
    {
        $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.LiveRegistryUnavailable' -Message $script:localizedData.LiveRegistryUnavailable -Category 'ResourceUnavailable' -Exception (New-Object -TypeName 'System.PlatformNotSupportedException' -ArgumentList $script:localizedData.LiveRegistryUnavailable)
        $PSCmdlet.ThrowTerminatingError($errorRecord)
    }

    try
    {
        $outFilePath = @(Resolve-ConnResetPath -Path $Path -Literal)[0]
    }
    catch
    {
        $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.FileUnwritable' -MessageFormat $script:localizedData.FileUnwritable -Category 'InvalidArgument' -TargetObject $Path -TargetName $Path
        $PSCmdlet.ThrowTerminatingError($errorRecord)
    }

    $computerName = [System.Environment]::MachineName
    $description = $script:localizedData.ExportDescription -f $computerName, $outFilePath
    $warning = $script:localizedData.ExportWarning -f $computerName, $outFilePath
    if (-not $PSCmdlet.ShouldProcess($description, $warning, $script:localizedData.ExportCaption))
    {
        return
    }

    $source = Open-ConnResetSource
    if ($null -ne $source.ErrorRecord)
    {
        $PSCmdlet.ThrowTerminatingError($source.ErrorRecord)
    }

    try
    {
        try
        {
            $source.Snapshot.Save($outFilePath)
        }
        catch
        {
            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.FileUnwritable' -MessageFormat $script:localizedData.FileUnwritable -Category 'WriteError' -TargetObject $outFilePath -TargetName $outFilePath
            $PSCmdlet.ThrowTerminatingError($errorRecord)
        }

        Write-Verbose -Message ($script:localizedData.Exported -f $outFilePath, $source.Snapshot.KeyCount, $source.Snapshot.ValueCount)
    }
    finally
    {
        $source.Snapshot.Dispose()
    }

    New-Object -TypeName 'System.IO.FileInfo' -ArgumentList $outFilePath
}
