<#
    .SYNOPSIS
        Turns the entries of a Registry.pol into ConnReset.PolicyEntry objects.

    .DESCRIPTION
        Reads the policy's JSON ({"entries":[{"key","value","type","typeName",
        "data","hex"}]}) and returns one ConnReset.PolicyEntry per entry, in
        file order: Key (relative to HKEY_LOCAL_MACHINE, as the file stores
        it), ValueName (empty for the default value; the special names such
        as **del.<name> are kept), Type (REG_DWORD, REG_SZ, ...), Data (a
        number, a string, a string array for REG_MULTI_SZ, or hex digits for
        binary data) and Path (the Registry.pol file).

    .PARAMETER Policy
        The ConnReset.Interop.Policy to read.

    .PARAMETER Path
        The Registry.pol file the entries belong to.

    .OUTPUTS
        ConnReset.PolicyEntry
#>
function ConvertTo-ConnResetPolicyEntry
{
    [CmdletBinding()]
    [OutputType('ConnReset.PolicyEntry')]
    param
    (
        [Parameter(Mandatory = $true)]
        [ConnReset.Interop.Policy]
        $Policy,

        [Parameter()]
        [System.String]
        $Path
    )

    $document = ConvertFrom-Json -InputObject $Policy.ToJson()
    foreach ($entry in @($document.entries))
    {
        if ($null -eq $entry)
        {
            continue
        }

        $data = $entry.data
        if ($entry.typeName -eq 'REG_MULTI_SZ' -and $null -ne $data)
        {
            $data = [System.String[]] @($data)
        }

        [PSCustomObject] @{
            PSTypeName = 'ConnReset.PolicyEntry'
            Key        = [System.String] $entry.key
            ValueName  = [System.String] $entry.value
            Type       = [System.String] $entry.typeName
            Data       = $data
            Path       = $Path
        }
    }
}
