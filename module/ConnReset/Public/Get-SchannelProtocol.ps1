<#
    .SYNOPSIS
        Gets which SSL, TLS and DTLS versions Schannel enables for each role.

    .DESCRIPTION
        Get-SchannelProtocol reads the Schannel protocol keys
        (HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\<protocol>\Client
        and \Server, values Enabled and DisabledByDefault) together with the OS
        identity, and tells for each protocol and role which state is in
        effect: Enabled, Disabled (Enabled = 0: never used, whatever an
        application asks), DisabledByDefault (on only for applications that
        ask for it) or NotSupported (this Windows version lacks it); Unknown
        when nothing is set and no source gives the OS default.

        OsDefault is the state the protocol has when nothing is set: the
        default of the OS version, in the same words as State, so with no
        value set State equals OsDefault. Microsoft's table of defaults
        ("Protocols in TLS/SSL (Schannel SSP)") calls a supported version
        that is off by default "Disabled"; here that is DisabledByDefault
        (SSL 3.0 on Windows 10, TLS 1.2 on Windows Server 2008 R2), since an
        application that asks for the version still gets it. OsDefault
        Disabled never occurs.

        When a client and a server share no enabled protocol version, the
        server resets the connection and the client reports error 10054 "An
        existing connection was forcibly closed by the remote host" (family
        PROTO). Test-TlsMatch compares two machines; Set-SchannelProtocol
        changes a state.

        Without -Path it reads the live registry of this computer, which needs
        Windows but no elevation. With -Path it reads .reg snapshots on any OS:
        the files given in one call are merged in order and describe one
        machine; pipe files in to read several machines.

    .PARAMETER Path
        The .reg files (REGEDIT4 or Windows Registry Editor 5.00) of one machine,
        merged in order. Wildcards are expanded. Accepts FullName and PSPath from
        the pipeline, so Get-ChildItem output can be piped in.

    .PARAMETER Protocol
        Only these protocols: SSL2.0, SSL3.0, TLS1.0, TLS1.1, TLS1.2, TLS1.3,
        DTLS1.0, DTLS1.2. By default all of them.

    .PARAMETER Role
        Only this role: Client (outgoing connections) or Server (incoming
        connections). By default both.

    .EXAMPLE
        Get-SchannelProtocol

        Lists every protocol version for both roles on this computer.

    .EXAMPLE
        Get-SchannelProtocol -Path .\sql01.reg -Protocol TLS1.2 -Role Server

        Tells whether SQL01 accepts TLS 1.2 connections, and why.

    .EXAMPLE
        Get-SchannelProtocol -Path .\app01.reg | Where-Object -FilterScript { $_.State -ne $_.OsDefault }

        Lists the protocols whose registry values change what the OS would
        do by itself.

    .EXAMPLE
        Get-ChildItem -Path .\snapshots\*.reg | Get-SchannelProtocol -Protocol TLS1.2 | Where-Object -Property State -NE 'Enabled'

        Lists the machines and roles on which TLS 1.2 is not on.

    .INPUTS
        System.String
        System.IO.FileInfo

    .OUTPUTS
        ConnReset.SchannelProtocol
#>
function Get-SchannelProtocol
{
    [CmdletBinding()]
    [OutputType('ConnReset.SchannelProtocol')]
    param
    (
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PSPath')]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Path,

        [Parameter()]
        [ValidateSet('SSL2.0', 'SSL3.0', 'TLS1.0', 'TLS1.1', 'TLS1.2', 'TLS1.3', 'DTLS1.0', 'DTLS1.2')]
        [System.String[]]
        $Protocol,

        [Parameter()]
        [ValidateSet('Client', 'Server')]
        [System.String]
        $Role
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
            $results = @(ConvertTo-ConnResetSchannelProtocol -Report $report -ComputerName $source.ComputerName)
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

        foreach ($result in $results)
        {
            if ($null -ne $Protocol -and $Protocol -notcontains $result.Protocol)
            {
                continue
            }

            if ($PSBoundParameters.ContainsKey('Role') -and $result.Role -ne $Role)
            {
                continue
            }

            $result
        }
    }
}
