<#
    .SYNOPSIS
        Tests whether TCP SYN attack protection is in the wanted state.

    .DESCRIPTION
        Test-SynProtection returns $true when the machine is already as
        Set-SynProtection with the same switches would leave it, and $false when
        Set-SynProtection would change something. This makes the two an
        idempotent Test/Set pair for DSC, configuration scripts and pipelines:
        run Set-SynProtection only when Test-SynProtection returns $false.

        With -Disabled the result is $true when the protection is not in force
        (State Disabled), or when the values are already as -Disable sets them.
        With -Enabled it is $true when the protection is in force and, if
        -MaxHalfOpen or -MaxHalfOpenRetried are given, those values are in
        effect, or when the values are already as -Enable sets them.

        A threshold the machine does not hold is a $false, never an error:
        also one Set-SynProtection would refuse to write on that machine (a
        value outside the range documented for its Windows version, or a
        -MaxHalfOpen not above the TcpMaxHalfOpenRetried the machine keeps);
        -Verbose says why. Only a question that no machine can answer $true
        is an error: -MaxHalfOpenRetried not below -MaxHalfOpen, both given
        ('ConnReset.InvalidArgument', before any input is read). An input
        that cannot be read or checked gets its own error
        ('ConnReset.SnapshotUnreadable', 'ConnReset.CheckFailed') and no
        result, and the command goes on with the next one.

        Without -Path it reads the live registry of this computer (Windows only);
        with -Path it reads .reg snapshots, on any OS, one machine per call or
        pipeline object.

    .PARAMETER Path
        The .reg files of one machine, merged in order. Wildcards are expanded.
        Accepts FullName and PSPath from the pipeline.

    .PARAMETER Disabled
        Test that the protection is off (SynAttackProtect 0).

    .PARAMETER Enabled
        Test that the protection is on (SynAttackProtect 1).

    .PARAMETER MaxHalfOpen
        With -Enabled: test that this TcpMaxHalfOpen is in effect too. Any
        value may be asked; one the machine does not hold gives $false.

    .PARAMETER MaxHalfOpenRetried
        With -Enabled: test that this TcpMaxHalfOpenRetried is in effect too.
        Any value may be asked; one the machine does not hold gives $false.
        With -MaxHalfOpen it must be less than -MaxHalfOpen.

    .EXAMPLE
        if (-not (Test-SynProtection -Disabled)) { Set-SynProtection -Disable -Confirm:$false }

        Disables the protection on this computer only when it is not already off.

    .EXAMPLE
        Test-SynProtection -Path .\sql01.reg -Enabled -MaxHalfOpen 1000 -MaxHalfOpenRetried 800

        Tests a snapshot for protection on with raised thresholds.

    .EXAMPLE
        Test-SynProtection -Path .\sql01.reg -Enabled -MaxHalfOpen 300 -Verbose

        Returns $false on a Server 2003 that keeps the default
        TcpMaxHalfOpenRetried 400, and says why: a TcpMaxHalfOpen of 300 is
        not in effect, and Set-SynProtection could not set it alone.

    .EXAMPLE
        Get-ChildItem -Path .\snapshots\*.reg | Test-SynProtection -Disabled

        Returns one $true or $false per snapshot file.

    .INPUTS
        System.String
        System.IO.FileInfo

    .OUTPUTS
        System.Boolean
#>
function Test-SynProtection
{
    [CmdletBinding()]
    [OutputType([System.Boolean])]
    param
    (
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PSPath')]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Path,

        [Parameter(Mandatory = $true, ParameterSetName = 'Disabled')]
        [System.Management.Automation.SwitchParameter]
        $Disabled,

        [Parameter(Mandatory = $true, ParameterSetName = 'Enabled')]
        [System.Management.Automation.SwitchParameter]
        $Enabled,

        [Parameter(ParameterSetName = 'Enabled')]
        [System.UInt32]
        $MaxHalfOpen,

        [Parameter(ParameterSetName = 'Enabled')]
        [System.UInt32]
        $MaxHalfOpenRetried
    )

    begin
    {
        if ($Enabled.IsPresent)
        {
            $wantedState = 'Enabled'
            $action = [ConnReset.Interop.SynAction]::Enable
        }
        elseif ($Disabled.IsPresent)
        {
            $wantedState = 'Disabled'
            $action = [ConnReset.Interop.SynAction]::Disable
        }

        $maxHalfOpenValue = [System.Int64] -1
        if ($PSBoundParameters.ContainsKey('MaxHalfOpen'))
        {
            $maxHalfOpenValue = [System.Int64] $MaxHalfOpen
        }

        $maxHalfOpenRetriedValue = [System.Int64] -1
        if ($PSBoundParameters.ContainsKey('MaxHalfOpenRetried'))
        {
            $maxHalfOpenRetriedValue = [System.Int64] $MaxHalfOpenRetried
        }

        # The one question no machine answers $true: said once, up front.
        $errorRecord = Get-ConnResetSynThresholdError -MaxHalfOpen $maxHalfOpenValue -MaxHalfOpenRetried $maxHalfOpenRetriedValue
        if ($null -ne $errorRecord)
        {
            $PSCmdlet.ThrowTerminatingError($errorRecord)
        }
    }

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

        $inDesiredState = $false
        $change = $null
        try
        {
            $report = ConvertFrom-Json -InputObject $source.Snapshot.CheckSynJson()
            $state = ConvertTo-ConnResetText -Text $report.checks.syn.state

            if ($state -eq $wantedState)
            {
                $inDesiredState = $true
                foreach ($value in $report.checks.syn.values)
                {
                    if ($value.name -eq 'TcpMaxHalfOpen' -and $maxHalfOpenValue -ge 0 -and $value.effective -ne $maxHalfOpenValue)
                    {
                        $inDesiredState = $false
                    }

                    if ($value.name -eq 'TcpMaxHalfOpenRetried' -and $maxHalfOpenRetriedValue -ge 0 -and $value.effective -ne $maxHalfOpenRetriedValue)
                    {
                        $inDesiredState = $false
                    }
                }
            }

            if (-not $inDesiredState)
            {
                # Also true when Set-SynProtection would have nothing to do, as
                # on Vista/2008 and later once the value is written: the pair
                # then converges even though the OS ignores the values.
                $failure = $null
                $change = [ConnReset.Interop.Change]::TryPlanSyn($source.Snapshot, $action, $maxHalfOpenValue, $maxHalfOpenRetriedValue, [ref] $failure)
                if ($null -ne $failure -and $failure.CodeName -eq 'CR_EINVAL')
                {
                    # Set-SynProtection would refuse these values on this
                    # machine (out of its range, or against the threshold it
                    # keeps): they are not in effect, which is the answer.
                    Write-Verbose -Message ($script:localizedData.SynTestUnreachable -f $source.ComputerName, $failure.Message)
                }
                elseif ($null -ne $failure)
                {
                    $errorRecord = ConvertTo-ConnResetErrorRecord -Exception $failure -ErrorId 'ConnReset.CheckFailed' -MessageFormat $script:localizedData.CheckFailed -Category 'InvalidResult' -TargetObject $Path -TargetName $source.Source
                    $PSCmdlet.WriteError($errorRecord)
                    return
                }
                elseif ($change.OperationCount -eq 0)
                {
                    $inDesiredState = $true
                }
            }
        }
        catch
        {
            # This input could not be checked: its error, then the next one.
            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.CheckFailed' -MessageFormat $script:localizedData.CheckFailed -Category 'InvalidResult' -TargetObject $Path -TargetName $source.Source
            $PSCmdlet.WriteError($errorRecord)
            return
        }
        finally
        {
            if ($null -ne $change)
            {
                $change.Dispose()
            }

            $source.Snapshot.Dispose()
        }

        Write-Verbose -Message ($script:localizedData.TestResult -f $source.ComputerName, $state, $wantedState, $inDesiredState)
        $inDesiredState
    }
}
