<#
    .SYNOPSIS
        Gets the SQL Server instances of a machine with their TLS settings.

    .DESCRIPTION
        Get-SqlServerInstance reads the SQL Server instances from the registry
        (HKLM\SOFTWARE\Microsoft\Microsoft SQL Server and its WOW6432Node
        twin): instance name and id, the Windows service, the build that runs
        (Version), product and edition, whether it is 32-bit, the certificate
        it is configured with (SuperSocketNetLib Certificate; $null when SQL
        Server picks one itself), ForceEncryption and ForceStrict, the
        ERRORLOG path from its startup parameters, and whether the build
        supports TLS 1.2 (SupportsTls12, with Tls12Reason and Tls12Fix; a
        build without it resets every TLS 1.2-only client, finding PROTO010).

        Without -Path it reads the live registry of this computer, which needs
        Windows but no elevation. With -Path it reads .reg snapshots on any OS:
        the files given in one call are merged in order and describe one
        machine.

    .PARAMETER Path
        The .reg files of one machine, merged in order. Wildcards are
        expanded. Accepts FullName and PSPath from the pipeline.

    .EXAMPLE
        Get-SqlServerInstance

        Lists the instances of this computer.

    .EXAMPLE
        Get-SqlServerInstance -Path .\sql01.reg | Where-Object -Property SupportsTls12 -EQ $false | Format-List -Property InstanceName, Version, Tls12Reason, Tls12Fix

        Lists SQL01's instances whose build cannot do TLS 1.2, and the update
        that fixes each.

    .EXAMPLE
        Get-SqlServerInstance | Where-Object -Property Certificate | Select-Object -Property InstanceName, Certificate, ForceEncryption

        Shows which instances are configured with a certificate.

    .INPUTS
        System.String
        System.IO.FileInfo

    .OUTPUTS
        ConnReset.SqlServerInstance
#>
function Get-SqlServerInstance
{
    [CmdletBinding()]
    [OutputType('ConnReset.SqlServerInstance')]
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
            $report = ConvertFrom-Json -InputObject $source.Snapshot.CheckSqlJson()
            $results = @(ConvertTo-ConnResetSqlServerInstance -Report $report -ComputerName $source.ComputerName -Source $source.Source)
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

        if ($results.Count -eq 0)
        {
            Write-Verbose -Message ($script:localizedData.NoSqlInstances -f $source.ComputerName)
        }

        $results
    }
}
