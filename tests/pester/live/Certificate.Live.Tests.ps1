#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Find-WeakCertHash and Disable-CertificateServerAuthentication on the live
# LocalMachine\My of a Windows 10 machine. The certificates go in through
# crypt32's registry store provider (cr_certstore_tool.exe, as the C tests
# in tests/wine/test_certs_live.sh do), so crypt32 itself writes the Blob
# values the library reads live; a registry-only SQL Server instance is
# configured with the MD5-signed one, and another one's ERRORLOG (which its
# -e startup parameter names) says it loaded that one. Skipped, with the reason, except on a
# throwaway Windows (see LiveHelpers.ps1).

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    $my = 'HKLM\SOFTWARE\Microsoft\SystemCertificates\MY'

    $changes = @(
        @{
            Name     = 'Disable-CertificateServerAuthentication -Thumbprint <the MD5-signed certificate>'
            Id       = 'cert-purpose'
            Key      = $my
            Change   = { param($BackupPath, [switch] $WhatIf) Disable-CertificateServerAuthentication -Thumbprint $md5 -BackupPath $BackupPath -Force -WhatIf:$WhatIf -WarningAction 'SilentlyContinue' }
            ReadBack = {
                # crypt32 reads the purposes back without Server Authentication.
                $shown = Get-LiveCertificate -Thumbprint $md5
                $shown['eku'] | Should -Be '1.3.6.1.5.5.7.3.2'
                $shown['friendly'] | Should -Be 'ConnReset rsa-md5.der'
                $shown['container'] | Should -Be 'cont-rsa-md5.der'
                $row = Find-WeakCertHash | Where-Object -Property Thumbprint -EQ $md5
                $row.ServerAuthentication | Should -BeFalse
                @($row.EnabledPurposes) | Should -Be @('1.3.6.1.5.5.7.3.2')
                # The other certificates are untouched.
                (Get-LiveCertificate -Thumbprint $sha1)['eku'] | Should -Be '1.3.6.1.5.5.7.3.1'
            }
        }
    )
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'LiveHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'Certificates, live (crypt32), on Windows 10' -Tag 'Live', 'Win10', 'CERTHASH' {
    BeforeAll {
        $skipReason = Get-LiveSkipReason -Os 'Win10'
        $thumbprints = @()
        if (-not $skipReason)
        {
            $md5 = Install-LiveCertificate -Der 'rsa-md5.der' -Eku '1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2'
            $selfSigned = Install-LiveCertificate -Der 'selfsigned-rsa-sha512.der' -Eku '1.3.6.1.5.5.7.3.1'
            $sha1 = Install-LiveCertificate -Der 'rsa-sha1.der' -Eku '1.3.6.1.5.5.7.3.1'
            $client = Install-LiveCertificate -Der 'eku-client.der' -Eku '1.3.6.1.5.5.7.3.2'
            $thumbprints = @($md5, $selfSigned, $sha1, $client)
            # SQL2017 has no certificate configured; its ERRORLOG (UTF-16LE,
            # as SQL Server writes it) says it loaded the MD5 one.
            $errorLog = Join-Path -Path $TestDrive -ChildPath 'MSSQL14.SQL2017\Log\ERRORLOG'
            $null = New-Item -Path (Split-Path -Path $errorLog -Parent) -ItemType Directory -Force
            Copy-Item -LiteralPath (Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent | Split-Path -Parent) -ChildPath 'fixtures/errorlog/weak-md5.utf16.log') -Destination $errorLog
            $errorLogReg = $errorLog.Replace('\', '\\')
            Import-LiveReg -Body @"
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\Instance Names\SQL]
"MSSQLSERVER"="MSSQL15.MSSQLSERVER"
"SQL2017"="MSSQL14.SQL2017"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL14.SQL2017\Setup]
"Version"="14.0.1000.169"
"PatchLevel"="14.0.3045.24"
"Edition"="Enterprise Edition"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL14.SQL2017\MSSQLServer\SuperSocketNetLib]
"Certificate"=""
"ForceEncryption"=dword:00000000

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL14.SQL2017\MSSQLServer\Parameters]
"SQLArg0"="-dC:\\Program Files\\Microsoft SQL Server\\MSSQL14.SQL2017\\MSSQL\\DATA\\master.mdf"
"SQLArg1"="-e$errorLogReg"
"SQLArg2"="-lC:\\Program Files\\Microsoft SQL Server\\MSSQL14.SQL2017\\MSSQL\\DATA\\mastlog.ldf"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL15.MSSQLSERVER\Setup]
"Version"="15.0.2000.5"
"PatchLevel"="15.0.4153.1"
"Edition"="Standard Edition"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL15.MSSQLSERVER\MSSQLServer\SuperSocketNetLib]
"Certificate"="$($md5.ToLowerInvariant())"
"ForceEncryption"=dword:00000001
"@
        }
    }

    AfterAll {
        if (-not $skipReason)
        {
            foreach ($thumbprint in $thumbprints)
            {
                Remove-LiveCertificate -Thumbprint $thumbprint
            }

            Remove-LiveKey -Key 'HKLM\SOFTWARE\Microsoft\Microsoft SQL Server'
        }
    }

    BeforeEach {
        Skip-LiveTest -Reason $skipReason
    }

    Context 'When LocalMachine\My holds MD5, SHA-512 (self-signed), SHA-1 and client-only certificates' {
        It 'Should return one row per certificate, read live through crypt32' {
            $rows = @(Find-WeakCertHash)
            @($rows.Thumbprint | Sort-Object) | Should -Be @($thumbprints | Sort-Object)
            @($rows.Store | Sort-Object -Unique) | Should -Be @('My')
            @($rows.Source | Sort-Object -Unique) | Should -Be @('Live')
        }

        It 'Should mark the CA-issued MD5 one weak and used by the instance, and the self-signed SHA-512 one not' {
            $rows = @(Find-WeakCertHash)
            $row = $rows | Where-Object -Property Thumbprint -EQ $md5
            $row.Weak | Should -BeTrue
            $row.SignatureHash | Should -Be 'MD5'
            $row.ServerAuthentication | Should -BeTrue
            $row.HasPrivateKey | Should -BeTrue
            $row.FriendlyName | Should -Be 'ConnReset rsa-md5.der'
            @($row.UsedBy | Sort-Object) | Should -Be @('MSSQLSERVER', 'SQL2017')
            @($row.Reasons.Rule) | Should -Be @('weak-hash')
            ($rows | Where-Object -Property Thumbprint -EQ $selfSigned).Weak | Should -BeFalse
            @(($rows | Where-Object -Property Thumbprint -EQ $selfSigned).Reasons.Rule) | Should -Be @('weak-hash-self-signed')
            @(($rows | Where-Object -Property Thumbprint -EQ $sha1).Reasons.Rule) | Should -Be @('sha1')
            ($rows | Where-Object -Property Thumbprint -EQ $client).ServerAuthentication | Should -BeFalse
        }

        It 'Should read the ERRORLOG an instance names (-e) by itself, live' {
            (Get-SqlServerInstance | Where-Object -Property InstanceName -EQ 'SQL2017').ErrorLogPath | Should -Be $errorLog
            # Without its log, SQL2017 could only pick the certificate itself.
            $snapshot = Join-Path -Path $TestDrive -ChildPath 'certs-nolog.reg'
            $null = Export-ConnResetSnapshot -Path $snapshot
            @((Find-WeakCertHash -Path $snapshot | Where-Object -Property Thumbprint -EQ $md5).UsedBy) | Should -Be @('MSSQLSERVER')
        }

        It 'Should give the same rows live as from a snapshot of this machine with the same ERRORLOG' {
            $snapshot = Join-Path -Path $TestDrive -ChildPath 'certs.reg'
            $null = Export-ConnResetSnapshot -Path $snapshot
            $live = @(Find-WeakCertHash | Sort-Object -Property Thumbprint | ConvertTo-LiveComparable)
            $fromFile = @(Find-WeakCertHash -Path $snapshot -ErrorLog @{ SQL2017 = $errorLog } | Sort-Object -Property Thumbprint | ConvertTo-LiveComparable)
            $live | Should -Be $fromFile
            # An -ErrorLog given live wins over the one the instance names.
            @(Find-WeakCertHash -ErrorLog @{ SQL2017 = $errorLog } | Sort-Object -Property Thumbprint | ConvertTo-LiveComparable) | Should -Be $live
        }

        It 'Should find CERTHASH001 for both instances in the live diagnosis, with the log line as evidence' {
            $findings = @(Invoke-ConnResetDiagnosis | Where-Object -Property Id -EQ 'CERTHASH001')
            $findings | Should -HaveCount 1
            # One instance has it configured, the other loaded it per its ERRORLOG.
            $findings[0].Title | Should -Match 'MSSQLSERVER is configured with it, SQL2017 loaded it per its ERRORLOG'
            $line = @($findings[0].Evidence | Where-Object -Property Key -EQ $errorLog)
            $line | Should -HaveCount 1
            $line[0].Data | Should -Match 'successfully loaded for encryption'
        }

        It 'Should change nothing when the weak rows are piped with -WhatIf' {
            $before = Export-LiveKey -Key 'HKLM\SOFTWARE\Microsoft\SystemCertificates\MY' -Name 'pipe-before'
            $output = Find-WeakCertHash | Where-Object -Property Weak | Disable-CertificateServerAuthentication -WhatIf
            $output | Should -BeNullOrEmpty
            Compare-LiveExport -Reference $before -Difference (Export-LiveKey -Key 'HKLM\SOFTWARE\Microsoft\SystemCertificates\MY' -Name 'pipe-after') | Should -BeNullOrEmpty
        }
    }

    Add-LiveChangeContract -Case $changes
}
