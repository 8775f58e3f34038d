<#
.SYNOPSIS
    Builds ConnReset (native library, CLI, PowerShell module) and runs its tests.

.DESCRIPTION
    Drives the same steps as the CMake presets and tools/run-tests.sh:
    configure, build, ctest, stage the module, run Pester. On Windows the
    default toolchain is MSVC (Visual Studio 2022, x64); the 'mingw' preset
    cross-builds from Linux and runs the Windows tests under Wine.

.PARAMETER Preset
    host (Linux gcc), asan (gcc with ASan/UBSan), mingw (MinGW-w64 cross
    build, tests under Wine) or msvc (Windows, Visual Studio). Default: msvc
    on Windows, host elsewhere.

.PARAMETER Configuration
    Build configuration for multi-config generators (msvc). Default Release.

.PARAMETER Test
    Run ctest after building, then the module's Pester tests when Pester 5
    is installed.

.PARAMETER SkipModule
    Do not stage the PowerShell module (build/module/ConnReset).

.EXAMPLE
    ./build.ps1 -Test
    Builds with the default toolchain for this OS and runs every test.

.EXAMPLE
    ./build.ps1 -Preset mingw -Test
    Cross-builds connreset.dll with MinGW-w64 on Linux and runs its tests under Wine.
#>
[CmdletBinding()]
param(
    [ValidateSet('host', 'asan', 'mingw', 'msvc')]
    [System.String] $Preset,

    [ValidateSet('Debug', 'Release', 'RelWithDebInfo')]
    [System.String] $Configuration = 'Release',

    [System.Management.Automation.SwitchParameter] $Test,

    [System.Management.Automation.SwitchParameter] $SkipModule
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
# $IsWindows does not exist on Windows PowerShell 5.1, which only runs on Windows.
$onWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or $IsWindows

if (-not $Preset) {
    if ($onWindows) { $Preset = 'msvc' } else { $Preset = 'host' }
}

function Invoke-Step {
    param([System.String] $Title, [System.Management.Automation.ScriptBlock] $Script)
    Write-Host "== $Title" -ForegroundColor Cyan
    & $Script
    if ($LASTEXITCODE -and $LASTEXITCODE -ne 0) {
        throw "$Title failed with exit code $LASTEXITCODE"
    }
}

Push-Location $root
try {
    if ($Preset -eq 'msvc') {
        $buildDir = Join-Path $root 'build/msvc'
        Invoke-Step 'configure (MSVC x64)' { cmake -S $root -B $buildDir -G 'Visual Studio 17 2022' -A x64 }
        Invoke-Step 'build' { cmake --build $buildDir --config $Configuration }
        $binDir = Join-Path $buildDir "bin/$Configuration"
        if (-not (Test-Path $binDir)) { $binDir = Join-Path $buildDir 'bin' }
        if ($Test) {
            Invoke-Step 'ctest' { ctest --test-dir $buildDir -C $Configuration --output-on-failure }
        }
    }
    else {
        Invoke-Step "configure ($Preset)" { cmake --preset $Preset }
        Invoke-Step 'build' { cmake --build --preset $Preset }
        $binDir = Join-Path $root "build/$Preset/bin"
        if ($Test) {
            Invoke-Step 'ctest' { ctest --preset $Preset }
        }
    }

    if (-not $SkipModule -and $Preset -ne 'asan') {
        Invoke-Step 'stage module' { & (Join-Path $root 'tools/stage-module.ps1') -NativeDir $binDir }
        if ($Test) {
            $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [System.Version] '5.0' }
            if ($pester) {
                Import-Module Pester -MinimumVersion 5.0
                $config = New-PesterConfiguration
                $config.Run.Path = Join-Path $root 'tests/pester'
                $config.Run.Exit = $true
                $config.Output.Verbosity = 'Detailed'
                Invoke-Pester -Configuration $config
            }
            else {
                Write-Warning 'Pester 5 is not installed: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser'
            }
        }
    }
}
finally {
    Pop-Location
}
