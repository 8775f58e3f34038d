#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

<#
    The two staging scripts (tools/stage-module.sh and its Windows twin
    tools/stage-module.ps1) build the same module, and the staged root script
    is the source's with its 'Functions' region replaced. They need the
    repository's sources and the .NET SDK (they build the interop assembly);
    the shell one needs bash. The functions go to ConnReset.Functions.ps1,
    apart from the root script's classes (see tools/stage-module.sh).
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
    It 'Should put the functions into one file the root script dot-sources, and keep the rest of it (stage-module.ps1)' -Skip:(-not ($haveSources -and $haveDotnet)) {
        & (Join-Path -Path $repository -ChildPath 'tools/stage-module.ps1') -NativeDirectory $nativeDirectory -OutputPath $fromPowerShell 6>&1 | Out-Null
        $staged = [System.IO.File]::ReadAllText((Join-Path -Path $fromPowerShell -ChildPath 'ConnReset.psm1'))
        $functions = [System.IO.File]::ReadAllText((Join-Path -Path $fromPowerShell -ChildPath 'ConnReset.Functions.ps1'))
        $root = [System.IO.File]::ReadAllText((Join-Path -Path $source -ChildPath 'ConnReset.psm1')).Replace("`r`n", "`n")
        $before = $root.Substring(0, $root.IndexOf("#region Functions`n"))
        $after = $root.Substring($root.IndexOf("`n#endregion`n", $root.IndexOf("#region Functions`n")) + "`n#endregion`n".Length)
        $staged.StartsWith($before) | Should -BeTrue -Because 'the root script''s own content (using statements, strings, assembly) comes first, unchanged'
        $staged.EndsWith($after) | Should -BeTrue -Because 'the completers and the DSC classes follow, unchanged'
        $staged | Should -Match ([System.Text.RegularExpressions.Regex]::Escape(". ([System.IO.Path]::Combine(`$PSScriptRoot, 'ConnReset.Functions.ps1'))"))
        foreach ($file in @(Get-ChildItem -Path (Join-Path -Path $source -ChildPath 'Private'), (Join-Path -Path $source -ChildPath 'Public') -Filter '*.ps1'))
        {
            $text = [System.IO.File]::ReadAllText($file.FullName).Replace("`r`n", "`n")
            $functions.Contains($text) | Should -BeTrue -Because "$($file.Name) is in ConnReset.Functions.ps1"
            $staged.Contains($text) | Should -BeFalse -Because "$($file.Name) stays out of the root script, which defines classes"
        }

        $tokens = $null
        $parseErrors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($functions, [ref] $tokens, [ref] $parseErrors)
        @($ast.FindAll({ param ($node) $node -is [System.Management.Automation.Language.TypeDefinitionAst] }, $true)) | Should -BeNullOrEmpty -Because 'a class would make the whole file''s type names resolve at import'
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
