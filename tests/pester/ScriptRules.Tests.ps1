#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

<#
    The script rules of ScriptRules.ps1 over the loaded module's script files
    (the staged root script, or the source layout's Private/ and Public/),
    and each rule on the sample it must catch.
#>

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'ScriptRules.ps1')
    $rules = @($ConnResetScriptRules.Keys | ForEach-Object -Process { @{ Rule = $_ } })
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'ScriptRules.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'
    $moduleBase = (Get-Module -Name 'ConnReset').ModuleBase
    $scriptFiles = @(
        Get-ChildItem -LiteralPath $moduleBase -Recurse -File -Include '*.ps1', '*.psm1' |
            Where-Object -FilterScript { $_.FullName -notlike ('*{0}bin{0}*' -f [System.IO.Path]::DirectorySeparatorChar) }
    )
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Script rule <Rule>' -Tag 'QA', 'ScriptRules' -ForEach $rules {
    It 'Should find nothing in the module''s scripts' {
        $scriptFiles.Count | Should -BeGreaterThan 0
        $findings = @(
            foreach ($file in $scriptFiles)
            {
                $tokens = $null
                $parseErrors = $null
                $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref] $tokens, [ref] $parseErrors)
                foreach ($finding in @(& $ConnResetScriptRules[$Rule].Check $ast))
                {
                    '{0}:{1}' -f $file.Name, $finding
                }
            }
        )
        $findings -join [System.Environment]::NewLine | Should -BeNullOrEmpty
    }

    It 'Should catch its sample' {
        $tokens = $null
        $parseErrors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($ConnResetScriptRules[$Rule].Sample, [ref] $tokens, [ref] $parseErrors)
        @($parseErrors).Count | Should -Be 0
        @(& $ConnResetScriptRules[$Rule].Check $ast).Count | Should -BeGreaterThan 0
    }
}
