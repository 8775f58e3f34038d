<#
    .SYNOPSIS
        Parses every PowerShell file of the repository with PowerShell's own
        parser and rejects syntax Windows PowerShell 5.1 cannot run.

    .DESCRIPTION
        Each .ps1, .psm1 and .psd1 file (the repository without build/, .git,
        bin/, obj/ and node_modules/) is parsed with
        [System.Management.Automation.Language.Parser]::ParseFile and must
        give no parse error. Then its syntax tree is walked, and each node
        that Windows PowerShell 5.1 cannot parse (the module and its tools
        must run there) is reported with its file, line and column:

          ternary        $a ? $b : $c
          null-coalesce  $a ?? $b
          null-assign    $a ??= $b
          null-member    $a?.B, ${a}?.B()
          null-index     ${a}?[0]
          chain          cmd1 && cmd2, cmd1 || cmd2
          clean-block    clean { } in a script block or function
          parallel       ForEach-Object -Parallel (also as foreach or %)
          unicode-escape "`u{2014}" (5.1 reads it as the literal text u{2014})
          bom            non-ASCII text without a UTF-8 byte order mark (5.1
                         reads such a file in the ANSI code page)

        A DSC Configuration, which PowerShell 7 parses off Windows only with PS
        DSC for Linux installed, is checked as a function of the same name.

        Before the files, a self-test runs every rule on a sample that must be
        caught and on a sample of look-alike 5.1 syntax that must pass; the
        script fails if a rule misses its sample. PowerShell 7 is needed to
        parse the PowerShell 7 constructs (5.1 sees them as parse errors).

    .PARAMETER Path
        Files to check instead of the whole repository.

    .EXAMPLE
        pwsh -NoProfile -File tests/ps_syntax/Test-PowerShellSyntax.ps1

        Runs the self-test, then checks every PowerShell file; exit code 1 on
        any problem.

    .EXAMPLE
        pwsh -NoProfile -File tests/ps_syntax/Test-PowerShellSyntax.ps1 -Path build.ps1

        Checks one file (after the self-test).
#>
[CmdletBinding()]
param
(
    [Parameter()]
    [System.String[]]
    $Path
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

function Get-PS51SyntaxProblem
{
    <#
        The constructs of an AST that Windows PowerShell 5.1 cannot parse,
        one object per node: Rule, Line, Column, Text. Node types and
        operators are compared by name so this loads on 5.1 too.
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Language.Ast]
        $Ast
    )

    $parallelNames = @('ForEach-Object', 'foreach', '%')
    foreach ($node in $Ast.FindAll({ $true }, $true))
    {
        $rule = $null
        $typeName = $node.GetType().Name
        switch ($typeName)
        {
            'TernaryExpressionAst'
            {
                $rule = 'ternary'
            }
            'PipelineChainAst'
            {
                $rule = 'chain'
            }
            'BinaryExpressionAst'
            {
                if ($node.Operator.ToString() -eq 'QuestionQuestion')
                {
                    $rule = 'null-coalesce'
                }
            }
            'AssignmentStatementAst'
            {
                if ($node.Operator.ToString() -eq 'QuestionQuestionEquals')
                {
                    $rule = 'null-assign'
                }
            }
            { $_ -eq 'MemberExpressionAst' -or $_ -eq 'InvokeMemberExpressionAst' }
            {
                if ($null -ne $node.PSObject.Properties['NullConditional'] -and $node.NullConditional)
                {
                    $rule = 'null-member'
                }
            }
            'IndexExpressionAst'
            {
                if ($null -ne $node.PSObject.Properties['NullConditional'] -and $node.NullConditional)
                {
                    $rule = 'null-index'
                }
            }
            'ScriptBlockAst'
            {
                if ($null -ne $node.PSObject.Properties['CleanBlock'] -and $null -ne $node.CleanBlock)
                {
                    $rule = 'clean-block'
                }
            }
            'CommandAst'
            {
                $name = $node.GetCommandName()
                if ($null -ne $name -and $parallelNames -contains $name)
                {
                    foreach ($element in $node.CommandElements)
                    {
                        # -Pa is the shortest unambiguous prefix (-P is also -Process).
                        if ($element -is [System.Management.Automation.Language.CommandParameterAst] -and
                            $element.ParameterName.Length -ge 2 -and
                            'Parallel'.StartsWith($element.ParameterName, [System.StringComparison]::OrdinalIgnoreCase))
                        {
                            $rule = 'parallel'
                        }
                    }
                }
            }
            { $_ -eq 'StringConstantExpressionAst' -or $_ -eq 'ExpandableStringExpressionAst' }
            {
                $quoted = $node.StringConstantType.ToString()
                if (($quoted -eq 'DoubleQuoted' -or $quoted -eq 'DoubleQuotedHereString') -and $node.Extent.Text -match '(?<!`)(``)*`u\{')
                {
                    $rule = 'unicode-escape'
                }
            }
        }

        if ($null -ne $rule)
        {
            $text = $node.Extent.Text -replace '\s+', ' '
            if ($text.Length -gt 60)
            {
                $text = $text.Substring(0, 57) + '...'
            }

            [PSCustomObject] @{
                Rule   = $rule
                Line   = $node.Extent.StartLineNumber
                Column = $node.Extent.StartColumnNumber
                Text   = $text
            }
        }
    }
}

function Test-PSFile
{
    <# Problems of one file as 'file:line:col: rule: text' strings. #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $FilePath,

        [Parameter(Mandatory = $true)]
        [System.String]
        $DisplayName
    )

    $tokens = $null
    $parseErrors = $null
    $text = [System.IO.File]::ReadAllText($FilePath)
    if ($text -match '(?im)^\s*Configuration\s+\w+')
    {
        # A DSC configuration (examples/dsc): PowerShell parses the
        # Configuration keyword only with PSDesiredStateConfiguration's
        # resource schemas at hand (never on Linux). Parsed as a function of
        # the same body (padded, so lines and columns stay), its param block,
        # Node, Import-DscResource and resource blocks are checked like any
        # other script.
        $text = [System.Text.RegularExpressions.Regex]::Replace($text, '(?im)^(\s*)Configuration(\s+\w+)', '$1function     $2')
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($text, $FilePath, [ref] $tokens, [ref] $parseErrors)
    }
    else
    {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($FilePath, [ref] $tokens, [ref] $parseErrors)
    }
    foreach ($parseError in $parseErrors)
    {
        '{0}:{1}:{2}: parse error: {3}' -f $DisplayName, $parseError.Extent.StartLineNumber, $parseError.Extent.StartColumnNumber, $parseError.Message
    }

    foreach ($problem in @(Get-PS51SyntaxProblem -Ast $ast))
    {
        '{0}:{1}:{2}: {3}: {4}' -f $DisplayName, $problem.Line, $problem.Column, $problem.Rule, $problem.Text
    }

    $bytes = [System.IO.File]::ReadAllBytes($FilePath)
    $hasBom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
    if (-not $hasBom)
    {
        for ($i = 0; $i -lt $bytes.Length; $i++)
        {
            if ($bytes[$i] -gt 0x7F)
            {
                '{0}: bom: non-ASCII byte at offset {1} and no UTF-8 byte order mark' -f $DisplayName, $i
                break
            }
        }
    }
}

function Invoke-SelfTest
{
    <# Each rule must catch its sample; the look-alike 5.1 syntax must pass. Returns the failures. #>
    $samples = [ordered] @{
        'ternary'        = '$a = $b ? 1 : 2'
        'null-coalesce'  = '$a = $b ?? 2'
        'null-assign'    = '$a ??= 2'
        'null-member'    = '${b}?.Length'
        'null-index'     = '${b}?[0]'
        'chain'          = 'Get-Date && Get-Date'
        'clean-block'    = 'function F { process { 1 } clean { 2 } }'
        'parallel'       = '1..3 | ForEach-Object -Parallel { $_ }'
        'unicode-escape' = '$a = "dash `u{2014}"'
    }
    # Each must stay unflagged: it looks like a rule's construct but 5.1 parses it.
    $clean = @'
$b = @(1, 2)
$a = if ($b) { 1 } else { 2 }
$c = $b.Length
$d = $b[0]
$e = '$x ? 1 : 2 ?? 3 && 4'
$f = "literal ? and `$b?.x and ``u{2014}"
Get-Date; if ($?) { Get-Date }
$g = ($true -and $false) -or $true
1..3 | ForEach-Object -Process { $_ } | % { $_ } | Where-Object -FilterScript { $_ }
1..3 | ForEach-Object -Begin { 0 } -Process { $_ } -End { 4 }
function H { param($clean) begin { } process { $clean } end { } }
$h = @{ 'clean' = { 'x' } }
'@

    $failures = @()
    foreach ($rule in $samples.Keys)
    {
        $tokens = $null
        $parseErrors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($samples[$rule], [ref] $tokens, [ref] $parseErrors)
        if (@($parseErrors).Count -gt 0)
        {
            $failures += ('self-test: the {0} sample does not parse: {1}' -f $rule, $parseErrors[0].Message)
            continue
        }

        $found = @(Get-PS51SyntaxProblem -Ast $ast | ForEach-Object -Process { $_.Rule })
        if ($found -notcontains $rule)
        {
            $failures += ('self-test: rule {0} missed its sample: {1} (found: {2})' -f $rule, $samples[$rule], ($found -join ', '))
        }
        else
        {
            Write-Output ('self-test ok  {0,-15} {1}' -f $rule, $samples[$rule])
        }
    }

    $tokens = $null
    $parseErrors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($clean, [ref] $tokens, [ref] $parseErrors)
    $flagged = @(Get-PS51SyntaxProblem -Ast $ast)
    if (@($parseErrors).Count -gt 0 -or $flagged.Count -gt 0)
    {
        $failures += ('self-test: the 5.1 look-alike sample was flagged: {0}' -f (@($parseErrors | ForEach-Object -Process { $_.Message }) + @($flagged | ForEach-Object -Process { '{0} at {1}: {2}' -f $_.Rule, $_.Line, $_.Text }) -join '; '))
    }
    else
    {
        Write-Output 'self-test ok  5.1 look-alikes pass'
    }

    $temp = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('ps-syntax-{0}.ps1' -f [System.Guid]::NewGuid())
    try
    {
        [System.IO.File]::WriteAllText($temp, "'caf$([char] 0xE9)'", (New-Object -TypeName 'System.Text.UTF8Encoding' -ArgumentList $false))
        if (@(Test-PSFile -FilePath $temp -DisplayName 'sample') -notmatch ': bom: ')
        {
            $failures += 'self-test: rule bom missed a BOM-less non-ASCII file'
        }

        [System.IO.File]::WriteAllText($temp, "'caf$([char] 0xE9)'", (New-Object -TypeName 'System.Text.UTF8Encoding' -ArgumentList $true))
        if (@(Test-PSFile -FilePath $temp -DisplayName 'sample').Count -ne 0)
        {
            $failures += 'self-test: rule bom flagged a file with a byte order mark'
        }
        else
        {
            Write-Output 'self-test ok  bom'
        }

        [System.IO.File]::WriteAllText($temp, "Configuration C`n{`n    Import-DscResource -ModuleName ConnReset`n    Node localhost`n    {`n        ConnResetAudit A`n        {`n            MinimumSeverity = 'Warning'`n        }`n    }`n}`n")
        $configurationProblems = @(Test-PSFile -FilePath $temp -DisplayName 'sample')
        if ($configurationProblems.Count -ne 0)
        {
            $failures += ('self-test: a DSC Configuration was flagged: {0}' -f ($configurationProblems -join '; '))
        }
        else
        {
            Write-Output 'self-test ok  DSC Configuration'
        }

        [System.IO.File]::WriteAllText($temp, 'function F {')
        if (@(Test-PSFile -FilePath $temp -DisplayName 'sample') -notmatch ': parse error: ')
        {
            $failures += 'self-test: a parse error was not reported'
        }
        else
        {
            Write-Output 'self-test ok  parse error'
        }
    }
    finally
    {
        Remove-Item -LiteralPath $temp -Force -ErrorAction 'SilentlyContinue'
    }

    $failures
}

$root = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
$selfTestFailures = @(Invoke-SelfTest | ForEach-Object -Process {
        if ($_ -like 'self-test: *') { $_ } else { Write-Host $_ }
    })
foreach ($failure in $selfTestFailures)
{
    Write-Host "FAIL  $failure"
}

if (-not $Path)
{
    # Walked folder by folder, so build/ (Wine prefixes, published hosts)
    # is never entered.
    $skip = @('build', '.git', 'bin', 'obj', 'node_modules')
    $found = New-Object -TypeName 'System.Collections.Generic.List[System.String]'
    $pending = New-Object -TypeName 'System.Collections.Generic.Queue[System.String]'
    $pending.Enqueue($root)
    while ($pending.Count -gt 0)
    {
        $folder = $pending.Dequeue()
        foreach ($file in [System.IO.Directory]::GetFiles($folder))
        {
            if ($file -match '\.(ps1|psm1|psd1)$')
            {
                $found.Add($file)
            }
        }

        foreach ($child in [System.IO.Directory]::GetDirectories($folder))
        {
            # Not into links (a Wine prefix's dosdevices\z: is /).
            $isLink = ([System.IO.File]::GetAttributes($child) -band [System.IO.FileAttributes]::ReparsePoint) -ne 0
            if (-not $isLink -and $skip -notcontains [System.IO.Path]::GetFileName($child))
            {
                $pending.Enqueue($child)
            }
        }
    }

    $Path = @($found | Sort-Object)
}

$passed = 0
$failed = 0
foreach ($file in $Path)
{
    $full = (Resolve-Path -LiteralPath $file).ProviderPath
    $name = $full
    if ($full.StartsWith($root))
    {
        $name = $full.Substring($root.Length + 1)
    }

    $problems = @(Test-PSFile -FilePath $full -DisplayName $name)
    if ($problems.Count -gt 0)
    {
        $failed++
        Write-Host "FAIL  $name"
        foreach ($problem in $problems)
        {
            Write-Host "        $problem"
        }
    }
    else
    {
        $passed++
        Write-Host "ok    $name"
    }
}

Write-Host ('{0} passed, {1} failed; self-test: {2} failure(s)' -f $passed, $failed, $selfTestFailures.Count)
if ($failed -gt 0 -or $selfTestFailures.Count -gt 0 -or $passed -eq 0)
{
    exit 1
}

exit 0
