<#
    .SYNOPSIS
        Turns a caught error into an ErrorRecord with a stable ConnReset id.

    .DESCRIPTION
        The exception kept in the record is the native ConnResetException when
        there is one (so $_.Exception.CodeName and .Code can be read, and its
        message names the file and line), else the innermost exception. The
        displayed message (ErrorDetails) is the localized text.

        Some native codes have one id whatever the context: CR_ENOTSUP is
        'ConnReset.LiveRegistryUnavailable', CR_EACCES 'ConnReset.AccessDenied',
        CR_EINVAL 'ConnReset.InvalidArgument'. A native library that cannot be
        loaded is 'ConnReset.NativeLibraryUnavailable'. Everything else gets
        the id the caller gives for its context (for example
        'ConnReset.SnapshotUnreadable' for CR_EPARSE, CR_ENOTFOUND or CR_EIO
        while reading snapshots).

    .PARAMETER ErrorRecord
        The caught error ($_).

    .PARAMETER Exception
        An exception that was returned rather than thrown (see
        Open-ConnResetSource).

    .PARAMETER ErrorId
        The id for this context.

    .PARAMETER MessageFormat
        The localized message for this context: {0} is TargetName, {1} the
        detail (the native message).

    .PARAMETER Category
        The category for this context; native codes may refine it.

    .PARAMETER TargetObject
        The object the error is about.

    .PARAMETER TargetName
        The text for {0} in the message.

    .OUTPUTS
        System.Management.Automation.ErrorRecord
#>
function ConvertTo-ConnResetErrorRecord
{
    [CmdletBinding(DefaultParameterSetName = 'ErrorRecord')]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param
    (
        [Parameter(Mandatory = $true, ParameterSetName = 'ErrorRecord')]
        [System.Management.Automation.ErrorRecord]
        $ErrorRecord,

        [Parameter(Mandatory = $true, ParameterSetName = 'Exception')]
        [System.Exception]
        $Exception,

        [Parameter(Mandatory = $true)]
        [System.String]
        $ErrorId,

        [Parameter(Mandatory = $true)]
        [System.String]
        $MessageFormat,

        [Parameter()]
        [System.Management.Automation.ErrorCategory]
        $Category = [System.Management.Automation.ErrorCategory]::NotSpecified,

        [Parameter()]
        [System.Object]
        $TargetObject,

        [Parameter()]
        [System.String]
        $TargetName
    )

    if ($PSCmdlet.ParameterSetName -eq 'ErrorRecord')
    {
        $Exception = $ErrorRecord.Exception
    }

    $caught = $Exception
    $inner = $caught
    while ($null -ne $inner.InnerException -and
        ($inner -is [System.Management.Automation.MethodInvocationException] -or
        $inner -is [System.Reflection.TargetInvocationException] -or
        $inner -is [System.TypeInitializationException]))
    {
        $inner = $inner.InnerException
    }

    $id = $ErrorId
    $format = $MessageFormat
    $categoryToUse = $Category
    $native = Get-ConnResetNativeException -Exception $caught

    if ($null -ne $native)
    {
        $inner = $native
        $codeName = $native.CodeName
        if ($codeName -eq 'CR_ENOTSUP')
        {
            $id = 'ConnReset.LiveRegistryUnavailable'
            $format = $script:localizedData.LiveRegistryUnavailable
            $categoryToUse = [System.Management.Automation.ErrorCategory]::ResourceUnavailable
        }
        elseif ($codeName -eq 'CR_EACCES')
        {
            $id = 'ConnReset.AccessDenied'
            $format = $script:localizedData.AccessDenied
            $categoryToUse = [System.Management.Automation.ErrorCategory]::PermissionDenied
        }
        elseif ($codeName -eq 'CR_EINVAL')
        {
            $id = 'ConnReset.InvalidArgument'
            $format = $script:localizedData.InvalidArgument
            $categoryToUse = [System.Management.Automation.ErrorCategory]::InvalidArgument
        }
        elseif ($codeName -eq 'CR_ENOTFOUND')
        {
            $categoryToUse = [System.Management.Automation.ErrorCategory]::ObjectNotFound
        }
        elseif ($codeName -eq 'CR_EPARSE')
        {
            $categoryToUse = [System.Management.Automation.ErrorCategory]::InvalidData
        }
        elseif ($codeName -eq 'CR_ENOMEM')
        {
            $categoryToUse = [System.Management.Automation.ErrorCategory]::ResourceUnavailable
        }
    }
    elseif ($inner -is [System.PlatformNotSupportedException])
    {
        $id = 'ConnReset.LiveRegistryUnavailable'
        $format = $script:localizedData.LiveRegistryUnavailable
        $categoryToUse = [System.Management.Automation.ErrorCategory]::ResourceUnavailable
    }
    elseif ($inner -is [System.DllNotFoundException] -or
        $inner -is [System.BadImageFormatException] -or
        $inner -is [System.EntryPointNotFoundException])
    {
        $id = 'ConnReset.NativeLibraryUnavailable'
        $format = $script:localizedData.NativeLibraryUnavailable
        $categoryToUse = [System.Management.Automation.ErrorCategory]::ResourceUnavailable
    }

    $message = $format -f $TargetName, $inner.Message
    $record = New-Object -TypeName 'System.Management.Automation.ErrorRecord' -ArgumentList @($inner, $id, $categoryToUse, $TargetObject)
    $record.ErrorDetails = New-Object -TypeName 'System.Management.Automation.ErrorDetails' -ArgumentList $message
    return $record
}
