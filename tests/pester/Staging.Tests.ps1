#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

<#
    The two staging scripts (tools/stage-module.sh and its Windows twin
    tools/stage-module.ps1) build the same module, and the staged root script
    is the source's with its 'Functions' region replaced. They need the
    repository's sources and the .NET SDK (they build the interop assembly);
    the shell one needs bash.
#>

BeforeDiscovery {
    $repository = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    $haveSources = Test-Path -LiteralPath (Join-Path -Path $repository -ChildPath 'module/ConnReset/ConnReset.psm1')
    $haveDotnet = $null -ne (Get-Command -Name 'dotnet' -CommandType 'Application' -ErrorAction 'Ignore')
    $haveBash = $null -ne (Get-Command -Name 'bash' -CommandType 'Application' -ErrorAction 'Ignore')
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    $repository = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    $source = Join-Path -Path $repository -ChildPath 'module/ConnReset'
    # The native libraries of the module under test serve as the build's.
    $nativeDirectory = Join-Path -Path (Split-Path -Path (Get-ConnResetTestModulePath) -Parent) -ChildPath 'bin'
    $fromPowerShell = Join-Path -Path $TestDrive -ChildPath 'ps/ConnReset'
    $fromShell = Join-Path -Path $TestDrive -ChildPath 'sh/ConnReset'

    function Get-StagedFile
    {
        param ([System.String] $Folder)

        Get-ChildItem -LiteralPath $Folder -Recurse -File | ForEach-Object -Process { $_.FullName.Substring($Folder.Length + 1).Replace('\', '/') } | Sort-Object
    }
}

Describe 'Staging the module' -Tag 'Staging' {
    It 'Should put the functions into the root script and keep the rest of it (stage-module.ps1)' -Skip:(-not ($haveSources -and $haveDotnet)) {
        & (Join-Path -Path $repository -ChildPath 'tools/stage-module.ps1') -NativeDirectory $nativeDirectory -OutputPath $fromPowerShell 6>&1 | Out-Null
        $staged = [System.IO.File]::ReadAllText((Join-Path -Path $fromPowerShell -ChildPath 'ConnReset.psm1'))
        $root = [System.IO.File]::ReadAllText((Join-Path -Path $source -ChildPath 'ConnReset.psm1')).Replace("`r`n", "`n")
        $before = $root.Substring(0, $root.IndexOf("#region Functions`n"))
        $staged.StartsWith($before) | Should -BeTrue -Because 'the root script''s own content (using statements, classes, strings, assembly) comes first, unchanged'
        foreach ($file in @(Get-ChildItem -Path (Join-Path -Path $source -ChildPath 'Private'), (Join-Path -Path $source -ChildPath 'Public') -Filter '*.ps1'))
        {
            $text = [System.IO.File]::ReadAllText($file.FullName).Replace("`r`n", "`n")
            $staged.Contains($text) | Should -BeTrue -Because "$($file.Name) is in the staged root script"
        }

        $staged | Should -Not -Match '\. \$file'
        @(Get-StagedFile -Folder $fromPowerShell | Where-Object -FilterScript { $_ -like 'Public/*' -or $_ -like 'Private/*' }) | Should -BeNullOrEmpty
    }

    It 'Should stage the same files and bytes with stage-module.sh' -Skip:(-not ($haveSources -and $haveDotnet -and $haveBash)) {
        if (-not (Test-Path -LiteralPath $fromPowerShell))
        {
            & (Join-Path -Path $repository -ChildPath 'tools/stage-module.ps1') -NativeDirectory $nativeDirectory -OutputPath $fromPowerShell 6>&1 | Out-Null
        }

        $null = & bash (Join-Path -Path $repository -ChildPath 'tools/stage-module.sh') $nativeDirectory $fromShell 2>&1
        $LASTEXITCODE | Should -Be 0
        (Get-StagedFile -Folder $fromShell) -join ',' | Should -Be ((Get-StagedFile -Folder $fromPowerShell) -join ',')
        foreach ($name in @(Get-StagedFile -Folder $fromShell))
        {
            $a = [System.IO.File]::ReadAllBytes((Join-Path -Path $fromShell -ChildPath $name))
            $b = [System.IO.File]::ReadAllBytes((Join-Path -Path $fromPowerShell -ChildPath $name))
            [System.Convert]::ToBase64String($a) -eq [System.Convert]::ToBase64String($b) | Should -BeTrue -Because "$name is the same from both scripts"
        }
    }
}
