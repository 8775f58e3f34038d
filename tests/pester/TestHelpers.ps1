<#
    Shared by the *.Tests.ps1 files (dot-sourced in BeforeAll): where the
    staged module is, and .reg snapshots the tests write for themselves.

    The module under test is build/module/ConnReset (tools/stage-module.sh or
    tools/stage-module.ps1 stage it), or the ConnReset.psd1 / folder named by
    the environment variable CR_MODULE_PATH.
#>

function Get-ConnResetTestModulePath
{
    if ($env:CR_MODULE_PATH)
    {
        $path = $env:CR_MODULE_PATH
        if (Test-Path -LiteralPath $path -PathType Container)
        {
            $path = Join-Path -Path $path -ChildPath 'ConnReset.psd1'
        }

        return $path
    }

    $root = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent
    return (Join-Path -Path $root -ChildPath 'build/module/ConnReset/ConnReset.psd1')
}

function Get-ConnResetTestTlsFixture
{
    <#
        The full path of tests/fixtures/tls/<Name>: the TLS scenario snapshots
        (make-scenarios.sh), read-only. Hostnames: ws2008r2-default SQL2008R2,
        ws2012r2-default SQL2012R2, ws2022-default SQL2022,
        ws2019-dhe-first-server SQL2019, ws2016-unfixed-dhe-client APP2016,
        ws2019-tls12-only-client APP2019, win11-ecdhe-gcm-only APP-WIN11.
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Name
    )

    $fixtures = Join-Path -Path (Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'fixtures') -ChildPath 'tls'
    return (Join-Path -Path $fixtures -ChildPath $Name)
}

function Get-ConnResetTestSqlFixture
{
    <#
        The full path of tests/fixtures/sql/<Name>, read-only:
        ws2012r2-sql-mixed.reg (hostname SQL2014; instances MSSQLSERVER,
        SQL2017, SQL2019, SQL2014SP2) and weak-certs-overlay.reg (merged after
        it: certificates signed with MD5 258A392B..., SHA512 A29410FF... and
        SHA-1 16FE22A0..., MSSQLSERVER configured with the MD5 one).
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Name
    )

    $fixtures = Join-Path -Path (Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'fixtures') -ChildPath 'sql'
    return (Join-Path -Path $fixtures -ChildPath $Name)
}

function Test-ConnResetTestWindows
{
    return ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT)
}

$Ws2003Sp2Body = @'
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion]
"ProductName"="Microsoft Windows Server 2003"
"CurrentVersion"="5.2"
"CurrentBuildNumber"="3790"
"CSDVersion"="Service Pack 2"

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\ProductOptions]
"ProductType"="ServerNT"

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"Hostname"="SQL01"
'@

$Ws2019Body = @'
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion]
"ProductName"="Windows Server 2019 Datacenter"
"CurrentVersion"="6.3"
"CurrentBuildNumber"="17763"
"CurrentMajorVersionNumber"=dword:0000000a
"CurrentMinorVersionNumber"=dword:00000000

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\ProductOptions]
"ProductType"="ServerNT"

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"Hostname"="SQL19"
'@

$SynOffBody = @'
[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"SynAttackProtect"=dword:00000000
'@

# Line 4 (the REGEDIT4 header is line 1) holds a NUL character, which
# ConnReset refuses even when reading as reg import does (a line reg import
# merely skips is a warning: $SkippedLineBody).
$MalformedBody = "[HKEY_LOCAL_MACHINE\SOFTWARE\X]`r`n" + '"Name"="a' + [System.String] [System.Char] 0 + 'b"'

# Line 4 is a value reg import skips (no closing quote); line 5 is read.
$SkippedLineBody = @'
[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters]
"Hostname"="unterminated
"SynAttackProtect"=dword:00000000
'@

function New-TestRegFile
{
    <# Writes REGEDIT4 text (ASCII, CRLF) and returns the full path. #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Path,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Body
    )

    $parent = Split-Path -Path $Path -Parent
    if (-not (Test-Path -LiteralPath $parent))
    {
        $null = New-Item -Path $parent -ItemType Directory -Force
    }

    $lines = @('REGEDIT4', '') + ($Body -split "`r?`n")
    [System.IO.File]::WriteAllText($Path, (($lines -join "`r`n") + "`r`n"), [System.Text.Encoding]::ASCII)
    return $Path
}

function Get-TestNativeException
{
    <# The ConnResetException inside a caught ErrorRecord, or $null. #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.ErrorRecord]
        $ErrorRecord
    )

    $current = $ErrorRecord.Exception
    while ($null -ne $current)
    {
        if ($current.GetType().FullName -eq 'ConnReset.Interop.ConnResetException')
        {
            return $current
        }

        $current = $current.InnerException
    }

    return $null
}

function Copy-ConnResetTestFixture
{
    <#
        Copies a fixture (read-only in tests/fixtures) into Destination (a
        folder under $TestDrive) and returns the copy's full path, so a test
        can change or delete it.
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $Path,

        [Parameter(Mandatory = $true)]
        [System.String]
        $Destination
    )

    $null = New-Item -Path $Destination -ItemType Directory -Force
    $copy = Join-Path -Path $Destination -ChildPath (Split-Path -Path $Path -Leaf)
    Copy-Item -LiteralPath $Path -Destination $copy -Force
    return $copy
}

function Invoke-ConnResetTestPipeline
{
    <#
        Runs ScriptBlock (a pipeline) and returns what came out of it:
        Output (the objects), Errors (the non-terminating ErrorRecords, in
        the order written) and Terminating (the error that stopped it, or
        $null). What was written before a terminating error is kept.
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.ScriptBlock]
        $ScriptBlock
    )

    $all = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
    $terminating = $null
    try
    {
        & $ScriptBlock 2>&1 3>$null | ForEach-Object -Process { $all.Add($_) }
    }
    catch
    {
        $terminating = $_
    }

    [PSCustomObject] @{
        Output      = @($all | Where-Object -FilterScript { $_ -isnot [System.Management.Automation.ErrorRecord] })
        Errors      = @($all | Where-Object -FilterScript { $_ -is [System.Management.Automation.ErrorRecord] })
        Terminating = $terminating
    }
}

function Add-ConnResetTestSample
{
    <#
        Adds the ConnReset.* objects in InputObject (and in its properties,
        three levels down) to the Samples table: type name -> list.
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.Collections.Hashtable]
        $Samples,

        [Parameter()]
        [System.Object]
        $InputObject,

        [Parameter()]
        [System.Int32]
        $Depth = 0
    )

    if ($null -eq $InputObject -or $Depth -gt 3 -or $InputObject -is [System.String] -or $InputObject -is [System.ValueType])
    {
        return
    }

    if ($InputObject -is [System.Collections.IEnumerable] -and $InputObject -isnot [System.Collections.IDictionary])
    {
        foreach ($item in $InputObject)
        {
            Add-ConnResetTestSample -Samples $Samples -InputObject $item -Depth $Depth
        }

        return
    }

    $typeName = @($InputObject.PSObject.TypeNames | Where-Object -FilterScript { $_ -like 'ConnReset.*' })[0]
    if ($null -ne $typeName)
    {
        if (-not $Samples.ContainsKey($typeName))
        {
            $Samples[$typeName] = New-Object -TypeName 'System.Collections.Generic.List[System.Object]'
        }

        $Samples[$typeName].Add($InputObject)
    }

    if ($InputObject -is [System.Management.Automation.PSCustomObject])
    {
        foreach ($property in $InputObject.PSObject.Properties)
        {
            Add-ConnResetTestSample -Samples $Samples -InputObject $property.Value -Depth ($Depth + 1)
        }
    }
}

function Invoke-ConnResetTestEveryCommand
{
    <#
        Runs every exported ConnReset command that can run on snapshots alone,
        on the fixtures, and returns one object per run: Command, Arguments
        (the hashtable it was called with, -OutFile and -Confirm included),
        Output, Errors (the error records it wrote) and Samples (the
        ConnReset.* objects in its output, by type name).

        Nothing here lists command names: a command runs when its parameter
        set takes a -Path (or -Client and -Server), and a command that changes
        things (it has -WhatIf) only in snapshot mode, with -OutFile in
        OutDirectory, so nothing but files there is ever written; this
        machine is never read. Each mandatory parameter is filled by name
        from $sampleValues below, else with the first value of its
        ValidateSet, a mandatory switch with $true, else from the same-named
        property of an object an earlier command returned (reading commands
        run first), e.g. -Thumbprint from a certificate row. A parameter set
        that cannot be filled is left out. Each set runs once as it is and
        once more with each optional switch but -Force and -RestartService.
    #>
    param
    (
        [Parameter(Mandatory = $true)]
        [System.String]
        $OutDirectory
    )

    $fixtures = Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'fixtures'
    $repository = Split-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -Parent

    # One machine per entry (files merged in order): SYN on Server 2003, TLS
    # on two Windows versions, SQL Server with weak certificates.
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
    # Packet captures (tests/fixtures/wire, made by the tests' peers), for
    # a -Path that reads them.
    $captures = @(
        , @((Join-Path -Path $fixtures -ChildPath 'wire/protocol.pcapng'), (Join-Path -Path $fixtures -ChildPath 'wire/tds-tsql.pcapng'))
        , @(Join-Path -Path $fixtures -ChildPath 'wire/schannel-reset.pcapng')
    )
    # Sample values by parameter name, beyond -Path/-Client/-Server/-OutFile.
    $sampleValues = @{
        Profile = 'tls12-only'
    }

    $harvested = @{}
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
                # A -Path that reads packet captures (its help says pcap)
                # gets the captures the tests' peers made instead.
                $pathHelp = (Get-Help -Name $command.Name -Parameter 'Path' -ErrorAction 'SilentlyContinue').description | Out-String
                if ($pathHelp -match 'pcap')
                {
                    $sides = $captures
                }
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
                        $arguments[$parameter.Name] = $sampleValues[$parameter.Name]
                    }
                    elseif ($validateSet.Count -gt 0)
                    {
                        $arguments[$parameter.Name] = $validateSet[0].ValidValues[0]
                    }
                    else
                    {
                        $value = $null
                        foreach ($list in $harvested.Values)
                        {
                            foreach ($item in $list)
                            {
                                $property = $item.PSObject.Properties[$parameter.Name]
                                if ($null -eq $value -and $null -ne $property -and $property.Value -is [System.String] -and $property.Value.Length -gt 0)
                                {
                                    $value = $property.Value
                                }
                            }
                        }

                        if ($null -eq $value)
                        {
                            $fillable = $false
                            break
                        }

                        $arguments[$parameter.Name] = $value
                    }
                }

                if (-not $fillable)
                {
                    continue
                }

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
                        $run['OutFile'] = Join-Path -Path $OutDirectory -ChildPath ('every-command-{0}.out' -f $outCounter)
                        $run['Confirm'] = $false
                    }

                    $output = @()
                    $errors = @()
                    try
                    {
                        $all = @(& $command.Name @run -WarningAction 'SilentlyContinue' 2>&1 3>$null 6>$null)
                        $errors = @($all | Where-Object -FilterScript { $_ -is [System.Management.Automation.ErrorRecord] })
                        $output = @($all | Where-Object -FilterScript { $_ -isnot [System.Management.Automation.ErrorRecord] })
                    }
                    catch
                    {
                        $errors = @($_)
                    }

                    $samples = @{}
                    Add-ConnResetTestSample -Samples $samples -InputObject $output
                    foreach ($pair in $samples.GetEnumerator())
                    {
                        if (-not $harvested.ContainsKey($pair.Key))
                        {
                            $harvested[$pair.Key] = $pair.Value
                        }
                    }

                    [PSCustomObject] @{
                        Command   = $command.Name
                        Arguments = $run
                        Output    = $output
                        Errors    = $errors
                        Samples   = $samples
                    }
                }
            }
        }
    }
}
