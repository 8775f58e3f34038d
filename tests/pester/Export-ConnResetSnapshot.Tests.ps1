#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Export-ConnResetSnapshot' -Tag 'Public', 'Live' {
    It 'Should support -WhatIf and -Confirm' {
        $metadata = New-Object -TypeName 'System.Management.Automation.CommandMetadata' -ArgumentList (Get-Command -Name 'Export-ConnResetSnapshot')
        $metadata.SupportsShouldProcess | Should -BeTrue
    }

    Context 'When there is no live registry' {
        # Only off Windows: on Windows the live registry exists, so this error cannot occur.
        It 'Should stop with ConnReset.LiveRegistryUnavailable and write nothing' -Skip:$onWindows {
            $path = Join-Path -Path $TestDrive -ChildPath 'snapshot.reg'
            { Export-ConnResetSnapshot -Path $path -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.LiveRegistryUnavailable,*' -ExpectedMessage '*Windows*'
            Test-Path -LiteralPath $path | Should -BeFalse
        }
    }

    Context 'When run on Windows' {
        # Only on Windows: it reads the live registry, which exists nowhere else.
        It 'Should write nothing with -WhatIf' -Skip:(-not $onWindows) {
            $path = Join-Path -Path $TestDrive -ChildPath 'whatif.reg'
            Export-ConnResetSnapshot -Path $path -WhatIf | Should -BeNullOrEmpty
            Test-Path -LiteralPath $path | Should -BeFalse
        }

        # Only on Windows: it reads the live registry, which exists nowhere else.
        It 'Should write a snapshot the other commands read' -Skip:(-not $onWindows) {
            $path = Join-Path -Path $TestDrive -ChildPath 'live.reg'
            $file = Export-ConnResetSnapshot -Path $path -Confirm:$false
            $file | Should -BeOfType [System.IO.FileInfo]
            $file.FullName | Should -Be $path
            $state = Get-SynProtection -Path $path
            $state.OS | Should -Not -BeNullOrEmpty
            $state.State | Should -Be (Get-SynProtection).State
        }
    }
}
