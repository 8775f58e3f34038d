<#
    .SYNOPSIS
        Writes a Group Policy file (Registry.pol) with ConnReset's fixes: a named profile or the fixes a diagnosis found.

    .DESCRIPTION
        Export-ConnResetPolicy writes a Registry.pol (the PReg file a GPO keeps
        in its Machine folder) holding exactly the registry values that the
        ConnReset administrative template (admx/ConnReset.admx, installed with
        Install-ConnResetPolicyDefinition) writes. Copy it to
        <GPO>\Machine\Registry.pol, or import it with LGPO.exe /m, to push the
        settings to every computer the GPO reaches. Check first what it would
        break with Test-ConnResetPolicy.

        The entries come from one of three sources:

        -Profile <name>: a named, vetted set of policies (tls12-enable,
        tls12-only, syn-2003-intranet, suites-no-dhe-*; press Tab after
        -Profile to list them, or see the error message of an unknown name).

        -Path <.reg files>: the Group Policy fixes of that machine's diagnosis
        (the findings of Invoke-ConnResetDiagnosis whose fix names a ConnReset
        policy). The files given in one call are merged in order and describe
        one machine; pipe files in for several machines, each with its own
        -OutFile.

        Neither: the Group Policy fixes of this computer's live diagnosis,
        which needs Windows (else the error is
        ConnReset.LiveRegistryUnavailable).

        An existing -OutFile is only replaced with -Force (else the error is
        ConnReset.PolicyFileExists). A diagnosis with no Group Policy fix
        writes a Registry.pol without entries and warns. -WhatIf writes
        nothing. With -PassThru the entries written are returned as
        ConnReset.PolicyEntry objects (Key, ValueName, Type, Data, Path); keys
        are relative to HKEY_LOCAL_MACHINE, as Registry.pol stores them.

    .PARAMETER Profile
        The name of a policy profile, for example tls12-only. Tab completion
        lists the profiles.

    .PARAMETER Path
        The .reg snapshot files of one machine, merged in order; the file gets
        the Group Policy fixes of its diagnosis. Wildcards are expanded.
        Accepts FullName and PSPath from the pipeline.

    .PARAMETER OutFile
        The Registry.pol file to write.

    .PARAMETER Force
        Replace -OutFile when it exists.

    .PARAMETER PassThru
        Return the entries written, as ConnReset.PolicyEntry objects.

    .EXAMPLE
        Export-ConnResetPolicy -Profile tls12-only -OutFile .\Registry.pol -PassThru

        Writes the tls12-only profile (TLS 1.2 on, SSL 2.0 to TLS 1.1 off, .NET
        strong cryptography on) and shows the entries written.

    .EXAMPLE
        Export-ConnResetPolicy -Path .\sql01.reg -OutFile .\sql01-fixes.pol

        Writes the Group Policy fixes of the diagnosis of the SQL01 snapshot.

    .EXAMPLE
        Export-ConnResetPolicy -OutFile C:\Temp\Registry.pol -Force

        Diagnoses this Windows computer and writes its Group Policy fixes,
        replacing the file if it exists.

    .EXAMPLE
        Export-ConnResetPolicy -Profile tls12-only -OutFile .\Registry.pol -WhatIf

        Shows what would be written, and writes nothing.

    .EXAMPLE
        Export-ConnResetPolicy -Profile tls12-only -OutFile .\Registry.pol; Test-ConnResetPolicy -Path .\Registry.pol -Client .\clients -Server .\servers -ApplyTo Servers

        Writes the profile, then checks which client/server pairs it would
        break when the GPO is linked to the servers' OU.

    .INPUTS
        System.String
        System.IO.FileInfo

    .OUTPUTS
        ConnReset.PolicyEntry
#>
function Export-ConnResetPolicy
{
    [CmdletBinding(SupportsShouldProcess = $true, DefaultParameterSetName = 'Live')]
    [OutputType('ConnReset.PolicyEntry')]
    param
    (
        [Parameter(ParameterSetName = 'Profile', Mandatory = $true)]
        [ArgumentCompleter({ [ConnReset.Interop.PolicyProfileCompleter]::Complete($args[2]) })]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Profile,

        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PSPath')]
        [ValidateNotNullOrEmpty()]
        [System.String[]]
        $Path,

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $OutFile,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Force,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $PassThru
    )

    begin
    {
        # The files this call wrote, so a second machine in the same pipeline
        # does not silently replace the first one's policy.
        $writtenOutFiles = New-Object -TypeName 'System.Collections.Generic.HashSet[System.String]' -ArgumentList ([System.StringComparer]::OrdinalIgnoreCase)
    }

    process
    {
        if ($PSCmdlet.ParameterSetName -eq 'Live' -and -not (Test-ConnResetLiveRegistry))
        {
            $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.LiveRegistryUnavailable' -Message $script:localizedData.LiveRegistryUnavailable -Category 'ResourceUnavailable' -Exception (New-Object -TypeName 'System.PlatformNotSupportedException' -ArgumentList $script:localizedData.LiveRegistryUnavailable)
            $PSCmdlet.ThrowTerminatingError($errorRecord)
        }

        try
        {
            $outFilePath = @(Resolve-ConnResetPath -Path $OutFile -Literal)[0]
        }
        catch
        {
            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.FileUnwritable' -MessageFormat $script:localizedData.FileUnwritable -Category 'InvalidArgument' -TargetObject $OutFile -TargetName $OutFile
            $PSCmdlet.ThrowTerminatingError($errorRecord)
        }

        $policy = $null
        $sourceName = $null
        try
        {
            if ($PSCmdlet.ParameterSetName -eq 'Profile')
            {
                $sourceName = $Profile
                try
                {
                    $policy = [ConnReset.Interop.Policy]::FromProfile($Profile)
                }
                catch
                {
                    $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.PolicyProfileUnknown' -MessageFormat $script:localizedData.PolicyProfileUnknown -Category 'ObjectNotFound' -TargetObject $Profile -TargetName $Profile
                    $PSCmdlet.ThrowTerminatingError($errorRecord)
                }
            }
            else
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

                $sourceName = $source.ComputerName
                try
                {
                    $policy = [ConnReset.Interop.Policy]::FromDiagnosis($source.Snapshot)
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
            }

            if ($writtenOutFiles.Contains($outFilePath))
            {
                $message = $script:localizedData.OutFileReused -f $sourceName, $outFilePath
                $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.OutFileReused' -Message $message -Category 'InvalidArgument' -TargetObject $outFilePath
                $PSCmdlet.WriteError($errorRecord)
                return
            }

            if ((Test-Path -LiteralPath $outFilePath) -and -not $Force.IsPresent)
            {
                $message = $script:localizedData.PolicyFileExists -f $outFilePath
                $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.PolicyFileExists' -Message $message -Category 'ResourceExists' -TargetObject $outFilePath -Exception (New-Object -TypeName 'System.IO.IOException' -ArgumentList $message)
                $PSCmdlet.WriteError($errorRecord)
                return
            }

            $count = $policy.Count
            $description = $script:localizedData.PolicyExportDescription -f $outFilePath, $count, $sourceName
            $warning = $script:localizedData.PolicyExportWarning -f $outFilePath, $count, $sourceName
            if (-not $PSCmdlet.ShouldProcess($description, $warning, $script:localizedData.PolicyExportCaption))
            {
                return
            }

            if ($count -eq 0)
            {
                Write-Warning -Message ($script:localizedData.PolicyEmpty -f $sourceName, $outFilePath)
            }

            try
            {
                $policy.Save($outFilePath)
            }
            catch
            {
                $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.FileUnwritable' -MessageFormat $script:localizedData.FileUnwritable -Category 'WriteError' -TargetObject $outFilePath -TargetName $outFilePath
                $PSCmdlet.WriteError($errorRecord)
                return
            }

            $null = $writtenOutFiles.Add($outFilePath)
            Write-Verbose -Message ($script:localizedData.PolicyExported -f $outFilePath, $count)
            if ($PassThru.IsPresent)
            {
                ConvertTo-ConnResetPolicyEntry -Policy $policy -Path $outFilePath
            }
        }
        finally
        {
            if ($null -ne $policy)
            {
                $policy.Dispose()
            }
        }
    }
}
