<#
    .SYNOPSIS
        Checks a machine for every known cause of error 10054 and ranks the findings.

    .DESCRIPTION
        Invoke-ConnResetDiagnosis is the first command to run when clients see
        "An existing connection was forcibly closed by the remote host"
        (WSAECONNRESET, error 10054). It runs every check ConnReset has on the
        machine's registry and returns the findings ranked, the most likely cause
        first. Each finding has a stable Id (for example SYN001), a Severity, the
        Reason in one sentence, the Evidence (registry key, value and data) and
        the Fix: the cmdlet line that applies it, the equivalent connreset CLI
        line and the Group Policy setting that pushes it.

        Without -Path it reads the live registry of this computer (Windows only).
        With -Path it reads .reg snapshots on any OS: the files given in one call
        are merged in order and describe one machine; pipe files in to diagnose
        several machines. A machine with no finding returns nothing (use -Verbose
        to see it named).

    .PARAMETER Path
        The .reg files of one machine, merged in order. Wildcards are expanded.
        Accepts FullName and PSPath from the pipeline.

    .EXAMPLE
        Invoke-ConnResetDiagnosis

        Diagnoses this Windows computer.

    .EXAMPLE
        Invoke-ConnResetDiagnosis -Path .\sql01.reg | Format-List -Property Rank, Id, Title, Reason, Fix

        Diagnoses a snapshot and shows each finding with its fix.

    .EXAMPLE
        Get-ChildItem -Path .\snapshots\*.reg | Invoke-ConnResetDiagnosis | Group-Object -Property Id

        Diagnoses many machines and counts them per finding.

    .INPUTS
        System.String
        System.IO.FileInfo

    .OUTPUTS
        ConnReset.Finding
#>
function Invoke-ConnResetDiagnosis
{
    [CmdletBinding()]
    [OutputType('ConnReset.Finding')]
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
        $targetName = 'Live'
        if ($null -ne $Path)
        {
            $targetName = $Path -join ', '
        }

        try
        {
            $source = Open-ConnResetSource -Path $Path
        }
        catch
        {
            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.SnapshotUnreadable' -MessageFormat $script:localizedData.SnapshotUnreadable -Category 'ReadError' -TargetObject $Path -TargetName $targetName
            if ($null -eq $Path)
            {
                $PSCmdlet.ThrowTerminatingError($errorRecord)
            }

            $PSCmdlet.WriteError($errorRecord)
            return
        }

        $findings = @()
        try
        {
            $report = ConvertFrom-Json -InputObject $source.Snapshot.DiagnoseJson()
            $findings = @(
                foreach ($finding in $report.findings)
                {
                    ConvertTo-ConnResetFinding -Finding $finding -ComputerName $source.ComputerName -Source $source.Source -Path $source.Path
                }
            )
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

        if ($findings.Count -eq 0)
        {
            Write-Verbose -Message ($script:localizedData.NoFindings -f $source.ComputerName)
            return
        }

        $findings | Sort-Object -Property 'Rank'
    }
}
