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

    .PARAMETER Path
        The paths as the user gave them.

    .PARAMETER Literal
        Take every path literally (for files to be written).

    .OUTPUTS
        System.String
#>
function Resolve-ConnResetPath
{
    [CmdletBinding()]
    [OutputType([System.String])]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String[]]
        $Path,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Literal
    )

    foreach ($item in $Path)
    {
        $provider = $null
        if (-not $Literal.IsPresent -and [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($item))
        {
            $resolved = @()
            try
            {
                $resolved = @($PSCmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath($item, [ref] $provider))
            }
            catch
            {
                # ItemNotFoundException (a missing folder in the pattern) and
                # the like: reported as "no file matches" below.
                $resolved = @()
            }

            if ($resolved.Count -eq 0)
            {
                throw (New-Object -TypeName 'System.IO.FileNotFoundException' -ArgumentList ($script:localizedData.NoFileMatches -f $item))
            }
        }
        else
        {
            $drive = $null
            $resolved = @($PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($item, [ref] $provider, [ref] $drive))
        }

        if ($null -ne $provider -and $provider.Name -ne 'FileSystem')
        {
            throw (New-Object -TypeName 'System.ArgumentException' -ArgumentList ($script:localizedData.NotAFileSystemPath -f $item))
        }

        $resolved | Sort-Object
    }
}
