#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# The commands that read the whole machine, on the live registry of Windows
# Server 2003 SP2 and of Windows 10: Export-ConnResetSnapshot,
# Invoke-ConnResetDiagnosis (one machine, and a pair with this computer as
# the client), Test-TlsMatch with a live side, and Export-ConnResetPolicy of
# this computer's fixes. Each live answer must equal the answer read from
# the snapshot Export-ConnResetSnapshot wrote of the same registry.
# Skipped, with the reason, except on a throwaway Windows (see
# LiveHelpers.ps1).

BeforeDiscovery {
    $machines = @(
        @{ Os = 'Ws2003Sp2'; Expected = 'SYN001'; NotExpected = 'DHE001' }
        @{ Os = 'Win10'; Expected = 'DHE001'; NotExpected = 'SYN001' }
    )
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'
    $server = Get-ConnResetTestTlsFixture -Name 'ws2012r2-default.reg'

    function ConvertTo-FindingKey
    {
        # What identifies a finding, without where it was read from.
        param ([Parameter(ValueFromPipeline = $true)] $Finding)
        process
        {
            '{0}|{1}|{2}|{3}|{4}' -f $Finding.Machine, $Finding.Id, $Finding.Severity, $Finding.Title, $Finding.Reason
        }
    }
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

foreach ($machine in $machines)
{
    Describe "The whole machine, live, on $($machine.Os)" -Tag 'Live', $machine.Os, 'Snapshot' -ForEach @($machine) {
        BeforeAll {
            $skipReason = Get-LiveSkipReason -Os $Os
            # Written here, so that every Context below reads it (a file a
            # Context writes to TestDrive is gone after that Context).
            $snapshot = Join-Path -Path $TestDrive -ChildPath "$Os.reg"
            if (-not $skipReason)
            {
                $null = Export-ConnResetSnapshot -Path $snapshot
            }
        }

        BeforeEach {
            Skip-LiveTest -Reason $skipReason
        }

        Context 'Export-ConnResetSnapshot' {
            It 'Should write nothing with -WhatIf' {
                $path = Join-Path -Path $TestDrive -ChildPath 'whatif.reg'
                Export-ConnResetSnapshot -Path $path -WhatIf | Should -BeNullOrEmpty
                Test-Path -LiteralPath $path | Should -BeFalse
            }

            It 'Should write a snapshot that reg import accepts and the commands read as this machine' {
                $path = Join-Path -Path $TestDrive -ChildPath 'again.reg'
                $file = Export-ConnResetSnapshot -Path $path
                $file | Should -BeOfType [System.IO.FileInfo]
                $file.FullName | Should -Be $path
                [System.IO.File]::ReadAllBytes($path) | Should -Be ([System.IO.File]::ReadAllBytes($snapshot)) -Because 'nothing changed since the first one'
                $text = Get-Content -LiteralPath $snapshot -Raw
                $text | Should -Match '^Windows Registry Editor Version 5\.00'
                $text | Should -Match ([System.Text.RegularExpressions.Regex]::Escape('[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]'))
                # Windows' own importer takes it (it writes what it holds:
                # the same values, so the registry does not change).
                $before = Export-LiveKey -Key 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -Name 'cv-before'
                $null = Invoke-Reg import $snapshot
                Compare-LiveExport -Reference $before -Difference (Export-LiveKey -Key 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -Name 'cv-after') | Should -BeNullOrEmpty
                (Get-SynProtection -Path $snapshot).OS | Should -Be (Get-SynProtection).OS
            }

            It 'Should stop with ConnReset.FileUnwritable for a folder that does not exist' {
                $path = Join-Path -Path $TestDrive -ChildPath 'no/such/folder/x.reg'
                { Export-ConnResetSnapshot -Path $path } | Should -Throw -ErrorId 'ConnReset.FileUnwritable,*'
            }
        }

        Context 'Invoke-ConnResetDiagnosis' {
            It 'Should find <Expected> and not <NotExpected> on this machine' {
                $findings = @(Invoke-ConnResetDiagnosis)
                @($findings.Id) | Should -Contain $Expected
                @($findings.Id) | Should -Not -Contain $NotExpected
                @($findings.Source | Sort-Object -Unique) | Should -Be @('Live')
            }

            It 'Should give the same findings live as from the snapshot' {
                $live = @(Invoke-ConnResetDiagnosis | ConvertTo-FindingKey)
                $fromFile = @(Invoke-ConnResetDiagnosis -Path $snapshot | ConvertTo-FindingKey)
                $live.Count | Should -BeGreaterThan 0
                $live | Should -Be $fromFile
            }

            It 'Should diagnose a pair with this computer as the client the same as with its snapshot' {
                $live = @(Invoke-ConnResetDiagnosis -Client 'live' -Server $server | ConvertTo-FindingKey)
                $fromFile = @(Invoke-ConnResetDiagnosis -Client $snapshot -Server $server | ConvertTo-FindingKey)
                $live | Should -Be $fromFile
            }
        }

        Context 'Test-TlsMatch with this computer as one side' {
            It 'Should answer the same for this computer as for its snapshot, either side' {
                $live = Test-TlsMatch -Client 'live' -Server $server
                $live.ClientSource | Should -Be 'Live'
                $fromFile = Test-TlsMatch -Client $snapshot -Server $server
                $live.Outcome | Should -Be $fromFile.Outcome
                $live.CanConnect | Should -Be $fromFile.CanConnect
                $live.Protocol | Should -Be $fromFile.Protocol
                $live.Suite | Should -Be $fromFile.Suite
                $live.Family | Should -Be $fromFile.Family

                $reverse = Test-TlsMatch -Client $server -Server 'live'
                $reverse.ServerSource | Should -Be 'Live'
                $reverse.Outcome | Should -Be (Test-TlsMatch -Client $server -Server $snapshot).Outcome
                Test-TlsMatch -Client 'live' -Server $server -Quiet | Should -Be ($fromFile.Outcome -eq 'Connects')
            }
        }

        Context 'Export-ConnResetPolicy of this computer' {
            It 'Should write nothing with -WhatIf' {
                $path = Join-Path -Path $TestDrive -ChildPath 'whatif.pol'
                Export-ConnResetPolicy -OutFile $path -WhatIf -WarningAction 'SilentlyContinue' | Should -BeNullOrEmpty
                Test-Path -LiteralPath $path | Should -BeFalse
            }

            It 'Should write the same Registry.pol live as from the snapshot' {
                $livePath = Join-Path -Path $TestDrive -ChildPath 'live.pol'
                $filePath = Join-Path -Path $TestDrive -ChildPath 'snapshot.pol'
                $liveEntries = @(Export-ConnResetPolicy -OutFile $livePath -PassThru -Confirm:$false -WarningAction 'SilentlyContinue')
                $fileEntries = @(Export-ConnResetPolicy -Path $snapshot -OutFile $filePath -PassThru -Confirm:$false -WarningAction 'SilentlyContinue')
                $liveEntries.Count | Should -BeGreaterThan 0
                [System.Text.Encoding]::ASCII.GetString([System.IO.File]::ReadAllBytes($livePath), 0, 4) | Should -Be 'PReg'
                [System.IO.File]::ReadAllBytes($livePath) | Should -Be ([System.IO.File]::ReadAllBytes($filePath))
                @($liveEntries | ConvertTo-LiveComparable -Exclude 'Path') | Should -Be @($fileEntries | ConvertTo-LiveComparable -Exclude 'Path')
                @($liveEntries.Path | Sort-Object -Unique) | Should -Be @($livePath)
            }
        }
    }
}
