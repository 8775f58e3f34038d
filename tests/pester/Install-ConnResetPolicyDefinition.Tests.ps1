#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    # The templates as committed and as staged into the module.
    $repoRoot = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    $repoAdmx = Join-Path -Path (Join-Path -Path $repoRoot -ChildPath 'admx') -ChildPath 'ConnReset.admx'
    $repoAdml = Join-Path -Path (Join-Path -Path (Join-Path -Path $repoRoot -ChildPath 'admx') -ChildPath 'en-US') -ChildPath 'ConnReset.adml'
    $moduleTemplates = Join-Path -Path (Get-Module -Name 'ConnReset').ModuleBase -ChildPath 'PolicyDefinitions'

    function New-TestPolicyFolder
    {
        # An empty PolicyDefinitions folder of its own under TestDrive.
        param
        (
            [Parameter(Mandatory = $true)]
            [System.String]
            $Name
        )

        $folder = Join-Path -Path (Join-Path -Path $TestDrive -ChildPath $Name) -ChildPath 'PolicyDefinitions'
        $null = New-Item -Path $folder -ItemType 'Directory' -Force
        return $folder
    }

    function Get-TestFileHash
    {
        param
        (
            [Parameter(Mandatory = $true)]
            [System.String]
            $Path
        )

        return (Get-FileHash -LiteralPath $Path -Algorithm 'SHA256').Hash
    }
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Install-ConnResetPolicyDefinition' -Tag 'Public', 'Change' {
    It 'Should support -WhatIf and -Confirm' {
        $metadata = New-Object -TypeName 'System.Management.Automation.CommandMetadata' -ArgumentList (Get-Command -Name 'Install-ConnResetPolicyDefinition')
        $metadata.SupportsShouldProcess | Should -BeTrue
    }

    It 'Should carry the committed templates in the staged module' {
        Get-TestFileHash -Path (Join-Path -Path $moduleTemplates -ChildPath 'ConnReset.admx') | Should -Be (Get-TestFileHash -Path $repoAdmx)
        Get-TestFileHash -Path (Join-Path -Path (Join-Path -Path $moduleTemplates -ChildPath 'en-US') -ChildPath 'ConnReset.adml') | Should -Be (Get-TestFileHash -Path $repoAdml)
    }

    Context 'When run with -WhatIf' {
        It 'Should write nothing into an empty PolicyDefinitions folder' {
            $folder = New-TestPolicyFolder -Name 'whatif'
            Install-ConnResetPolicyDefinition -Path $folder -PassThru -WhatIf | Should -BeNullOrEmpty
            @(Get-ChildItem -LiteralPath $folder -Force).Count | Should -Be 0
        }

        It 'Should not create a missing PolicyDefinitions folder' {
            $parent = Join-Path -Path $TestDrive -ChildPath 'whatif-new'
            $null = New-Item -Path $parent -ItemType 'Directory' -Force
            $folder = Join-Path -Path $parent -ChildPath 'PolicyDefinitions'
            Install-ConnResetPolicyDefinition -Path $folder -WhatIf
            Test-Path -LiteralPath $folder | Should -BeFalse
        }

        It 'Should not replace a different template even with -Force' {
            $folder = New-TestPolicyFolder -Name 'whatif-force'
            $admx = Join-Path -Path $folder -ChildPath 'ConnReset.admx'
            Set-Content -LiteralPath $admx -Value 'an older template' -Encoding 'ASCII'
            $before = Get-TestFileHash -Path $admx
            Install-ConnResetPolicyDefinition -Path $folder -Force -WhatIf
            Get-TestFileHash -Path $admx | Should -Be $before
            Test-Path -LiteralPath (Join-Path -Path $folder -ChildPath 'en-US') | Should -BeFalse
        }
    }

    Context 'When the folder is empty' {
        It 'Should copy the ADMX and the en-US ADML and return them with -PassThru' {
            $folder = New-TestPolicyFolder -Name 'empty'
            $files = @(Install-ConnResetPolicyDefinition -Path $folder -PassThru -Confirm:$false)
            $files.Count | Should -Be 2
            $files | ForEach-Object -Process { $_ | Should -BeOfType [System.IO.FileInfo] }
            $files[0].FullName | Should -Be (Join-Path -Path $folder -ChildPath 'ConnReset.admx')
            $files[1].FullName | Should -Be (Join-Path -Path (Join-Path -Path $folder -ChildPath 'en-US') -ChildPath 'ConnReset.adml')
            Get-TestFileHash -Path $files[0].FullName | Should -Be (Get-TestFileHash -Path $repoAdmx)
            Get-TestFileHash -Path $files[1].FullName | Should -Be (Get-TestFileHash -Path $repoAdml)
        }

        It 'Should return nothing without -PassThru' {
            $folder = New-TestPolicyFolder -Name 'quiet'
            Install-ConnResetPolicyDefinition -Path $folder -Confirm:$false | Should -BeNullOrEmpty
            Test-Path -LiteralPath (Join-Path -Path $folder -ChildPath 'ConnReset.admx') | Should -BeTrue
        }

        It 'Should take the folder from the pipeline' {
            $folder = New-TestPolicyFolder -Name 'pipeline'
            $files = @(Get-Item -LiteralPath $folder | Install-ConnResetPolicyDefinition -PassThru -Confirm:$false)
            $files.Count | Should -Be 2
        }
    }

    Context 'When the PolicyDefinitions folder does not exist' {
        It 'Should create it (a new Central Store) when its parent exists' {
            $parent = Join-Path -Path $TestDrive -ChildPath 'Policies'
            $null = New-Item -Path $parent -ItemType 'Directory' -Force
            $folder = Join-Path -Path $parent -ChildPath 'PolicyDefinitions'
            $files = @(Install-ConnResetPolicyDefinition -Path $folder -PassThru -Confirm:$false)
            $files.Count | Should -Be 2
            Test-Path -LiteralPath $folder -PathType 'Container' | Should -BeTrue
        }

        It 'Should stop with ConnReset.PolicyFolderMissing when its parent is missing too' {
            $folder = Join-Path -Path (Join-Path -Path $TestDrive -ChildPath 'no-such-parent') -ChildPath 'PolicyDefinitions'
            { Install-ConnResetPolicyDefinition -Path $folder -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.PolicyFolderMissing,*'
            Test-Path -LiteralPath (Join-Path -Path $TestDrive -ChildPath 'no-such-parent') | Should -BeFalse
        }
    }

    Context 'When the templates are there already' {
        It 'Should leave identical files alone' {
            $folder = New-TestPolicyFolder -Name 'identical'
            $null = Install-ConnResetPolicyDefinition -Path $folder -Confirm:$false
            $admx = Join-Path -Path $folder -ChildPath 'ConnReset.admx'
            $old = [System.DateTime]::new(2020, 1, 1, 0, 0, 0, [System.DateTimeKind]::Utc)
            (Get-Item -LiteralPath $admx).LastWriteTimeUtc = $old
            $files = @(Install-ConnResetPolicyDefinition -Path $folder -PassThru -Confirm:$false)
            $files.Count | Should -Be 2
            (Get-Item -LiteralPath $admx).LastWriteTimeUtc | Should -Be $old
        }

        It 'Should stop with ConnReset.PolicyDefinitionConflict and copy nothing when a file differs' {
            $folder = New-TestPolicyFolder -Name 'conflict'
            $admx = Join-Path -Path $folder -ChildPath 'ConnReset.admx'
            Set-Content -LiteralPath $admx -Value 'a newer template' -Encoding 'ASCII'
            $before = Get-TestFileHash -Path $admx
            { Install-ConnResetPolicyDefinition -Path $folder -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.PolicyDefinitionConflict,*' -ExpectedMessage '*-Force*'
            Get-TestFileHash -Path $admx | Should -Be $before
            Test-Path -LiteralPath (Join-Path -Path $folder -ChildPath 'en-US') | Should -BeFalse
        }

        It 'Should replace a different file with -Force' {
            $folder = New-TestPolicyFolder -Name 'force'
            $admx = Join-Path -Path $folder -ChildPath 'ConnReset.admx'
            Set-Content -LiteralPath $admx -Value 'a newer template' -Encoding 'ASCII'
            $null = Install-ConnResetPolicyDefinition -Path $folder -Force -Confirm:$false
            Get-TestFileHash -Path $admx | Should -Be (Get-TestFileHash -Path $repoAdmx)
        }
    }

    Context 'When the arguments cannot be served' {
        It 'Should stop with ConnReset.PolicyDefinitionMissing for a culture the module does not ship' {
            $folder = New-TestPolicyFolder -Name 'culture'
            { Install-ConnResetPolicyDefinition -Path $folder -Culture 'xx-XX' -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.PolicyDefinitionMissing,*'
            @(Get-ChildItem -LiteralPath $folder -Force).Count | Should -Be 0
        }

        It 'Should refuse a culture name that is not one' {
            $folder = New-TestPolicyFolder -Name 'badculture'
            { Install-ConnResetPolicyDefinition -Path $folder -Culture '..' -Confirm:$false } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        }

        # Only off Windows: there $env:windir is not set, so the default folder does not exist.
        It 'Should stop with ConnReset.PolicyPathRequired without -Path' -Skip:$onWindows {
            { Install-ConnResetPolicyDefinition -Confirm:$false } | Should -Throw -ErrorId 'ConnReset.PolicyPathRequired,*'
        }
    }
}
