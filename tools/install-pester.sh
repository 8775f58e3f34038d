#!/usr/bin/env bash
# Downloads Pester 5.7.1 from NuGet (a PackageDownload restore) and unpacks
# it where PowerShell finds modules. Exits non-zero when the source lacks it.
set -euo pipefail
dest="${HOME}/.local/share/powershell/Modules/Pester"
if [ -f "$dest/5.7.1/Pester.psd1" ]; then exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/get-pester.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[5.7.1]" /></ItemGroup>
</Project>
XML
dotnet restore "$work/get-pester.csproj" --packages "$work/pkgs" >/dev/null
src=$(ls -d "$work"/pkgs/pester/5.* | head -1)
mkdir -p "$dest/$(basename "$src")"
# The NuGet package carries the module under tools/ (or at its root).
if [ -d "$src/tools" ]; then cp -r "$src/tools/." "$dest/$(basename "$src")/"; else cp -r "$src/." "$dest/$(basename "$src")/"; fi
