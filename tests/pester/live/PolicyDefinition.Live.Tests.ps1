#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Install-ConnResetPolicyDefinition on a Windows 10 machine, to a folder
# (as to a domain's Central Store) and to %windir%\PolicyDefinitions (its
# default). It copies files and touches no registry value: -WhatIf writes
# nothing, the copies are byte-identical to the module's templates, and a
# second run has nothing to do (nothing is rewritten). Skipped, with the
# reason, except on a throwaway Windows (see LiveHelpers.ps1).

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'
    $moduleBase = (Get-Module -Name 'ConnReset').ModuleBase
    $sourceAdmx = Join-Path -Path $moduleBase -ChildPath 'PolicyDefinitions/ConnReset.admx'
    $sourceAdml = Join-Path -Path $moduleBase -ChildPath 'PolicyDefinitions/en-US/ConnReset.adml'

    function Get-Snapshot
    {
        # Every file under a folder with its hash and write time.
        param ([System.String] $Folder)
        if (-not (Test-Path -LiteralPath $Folder))
        {
            return @()
        }

        Get-ChildItem -LiteralPath $Folder -Recurse -File | Sort-Object -Property FullName | ForEach-Object -Process {
            '{0}|{1}|{2}' -f $_.FullName, (Get-FileHash -LiteralPath $_.FullName -Algorithm 'SHA256').Hash, $_.LastWriteTimeUtc.Ticks
        }
    }
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Install-ConnResetPolicyDefinition, live, on Windows 10' -Tag 'Live', 'Win10', 'GPO' {
    BeforeAll {
        $skipReason = Get-LiveSkipReason -Os 'Win10'
    }

    BeforeEach {
        Skip-LiveTest -Reason $skipReason
    }

    Context 'When installing to <Name>' -ForEach @(
        @{ Name = 'a Central Store folder'; Default = $false }
        @{ Name = '%windir%\PolicyDefinitions (no -Path)'; Default = $true }
    ) {
        BeforeAll {
            if ($skipReason)
            {
                return
            }

            $parameters = @{}
            if ($Default)
            {
                $target = Join-Path -Path $env:windir -ChildPath 'PolicyDefinitions'
                $existed = Test-Path -LiteralPath $target
            }
            else
            {
                $target = Join-Path -Path $TestDrive -ChildPath 'SYSVOL/corp.example/Policies/PolicyDefinitions'
                $null = New-Item -Path (Split-Path -Path $target -Parent) -ItemType Directory -Force
                $existed = $false
                $parameters['Path'] = $target
            }

            $registryBefore = Export-LiveKey -Key 'HKLM\SOFTWARE\Policies' -Name 'policies-before'
            $filesBefore = @(Get-Snapshot -Folder $target)
        }

        AfterAll {
            if (-not $skipReason -and -not $existed)
            {
                Remove-Item -LiteralPath $target -Recurse -Force -ErrorAction 'SilentlyContinue'
            }
        }

        It 'Should write nothing with -WhatIf' {
            $output = Install-ConnResetPolicyDefinition @parameters -WhatIf
            $output | Should -BeNullOrEmpty
            @(Get-Snapshot -Folder $target) | Should -Be $filesBefore
        }

        It 'Should copy ConnReset.admx and en-US\ConnReset.adml byte for byte' {
            $files = @(Install-ConnResetPolicyDefinition @parameters -PassThru)
            @($files.FullName) | Should -Be @((Join-Path -Path $target -ChildPath 'ConnReset.admx'), (Join-Path -Path $target -ChildPath 'en-US\ConnReset.adml'))
            (Get-FileHash -LiteralPath $files[0].FullName).Hash | Should -Be (Get-FileHash -LiteralPath $sourceAdmx).Hash
            (Get-FileHash -LiteralPath $files[1].FullName).Hash | Should -Be (Get-FileHash -LiteralPath $sourceAdml).Hash
        }

        It 'Should have nothing to do the second time: no file is rewritten' {
            $installed = @(Get-Snapshot -Folder $target)
            $verbose = Install-ConnResetPolicyDefinition @parameters -Verbose 4>&1
            @($verbose | Where-Object -FilterScript { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'up to date' }) | Should -HaveCount 2
            @(Get-Snapshot -Folder $target) | Should -Be $installed
        }

        It 'Should change no registry value' {
            Compare-LiveExport -Reference $registryBefore -Difference (Export-LiveKey -Key 'HKLM\SOFTWARE\Policies' -Name 'policies-after') | Should -BeNullOrEmpty
        }
    }
}
