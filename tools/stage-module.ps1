<#
    .SYNOPSIS
        Stages the ConnReset PowerShell module (Windows twin of stage-module.sh).

    .DESCRIPTION
        Builds the interop assembly (dotnet build -c Release) and assembles the
        module folder: ConnReset.psd1, ConnReset.psm1, ConnReset.format.ps1xml,
        Public, Private, en-US, PolicyDefinitions (the admx templates),
        bin\ConnReset.Interop.dll and the native library
        (connreset.dll from a MinGW or MSVC build, or libconnreset.so) from
        NativeDirectory. build.ps1 calls it.

    .PARAMETER NativeDirectory
        A CMake build directory or its bin folder, where the native library was
        built. Default: build\mingw\bin if it holds connreset.dll, else
        build\host\bin. Alias: NativeDir.

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
    [System.String]
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
    $NativeDirectory = Join-Path -Path $root -ChildPath 'build/mingw/bin'
    if (-not (Test-Path -LiteralPath (Join-Path -Path $NativeDirectory -ChildPath 'connreset.dll')))
    {
        $NativeDirectory = Join-Path -Path $root -ChildPath 'build/host/bin'
    }
}
elseif (Test-Path -LiteralPath (Join-Path -Path $NativeDirectory -ChildPath 'bin') -PathType Container)
{
    # A build directory keeps the library in bin.
    $NativeDirectory = Join-Path -Path $NativeDirectory -ChildPath 'bin'
}

if (-not $OutputPath)
{
    $OutputPath = Join-Path -Path $root -ChildPath 'build/module/ConnReset'
}

$source = Join-Path -Path $root -ChildPath 'module/ConnReset'
$interopProject = Join-Path -Path $root -ChildPath 'module/interop/ConnReset.Interop.csproj'
$interopDll = Join-Path -Path $root -ChildPath ('module/interop/bin/{0}/netstandard2.0/ConnReset.Interop.dll' -f $Configuration)

$nativeFiles = @(
    foreach ($name in @('connreset.dll', 'libconnreset.so', 'libconnreset.dylib'))
    {
        $candidate = Join-Path -Path $NativeDirectory -ChildPath $name
        if (Test-Path -LiteralPath $candidate -PathType Leaf)
        {
            $candidate
        }
    }
)
if ($nativeFiles.Count -eq 0)
{
    throw ("stage-module: no connreset.dll, libconnreset.so or libconnreset.dylib in '{0}'; build the native library first." -f $NativeDirectory)
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
foreach ($name in @('ConnReset.psd1', 'ConnReset.psm1', 'ConnReset.format.ps1xml'))
{
    Copy-Item -LiteralPath (Join-Path -Path $source -ChildPath $name) -Destination $OutputPath
}

foreach ($folder in @('Public', 'Private', 'en-US'))
{
    Copy-Item -LiteralPath (Join-Path -Path $source -ChildPath $folder) -Destination $OutputPath -Recurse
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

# MinGW runtime DLLs, when the DLL was not linked statically.
foreach ($name in @('libgcc_s_seh-1.dll', 'libwinpthread-1.dll', 'libssp-0.dll'))
{
    $candidate = Join-Path -Path $NativeDirectory -ChildPath $name
    if (Test-Path -LiteralPath $candidate -PathType Leaf)
    {
        Copy-Item -LiteralPath $candidate -Destination $binPath
    }
}

Write-Host ('stage-module: staged {0}' -f $OutputPath)
Get-ChildItem -LiteralPath $OutputPath -Recurse -File | ForEach-Object -Process { '  ' + $_.FullName.Substring($OutputPath.Length + 1) }
