<#
    .SYNOPSIS
        Opens both sides of a client/server pair, each with its Windows
        release when given.

    .DESCRIPTION
        What Test-TlsMatch, Invoke-ConnResetDiagnosis -Client/-Server and
        Get-ConnectionReset -ClientSnapshot/-ServerSnapshot share: 'live' (or
        a side left out) needs a live registry, which only Windows has
        ('ConnReset.LiveRegistryUnavailable', checked before anything is
        read); then the client, then the server is opened with
        Open-ConnResetPeer (-ClientOS / -ServerOS fill what a snapshot does
        not say). The first failure is returned as ErrorRecord, with Live
        set when it concerns this computer (the caller then stops; else it
        writes the error for this pair and goes on), and nothing is left
        open. On success the caller disposes Client.Snapshot and
        Server.Snapshot.

    .PARAMETER Client
        The client's .reg files, or 'live', or nothing for this computer.

    .PARAMETER ClientOS
        The client's Windows release, when its snapshot does not say.

    .PARAMETER Server
        The server's .reg files, or 'live', or nothing for this computer.

    .PARAMETER ServerOS
        The server's Windows release, when its snapshot does not say.

    .OUTPUTS
        System.Management.Automation.PSCustomObject with Client and Server
        (as Open-ConnResetPeer returns them, or $null), Live and
        ErrorRecord.
#>
function Open-ConnResetPair
{
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSCustomObject])]
    param
    (
        [Parameter()]
        [AllowNull()]
        [AllowEmptyCollection()]
        [System.String[]]
        $Client,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $ClientOS,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyCollection()]
        [System.String[]]
        $Server,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyString()]
        [System.String]
        $ServerOS
    )

    $pair = [PSCustomObject] @{
        Client      = $null
        Server      = $null
        Live        = $false
        ErrorRecord = $null
    }

    if (((Test-ConnResetLivePeer -Path $Client) -or (Test-ConnResetLivePeer -Path $Server)) -and -not (Test-ConnResetLiveRegistry))
    {
        $exception = New-Object -TypeName 'System.PlatformNotSupportedException' -ArgumentList $script:localizedData.LivePeerUnavailable
        $pair.Live = $true
        $pair.ErrorRecord = New-ConnResetErrorRecord -ErrorId 'ConnReset.LiveRegistryUnavailable' -Message $script:localizedData.LivePeerUnavailable -Category 'ResourceUnavailable' -Exception $exception
        return $pair
    }

    $pair.Client = Open-ConnResetPeer -Path $Client -OS $ClientOS
    if ($null -eq $pair.Client.ErrorRecord)
    {
        $pair.Server = Open-ConnResetPeer -Path $Server -OS $ServerOS
    }

    foreach ($side in @($pair.Client, $pair.Server))
    {
        if ($null -ne $side -and $null -ne $side.ErrorRecord)
        {
            $pair.Live = $side.Live
            $pair.ErrorRecord = $side.ErrorRecord
        }
    }

    if ($null -ne $pair.ErrorRecord)
    {
        # Nothing stays open when one side failed.
        foreach ($side in @($pair.Client, $pair.Server))
        {
            if ($null -ne $side -and $null -ne $side.Snapshot)
            {
                $side.Snapshot.Dispose()
            }
        }

        $pair.Client = $null
        $pair.Server = $null
    }

    return $pair
}
