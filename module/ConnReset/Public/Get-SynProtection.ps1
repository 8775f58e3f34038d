<#
    .SYNOPSIS
        Gets the state of TCP SYN attack protection of a machine.

    .DESCRIPTION
        Get-SynProtection reads the TCP SYN attack protection values
        (SynAttackProtect, TcpMaxHalfOpen, TcpMaxHalfOpenRetried and
        TcpMaxConnectResponseRetransmissions under
        HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters) and the OS
        identity, and tells whether the protection is in force. Windows Server
        2003 SP1 and SP2 enable it by default, and under load it can reset valid
        connections, which clients report as error 10054 "An existing connection
        was forcibly closed by the remote host". Windows Vista, Server 2008 and
        later ignore these values (State NotApplicable).

        Each value is reported with its registry data, the value in effect, where
        that comes from (set, os-default, ...), the documented default and range,
        and the source that documents it.

        Without -Path it reads the live registry of this computer, which needs
        Windows. With -Path it reads .reg snapshots on any OS: the files given in
        one call are merged in order and describe one machine; pipe files in to
        get one object per machine.

    .PARAMETER Path
        The .reg files (REGEDIT4 or Windows Registry Editor 5.00) of one machine,
        merged in order. Wildcards are expanded. Accepts FullName and PSPath from
        the pipeline, so Get-ChildItem output can be piped in.

    .EXAMPLE
        Get-SynProtection

        Reads the live registry of this Windows computer.

    .EXAMPLE
        Get-SynProtection -Path .\sql01.reg

        Reads a snapshot collected on SQL01 with Export-ConnResetSnapshot.

    .EXAMPLE
        Get-ChildItem -Path .\snapshots\*.reg | Get-SynProtection | Where-Object -Property State -EQ 'Enabled'

        Lists the machines, one per snapshot file, on which the protection is in
        force.

    .EXAMPLE
        (Get-SynProtection -Path .\sql01.reg).SynAttackProtect | Format-List

        Shows the registry data, effective value, default, range and citation of
        SynAttackProtect.

    .INPUTS
        System.String
        System.IO.FileInfo

    .OUTPUTS
        ConnReset.SynProtection
#>
function Get-SynProtection
{
    [CmdletBinding()]
    [OutputType('ConnReset.SynProtection')]
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

        $result = $null
        try
        {
            $report = ConvertFrom-Json -InputObject $source.Snapshot.CheckSynJson()
            $result = ConvertTo-ConnResetSynProtection -Report $report -ComputerName $source.ComputerName -Source $source.Source -Path $source.Path
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

        $result
    }
}
