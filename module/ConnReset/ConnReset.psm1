<#
    ConnReset.psm1 - the module's root script: loads the localized strings,
    the precompiled interop assembly (bin/ConnReset.Interop.dll, next to the
    native connreset library) and the functions in Private/ and Public/.

    Staging (tools/stage-module.sh, tools/stage-module.ps1) builds the staged
    module's ConnReset.psm1 from this file: the 'Functions' region at the end
    is replaced by the text of Private/*.ps1 and Public/*.ps1 and an
    Export-ModuleMember of the Public names, so an import parses one file
    instead of dot-sourcing fifty. Everything else here (using statements and
    classes at the top, as PowerShell requires, and the code below) is kept
    as it is. Run from the source folder, the region dot-sources the files.

    Import time is measured by tools/bench/Measure-ImportTime.ps1. The code
    below calls .NET rather than Import-LocalizedData, Add-Type, Join-Path or
    Get-ChildItem: those would load Microsoft.PowerShell.Utility and
    Microsoft.PowerShell.Management into the session on every import. Nothing
    is compiled here, and the native library is loaded on the first call that
    needs it.
#>

#region Localized strings
# The strings file of the UI culture or of its parent (de-AT, then de), else
# en-US (also for the invariant culture, as under LANG=C on Linux). The file
# is the ConvertFrom-StringData block Import-LocalizedData reads; it holds
# one 'Key = Message' per line and no backslashes (tests/module_qa.py checks
# that, and a Pester test that this gives what Import-LocalizedData gives).
$stringsPath = $null
$culture = [System.Globalization.CultureInfo]::CurrentUICulture
while ($null -eq $stringsPath -and -not [System.String]::IsNullOrEmpty($culture.Name))
{
    $candidate = [System.IO.Path]::Combine($PSScriptRoot, $culture.Name, 'ConnReset.strings.psd1')
    if ([System.IO.File]::Exists($candidate))
    {
        $stringsPath = $candidate
    }

    $culture = $culture.Parent
}

if ($null -eq $stringsPath)
{
    $stringsPath = [System.IO.Path]::Combine($PSScriptRoot, 'en-US', 'ConnReset.strings.psd1')
}

$script:localizedData = @{}
$inBlock = $false
foreach ($line in [System.IO.File]::ReadAllLines($stringsPath))
{
    $trimmed = $line.Trim()
    if (-not $inBlock)
    {
        $inBlock = $trimmed.EndsWith("@'")
        continue
    }

    if ($trimmed -eq "'@")
    {
        break
    }

    $equals = $trimmed.IndexOf('=')
    if ($equals -gt 0 -and -not $trimmed.StartsWith('#'))
    {
        $script:localizedData[$trimmed.Substring(0, $equals).TrimEnd()] = $trimmed.Substring($equals + 1).TrimStart()
    }
}
#endregion

#region Interop assembly
# It stays loaded for the life of the process, so a second import (after
# Remove-Module) must not load it again.
if (-not ('ConnReset.Interop.Snapshot' -as [System.Type]))
{
    $null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($PSScriptRoot, 'bin', 'ConnReset.Interop.dll'))
}
#endregion

#region Functions
# Staging replaces this region with the functions themselves.
$publicFunctions = New-Object -TypeName 'System.Collections.Generic.List[System.String]'
foreach ($folder in @('Private', 'Public'))
{
    $files = [System.IO.Directory]::GetFiles([System.IO.Path]::Combine($PSScriptRoot, $folder), '*.ps1')
    [System.Array]::Sort($files, [System.StringComparer]::Ordinal)
    foreach ($file in $files)
    {
        . $file
        if ($folder -eq 'Public')
        {
            $publicFunctions.Add([System.IO.Path]::GetFileNameWithoutExtension($file))
        }
    }
}

Export-ModuleMember -Function $publicFunctions.ToArray()
#endregion
