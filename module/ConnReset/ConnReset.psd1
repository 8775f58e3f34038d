@{
    RootModule           = 'ConnReset.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '08973a06-c4a4-4103-913f-a5a02872b9bc'
    Author               = 'ConnReset contributors'
    CompanyName          = 'ConnReset'
    Copyright            = '(c) ConnReset contributors.'
    Description          = 'Finds and fixes the causes of the Windows error "An existing connection was forcibly closed by the remote host" (WSAECONNRESET, 10054), above all between SQL Server and its clients. Reads the live registry on Windows, or .reg snapshots on any OS.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')

    # Keep in step with Public/*.ps1 (tests/module_qa.py and QA.Tests.ps1 check it).
    FunctionsToExport    = @(
        'Disable-CertificateServerAuthentication'
        'Disable-DheCipherSuite'
        'Export-ConnResetPolicy'
        'Export-ConnResetSnapshot'
        'Find-WeakCertHash'
        'Get-ConnectionReset'
        'Get-SchannelCipherSuite'
        'Get-SchannelProtocol'
        'Get-SqlServerInstance'
        'Get-SynProtection'
        'Install-ConnResetPolicyDefinition'
        'Invoke-ConnResetDiagnosis'
        'Invoke-ConnResetFleetDiagnosis'
        'Restore-ConnResetBackup'
        'Set-SchannelCipherSuiteOrder'
        'Set-SchannelProtocol'
        'Set-SqlServerCertificate'
        'Set-SynProtection'
        'Test-ConnResetPolicy'
        'Test-SynProtection'
        'Test-TlsMatch'
    )
    CmdletsToExport      = @()

    # The class-based DSC resources defined in ConnReset.psm1 (keep in step:
    # QA.Tests.ps1 and tests/module_qa.py check it).
    DscResourcesToExport = @(
        'ConnResetAudit'
        'ConnResetCertificatePurpose'
        'ConnResetCipherSuiteOrder'
        'ConnResetSchannelProtocol'
        'ConnResetSqlServerCertificate'
        'ConnResetStrongCrypto'
        'ConnResetSynProtection'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    FormatsToProcess     = @('ConnReset.format.ps1xml')

    PrivateData          = @{
        PSData = @{
            Tags = @('ConnReset', 'WSAECONNRESET', '10054', 'SQLServer', 'TLS', 'Schannel', 'SynAttackProtect', 'CipherSuite', 'Certificate', 'Windows', 'Linux', 'DSC', 'DscResources', 'PSEdition_Desktop', 'PSEdition_Core')
        }
    }
}
