#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

<#
    Every view in the loaded module's format files, rendered from real
    objects: the module's own commands run on the fixture snapshots.

    The views and the commands are found, not listed: a new view or command
    is picked up by itself. Objects come from Invoke-ConnResetTestEveryCommand
    (TestHelpers.ps1): every exported command that can run on snapshots
    alone, on the fixtures. Objects nested in properties (findings, values,
    fixes) count too. A view whose type no command produced fails, naming
    the type: add a fixture or a sample value there.

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

    $samples = @{}
    foreach ($run in @(Invoke-ConnResetTestEveryCommand -OutDirectory $TestDrive))
    {
        foreach ($pair in $run.Samples.GetEnumerator())
        {
            if (-not $samples.ContainsKey($pair.Key))
            {
                $samples[$pair.Key] = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
            }

            foreach ($item in $pair.Value)
            {
                if ($samples[$pair.Key].Count -lt 30)
                {
                    $samples[$pair.Key].Add($item)
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
            $objects = $samples[$TypeName].ToArray()
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
