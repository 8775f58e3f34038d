<#
    SqlServerHardening.ps1 - the same hardening as sqlserver-hardening.dsc.yaml
    (TLS 1.2 only for the server role, no DHE suites, Server Authentication
    removed from a weak-hash certificate, SYN protection at the OS default,
    then an audit that stays out of state while an error-level finding
    remains), with the class-based DSC resources of the ConnReset module.

    For Azure Machine Configuration or PowerShell DSC 2.0: compile it to a
    MOF (this needs the PSDesiredStateConfiguration module where you author
    it, not on the machines), then package and assign it:

        . .\SqlServerHardening.ps1
        SqlServerHardening -WeakCertificateThumbprint '<40 hex digits>' `
            -SqlInstanceName MSSQLSERVER -SqlCertificateThumbprint '<a SHA-256 one, or empty>' -OutputPath .\out
        New-GuestConfigurationPackage -Name SqlServerHardening `
            -Configuration .\out\localhost.mof -Type AuditAndSet -Path .\package
        # then New-GuestConfigurationPolicy / publish, as the Machine
        # Configuration documentation describes

    Machine Configuration reports each resource's Reasons (Code
    ConnReset:ConnReset:<finding id or property>, Phrase) on the compliance
    page. One resource at a time, without compiling anything:

        Invoke-DscResource -ModuleName ConnReset -Name ConnResetSchannelProtocol -Method Test `
            -Property @{ Protocol = 'TLS 1.2'; Role = 'Server'; State = 'Enabled' }

    Or the classes directly, in PowerShell 5.1 or 7, as an administrator:

        using module ConnReset
        $tls12 = [ConnResetSchannelProtocol] @{ Protocol = 'TLS 1.2'; Role = 'Server'; State = 'Enabled' }
        if (-not $tls12.Test()) { $tls12.Set() }   # backup, apply, verify, roll back
        $tls12.Get().Reasons
#>
Configuration SqlServerHardening
{
    param
    (
        [Parameter(Mandatory = $true)]
        [ValidatePattern('^[0-9A-Fa-f]{40}$')]
        [System.String]
        $WeakCertificateThumbprint,

        # The instance configured with it, and the certificate it uses
        # instead: a SHA-256 one, or '' for SQL Server to pick or generate one.
        [Parameter()]
        [System.String]
        $SqlInstanceName = 'MSSQLSERVER',

        [Parameter()]
        [ValidatePattern('^([0-9A-Fa-f]{40})?$')]
        [System.String]
        $SqlCertificateThumbprint = ''
    )

    Import-DscResource -ModuleName 'ConnReset'

    Node 'localhost'
    {
        ConnResetSchannelProtocol Tls12Server
        {
            Protocol = 'TLS 1.2'
            Role     = 'Server'
            State    = 'Enabled'
        }

        ConnResetSchannelProtocol Tls11Server
        {
            Protocol = 'TLS 1.1'
            Role     = 'Server'
            State    = 'Disabled'
        }

        ConnResetSchannelProtocol Tls10Server
        {
            Protocol = 'TLS 1.0'
            Role     = 'Server'
            State    = 'Disabled'
        }

        ConnResetSchannelProtocol Ssl30Server
        {
            Protocol = 'SSL 3.0'
            Role     = 'Server'
            State    = 'Disabled'
        }

        ConnResetSchannelProtocol Ssl20Server
        {
            Protocol = 'SSL 2.0'
            Role     = 'Server'
            State    = 'Disabled'
        }

        ConnResetCipherSuiteOrder NoDhe
        {
            IsSingleInstance = 'Yes'
            ExcludeDhe       = $true
        }

        ConnResetSqlServerCertificate SqlOffWeakCertificate
        {
            InstanceName = $SqlInstanceName
            Thumbprint   = $SqlCertificateThumbprint
        }

        ConnResetCertificatePurpose WeakCertificate
        {
            Thumbprint           = $WeakCertificateThumbprint
            ServerAuthentication = 'Absent'
            DependsOn            = @('[ConnResetSqlServerCertificate]SqlOffWeakCertificate')
        }

        ConnResetSynProtection SynAtOsDefault
        {
            IsSingleInstance = 'Yes'
            State            = 'Default'
        }

        ConnResetAudit NoErrors
        {
            IsSingleInstance = 'Yes'
            MinimumSeverity  = 'Error'
            DependsOn        = @('[ConnResetSchannelProtocol]Tls12Server', '[ConnResetCipherSuiteOrder]NoDhe', '[ConnResetCertificatePurpose]WeakCertificate')
        }
    }
}
