<#
.SYNOPSIS
    Builds ConnReset (native library, CLI, PowerShell module) and runs its tests.

.DESCRIPTION
    Drives the CMake presets: configure, build, ctest, stage the module
    (tools/stage-module.ps1), run the Pester suite
    (tests/pester/Invoke-ConnResetTests.ps1, with code coverage). On Windows
    the default toolchain is MSVC (Visual Studio 2022, x64); the 'mingw'
    preset cross-builds connreset.dll from Linux and runs its tests under
    Wine. tools/run-tests.sh runs './build.ps1 -Preset mingw -Test' as one of
    its suites.

    On Linux the staged module holds connreset.dll from the mingw build and
    libconnreset.so from the host build (built here when missing), so the
    same folder loads on Windows and on this machine, and Pester runs it
    here. A step that fails stops the build with its exit code.

.PARAMETER Preset
    host (Linux gcc), asan (gcc with ASan/UBSan), mingw (MinGW-w64 cross
    build, tests under Wine) or msvc (Windows, Visual Studio). Default: msvc
    on Windows, host elsewhere.

.PARAMETER Configuration
    Build configuration for multi-config generators (msvc). Default Release.

.PARAMETER Test
    Run ctest after building, then the module's Pester suite with code
    coverage (results and JaCoCo coverage in build/pester). Pester 5 is
    required: without it the build fails.

.PARAMETER MinimumCoverage
    With -Test, the line coverage of the module the Pester run must reach.
    Default 85.

.PARAMETER SkipModule
    Do not stage the PowerShell module (build/module/ConnReset) or run Pester.

.EXAMPLE
    ./build.ps1 -Test
    Builds with the default toolchain for this OS and runs every test.

.EXAMPLE
    pwsh ./build.ps1 -Preset mingw -Test
    On Linux: cross-builds connreset.dll with MinGW-w64, runs its tests under
    Wine, stages the module and runs Pester.
#>
[CmdletBinding()]
param(
    [ValidateSet('host', 'asan', 'mingw', 'msvc')]
    [System.String] $Preset,

    [ValidateSet('Debug', 'Release', 'RelWithDebInfo')]
    [System.String] $Configuration = 'Release',

    [System.Management.Automation.SwitchParameter] $Test,

    [ValidateRange(0, 100)]
    [System.Double] $MinimumCoverage = 85,

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
    $global:LASTEXITCODE = 0
    & $Script
    if ($LASTEXITCODE -and $LASTEXITCODE -ne 0) {
        throw "$Title failed with exit code $LASTEXITCODE"
    }
}

Push-Location $root
try {
    $nativeDirectories = @()
    if ($Preset -eq 'msvc') {
        $buildDir = Join-Path $root 'build/msvc'
        Invoke-Step 'configure (MSVC x64)' { cmake -S $root -B $buildDir -G 'Visual Studio 17 2022' -A x64 }
        Invoke-Step 'build' { cmake --build $buildDir --config $Configuration }
        $binDir = Join-Path $buildDir "bin/$Configuration"
        if (-not (Test-Path $binDir)) { $binDir = Join-Path $buildDir 'bin' }
        if ($Test) {
            Invoke-Step 'ctest' { ctest --test-dir $buildDir -C $Configuration --output-on-failure }
        }
        $nativeDirectories += $binDir
    }
    else {
        Invoke-Step "configure ($Preset)" { cmake --preset $Preset }
        Invoke-Step "build ($Preset)" { cmake --build --preset $Preset }
        if ($Test) {
            Invoke-Step "ctest ($Preset)" { ctest --preset $Preset }
        }
        $nativeDirectories += Join-Path $root "build/$Preset/bin"
        if ($Preset -eq 'mingw' -and -not $onWindows -and -not $SkipModule) {
            # This machine cannot load connreset.dll: the module also gets
            # libconnreset.so (an up-to-date host build does nothing here).
            Invoke-Step 'configure (host, for the module)' { cmake --preset host | Out-Null }
            Invoke-Step 'build (host library)' { cmake --build --preset host --target connreset | Out-Null }
            $nativeDirectories += Join-Path $root 'build/host/bin'
        }
    }

    if (-not $SkipModule -and $Preset -ne 'asan') {
        $modulePath = Join-Path $root 'build/module/ConnReset'
        Invoke-Step 'stage module' { & (Join-Path $root 'tools/stage-module.ps1') -NativeDirectory $nativeDirectories -OutputPath $modulePath }
        if ($Test) {
            # In a process of its own: the tests must not inherit this script's
            # strict mode and error preference.
            $powershell = 'pwsh'
            if ($PSVersionTable.PSEdition -eq 'Desktop') { $powershell = 'powershell.exe' }
            $runner = Join-Path $root 'tests/pester/Invoke-ConnResetTests.ps1'
            $skipList = @()
            if (-not $onWindows) {
                # Every skip off Windows must be a test of the live machine.
                $skipList = @('-AllowedSkipPath', (Join-Path $root 'tests/pester/linux-skips.txt'), '-SkippedPath', (Join-Path $root 'build/pester/skipped.txt'))
            }
            Invoke-Step 'Pester' { & $powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $runner -ModulePath $modulePath -CodeCoverage -MinimumCoverage $MinimumCoverage @skipList }
        }
    }
}
finally {
    Pop-Location
}
