<#
    Script rules for the module's code, checked on PowerShell's syntax tree
    (ScriptRules.Tests.ps1 runs them). They stand in for the
    PSScriptAnalyzer rules this project relies on, since PSScriptAnalyzer is
    not available from the package source CI uses. Each rule has a sample it
    must catch, so a rule that stopped working fails too.

    $ConnResetScriptRules: rule name -> @{ Sample = code that breaks it;
    Check = { param($Ast) one 'line: text' string per finding }.
#>

$ConnResetScriptRules = [ordered] @{}

# PSAvoidUsingCmdletAliases: full command names read the same everywhere.
$ConnResetScriptRules['AvoidAlias'] = @{
    Sample = 'Get-ChildItem | % { $_ } | where { $_ }'
    Check  = {
        param ($Ast)
        foreach ($command in $Ast.FindAll({ param ($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true))
        {
            $name = $command.GetCommandName()
            if ($null -ne $name -and $null -ne (Get-Alias -Name $name -ErrorAction 'Ignore'))
            {
                '{0}: alias {1}' -f $command.Extent.StartLineNumber, $name
            }
        }
    }
}

# PSAvoidUsingWriteHost and PSAvoidUsingInvokeExpression.
$ConnResetScriptRules['AvoidWriteHostAndInvokeExpression'] = @{
    Sample = 'Write-Host "x"; Invoke-Expression "1"'
    Check  = {
        param ($Ast)
        foreach ($command in $Ast.FindAll({ param ($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true))
        {
            if (@('Write-Host', 'Invoke-Expression', 'iex') -contains $command.GetCommandName())
            {
                '{0}: {1}' -f $command.Extent.StartLineNumber, $command.GetCommandName()
            }
        }
    }
}

# PSAvoidGlobalVars.
$ConnResetScriptRules['AvoidGlobalVariable'] = @{
    Sample = '$global:x = 1'
    Check  = {
        param ($Ast)
        foreach ($variable in $Ast.FindAll({ param ($node) $node -is [System.Management.Automation.Language.VariableExpressionAst] }, $true))
        {
            # $global:DSCMachineStatus = 1 is how a DSC resource asks for a restart.
            if ($variable.VariablePath.IsGlobal -and $variable.VariablePath.UserPath -ne 'global:DSCMachineStatus')
            {
                '{0}: {1}' -f $variable.Extent.StartLineNumber, $variable.Extent.Text
            }
        }
    }
}

# PSAvoidUsingEmptyCatchBlock: a swallowed error says why, in code.
$ConnResetScriptRules['AvoidEmptyCatch'] = @{
    Sample = 'try { 1 } catch { }'
    Check  = {
        param ($Ast)
        foreach ($catch in $Ast.FindAll({ param ($node) $node -is [System.Management.Automation.Language.CatchClauseAst] }, $true))
        {
            if ($catch.Body.Statements.Count -eq 0)
            {
                '{0}: empty catch' -f $catch.Extent.StartLineNumber
            }
        }
    }
}

# PSPossibleIncorrectComparisonWithNull: $null goes on the left.
$ConnResetScriptRules['NullOnTheLeft'] = @{
    Sample = 'if ($a -eq $null) { 1 }'
    Check  = {
        param ($Ast)
        $comparisons = @('Ieq', 'Ine', 'Ceq', 'Cne', 'Equals')
        foreach ($binary in $Ast.FindAll({ param ($node) $node -is [System.Management.Automation.Language.BinaryExpressionAst] }, $true))
        {
            if ($comparisons -contains $binary.Operator.ToString() -and
                $binary.Right -is [System.Management.Automation.Language.VariableExpressionAst] -and
                $binary.Right.VariablePath.UserPath -eq 'null')
            {
                '{0}: {1}' -f $binary.Extent.StartLineNumber, $binary.Extent.Text
            }
        }
    }
}

# PSAvoidAssignmentToAutomaticVariable.
$ConnResetScriptRules['AvoidAutomaticVariableAssignment'] = @{
    Sample = 'function F { $input = 1; $input }'
    Check  = {
        param ($Ast)
        $automatic = @('_', 'PSItem', 'args', 'input', 'Error', 'Host', 'PSBoundParameters', 'MyInvocation', 'PSCmdlet', 'Matches', 'LASTEXITCODE', 'this', 'true', 'false', 'IsWindows', 'IsLinux', 'IsMacOS', 'PSScriptRoot', 'PSCommandPath')
        foreach ($assignment in $Ast.FindAll({ param ($node) $node -is [System.Management.Automation.Language.AssignmentStatementAst] }, $true))
        {
            $left = $assignment.Left
            if ($left -is [System.Management.Automation.Language.ConvertExpressionAst])
            {
                $left = $left.Child
            }

            if ($left -is [System.Management.Automation.Language.VariableExpressionAst] -and $automatic -contains $left.VariablePath.UserPath)
            {
                '{0}: {1}' -f $assignment.Extent.StartLineNumber, $left.Extent.Text
            }
        }
    }
}

# PSAvoidDefaultValueSwitchParameter.
$ConnResetScriptRules['SwitchDefaultsToFalse'] = @{
    Sample = 'function F { param ([switch] $A = $true) $A }'
    Check  = {
        param ($Ast)
        foreach ($parameter in $Ast.FindAll({ param ($node) $node -is [System.Management.Automation.Language.ParameterAst] }, $true))
        {
            if ($parameter.StaticType -eq [System.Management.Automation.SwitchParameter] -and $null -ne $parameter.DefaultValue -and $parameter.DefaultValue.Extent.Text -ne '$false')
            {
                '{0}: -{1}' -f $parameter.Extent.StartLineNumber, $parameter.Name.VariablePath.UserPath
            }
        }
    }
}

# PSUseApprovedVerbs, for private functions too.
$ConnResetScriptRules['ApprovedVerb'] = @{
    Sample = 'function Do-Thing { 1 }'
    Check  = {
        param ($Ast)
        $verbs = @(Get-Verb | ForEach-Object -Process { $_.Verb })
        foreach ($function in $Ast.FindAll({ param ($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Parent -isnot [System.Management.Automation.Language.FunctionMemberAst] }, $true))
        {
            $verb = $function.Name.Split('-')[0]
            if ($function.Name -notmatch '^[A-Za-z]+-[A-Za-z0-9]+$' -or $verbs -notcontains $verb)
            {
                '{0}: {1}' -f $function.Extent.StartLineNumber, $function.Name
            }
        }
    }
}

# PSUseSingularNouns: the last word of the noun is not a plural.
$ConnResetScriptRules['SingularNoun'] = @{
    Sample = 'function Get-CipherSuites { 1 }'
    Check  = {
        param ($Ast)
        foreach ($function in $Ast.FindAll({ param ($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Parent -isnot [System.Management.Automation.Language.FunctionMemberAst] }, $true))
        {
            $words = [System.Text.RegularExpressions.Regex]::Matches($function.Name.Split('-')[-1], '[A-Z][a-z0-9]*')
            if ($words.Count -gt 0)
            {
                $last = $words[$words.Count - 1].Value
                if ($last -cmatch 's$' -and $last -cnotmatch '(ss|us|is|ps)$')
                {
                    '{0}: {1}' -f $function.Extent.StartLineNumber, $function.Name
                }
            }
        }
    }
}

# PSShouldProcess: a function that declares SupportsShouldProcess asks
# ShouldProcess (itself, or by handing its $PSCmdlet to a helper that does),
# and one that calls $PSCmdlet.ShouldProcess declares it.
$ConnResetScriptRules['ShouldProcessDeclaredAndAsked'] = @{
    Sample = 'function Set-Thing { [CmdletBinding(SupportsShouldProcess = $true)] param () 1 }; function Remove-Thing { [CmdletBinding()] param () if ($PSCmdlet.ShouldProcess("x")) { 1 } }'
    Check  = {
        param ($Ast)
        foreach ($function in $Ast.FindAll({ param ($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Parent -isnot [System.Management.Automation.Language.FunctionMemberAst] }, $true))
        {
            $declares = $false
            if ($null -ne $function.Body.ParamBlock)
            {
                foreach ($attribute in $function.Body.ParamBlock.Attributes)
                {
                    if ($attribute.TypeName.Name -eq 'CmdletBinding')
                    {
                        foreach ($argument in $attribute.NamedArguments)
                        {
                            if ($argument.ArgumentName -eq 'SupportsShouldProcess' -and ($argument.ExpressionOmitted -or $argument.Argument.Extent.Text -eq '$true'))
                            {
                                $declares = $true
                            }
                        }
                    }
                }
            }

            $asksItself = $null -ne $function.Body.Find({
                    param ($node)
                    $node -is [System.Management.Automation.Language.InvokeMemberExpressionAst] -and
                    $node.Member.Extent.Text -eq 'ShouldProcess' -and $node.Expression.Extent.Text -eq '$PSCmdlet'
                }, $true)
            # $PSCmdlet passed on as a value (an argument, a splatted table's
            # entry), not only used for its members.
            $handsOver = $null -ne $function.Body.Find({
                    param ($node)
                    $node -is [System.Management.Automation.Language.VariableExpressionAst] -and $node.VariablePath.UserPath -eq 'PSCmdlet' -and
                    $node.Parent -isnot [System.Management.Automation.Language.MemberExpressionAst]
                }, $true)
            if ($declares -and -not $asksItself -and -not $handsOver)
            {
                '{0}: {1} declares SupportsShouldProcess but never asks' -f $function.Extent.StartLineNumber, $function.Name
            }
            elseif ($asksItself -and -not $declares)
            {
                '{0}: {1} calls ShouldProcess without SupportsShouldProcess' -f $function.Extent.StartLineNumber, $function.Name
            }
        }
    }
}

# PSUseDeclaredVarsMoreThanAssignments: a variable a function assigns is
# read somewhere in it (scoped ones, $null and -*Variable targets aside).
$ConnResetScriptRules['AssignedVariableIsRead'] = @{
    Sample = 'function Get-Thing { $unused = 1; $used = 2; $used }'
    Check  = {
        param ($Ast)
        foreach ($function in $Ast.FindAll({ param ($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Parent -isnot [System.Management.Automation.Language.FunctionMemberAst] }, $true))
        {
            $assigned = @{}
            foreach ($assignment in $function.Body.FindAll({ param ($node) $node -is [System.Management.Automation.Language.AssignmentStatementAst] }, $true))
            {
                $left = $assignment.Left
                if ($left -is [System.Management.Automation.Language.ConvertExpressionAst])
                {
                    $left = $left.Child
                }

                # Preference variables ($ConfirmPreference...) are read by the commands called.
                if ($left -is [System.Management.Automation.Language.VariableExpressionAst] -and -not $left.VariablePath.UserPath.Contains(':') -and
                    $left.VariablePath.UserPath -ne 'null' -and -not $left.VariablePath.UserPath.EndsWith('Preference'))
                {
                    if (-not $assigned.ContainsKey($left.VariablePath.UserPath))
                    {
                        $assigned[$left.VariablePath.UserPath] = $assignment.Extent.StartLineNumber
                    }
                }
            }

            $read = @{}
            foreach ($variable in $function.Body.FindAll({ param ($node) $node -is [System.Management.Automation.Language.VariableExpressionAst] }, $true))
            {
                $isTarget = $variable.Parent -is [System.Management.Automation.Language.AssignmentStatementAst] -and [System.Object]::ReferenceEquals($variable.Parent.Left, $variable)
                $isTypedTarget = $variable.Parent -is [System.Management.Automation.Language.ConvertExpressionAst] -and $variable.Parent.Parent -is [System.Management.Automation.Language.AssignmentStatementAst] -and [System.Object]::ReferenceEquals($variable.Parent.Parent.Left, $variable.Parent)
                if (-not $isTarget -and -not $isTypedTarget)
                {
                    $read[$variable.VariablePath.UserPath.Split(':')[-1]] = $true
                }
            }

            # Names given to -ErrorVariable/-OutVariable or Get-Variable are read by name.
            foreach ($constant in $function.Body.FindAll({ param ($node) $node -is [System.Management.Automation.Language.StringConstantExpressionAst] }, $true))
            {
                $read[$constant.Value] = $true
            }

            foreach ($name in $assigned.Keys)
            {
                if (-not $read.ContainsKey($name))
                {
                    '{0}: {1} assigns ${2} and never reads it' -f $assigned[$name], $function.Name, $name
                }
            }
        }
    }
}
