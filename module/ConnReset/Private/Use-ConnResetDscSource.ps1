<#
    .SYNOPSIS
        Points the module's DSC class resources at .reg snapshots (tests), or
        back at the live registry.

    .DESCRIPTION
        The source seam of the class resources. By default (and always in
        production: nothing outside the module can reach this function) they
        read and change the live registry. With -Path they read the snapshot
        files instead and Set() writes each fix as a .reg file into
        -OutDirectory (NNN-<Type>.reg, and its undo NNN-<Type>.undo.reg),
        through the same Invoke-ConnResetChange snapshot mode as the change
        commands; later reads merge the fixes written so far after -Path, so
        Set() followed by Test() sees the change. -Live switches back.

        Tests call it inside the module scope (InModuleScope ConnReset).
        The environment variable CONNRESET_DSC_DENY_LIVE=1 makes the live
        registry refuse instead (Open-ConnResetDscInstance), so a test that
        forgets to call this cannot touch the machine it runs on.

    .PARAMETER Path
        The snapshot files of one machine, merged in order.

    .PARAMETER OutDirectory
        Where Set() writes its fix and undo .reg files; created when missing.

    .PARAMETER Live
        Back to the live registry.

    .OUTPUTS
        System.Management.Automation.PSCustomObject (the seam: Path,
        OutDirectory, Written, Log), or nothing with -Live.
#>
function Use-ConnResetDscSource
{
    [CmdletBinding(DefaultParameterSetName = 'Snapshot')]
    [OutputType([System.Management.Automation.PSCustomObject])]
    param
    (
        [Parameter(Mandatory = $true, ParameterSetName = 'Snapshot')]
        [System.String[]]
        $Path,

        [Parameter(Mandatory = $true, ParameterSetName = 'Snapshot')]
        [System.String]
        $OutDirectory,

        [Parameter(Mandatory = $true, ParameterSetName = 'Live')]
        [System.Management.Automation.SwitchParameter]
        $Live
    )

    if ($Live.IsPresent)
    {
        $script:ConnResetDscSource = $null
        return
    }

    $files = @(Resolve-ConnResetPath -Path $Path)
    $null = New-Item -Path $OutDirectory -ItemType 'Directory' -Force -WhatIf:$false -Confirm:$false
    $directory = (Resolve-Path -LiteralPath $OutDirectory).ProviderPath
    $script:ConnResetDscSource = [PSCustomObject] @{
        Path         = [System.String[]] $files
        OutDirectory = $directory
        Written      = New-Object -TypeName 'System.Collections.Generic.List[System.String]'
        Log          = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
    }
    Write-Verbose -Message ($script:localizedData.DscSourceSet -f ($files -join ', '), $directory)
    return $script:ConnResetDscSource
}
