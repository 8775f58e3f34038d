<#
    .SYNOPSIS
        Turns the operations of a connreset.change/1 JSON plan into objects.

    .DESCRIPTION
        One 'ConnReset.Operation' object per registry operation of the plan:
        Operation ('set', 'delete value', 'create key', ...), Key, Value, Type,
        Data and Current (the state the plan was described against).

    .PARAMETER Plan
        The plan (from ConvertFrom-Json of Change.ToJson()).

    .OUTPUTS
        ConnReset.Operation
#>
function ConvertTo-ConnResetOperation
{
    [CmdletBinding()]
    [OutputType('ConnReset.Operation')]
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Object]
        $Plan
    )

    foreach ($operation in $Plan.operations)
    {
        [PSCustomObject] @{
            PSTypeName = 'ConnReset.Operation'
            Operation  = $operation.op
            Key        = $operation.key
            Value      = $operation.value
            Type       = $operation.type
            Data       = $operation.data
            Current    = $operation.current
        }
    }
}
