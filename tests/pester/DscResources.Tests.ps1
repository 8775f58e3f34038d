#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
    $classNames = @('ConnResetAudit', 'ConnResetCertificatePurpose', 'ConnResetCipherSuiteOrder', 'ConnResetSchannelProtocol',
        'ConnResetSqlServerCertificate', 'ConnResetStrongCrypto', 'ConnResetSynProtection')
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    . (Join-Path -Path $PSScriptRoot -ChildPath 'DscTestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'
    $savedDenyLive = $env:CONNRESET_DSC_DENY_LIVE
    $expectedClasses = @('ConnResetAudit', 'ConnResetCertificatePurpose', 'ConnResetCipherSuiteOrder', 'ConnResetSchannelProtocol',
        'ConnResetSqlServerCertificate', 'ConnResetStrongCrypto', 'ConnResetSynProtection')
    $ws2003 = Get-ConnResetTestDscFixture -Name 'examples/snapshots/ws2003-sp2.reg'
    $sql = Get-ConnResetTestDscFixture -Name 'sql/ws2012r2-sql-mixed.reg'
    $certs = Get-ConnResetTestDscFixture -Name 'sql/weak-certs-overlay.reg'

    function New-TestDscLiveSource
    {
        # What Open-ConnResetSource returns for the live machine, read from
        # snapshots instead.
        param ([System.String[]] $Path)
        [PSCustomObject] @{
            Snapshot     = [ConnReset.Interop.Snapshot]::OpenFiles([System.String[]] $Path)
            ComputerName = 'LIVE-STAND-IN'
            Source       = 'Live'
            Path         = $null
        }
    }
}

AfterAll {
    Clear-ConnResetTestDscSnapshot
    $env:CONNRESET_DSC_DENY_LIVE = $savedDenyLive
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'ConnReset DSC resources' -Tag 'DSC' {
    Context 'When the module is imported' {
        It 'Should export every class resource through DscResourcesToExport' {
            $exported = @((Get-Module -Name 'ConnReset').ExportedDscResources) | Sort-Object
            ($exported -join ',') | Should -Be ($expectedClasses -join ',')
        }
    }

    Context 'Class <_>' -ForEach $classNames {
        BeforeAll {
            $type = & (Get-Module -Name 'ConnReset') { param ($Name) $Name -as [type] } $_
            $typeName = 'ConnReset/' + $_.Substring('ConnReset'.Length)
        }

        It 'Should be a DSC resource with Get, Test and Set' {
            $type.GetCustomAttributes([System.Management.Automation.DscResourceAttribute], $false).Count | Should -Be 1
            foreach ($method in 'Get', 'Test', 'Set')
            {
                $type.GetMethod($method) | Should -Not -BeNullOrEmpty
            }
        }

        It 'Should have the properties, keys and read-only properties of its manifest' {
            $schema = & (Get-Module -Name 'ConnReset') { param ($T) [ConnReset.Interop.DscInstance]::SchemaJson($T) } $typeName | ConvertFrom-Json
            $want = @($schema.properties.PSObject.Properties | Where-Object -FilterScript { -not $_.Name.StartsWith('_') })
            $have = @($type.GetProperties() | Where-Object -FilterScript { $_.GetCustomAttributes([System.Management.Automation.DscPropertyAttribute], $false).Count -gt 0 })
            (@($have.Name | Sort-Object) -join ',') | Should -Be (@($want.Name | Sort-Object) -join ',')
            foreach ($property in $have)
            {
                $attribute = $property.GetCustomAttributes([System.Management.Automation.DscPropertyAttribute], $false)[0]
                $spec = $schema.properties.($property.Name)
                $attribute.Key | Should -Be ($schema.required -contains $property.Name) -Because $property.Name
                $attribute.NotConfigurable | Should -Be ([System.Boolean] $spec.readOnly) -Because $property.Name
            }
        }

        It 'Should give Reasons as ConnResetReason (Code, Phrase) and a read-only RebootRequired' {
            $type.GetProperty('Reasons').PropertyType.Name | Should -Be 'ConnResetReason[]'
            $reason = $type.GetProperty('Reasons').PropertyType.GetElementType()
            (@($reason.GetProperties().Name | Sort-Object) -join ',') | Should -Be 'Code,Phrase'
            $type.GetProperty('RebootRequired').GetCustomAttributes([System.Management.Automation.DscPropertyAttribute], $false)[0].NotConfigurable | Should -BeTrue
        }
    }

    Context 'When no test snapshot is set' {
        BeforeEach {
            Clear-ConnResetTestDscSnapshot
        }

        It 'Should refuse the live registry when CONNRESET_DSC_DENY_LIVE is 1' {
            $env:CONNRESET_DSC_DENY_LIVE = '1'
            try
            {
                $resource = New-ConnResetTestDscResource -ClassName 'ConnResetSynProtection' -Property @{ IsSingleInstance = 'Yes'; State = 'Default' }
                { $resource.Test() } | Should -Throw -ExpectedMessage '*the live registry is refused in this session*'
                { $resource.Set() } | Should -Throw -ExpectedMessage '*CONNRESET_DSC_DENY_LIVE*'
            }
            finally
            {
                $env:CONNRESET_DSC_DENY_LIVE = $savedDenyLive
            }
        }

        It 'Should say the live registry is Windows only elsewhere' -Skip:$onWindows {
            $env:CONNRESET_DSC_DENY_LIVE = $null
            $resource = New-ConnResetTestDscResource -ClassName 'ConnResetSynProtection' -Property @{ IsSingleInstance = 'Yes'; State = 'Default' }
            { $resource.Get() } | Should -Throw -ExpectedMessage '*can only be read on Windows*'
        }
    }

    Context 'When the snapshot cannot be read' {
        It 'Should stop with the file and line, and write nothing' {
            $bad = New-TestRegFile -Path (Join-Path -Path $TestDrive -ChildPath 'bad/bad.reg') -Body $MalformedBody
            $out = Join-Path -Path $TestDrive -ChildPath 'bad-out'
            Use-ConnResetTestDscSnapshot -Path $bad -OutDirectory $out
            try
            {
                $resource = New-ConnResetTestDscResource -ClassName 'ConnResetSynProtection' -Property @{ IsSingleInstance = 'Yes'; State = 'Disabled' }
                { $resource.Test() } | Should -Throw -ExpectedMessage '*bad.reg:4*'
                { $resource.Set() } | Should -Throw -ExpectedMessage '*bad.reg:4*'
                @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
            }
            finally
            {
                Clear-ConnResetTestDscSnapshot
            }
        }
    }

    Context 'When Set() is asked for a what-if through the function the classes call' {
        It 'Should write nothing' {
            $out = Join-Path -Path $TestDrive -ChildPath 'whatif'
            Use-ConnResetTestDscSnapshot -Path $ws2003 -OutDirectory $out
            try
            {
                $resource = New-ConnResetTestDscResource -ClassName 'ConnResetSynProtection' -Property @{ IsSingleInstance = 'Yes'; State = 'Disabled' }
                InModuleScope -ModuleName 'ConnReset' -Parameters @{ Resource = $resource } -ScriptBlock {
                    param ($Resource)
                    Set-ConnResetDscResource -Resource $Resource -TypeName 'ConnReset/SynProtection' -WhatIf
                }
                @(Get-ChildItem -LiteralPath $out).Count | Should -Be 0
                $resource.Test() | Should -BeFalse
            }
            finally
            {
                Clear-ConnResetTestDscSnapshot
            }
        }
    }

    Context 'When a live change was applied (the change engine mocked)' {
        BeforeAll {
            # Live mode with the machine read from snapshots and the change
            # engine replaced: what Set() does after an applied change.
            Mock -ModuleName 'ConnReset' -CommandName 'Invoke-ConnResetChange' -MockWith { $Outcome['Result'] = 'Applied' }
            # PowerShell on Linux has no Restart-Service: a stand-in to mock.
            $script:stubbedRestart = $null -eq (Get-Command -Name 'Restart-Service' -ErrorAction 'SilentlyContinue')
            if ($script:stubbedRestart)
            {
                function global:Restart-Service
                {
                    [CmdletBinding(SupportsShouldProcess = $true)]
                    param ([System.String[]] $Name, [System.Management.Automation.SwitchParameter] $Force)
                }
            }

            Mock -ModuleName 'ConnReset' -CommandName 'Restart-Service' -MockWith { $null }
        }

        AfterAll {
            if ($script:stubbedRestart)
            {
                Remove-Item -Path 'Function:\Restart-Service' -ErrorAction 'SilentlyContinue'
            }
        }

        BeforeEach {
            Clear-ConnResetTestDscSnapshot
            $env:CONNRESET_DSC_DENY_LIVE = $null
            $global:DSCMachineStatus = 0
        }

        AfterEach {
            $env:CONNRESET_DSC_DENY_LIVE = $savedDenyLive
            Remove-Variable -Name 'DSCMachineStatus' -Scope 'Global' -ErrorAction 'SilentlyContinue'
        }

        It 'Should ask DSC for a reboot when the change takes effect after a restart' {
            Mock -ModuleName 'ConnReset' -CommandName 'Open-ConnResetSource' -MockWith { New-TestDscLiveSource -Path $ws2003 } -ParameterFilter { $null -eq $LiteralPath }
            $resource = New-ConnResetTestDscResource -ClassName 'ConnResetSynProtection' -Property @{ IsSingleInstance = 'Yes'; State = 'Disabled' }
            $resource.Set() 3>&1 | Out-Null
            $global:DSCMachineStatus | Should -Be 1
            Should -Invoke -ModuleName 'ConnReset' -CommandName 'Invoke-ConnResetChange' -Times 1 -Exactly -ParameterFilter { -not $SnapshotMode -and $Action -eq 'DSC ConnReset/SynProtection' }
        }

        It 'Should not ask for a reboot for a change that needs none' {
            Mock -ModuleName 'ConnReset' -CommandName 'Open-ConnResetSource' -MockWith { New-TestDscLiveSource -Path $sql, $certs } -ParameterFilter { $null -eq $LiteralPath }
            $resource = New-ConnResetTestDscResource -ClassName 'ConnResetSqlServerCertificate' -Property @{ InstanceName = 'MSSQLSERVER'; Thumbprint = '' }
            $resource.Set() 3>&1 | Out-Null
            $global:DSCMachineStatus | Should -Be 0
            Should -Invoke -ModuleName 'ConnReset' -CommandName 'Restart-Service' -Times 0 -Exactly
        }

        It 'Should restart the SQL Server service with RestartService' {
            Mock -ModuleName 'ConnReset' -CommandName 'Open-ConnResetSource' -MockWith { New-TestDscLiveSource -Path $sql, $certs } -ParameterFilter { $null -eq $LiteralPath }
            $resource = New-ConnResetTestDscResource -ClassName 'ConnResetSqlServerCertificate' -Property @{ InstanceName = 'SQL2017'; Thumbprint = '16FE22A03C3D236824D9BED71854F41FB5D0BADF'; RestartService = $true }
            $resource.Set()
            Should -Invoke -ModuleName 'ConnReset' -CommandName 'Restart-Service' -Times 1 -Exactly -ParameterFilter { $Name -eq 'MSSQL$SQL2017' -and $Force }
        }
    }
}
