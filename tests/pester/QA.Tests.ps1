#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    $modulePath = Get-ConnResetTestModulePath
    Import-Module -Name $modulePath -Force -ErrorAction 'Stop'
    $commands = @(
        Get-Command -Module 'ConnReset' -CommandType 'Function' | ForEach-Object -Process { @{ Name = $_.Name } }
    )
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    $modulePath = Get-ConnResetTestModulePath
    $moduleFolder = Split-Path -Path $modulePath -Parent
    Import-Module -Name $modulePath -Force -ErrorAction 'Stop'

    $tlsModuleCommands = @(
        'Disable-TlsCipherSuite', 'Disable-TlsEccCurve', 'Disable-TlsSessionTicketKey',
        'Enable-TlsCipherSuite', 'Enable-TlsEccCurve', 'Enable-TlsSessionTicketKey',
        'Export-TlsSessionTicketKey', 'Get-TlsCipherSuite', 'Get-TlsEccCurve', 'New-TlsSessionTicketKey'
    )
    $commonParameters = @([System.Management.Automation.PSCmdlet]::CommonParameters) + @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'ConnReset module' -Tag 'QA' {
    It 'Should have a valid manifest' {
        $manifest = Test-ModuleManifest -Path $modulePath -ErrorAction 'Stop'
        $manifest.Name | Should -Be 'ConnReset'
        $manifest.PowerShellVersion | Should -Be ([System.Version] '5.1')
        $manifest.CompatiblePSEditions | Should -Contain 'Desktop'
        $manifest.CompatiblePSEditions | Should -Contain 'Core'
    }

    It 'Should import and remove cleanly, twice' {
        Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
        { Import-Module -Name $modulePath -Force -ErrorAction 'Stop' } | Should -Not -Throw
        Get-Module -Name 'ConnReset' | Should -Not -BeNullOrEmpty
        { Remove-Module -Name 'ConnReset' -ErrorAction 'Stop' } | Should -Not -Throw
        Get-Module -Name 'ConnReset' | Should -BeNullOrEmpty
        { Import-Module -Name $modulePath -Force -ErrorAction 'Stop' } | Should -Not -Throw
    }

    It 'Should export exactly the manifest''s functions, one per source file in Public' {
        $exported = @((Get-Module -Name 'ConnReset').ExportedFunctions.Keys | Sort-Object)
        $manifest = Import-PowerShellDataFile -Path $modulePath
        ($exported -join ',') | Should -Be (@($manifest.FunctionsToExport | Sort-Object) -join ',')
        # The staged module has the functions in its root script; the source
        # tree beside the tests has one file per public function.
        $sourcePublic = Join-Path -Path (Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent) -ChildPath 'module/ConnReset/Public'
        if (Test-Path -LiteralPath $sourcePublic)
        {
            $files = @(Get-ChildItem -Path $sourcePublic -Filter '*.ps1' | ForEach-Object -Process { $_.BaseName } | Sort-Object)
            ($exported -join ',') | Should -Be ($files -join ',')
        }

        (Get-Module -Name 'ConnReset').ExportedCmdlets.Count | Should -Be 0
        (Get-Module -Name 'ConnReset').ExportedAliases.Count | Should -Be 0
        (Get-Module -Name 'ConnReset').ExportedVariables.Count | Should -Be 0
    }

    It 'Should load the interop assembly without compiling anything' {
        [ConnReset.Interop.ConnResetLibrary]::Version | Should -Match '^\d+\.\d+\.\d+'
        ('ConnReset.Interop.Snapshot' -as [System.Type]).Assembly.Location | Should -BeLike '*ConnReset.Interop.dll'
    }

    It 'Should load the localized strings, each with an id' {
        $strings = InModuleScope -ModuleName 'ConnReset' -ScriptBlock { $script:localizedData }
        $strings.Count | Should -BeGreaterThan 10
        foreach ($key in $strings.Keys)
        {
            $strings[$key] | Should -Match '\(CR\d{4}\)$' -Because "string $key needs an id"
        }
    }

    It 'Should read the strings Import-LocalizedData reads' {
        # The root script reads them itself (Import-LocalizedData would load
        # Microsoft.PowerShell.Utility on every import); same culture fallback.
        $strings = InModuleScope -ModuleName 'ConnReset' -ScriptBlock { $script:localizedData }
        $expected = $null
        try
        {
            Import-LocalizedData -BindingVariable 'expected' -FileName 'ConnReset.strings.psd1' -BaseDirectory $moduleFolder -ErrorAction 'Stop'
        }
        catch
        {
            Import-LocalizedData -BindingVariable 'expected' -FileName 'ConnReset.strings.psd1' -BaseDirectory $moduleFolder -UICulture 'en-US' -ErrorAction 'Stop'
        }

        @($strings.Keys | Sort-Object) -join ',' | Should -Be (@($expected.Keys | Sort-Object) -join ',')
        foreach ($key in $expected.Keys)
        {
            $strings[$key] | Should -BeExactly $expected[$key] -Because "string $key"
        }
    }

    It 'Should load no other module when imported' {
        # In a runspace of its own (modules are per runspace, as in a fresh
        # process): the module must not pull in Microsoft.PowerShell.Utility
        # or .Management (about 100 ms; tools/bench/Measure-ImportTime.ps1
        # measures the import).
        $powershell = [System.Management.Automation.PowerShell]::Create([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
        try
        {
            $loaded = $powershell.AddScript('
                param ($Path)
                $before = @(Get-Module | ForEach-Object -Process { $_.Name })
                Import-Module -Name $Path -ErrorAction Stop
                @(Get-Module | ForEach-Object -Process { $_.Name } | Where-Object -FilterScript { $before -notcontains $_ })
            ').AddArgument($modulePath).Invoke()
            $powershell.Streams.Error | Should -BeNullOrEmpty
            @($loaded) -join ',' | Should -Be 'ConnReset'
        }
        finally
        {
            $powershell.Dispose()
        }
    }

    It 'Should have the about_ConnReset help topic' {
        $about = Get-Help -Name 'about_ConnReset' -ErrorAction 'Stop' | Out-String
        $about | Should -Match 'about_ConnReset'
        # It documents the stable error ids the commands raise.
        $about | Should -Match 'ConnReset\.SnapshotUnreadable'
        $about | Should -Match 'ConnReset\.LiveRegistryUnavailable'
    }
}

Describe 'Exported command <Name>' -Tag 'QA', 'Help' -ForEach $commands {
    BeforeAll {
        $command = Get-Command -Name $Name -Module 'ConnReset'
        $help = Get-Help -Name $Name -Full
        $verb = $Name.Split('-')[0]
    }

    It 'Should use an approved verb' {
        (Get-Verb).Verb | Should -Contain $verb
    }

    It 'Should not clash with the Windows TLS module' {
        $tlsModuleCommands | Should -Not -Contain $Name
    }

    It 'Should be an advanced function with an output type' {
        $command.CmdletBinding | Should -BeTrue
        @($command.OutputType).Count | Should -BeGreaterThan 0
    }

    It 'Should have a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without comment-based help, Get-Help makes the syntax line the synopsis.
        $help.Synopsis | Should -Not -Match 'CommonParameters'
    }

    It 'Should have a description over 40 characters' {
        ($help.Description.Text -join ' ').Length | Should -BeGreaterThan 40
    }

    It 'Should have at least two examples that name the command' {
        $examples = @($help.Examples.Example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples)
        {
            $example.Code | Should -Match ([System.Text.RegularExpressions.Regex]::Escape($Name))
        }
    }

    It 'Should describe every parameter' {
        $parameters = @($command.Parameters.Keys | Where-Object -FilterScript { $commonParameters -notcontains $_ })
        foreach ($parameter in $parameters)
        {
            $parameterHelp = $help.Parameters.Parameter | Where-Object -Property Name -EQ $parameter
            ($parameterHelp.Description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "parameter -$parameter needs a description"
        }
    }

    It 'Should declare SupportsShouldProcess when it changes things' {
        if (@('Set', 'Restore', 'Export', 'Remove', 'Install', 'Disable', 'Enable') -contains $verb)
        {
            $metadata = New-Object -TypeName 'System.Management.Automation.CommandMetadata' -ArgumentList $command
            $metadata.SupportsShouldProcess | Should -BeTrue
        }
    }
}
