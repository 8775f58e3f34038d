<#
    .SYNOPSIS
        Stages the ConnReset PowerShell module (Windows twin of stage-module.sh).

    .DESCRIPTION
        Builds the interop assembly (dotnet build -c Release) and assembles the
        module folder: ConnReset.psd1, ConnReset.format.ps1xml,
        ConnReset.Functions.ps1 (the functions of Private and Public in one
        file), ConnReset.psm1 (the root script, which dot-sources it), en-US, PolicyDefinitions (the admx templates),
        bin\ConnReset.Interop.dll and the native library
        (connreset.dll from a MinGW or MSVC build, or libconnreset.so) from
        NativeDirectory. build.ps1 calls it.

    .PARAMETER NativeDirectory
        CMake build directories or their bin folders, where the native library
        was built; give two (a mingw or msvc build and a host build) for a
        module that loads on Windows and on Linux. Default: build\mingw\bin
        if it holds connreset.dll, else build\host\bin. Alias: NativeDir.

    .PARAMETER OutputPath
        The staged module folder. Default: build\module\ConnReset.

    .PARAMETER Configuration
        The dotnet build configuration. Default: Release.

    .EXAMPLE
        .\tools\stage-module.ps1 -NativeDirectory .\build\msvc\bin\Release
#>
[CmdletBinding()]
param
(
    [Parameter()]
    [Alias('NativeDir')]
    [System.String[]]
    $NativeDirectory,

    [Parameter()]
    [System.String]
    $OutputPath,

    [Parameter()]
    [System.String]
    $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Path $PSScriptRoot -Parent

if (-not $NativeDirectory)
{
    $NativeDirectory = @(Join-Path -Path $root -ChildPath 'build/mingw/bin')
    if (-not (Test-Path -LiteralPath (Join-Path -Path $NativeDirectory[0] -ChildPath 'connreset.dll')))
    {
        $NativeDirectory = @(Join-Path -Path $root -ChildPath 'build/host/bin')
    }
}

# A build directory keeps the library in bin.
$NativeDirectory = @(
    foreach ($directory in $NativeDirectory)
    {
        if (Test-Path -LiteralPath (Join-Path -Path $directory -ChildPath 'bin') -PathType Container)
        {
            Join-Path -Path $directory -ChildPath 'bin'
        }
        else
        {
            $directory
        }
    }
)

if (-not $OutputPath)
{
    $OutputPath = Join-Path -Path $root -ChildPath 'build/module/ConnReset'
}

$source = Join-Path -Path $root -ChildPath 'module/ConnReset'
$interopProject = Join-Path -Path $root -ChildPath 'module/interop/ConnReset.Interop.csproj'
$interopDll = Join-Path -Path $root -ChildPath ('module/interop/bin/{0}/netstandard2.0/ConnReset.Interop.dll' -f $Configuration)

# The MinGW runtime DLLs go along when the DLL was not linked statically.
$nativeFiles = @(
    foreach ($directory in $NativeDirectory)
    {
        foreach ($name in @('connreset.dll', 'libconnreset.so', 'libconnreset.dylib', 'libgcc_s_seh-1.dll', 'libwinpthread-1.dll', 'libssp-0.dll'))
        {
            $candidate = Join-Path -Path $directory -ChildPath $name
            if (Test-Path -LiteralPath $candidate -PathType Leaf)
            {
                $candidate
            }
        }
    }
)
if (@($nativeFiles | Where-Object -FilterScript { $_ -match '(connreset\.dll|libconnreset\.so|libconnreset\.dylib)$' }).Count -eq 0)
{
    throw ("stage-module: no connreset.dll, libconnreset.so or libconnreset.dylib in '{0}'; build the native library first." -f ($NativeDirectory -join "', '"))
}

Write-Host ('stage-module: building {0} ({1})' -f $interopProject, $Configuration)
& dotnet build $interopProject -c $Configuration -nologo -v quiet
if ($LASTEXITCODE -ne 0)
{
    throw ('stage-module: dotnet build failed with exit code {0}' -f $LASTEXITCODE)
}

if (-not (Test-Path -LiteralPath $interopDll -PathType Leaf))
{
    throw ('stage-module: {0} was not built' -f $interopDll)
}

if (Test-Path -LiteralPath $OutputPath)
{
    Remove-Item -LiteralPath $OutputPath -Recurse -Force
}

$binPath = Join-Path -Path $OutputPath -ChildPath 'bin'
$null = New-Item -Path $binPath -ItemType Directory -Force
foreach ($name in @('ConnReset.psd1', 'ConnReset.format.ps1xml'))
{
    Copy-Item -LiteralPath (Join-Path -Path $source -ChildPath $name) -Destination $OutputPath
}

Copy-Item -LiteralPath (Join-Path -Path $source -ChildPath 'en-US') -Destination $OutputPath -Recurse

# The staged scripts: ConnReset.Functions.ps1 holds the text of Private/*.ps1
# and Public/*.ps1 (in ordinal name order); ConnReset.psm1 is the root script
# with its 'Functions' region replaced by a dot-source of that file and an
# Export-ModuleMember of the Public names. The functions stay out of the root
# script because PowerShell resolves every type name of a script that defines
# classes when it parses it. ASCII, LF line ends; the same bytes as
# tools/stage-module.sh (a Pester test compares them).
$rootLines = @([System.IO.File]::ReadAllLines((Join-Path -Path $source -ChildPath 'ConnReset.psm1')))
$regionStart = [System.Array]::IndexOf($rootLines, '#region Functions')
if ($regionStart -lt 0)
{
    throw "stage-module: $source/ConnReset.psm1 has no '#region Functions' ... '#endregion'"
}

$regionEnd = $regionStart + 1
while ($regionEnd -lt $rootLines.Count -and -not $rootLines[$regionEnd].StartsWith('#endregion'))
{
    $regionEnd++
}

$functionFiles = New-Object -TypeName 'System.Collections.Generic.List[System.String]'
foreach ($folder in @('Private', 'Public'))
{
    $names = [System.IO.Directory]::GetFiles((Join-Path -Path $source -ChildPath $folder), '*.ps1') | ForEach-Object -Process { [System.IO.Path]::GetFileName($_) }
    $names = [System.String[]] @($names)
    [System.Array]::Sort($names, [System.StringComparer]::Ordinal)
    foreach ($name in $names)
    {
        $functionFiles.Add($folder + '/' + $name)
    }
}

$functions = New-Object -TypeName 'System.Text.StringBuilder'
$null = $functions.Append("# ConnReset.Functions.ps1: Private/*.ps1 and Public/*.ps1 of the ConnReset`n")
$null = $functions.Append("# module in one file, staged by tools/stage-module; ConnReset.psm1 dot-sources it.`n")
foreach ($file in $functionFiles)
{
    $lines = [System.IO.File]::ReadAllLines((Join-Path -Path $source -ChildPath $file))
    if (@($lines | Where-Object -FilterScript { $_ -match '^\s*using\s' }).Count -gt 0)
    {
        throw "stage-module: $file has a using statement: it belongs at the top of ConnReset.psm1"
    }

    # The blank line keeps "#region" out of the comment-based help below it
    # (comments on adjacent lines are read as one block).
    $null = $functions.Append("#region $file`n`n")
    foreach ($line in $lines)
    {
        $null = $functions.Append($line).Append("`n")
    }

    $null = $functions.Append("#endregion $file`n")
}

$merged = New-Object -TypeName 'System.Text.StringBuilder'
foreach ($line in $rootLines[0..($regionStart - 1)])
{
    $null = $merged.Append($line).Append("`n")
}

$null = $merged.Append("#region Functions (staged from Private/ and Public/ by tools/stage-module)`n")
$null = $merged.Append("# In their own file: parsed with the classes below, every type name in them`n")
$null = $merged.Append("# would be resolved at import.`n")
$null = $merged.Append(". ([System.IO.Path]::Combine(`$PSScriptRoot, 'ConnReset.Functions.ps1'))`n")
$null = $merged.Append("Export-ModuleMember -Function @(`n")
foreach ($file in $functionFiles)
{
    if ($file.StartsWith('Public/'))
    {
        $null = $merged.Append("    '").Append([System.IO.Path]::GetFileNameWithoutExtension($file)).Append("'`n")
    }
}

$null = $merged.Append(")`n#endregion`n")
for ($i = $regionEnd + 1; $i -lt $rootLines.Count; $i++)
{
    $null = $merged.Append($rootLines[$i]).Append("`n")
}

$ascii = New-Object -TypeName 'System.Text.ASCIIEncoding'
foreach ($staged in @(@('ConnReset.psm1', $merged.ToString()), @('ConnReset.Functions.ps1', $functions.ToString())))
{
    if ($staged[1] -match '[^\x00-\x7F]')
    {
        throw 'stage-module: ConnReset.psm1, Private/ and Public/ must be ASCII (Windows PowerShell 5.1 reads BOM-less scripts in the ANSI code page)'
    }

    [System.IO.File]::WriteAllText((Join-Path -Path $OutputPath -ChildPath $staged[0]), $staged[1], $ascii)
}

# The Group Policy templates (Install-ConnResetPolicyDefinition copies them
# from here): ConnReset.admx and <culture>\ConnReset.adml, not the JSON table.
$admxSource = Join-Path -Path $root -ChildPath 'admx'
$policyPath = Join-Path -Path $OutputPath -ChildPath 'PolicyDefinitions'
$null = New-Item -Path $policyPath -ItemType Directory -Force
Copy-Item -LiteralPath (Join-Path -Path $admxSource -ChildPath 'ConnReset.admx') -Destination $policyPath
foreach ($adml in @(Get-ChildItem -Path $admxSource -Directory | ForEach-Object -Process { Join-Path -Path $_.FullName -ChildPath 'ConnReset.adml' } | Where-Object -FilterScript { Test-Path -LiteralPath $_ -PathType Leaf }))
{
    $culturePath = Join-Path -Path $policyPath -ChildPath (Split-Path -Path (Split-Path -Path $adml -Parent) -Leaf)
    $null = New-Item -Path $culturePath -ItemType Directory -Force
    Copy-Item -LiteralPath $adml -Destination $culturePath
}

Copy-Item -LiteralPath $interopDll -Destination $binPath
foreach ($file in $nativeFiles)
{
    Copy-Item -LiteralPath $file -Destination $binPath
}

Write-Host ('stage-module: staged {0}' -f $OutputPath)
Get-ChildItem -LiteralPath $OutputPath -Recurse -File | ForEach-Object -Process { '  ' + $_.FullName.Substring($OutputPath.Length + 1) }
