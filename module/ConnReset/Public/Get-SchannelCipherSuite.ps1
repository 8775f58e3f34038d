<#
    .SYNOPSIS
        Gets the cipher-suite order Schannel uses, and what each suite is good for.

    .DESCRIPTION
        Get-SchannelCipherSuite reads the cipher-suite list in effect on a
        machine, in order: the Group Policy value
        (HKLM\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL\00010002,
        Functions) when it is set, else the local list
        (HKLM\SYSTEM\CurrentControlSet\Control\Cryptography\Configuration\Local\SSL\00010002),
        else Microsoft's default order for the OS version. Source tells which.

        Each suite comes with its IANA name and id, whether Schannel can use it
        (Usable; Why says why not: a name this OS does not know, a suite
        without encryption, a name past the 1,023-character policy limit),
        flags such as DHE, ECDHE, AEAD, 3DES or RC4, and the protocol versions
        (Protocols) for which this machine offers it as a client or accepts it
        as a server. Position counts the usable suites from 0: it is the
        position Set-SchannelCipherSuiteOrder -Add -Position takes.

        When a client and a server enable a common protocol but no common
        suite, the server resets the connection and the client reports error
        10054 (family SUITE); TLS_DHE_* suites cause intermittent resets
        (family DHE). Test-TlsMatch compares two machines.

        This command does not replace the Windows TLS module's
        Get-TlsCipherSuite, which lists the live configuration only: it reads
        snapshots too, shows suites the OS ignores, and works on any OS.

        Without -Path it reads the live registry of this computer (Windows, no
        elevation needed). With -Path it reads .reg snapshots on any OS: the
        files given in one call are merged in order and describe one machine.

    .PARAMETER Path
        The .reg files of one machine, merged in order. Wildcards are expanded.
        Accepts FullName and PSPath from the pipeline.

    .EXAMPLE
        Get-SchannelCipherSuite | Where-Object -Property Usable

        Lists the suites this computer uses, in order.

    .EXAMPLE
        Get-SchannelCipherSuite -Path .\sql01.reg | Where-Object -FilterScript { $_.Flags -contains 'DHE' }

        Lists the TLS_DHE_* suites SQL01 has enabled (Disable-DheCipherSuite
        removes them).

    .EXAMPLE
        Get-SchannelCipherSuite -Path .\app01.reg | Format-Table -Property Position, Name, Protocols

        Shows which protocol versions each suite of APP01 can be used with.

    .INPUTS
        System.String
        System.IO.FileInfo

    .OUTPUTS
        ConnReset.SchannelCipherSuite
#>
function Get-SchannelCipherSuite
{
    [CmdletBinding()]
    [OutputType('ConnReset.SchannelCipherSuite')]
    param
    (
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PSPath')]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Path
    )

    process
    {
        $source = Open-ConnResetSource -Path $Path
        if ($null -ne $source.ErrorRecord)
        {
            if ($source.Live)
            {
                $PSCmdlet.ThrowTerminatingError($source.ErrorRecord)
            }

            $PSCmdlet.WriteError($source.ErrorRecord)
            return
        }

        $results = @()
        try
        {
            $report = ConvertFrom-Json -InputObject $source.Snapshot.CheckTlsJson()
            $results = @(ConvertTo-ConnResetSchannelCipherSuite -Report $report -ComputerName $source.ComputerName)
        }
        catch
        {
            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.CheckFailed' -MessageFormat $script:localizedData.CheckFailed -Category 'InvalidResult' -TargetObject $Path -TargetName $source.Source
            $PSCmdlet.WriteError($errorRecord)
            return
        }
        finally
        {
            $source.Snapshot.Dispose()
        }

        $results
    }
}
