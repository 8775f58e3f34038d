<#
    ConnReset.psm1 - loads the localized strings, the precompiled interop
    assembly (bin/ConnReset.Interop.dll, next to the native connreset
    library) and the functions in Private/ and Public/.

    Nothing is compiled here: Add-Type -Path only loads the assembly, and the
    native library itself is loaded on the first call that needs it.
#>

# Localized strings: the UI culture's, else en-US (also when the culture is
# the invariant one, as under LANG=C on Linux).
$localizedData = $null
try
{
    Import-LocalizedData -BindingVariable 'localizedData' -FileName 'ConnReset.strings.psd1' -BaseDirectory $PSScriptRoot -ErrorAction 'Stop'
}
catch
{
    Import-LocalizedData -BindingVariable 'localizedData' -FileName 'ConnReset.strings.psd1' -BaseDirectory $PSScriptRoot -UICulture 'en-US' -ErrorAction 'Stop'
}
$script:localizedData = $localizedData

# The interop assembly stays loaded for the life of the process, so a second
# import (after Remove-Module) must not load it again.
if (-not ('ConnReset.Interop.Snapshot' -as [System.Type]))
{
    $interopPath = Join-Path -Path (Join-Path -Path $PSScriptRoot -ChildPath 'bin') -ChildPath 'ConnReset.Interop.dll'
    Add-Type -Path $interopPath -ErrorAction 'Stop'
}

foreach ($folder in @('Private', 'Public'))
{
    $folderPath = Join-Path -Path $PSScriptRoot -ChildPath $folder
    foreach ($file in @(Get-ChildItem -Path $folderPath -Filter '*.ps1' -File | Sort-Object -Property 'Name'))
    {
        . $file.FullName
    }
}

$publicFolder = Join-Path -Path $PSScriptRoot -ChildPath 'Public'
$publicFunctions = @(Get-ChildItem -Path $publicFolder -Filter '*.ps1' -File | ForEach-Object -Process { $_.BaseName })
Export-ModuleMember -Function $publicFunctions
