<#
    .SYNOPSIS
        Turns PowerShell paths into file system paths for the native library.

    .DESCRIPTION
        The native library resolves relative paths against the process's
        working directory, which is not PowerShell's current location, so every
        path is made absolute here. Provider-qualified paths (PSPath from
        Get-ChildItem) are accepted. Paths with wildcards are expanded (sorted,
        so merging order is stable) unless -Literal is given. Paths outside the
        FileSystem provider are refused.

        A path that cannot be resolved throws, unless -AsResult is given: then
        the exception is returned, not thrown. PowerShell records every
        exception a function catches in the caller's -ErrorVariable and $Error,
        so the commands that must write exactly one error per bad input use
        -AsResult.

    .PARAMETER Path
        The paths as the user gave them.

    .PARAMETER Literal
        Take every path literally (for files to be written).

    .PARAMETER AsResult
        Return one object with Path (the resolved paths) and Exception (the
        first path that failed, or $null) instead of the paths.

    .OUTPUTS
        System.String, or a PSCustomObject with -AsResult.
#>
function Resolve-ConnResetPath
{
    [CmdletBinding()]
    [OutputType([System.String], [System.Management.Automation.PSCustomObject])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String[]]
        $Path,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Literal,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $AsResult
    )

    $all = New-Object -TypeName 'System.Collections.Generic.List[System.String]'
    $failure = $null
    foreach ($item in $Path)
    {
        $providerName = $null
        $resolved = @()
        if (-not $Literal.IsPresent -and [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($item))
        {
            # Resolve-Path with Ignore: a pattern that matches nothing (or
            # names a missing folder) leaves no error behind; it is reported
            # once, as "no file matches", below.
            $matched = @(Resolve-Path -Path $item -ErrorAction 'Ignore')
            if ($matched.Count -eq 0)
            {
                $failure = New-Object -TypeName 'System.IO.FileNotFoundException' -ArgumentList ($script:localizedData.NoFileMatches -f $item)
                break
            }

            $providerName = $matched[0].Provider.Name
            $resolved = @($matched | ForEach-Object -Process { $_.ProviderPath })
        }
        else
        {
            $provider = $null
            $drive = $null
            $resolved = @($PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($item, [ref] $provider, [ref] $drive))
            if ($null -ne $provider)
            {
                $providerName = $provider.Name
            }
        }

        if ($null -ne $providerName -and $providerName -ne 'FileSystem')
        {
            $failure = New-Object -TypeName 'System.ArgumentException' -ArgumentList ($script:localizedData.NotAFileSystemPath -f $item)
            break
        }

        foreach ($one in @($resolved | Sort-Object))
        {
            $all.Add($one)
        }
    }

    if ($AsResult.IsPresent)
    {
        return [PSCustomObject] @{
            Path      = [System.String[]] $all.ToArray()
            Exception = $failure
        }
    }

    if ($null -ne $failure)
    {
        throw $failure
    }

    $all.ToArray()
}
