<#
    ConnReset.psm1 - the module's root script: loads the localized strings,
    the precompiled interop assembly (bin/ConnReset.Interop.dll, next to the
    native connreset library) and the functions in Private/ and Public/, and
    defines the class-based DSC resources (after the 'Functions' region).

    Staging (tools/stage-module.sh, tools/stage-module.ps1) builds the staged
    module's ConnReset.psm1 from this file: the 'Functions' region is
    replaced by a dot-source of ConnReset.Functions.ps1, which holds the text
    of Private/*.ps1 and Public/*.ps1, and an Export-ModuleMember of the
    Public names, so an import parses one file instead of fifty, and apart
    from this script: PowerShell resolves every type name of a script that
    defines classes when it parses it, which for the functions too cost a
    third of the import. Everything else here (using statements and
    classes at the top, as PowerShell requires, and the code below) is kept
    as it is. Run from the source folder, the region dot-sources the files.

    Import time is measured by tools/bench/Measure-ImportTime.ps1. The code
    below calls .NET rather than Import-LocalizedData, Add-Type, Join-Path or
    Get-ChildItem: those would load Microsoft.PowerShell.Utility and
    Microsoft.PowerShell.Management into the session on every import. Nothing
    is compiled here, and the native library is loaded on the first call that
    needs it.
#>

#region Localized strings
# The strings file of the UI culture or of its parent (de-AT, then de), else
# en-US (also for the invariant culture, as under LANG=C on Linux). The file
# is the ConvertFrom-StringData block Import-LocalizedData reads; it holds
# one 'Key = Message' per line and no backslashes (tests/module_qa.py checks
# that, and a Pester test that this gives what Import-LocalizedData gives).
$stringsPath = $null
$culture = [System.Globalization.CultureInfo]::CurrentUICulture
while ($null -eq $stringsPath -and -not [System.String]::IsNullOrEmpty($culture.Name))
{
    $candidate = [System.IO.Path]::Combine($PSScriptRoot, $culture.Name, 'ConnReset.strings.psd1')
    if ([System.IO.File]::Exists($candidate))
    {
        $stringsPath = $candidate
    }

    $culture = $culture.Parent
}

if ($null -eq $stringsPath)
{
    $stringsPath = [System.IO.Path]::Combine($PSScriptRoot, 'en-US', 'ConnReset.strings.psd1')
}

$script:localizedData = @{}
$inBlock = $false
foreach ($line in [System.IO.File]::ReadAllLines($stringsPath))
{
    $trimmed = $line.Trim()
    if (-not $inBlock)
    {
        $inBlock = $trimmed.EndsWith("@'")
        continue
    }

    if ($trimmed -eq "'@")
    {
        break
    }

    $equals = $trimmed.IndexOf('=')
    if ($equals -gt 0 -and -not $trimmed.StartsWith('#'))
    {
        $script:localizedData[$trimmed.Substring(0, $equals).TrimEnd()] = $trimmed.Substring($equals + 1).TrimStart()
    }
}
#endregion

#region Interop assembly
# It stays loaded for the life of the process, so a second import (after
# Remove-Module) must not load it again.
if (-not ('ConnReset.Interop.Snapshot' -as [System.Type]))
{
    $null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($PSScriptRoot, 'bin', 'ConnReset.Interop.dll'))
}
#endregion

#region Functions
# Staging replaces this region with the functions themselves.
$publicFunctions = New-Object -TypeName 'System.Collections.Generic.List[System.String]'
foreach ($folder in @('Private', 'Public'))
{
    $files = [System.IO.Directory]::GetFiles([System.IO.Path]::Combine($PSScriptRoot, $folder), '*.ps1')
    [System.Array]::Sort($files, [System.StringComparer]::Ordinal)
    foreach ($file in $files)
    {
        . $file
        if ($folder -eq 'Public')
        {
            $publicFunctions.Add([System.IO.Path]::GetFileNameWithoutExtension($file))
        }
    }
}

Export-ModuleMember -Function $publicFunctions.ToArray()
#endregion

# ---------------------------------------------------------------------------
# DSC resources. Defined in this root script so that DSC v3's PowerShell
# adapter and Azure Machine Configuration find them through the manifest's
# DscResourcesToExport, with no PSDesiredStateConfiguration at run time.
# Each is a thin shell: Get/Test/Set hand $this to Private/*-ConnResetDsc*,
# which run the native DSC engine (the one `connreset dsc` runs, so both
# decide alike) and the change commands' Invoke-ConnResetChange. Property
# names, values and rules are those of the manifests in dsc/ (the C engine
# checks them); ValidateSet and ranges are repeated here for DSC v1 and
# Machine Configuration, which read them from the class.
# ---------------------------------------------------------------------------

# Where the resources read: $null is the live registry (production, always:
# only Use-ConnResetDscSource, inside this module, points them elsewhere).
$script:ConnResetDscSource = $null

class ConnResetReason
{
    [DscProperty()]
    [System.String] $Code

    [DscProperty()]
    [System.String] $Phrase
}

[DscResource()]
class ConnResetSynProtection
{
    [DscProperty(Key)]
    [ValidateSet('Yes')]
    [System.String] $IsSingleInstance

    [DscProperty(Mandatory)]
    [ValidateSet('Enabled', 'Disabled', 'Default')]
    [System.String] $State

    [DscProperty()]
    [ValidateRange(1, 4294967295)]
    [Nullable[System.UInt32]] $TcpMaxHalfOpen

    [DscProperty()]
    [ValidateRange(1, 4294967295)]
    [Nullable[System.UInt32]] $TcpMaxHalfOpenRetried

    [DscProperty(NotConfigurable)]
    [System.String] $EffectiveState

    [DscProperty(NotConfigurable)]
    [System.String] $EffectiveReason

    [DscProperty(NotConfigurable)]
    [System.Boolean] $RebootRequired

    [DscProperty(NotConfigurable)]
    [ConnResetReason[]] $Reasons

    [ConnResetSynProtection] Get()
    {
        $current = [ConnResetSynProtection]::new()
        Get-ConnResetDscResource -Resource $this -TypeName 'ConnReset/SynProtection' -Into $current
        return $current
    }

    [System.Boolean] Test()
    {
        return (Test-ConnResetDscResource -Resource $this -TypeName 'ConnReset/SynProtection')
    }

    [void] Set()
    {
        Set-ConnResetDscResource -Resource $this -TypeName 'ConnReset/SynProtection' -Confirm:$false
    }
}

[DscResource()]
class ConnResetSchannelProtocol
{
    [DscProperty(Key)]
    [ValidateSet('SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3')]
    [System.String] $Protocol

    [DscProperty(Key)]
    [ValidateSet('Client', 'Server')]
    [System.String] $Role

    [DscProperty(Mandatory)]
    [ValidateSet('Enabled', 'Disabled', 'Default')]
    [System.String] $State

    [DscProperty(NotConfigurable)]
    [System.String] $EffectiveState

    [DscProperty(NotConfigurable)]
    [System.String] $EffectiveReason

    [DscProperty(NotConfigurable)]
    [Nullable[System.Int64]] $EnabledValue

    [DscProperty(NotConfigurable)]
    [Nullable[System.Int64]] $DisabledByDefaultValue

    [DscProperty(NotConfigurable)]
    [System.Boolean] $RebootRequired

    [DscProperty(NotConfigurable)]
    [ConnResetReason[]] $Reasons

    [ConnResetSchannelProtocol] Get()
    {
        $current = [ConnResetSchannelProtocol]::new()
        Get-ConnResetDscResource -Resource $this -TypeName 'ConnReset/SchannelProtocol' -Into $current
        return $current
    }

    [System.Boolean] Test()
    {
        return (Test-ConnResetDscResource -Resource $this -TypeName 'ConnReset/SchannelProtocol')
    }

    [void] Set()
    {
        Set-ConnResetDscResource -Resource $this -TypeName 'ConnReset/SchannelProtocol' -Confirm:$false
    }
}

[DscResource()]
class ConnResetCipherSuiteOrder
{
    [DscProperty(Key)]
    [ValidateSet('Yes')]
    [System.String] $IsSingleInstance

    [DscProperty()]
    [System.String[]] $Order

    [DscProperty()]
    [ValidateSet('suites-no-dhe-win7-81', 'suites-no-dhe-win10-1507', 'suites-no-dhe-win10', 'suites-no-dhe-win11')]
    [System.String] $Profile

    [DscProperty()]
    [Nullable[System.Boolean]] $ExcludeDhe

    [DscProperty(NotConfigurable)]
    [System.String[]] $EffectiveOrder

    [DscProperty(NotConfigurable)]
    [System.String] $EffectiveSource

    [DscProperty(NotConfigurable)]
    [System.String] $EffectiveReason

    [DscProperty(NotConfigurable)]
    [System.Boolean] $RebootRequired

    [DscProperty(NotConfigurable)]
    [ConnResetReason[]] $Reasons

    [ConnResetCipherSuiteOrder] Get()
    {
        $current = [ConnResetCipherSuiteOrder]::new()
        Get-ConnResetDscResource -Resource $this -TypeName 'ConnReset/CipherSuiteOrder' -Into $current
        return $current
    }

    [System.Boolean] Test()
    {
        return (Test-ConnResetDscResource -Resource $this -TypeName 'ConnReset/CipherSuiteOrder')
    }

    [void] Set()
    {
        Set-ConnResetDscResource -Resource $this -TypeName 'ConnReset/CipherSuiteOrder' -Confirm:$false
    }
}

[DscResource()]
class ConnResetStrongCrypto
{
    [DscProperty(Key)]
    [ValidateSet('Yes')]
    [System.String] $IsSingleInstance

    [DscProperty()]
    [ValidateSet('Enabled', 'Disabled', 'Default')]
    [System.String] $SchUseStrongCrypto

    [DscProperty()]
    [ValidateSet('Enabled', 'Disabled', 'Default')]
    [System.String] $SystemDefaultTlsVersions

    [DscProperty(NotConfigurable)]
    [System.String[]] $Values

    [DscProperty(NotConfigurable)]
    [System.String] $EffectiveReason

    [DscProperty(NotConfigurable)]
    [System.Boolean] $RebootRequired

    [DscProperty(NotConfigurable)]
    [ConnResetReason[]] $Reasons

    [ConnResetStrongCrypto] Get()
    {
        $current = [ConnResetStrongCrypto]::new()
        Get-ConnResetDscResource -Resource $this -TypeName 'ConnReset/StrongCrypto' -Into $current
        return $current
    }

    [System.Boolean] Test()
    {
        return (Test-ConnResetDscResource -Resource $this -TypeName 'ConnReset/StrongCrypto')
    }

    [void] Set()
    {
        Set-ConnResetDscResource -Resource $this -TypeName 'ConnReset/StrongCrypto' -Confirm:$false
    }
}

[DscResource()]
class ConnResetCertificatePurpose
{
    [DscProperty(Key)]
    [System.String] $Thumbprint

    [DscProperty(Mandatory)]
    [ValidateSet('Present', 'Absent')]
    [System.String] $ServerAuthentication

    [DscProperty(NotConfigurable)]
    [System.String] $Subject

    [DscProperty(NotConfigurable)]
    [System.String] $SignatureAlgorithm

    [DscProperty(NotConfigurable)]
    [System.Boolean] $Weak

    [DscProperty(NotConfigurable)]
    [System.String[]] $UsedBy

    [DscProperty(NotConfigurable)]
    [System.String] $NotAfter

    [DscProperty(NotConfigurable)]
    [System.String] $EffectiveReason

    [DscProperty(NotConfigurable)]
    [System.Boolean] $RebootRequired

    [DscProperty(NotConfigurable)]
    [ConnResetReason[]] $Reasons

    [ConnResetCertificatePurpose] Get()
    {
        $current = [ConnResetCertificatePurpose]::new()
        Get-ConnResetDscResource -Resource $this -TypeName 'ConnReset/CertificatePurpose' -Into $current
        return $current
    }

    [System.Boolean] Test()
    {
        return (Test-ConnResetDscResource -Resource $this -TypeName 'ConnReset/CertificatePurpose')
    }

    [void] Set()
    {
        Set-ConnResetDscResource -Resource $this -TypeName 'ConnReset/CertificatePurpose' -Confirm:$false
    }
}

[DscResource()]
class ConnResetSqlServerCertificate
{
    [DscProperty(Key)]
    [System.String] $InstanceName

    [DscProperty(Mandatory)]
    [AllowEmptyString()]
    [System.String] $Thumbprint

    [DscProperty()]
    [Nullable[System.Boolean]] $RestartService

    [DscProperty(NotConfigurable)]
    [System.String] $ServiceName

    [DscProperty(NotConfigurable)]
    [System.String] $CertificateSource

    [DscProperty(NotConfigurable)]
    [System.String] $EffectiveReason

    [DscProperty(NotConfigurable)]
    [System.Boolean] $RebootRequired

    [DscProperty(NotConfigurable)]
    [ConnResetReason[]] $Reasons

    [ConnResetSqlServerCertificate] Get()
    {
        $current = [ConnResetSqlServerCertificate]::new()
        Get-ConnResetDscResource -Resource $this -TypeName 'ConnReset/SqlServerCertificate' -Into $current
        $current.RestartService = $this.RestartService
        return $current
    }

    [System.Boolean] Test()
    {
        return (Test-ConnResetDscResource -Resource $this -TypeName 'ConnReset/SqlServerCertificate')
    }

    [void] Set()
    {
        Set-ConnResetDscResource -Resource $this -TypeName 'ConnReset/SqlServerCertificate' -Confirm:$false
    }
}

[DscResource()]
class ConnResetAudit
{
    [DscProperty(Key)]
    [ValidateSet('Yes')]
    [System.String] $IsSingleInstance

    [DscProperty()]
    [ValidateSet('Info', 'Warning', 'Error')]
    [System.String] $MinimumSeverity

    [DscProperty(NotConfigurable)]
    [System.String[]] $Findings

    [DscProperty(NotConfigurable)]
    [System.Boolean] $RebootRequired

    [DscProperty(NotConfigurable)]
    [ConnResetReason[]] $Reasons

    [ConnResetAudit] Get()
    {
        $current = [ConnResetAudit]::new()
        Get-ConnResetDscResource -Resource $this -TypeName 'ConnReset/Audit' -Into $current
        return $current
    }

    [System.Boolean] Test()
    {
        return (Test-ConnResetDscResource -Resource $this -TypeName 'ConnReset/Audit')
    }

    [void] Set()
    {
        Set-ConnResetDscResource -Resource $this -TypeName 'ConnReset/Audit' -Confirm:$false
    }
}
