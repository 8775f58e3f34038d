#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

<#
    Every view in the loaded module's format files, rendered from real
    objects: the module's own commands run on the fixture snapshots.

    The views and the commands are found, not listed: a new view or command
    is picked up by itself. Objects come from every exported command that
    can run on snapshots alone (a -Path, or -Client and -Server, and for
    commands that change things also -OutFile, so nothing but a file in
    TestDrive is ever written), with each mandatory parameter filled by name
    from the fixtures, from the first value of its ValidateSet, or from the
    same-named property of an object an earlier command returned. Objects
    nested in properties (findings, values, fixes) count too. A view whose
    type no command produced fails, naming the type: add a fixture or a
    sample value below.

    Each table view must fit Out-String -Width 120 with every column header
    whole, and no value may be cut to less than its first 8 characters.
#>

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $views = @(
        foreach ($formatFile in (Get-Module -Name 'ConnReset').ExportedFormatFiles)
        {
            $xml = New-Object -TypeName 'System.Xml.XmlDocument'
            $xml.Load($formatFile)
            foreach ($view in $xml.SelectNodes('/Configuration/ViewDefinitions/View'))
            {
                $control = @($view.ChildNodes | Where-Object -FilterScript { $_.LocalName -like '*Control' })[0].LocalName
                @{
                    View     = $view.Name
                    TypeName = $view.ViewSelectedBy.TypeName
                    Control  = $control
                }
            }
        }
    )
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.ps1')
    Import-Module -Name (Get-ConnResetTestModulePath) -Force -ErrorAction 'Stop'

    $fixtures = Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'fixtures'
    $repository = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent

    # One machine per entry (files merged in order): SYN on Server 2003, TLS
    # on several Windows versions, SQL Server with weak certificates.
    $machines = @(
        , @(Join-Path -Path $repository -ChildPath 'examples/snapshots/ws2003-sp2.reg')
        , @(Get-ConnResetTestTlsFixture -Name 'ws2012r2-default.reg')
        , @(Get-ConnResetTestTlsFixture -Name 'win11-ecdhe-gcm-only.reg')
        , @((Get-ConnResetTestSqlFixture -Name 'ws2012r2-sql-mixed.reg'), (Get-ConnResetTestSqlFixture -Name 'weak-certs-overlay.reg'))
    )
    # Client/server pairs: one that fails on suites, one a policy breaks,
    # one that connects.
    $pairs = @(
        , @((Get-ConnResetTestTlsFixture -Name 'win11-ecdhe-gcm-only.reg'), (Get-ConnResetTestTlsFixture -Name 'ws2012r2-default.reg'))
        , @((Join-Path -Path $fixtures -ChildPath 'gpo/ws2008r2-tls10-only-client.reg'), (Get-ConnResetTestTlsFixture -Name 'ws2012r2-default.reg'))
        , @((Get-ConnResetTestTlsFixture -Name 'ws2019-tls12-only-client.reg'), (Get-ConnResetTestTlsFixture -Name 'ws2022-default.reg'))
    )
    # Sample values by parameter name, beyond -Path/-Client/-Server/-OutFile.
    $sampleValues = @{
        Profile = @('tls12-only')
    }

    $samples = @{}
    $perTypeCap = 30
    function Add-ViewSample
    {
        param ($InputObject, [System.Int32] $Depth = 0)

        if ($null -eq $InputObject -or $Depth -gt 3 -or $InputObject -is [System.String] -or $InputObject -is [System.ValueType])
        {
            return
        }

        if ($InputObject -is [System.Collections.IEnumerable] -and $InputObject -isnot [System.Collections.IDictionary])
        {
            foreach ($item in $InputObject)
            {
                Add-ViewSample -InputObject $item -Depth $Depth
            }

            return
        }

        $typeName = @($InputObject.PSObject.TypeNames | Where-Object -FilterScript { $_ -like 'ConnReset.*' })[0]
        if ($null -ne $typeName)
        {
            if (-not $samples.ContainsKey($typeName))
            {
                $samples[$typeName] = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            }

            if ($samples[$typeName].Count -lt $perTypeCap)
            {
                $samples[$typeName].Add($InputObject)
            }
        }

        if ($InputObject -is [System.Management.Automation.PSCustomObject])
        {
            foreach ($property in $InputObject.PSObject.Properties)
            {
                Add-ViewSample -InputObject $property.Value -Depth ($Depth + 1)
            }
        }
    }

    function Get-HarvestedValue
    {
        # Distinct values of a same-named property of the objects harvested so far.
        param ([System.String] $Name)

        @(
            foreach ($list in $samples.Values)
            {
                foreach ($item in $list)
                {
                    $property = $item.PSObject.Properties[$Name]
                    if ($null -ne $property -and $property.Value -is [System.String] -and $property.Value.Length -gt 0)
                    {
                        $property.Value
                    }
                }
            }
        ) | Select-Object -Unique -First 2
    }

    $commonParameters = @([System.Management.Automation.PSCmdlet]::CommonParameters) + @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)
    $outCounter = 0
    # Reading commands first, so changing ones can take values from their output.
    $commands = @(Get-Command -Module 'ConnReset' -CommandType 'Function' | Sort-Object -Property @{ Expression = { $_.Parameters.ContainsKey('WhatIf') } }, 'Name')
    foreach ($command in $commands)
    {
        $changes = $command.Parameters.ContainsKey('WhatIf')
        foreach ($set in $command.ParameterSets)
        {
            $names = @($set.Parameters | ForEach-Object -Process { $_.Name })
            if ($changes -and -not ($names -contains 'Path' -and $names -contains 'OutFile'))
            {
                continue   # it could change this machine: only snapshot mode runs
            }

            $sides = @()
            if ($names -contains 'Client' -and $names -contains 'Server')
            {
                $sides = $pairs
            }
            elseif ($names -contains 'Path')
            {
                $sides = $machines
            }
            else
            {
                continue   # it would read this machine
            }

            foreach ($side in $sides)
            {
                $arguments = @{}
                if ($names -contains 'Client')
                {
                    $arguments['Client'] = $side[0]
                    $arguments['Server'] = $side[1]
                }
                else
                {
                    $arguments['Path'] = [System.String[]] $side
                }

                $fillable = $true
                $switches = @()
                foreach ($parameter in $set.Parameters)
                {
                    if ($arguments.ContainsKey($parameter.Name) -or $commonParameters -contains $parameter.Name -or $parameter.Name -eq 'OutFile')
                    {
                        continue
                    }

                    if ($parameter.ParameterType -eq [System.Management.Automation.SwitchParameter])
                    {
                        if ($parameter.IsMandatory)
                        {
                            $arguments[$parameter.Name] = $true
                        }
                        elseif (@('Force', 'RestartService') -notcontains $parameter.Name)
                        {
                            $switches += $parameter.Name
                        }

                        continue
                    }

                    if (-not $parameter.IsMandatory)
                    {
                        continue
                    }

                    $validateSet = @($parameter.Attributes | Where-Object -FilterScript { $_ -is [System.Management.Automation.ValidateSetAttribute] })
                    if ($sampleValues.ContainsKey($parameter.Name))
                    {
                        $arguments[$parameter.Name] = $sampleValues[$parameter.Name][0]
                    }
                    elseif ($validateSet.Count -gt 0)
                    {
                        $arguments[$parameter.Name] = $validateSet[0].ValidValues[0]
                    }
                    else
                    {
                        $harvested = @(Get-HarvestedValue -Name $parameter.Name)
                        if ($harvested.Count -eq 0)
                        {
                            $fillable = $false
                            break
                        }

                        $arguments[$parameter.Name] = $harvested[0]
                    }
                }

                if (-not $fillable)
                {
                    continue
                }

                # Once as it is, then once with each optional switch (-PassThru,
                # -IncludeFindings, -Quiet...).
                foreach ($switch in @($null) + $switches)
                {
                    $run = $arguments.Clone()
                    if ($null -ne $switch)
                    {
                        $run[$switch] = $true
                    }

                    if ($changes)
                    {
                        $outCounter++
                        $run['OutFile'] = Join-Path -Path $TestDrive -ChildPath ('views-{0}.out' -f $outCounter)
                        $run['Confirm'] = $false
                    }

                    try
                    {
                        Add-ViewSample -InputObject @(& $command.Name @run -ErrorAction 'SilentlyContinue' -WarningAction 'SilentlyContinue' 3>$null 6>$null)
                    }
                    catch
                    {
                        # A combination the command refuses: other ones give the objects.
                        $null = $_
                    }
                }
            }
        }
    }

    function Get-ColumnText
    {
        # The full text of a cell: the value Format-Table would show, unformatted.
        param ($InputObject, $Entry)

        if ($Entry.ScriptBlock)
        {
            # The format engine shows a failing script block as an empty cell;
            # here it throws.
            $ErrorActionPreference = 'Stop'
            $value = $InputObject | ForEach-Object -Process ([System.Management.Automation.ScriptBlock]::Create($Entry.ScriptBlock))
        }
        else
        {
            $value = $InputObject.($Entry.PropertyName)
        }

        if ($null -eq $value)
        {
            return ''
        }

        if ($value -is [System.Collections.IEnumerable] -and $value -isnot [System.String])
        {
            return ('{' + (@($value) -join ', ') + '}')
        }

        return ([System.String] $value.ToString()).Split("`n")[0].Trim()
    }
}

AfterAll {
    Remove-Module -Name 'ConnReset' -Force -ErrorAction 'SilentlyContinue'
}

Describe 'View <View> (<Control>)' -Tag 'QA', 'Views' -ForEach $views {
    BeforeAll {
        $objects = @()
        if ($samples.ContainsKey($TypeName))
        {
            $objects = @($samples[$TypeName])
        }

        $formatFile = @((Get-Module -Name 'ConnReset').ExportedFormatFiles)[0]
        $xml = New-Object -TypeName 'System.Xml.XmlDocument'
        $xml.Load($formatFile)
        $viewNode = $xml.SelectSingleNode(('/Configuration/ViewDefinitions/View[Name="{0}"]' -f $View))
    }

    It 'Should have objects of type <TypeName> from the module''s commands on the fixtures' {
        $objects.Count | Should -BeGreaterThan 0 -Because "no command run on the fixtures returned a $TypeName (see the comment at the top of Views.Tests.ps1)"
    }

    # The data of -ForEach is there at discovery: each view gets the test of its kind.
    if ($Control -eq 'TableControl')
    {
    It 'Should render every object in 120 columns with whole headers and no value cut below 8 characters' {
        $headers = @($viewNode.TableControl.TableHeaders.TableColumnHeader)
        $items = @(@($viewNode.TableControl.TableRowEntries.TableRowEntry)[0].TableColumnItems.TableColumnItem)
        $labels = @(
            for ($i = 0; $i -lt $items.Count; $i++)
            {
                if ($headers[$i].Label) { $headers[$i].Label } else { $items[$i].PropertyName }
            }
        )
        $problems = @()
        $shownSomewhere = @{}
        foreach ($object in $objects)
        {
            $lines = @(($object | Format-Table -View $View | Out-String -Width 120) -split "`r?`n")
            $dash = -1
            for ($i = 0; $i -lt $lines.Count; $i++)
            {
                if ($lines[$i] -match '^[\s-]+$' -and $lines[$i] -match '-')
                {
                    $dash = $i
                    break
                }
            }

            if ($dash -lt 1)
            {
                $problems += "no table header in: $($lines -join ' | ')"
                continue
            }

            $header = $lines[$dash - 1]
            $row = $lines[$dash + 1]
            foreach ($line in $lines)
            {
                if ($line.Length -gt 120)
                {
                    $problems += "a line of $($line.Length) characters: $line"
                }
            }

            foreach ($label in $labels)
            {
                if ($header -notmatch ('(^|\s){0}(\s|$)' -f [System.Text.RegularExpressions.Regex]::Escape($label)))
                {
                    $problems += "header '$label' is not whole in: $header"
                }
            }

            for ($i = 0; $i -lt $items.Count; $i++)
            {
                try
                {
                    $text = Get-ColumnText -InputObject $object -Entry $items[$i]
                }
                catch
                {
                    $problems += "column '$($labels[$i])' fails: $($_.Exception.Message)"
                    continue
                }

                if ($text.Length -gt 0)
                {
                    $shownSomewhere[$labels[$i]] = $true
                }

                $shown = $text.Substring(0, [System.Math]::Min(8, $text.Length))
                if ($text.Length -gt 0 -and -not $row.Contains($shown))
                {
                    $problems += "column '$($labels[$i])' shows less than '$shown' of '$text' in: $row"
                }
            }
        }

        foreach ($label in $labels)
        {
            if (-not $shownSomewhere.ContainsKey($label))
            {
                $problems += "column '$label' is empty for each of the $($objects.Count) objects"
            }
        }

        @($problems | Select-Object -Unique) -join [System.Environment]::NewLine | Should -BeNullOrEmpty
    }

    }
    else
    {
    It 'Should render every object in 120 columns' {
        foreach ($object in $objects)
        {
            $format = 'Format-' + $Control.Replace('Control', '')
            $lines = @(($object | & $format -View $View | Out-String -Width 120) -split "`r?`n")
            @($lines | Where-Object -FilterScript { $_.Length -gt 120 }) | Should -BeNullOrEmpty
            @($lines | Where-Object -FilterScript { $_.Trim() }).Count | Should -BeGreaterThan 1
        }
    }
    }
}
