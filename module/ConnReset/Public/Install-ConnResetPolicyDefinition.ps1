<#
    .SYNOPSIS
        Copies the ConnReset Group Policy templates (ADMX and ADML) into a PolicyDefinitions folder.

    .DESCRIPTION
        Install-ConnResetPolicyDefinition copies ConnReset.admx and
        <Culture>\ConnReset.adml, which the module carries in its
        PolicyDefinitions folder, into a PolicyDefinitions folder: this
        computer's ($env:windir\PolicyDefinitions, the default) or a domain's
        Central Store (\\<domain>\SYSVOL\<domain>\Policies\PolicyDefinitions).
        Group Policy editors then show the settings under Computer
        Configuration, Administrative Templates, "Connection reset mitigations
        (ConnReset)": TCP SYN attack protection for Windows Server 2003, the
        Schannel protocols for client and server, cipher-suite orders without
        DHE, 3DES and RC4, and the .NET Framework strong cryptography values.

        The culture folder is created when it is missing, and so is the
        PolicyDefinitions folder itself when its parent exists (a new Central
        Store). Files that are already identical are left alone. A file that
        exists with other content (for example a newer template from another
        copy of the module) is only replaced with -Force; without it the
        command stops with 'ConnReset.PolicyDefinitionConflict' before copying
        anything. With -WhatIf it shows what it would copy and writes nothing.
        Writing to $env:windir\PolicyDefinitions needs an elevated session; the
        Central Store needs write access to SYSVOL (Domain Admins by default).

    .PARAMETER Path
        The PolicyDefinitions folder to copy into. By default
        $env:windir\PolicyDefinitions; a Central Store path such as
        \\contoso.com\SYSVOL\contoso.com\Policies\PolicyDefinitions is
        accepted. Its parent folder must exist. Accepts FullName and PSPath
        from the pipeline (a folder from Get-Item).

    .PARAMETER Culture
        The language of the ADML file to install, as a culture name (the
        folder name under PolicyDefinitions). The module ships en-US.

    .PARAMETER Force
        Replace an existing ConnReset.admx or ConnReset.adml whose content
        differs from the template (also when it is newer).

    .PARAMETER PassThru
        Return the installed files (System.IO.FileInfo), also those that were
        already up to date.

    .EXAMPLE
        Install-ConnResetPolicyDefinition

        Copies the templates into this computer's PolicyDefinitions folder
        (run PowerShell as Administrator).

    .EXAMPLE
        Install-ConnResetPolicyDefinition -Path \\contoso.com\SYSVOL\contoso.com\Policies\PolicyDefinitions -WhatIf

        Shows what would be copied into the domain's Central Store, and copies
        nothing.

    .EXAMPLE
        Install-ConnResetPolicyDefinition -Path \\contoso.com\SYSVOL\contoso.com\Policies\PolicyDefinitions -Force -PassThru

        Replaces older or changed ConnReset templates in the Central Store and
        returns the two files.

    .INPUTS
        System.String
        System.IO.DirectoryInfo

    .OUTPUTS
        System.IO.FileInfo
#>
function Install-ConnResetPolicyDefinition
{
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([System.IO.FileInfo])]
    param
    (
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName', 'PSPath')]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Path,

        [Parameter()]
        [ValidatePattern('^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$')]
        [System.String]
        $Culture = 'en-US',

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Force,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $PassThru
    )

    begin
    {
        # The templates the module carries (tools/stage-module.sh copies admx/
        # to <module>/PolicyDefinitions). The module's folder, not this file's:
        # the staged module has the functions in its root script.
        $moduleBase = $MyInvocation.MyCommand.Module.ModuleBase
        $sourceFolder = Join-Path -Path $moduleBase -ChildPath 'PolicyDefinitions'
        $sourceAdmx = Join-Path -Path $sourceFolder -ChildPath 'ConnReset.admx'
        $sourceAdml = Join-Path -Path (Join-Path -Path $sourceFolder -ChildPath $Culture) -ChildPath 'ConnReset.adml'
        foreach ($source in @($sourceAdmx, $sourceAdml))
        {
            if (-not (Test-Path -LiteralPath $source -PathType Leaf))
            {
                $message = $script:localizedData.PolicyDefinitionMissing -f $source, $Culture
                $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.PolicyDefinitionMissing' -Message $message -Category 'ObjectNotFound' -TargetObject $source -Exception (New-Object -TypeName 'System.IO.FileNotFoundException' -ArgumentList $message)
                $PSCmdlet.ThrowTerminatingError($errorRecord)
            }
        }
    }

    process
    {
        if (-not $PSBoundParameters.ContainsKey('Path'))
        {
            if ([System.String]::IsNullOrEmpty($env:windir))
            {
                $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.PolicyPathRequired' -Message $script:localizedData.PolicyPathRequired -Category 'InvalidArgument'
                $PSCmdlet.ThrowTerminatingError($errorRecord)
            }

            $Path = Join-Path -Path $env:windir -ChildPath 'PolicyDefinitions'
        }

        try
        {
            $targetFolder = @(Resolve-ConnResetPath -Path $Path -Literal)[0]
        }
        catch
        {
            $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.FileUnwritable' -MessageFormat $script:localizedData.FileUnwritable -Category 'InvalidArgument' -TargetObject $Path -TargetName $Path
            $PSCmdlet.ThrowTerminatingError($errorRecord)
        }

        $targetParent = Split-Path -Path $targetFolder -Parent
        if ((Test-Path -LiteralPath $targetFolder -PathType Leaf) -or
            (-not (Test-Path -LiteralPath $targetFolder -PathType Container) -and
             ([System.String]::IsNullOrEmpty($targetParent) -or -not (Test-Path -LiteralPath $targetParent -PathType Container))))
        {
            $message = $script:localizedData.PolicyFolderMissing -f $targetFolder
            $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.PolicyFolderMissing' -Message $message -Category 'ObjectNotFound' -TargetObject $targetFolder -Exception (New-Object -TypeName 'System.IO.DirectoryNotFoundException' -ArgumentList $message)
            $PSCmdlet.ThrowTerminatingError($errorRecord)
        }

        $cultureFolder = Join-Path -Path $targetFolder -ChildPath $Culture
        $copies = @(
            @{ Source = $sourceAdmx; Target = (Join-Path -Path $targetFolder -ChildPath 'ConnReset.admx') }
            @{ Source = $sourceAdml; Target = (Join-Path -Path $cultureFolder -ChildPath 'ConnReset.adml') }
        )

        # Decide for both files before writing either: a conflict stops the
        # command with nothing copied.
        foreach ($copy in $copies)
        {
            $copy.Write = $true
            if (Test-Path -LiteralPath $copy.Target -PathType Container)
            {
                # A folder where the file belongs: even -Force cannot copy.
                $lastWrite = (Get-Item -LiteralPath $copy.Target).LastWriteTime.ToString('u', [System.Globalization.CultureInfo]::InvariantCulture)
                $message = $script:localizedData.PolicyDefinitionConflict -f $copy.Target, $lastWrite
                $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.PolicyDefinitionConflict' -Message $message -Category 'ResourceExists' -TargetObject $copy.Target
                $PSCmdlet.ThrowTerminatingError($errorRecord)
            }

            if (Test-Path -LiteralPath $copy.Target -PathType Leaf)
            {
                $sourceHash = (Get-FileHash -LiteralPath $copy.Source -Algorithm 'SHA256').Hash
                $targetHash = (Get-FileHash -LiteralPath $copy.Target -Algorithm 'SHA256').Hash
                if ($sourceHash -eq $targetHash)
                {
                    $copy.Write = $false
                    Write-Verbose -Message ($script:localizedData.PolicyDefinitionUpToDate -f $copy.Target)
                }
                elseif (-not $Force.IsPresent)
                {
                    $lastWrite = (Get-Item -LiteralPath $copy.Target).LastWriteTime.ToString('u', [System.Globalization.CultureInfo]::InvariantCulture)
                    $message = $script:localizedData.PolicyDefinitionConflict -f $copy.Target, $lastWrite
                    $errorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.PolicyDefinitionConflict' -Message $message -Category 'ResourceExists' -TargetObject $copy.Target
                    $PSCmdlet.ThrowTerminatingError($errorRecord)
                }
            }
        }

        foreach ($folder in @($targetFolder, $cultureFolder))
        {
            if (-not (Test-Path -LiteralPath $folder -PathType Container) -and ($copies | Where-Object -FilterScript { $_.Write }))
            {
                $description = $script:localizedData.PolicyFolderDescription -f $folder
                $warning = $script:localizedData.PolicyFolderWarning -f $folder
                if (-not $PSCmdlet.ShouldProcess($description, $warning, $script:localizedData.PolicyInstallCaption))
                {
                    # Declined or -WhatIf: the files that would go into it are
                    # not copied.
                    continue
                }

                try
                {
                    $null = New-Item -Path $folder -ItemType 'Directory' -WhatIf:$false -Confirm:$false -ErrorAction 'Stop'
                }
                catch
                {
                    $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.FileUnwritable' -MessageFormat $script:localizedData.FileUnwritable -Category 'WriteError' -TargetObject $folder -TargetName $folder
                    $PSCmdlet.ThrowTerminatingError($errorRecord)
                }
            }
        }

        foreach ($copy in $copies)
        {
            if ($copy.Write)
            {
                $description = $script:localizedData.PolicyInstallDescription -f $copy.Source, $copy.Target
                $warning = $script:localizedData.PolicyInstallWarning -f $copy.Source, $copy.Target
                if (-not (Test-Path -LiteralPath (Split-Path -Path $copy.Target -Parent) -PathType Container))
                {
                    # Its folder was not created (-WhatIf, or declined at the
                    # prompt): under -WhatIf say what would be copied.
                    if ($WhatIfPreference)
                    {
                        $null = $PSCmdlet.ShouldProcess($description, $warning, $script:localizedData.PolicyInstallCaption)
                    }

                    continue
                }

                if (-not $PSCmdlet.ShouldProcess($description, $warning, $script:localizedData.PolicyInstallCaption))
                {
                    continue
                }

                try
                {
                    Copy-Item -LiteralPath $copy.Source -Destination $copy.Target -Force -WhatIf:$false -Confirm:$false -ErrorAction 'Stop'
                }
                catch
                {
                    $errorRecord = ConvertTo-ConnResetErrorRecord -ErrorRecord $_ -ErrorId 'ConnReset.FileUnwritable' -MessageFormat $script:localizedData.FileUnwritable -Category 'WriteError' -TargetObject $copy.Target -TargetName $copy.Target
                    $PSCmdlet.ThrowTerminatingError($errorRecord)
                }

                Write-Verbose -Message ($script:localizedData.PolicyDefinitionInstalled -f $copy.Target)
            }

            if ($PassThru.IsPresent -and (Test-Path -LiteralPath $copy.Target -PathType Leaf))
            {
                New-Object -TypeName 'System.IO.FileInfo' -ArgumentList $copy.Target
            }
        }
    }
}
