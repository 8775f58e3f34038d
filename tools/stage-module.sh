#!/usr/bin/env bash
# Stages the ConnReset PowerShell module: builds the interop assembly and
# assembles build/module/ConnReset (manifest, one root script built from
# ConnReset.psm1, Private/ and Public/, strings, formats,
# PolicyDefinitions/ (the admx/ templates), bin/ConnReset.Interop.dll and
# the native library from a CMake build).
#
#   tools/stage-module.sh [NATIVE_DIR] [OUT_DIR]
#
# NATIVE_DIR      a CMake build directory or its bin/: build/host (libconnreset.so,
#                 the default) or build/mingw (connreset.dll)
# OUT_DIR         the staged module folder (default build/module/ConnReset)
#
# The Windows twin is tools/stage-module.ps1 (same layout).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
native_dir="${1:-$root/build/host}"
# A build directory keeps the library in bin/.
if [ -d "$native_dir/bin" ]; then native_dir="$native_dir/bin"; fi
out_dir="${2:-$root/build/module/ConnReset}"
configuration="${CONFIGURATION:-Release}"

src="$root/module/ConnReset"
interop_proj="$root/module/interop/ConnReset.Interop.csproj"
interop_dll="$root/module/interop/bin/$configuration/netstandard2.0/ConnReset.Interop.dll"

native_files=()
for name in libconnreset.so libconnreset.dylib connreset.dll; do
  [ -f "$native_dir/$name" ] && native_files+=("$native_dir/$name")
done
if [ ${#native_files[@]} -eq 0 ]; then
  echo "stage-module: no libconnreset.so, libconnreset.dylib or connreset.dll in '$native_dir'" >&2
  echo "stage-module: build it first (cmake --preset host && cmake --build --preset host)" >&2
  exit 1
fi

echo "stage-module: building $interop_proj ($configuration)"
dotnet build "$interop_proj" -c "$configuration" -nologo -v quiet
[ -f "$interop_dll" ] || { echo "stage-module: $interop_dll was not built" >&2; exit 1; }

# The staged module's scripts: ConnReset.Functions.ps1 holds the text of
# Private/*.ps1 and Public/*.ps1 (in ordinal name order), and ConnReset.psm1
# is the root script with its 'Functions' region replaced by a dot-source of
# that file and an Export-ModuleMember of the Public names. One file parses
# much faster than fifty dot-sourced ones, and the functions stay out of the
# root script because PowerShell resolves every type name of a script that
# defines classes (the DSC resources) when it parses it: apart, the import
# takes about two thirds of the time (tools/bench/Measure-ImportTime.ps1).
# tools/stage-module.ps1 builds the same bytes (a Pester test compares them).
check_sources() { # check_sources SRC_DIR
  local src=$1
  if ! grep -qE '^#region Functions\r?$' "$src/ConnReset.psm1"; then
    echo "stage-module: $src/ConnReset.psm1 has no '#region Functions' ... '#endregion'" >&2
    return 1
  fi
  if grep -l '^[[:space:]]*using[[:space:]]' "$src"/Private/*.ps1 "$src"/Public/*.ps1 >&2; then
    echo "stage-module: the files above have using statements: they belong at the top of ConnReset.psm1" >&2
    return 1
  fi
  # ASCII only (as Windows PowerShell 5.1 needs without a BOM), so the parts
  # join without byte order marks in the middle; line ends become LF.
  if LC_ALL=C grep -lP '[^\x00-\x7F]' "$src/ConnReset.psm1" "$src"/Private/*.ps1 "$src"/Public/*.ps1 >&2; then
    echo "stage-module: the files above are not ASCII" >&2
    return 1
  fi
}

build_functions() { # build_functions SRC_DIR
  local src=$1 f
  echo '# ConnReset.Functions.ps1: Private/*.ps1 and Public/*.ps1 of the ConnReset'
  echo '# module in one file, staged by tools/stage-module; ConnReset.psm1 dot-sources it.'
  for f in $(cd "$src" && LC_ALL=C ls Private/*.ps1 Public/*.ps1); do
    # The blank line keeps "#region" out of the comment-based help below it
    # (comments on adjacent lines are read as one block).
    printf '#region %s\n\n' "$f"
    sed 's/\r$//' "$src/$f"
    echo "#endregion $f"
  done
}

build_root_module() { # build_root_module SRC_DIR
  local src=$1 f name
  # Up to the region: the root script's own content.
  awk '/^#region Functions\r?$/ { exit } { sub(/\r$/, ""); print }' "$src/ConnReset.psm1"
  echo '#region Functions (staged from Private/ and Public/ by tools/stage-module)'
  echo "# In their own file: parsed with the classes below, every type name in them"
  echo "# would be resolved at import."
  echo ". ([System.IO.Path]::Combine(\$PSScriptRoot, 'ConnReset.Functions.ps1'))"
  echo 'Export-ModuleMember -Function @('
  for f in $(cd "$src/Public" && LC_ALL=C ls *.ps1); do
    name=${f%.ps1}
    echo "    '$name'"
  done
  echo ')'
  echo '#endregion'
  # After the region's #endregion.
  awk 'found == 2 { sub(/\r$/, ""); print } found == 1 && /^#endregion/ { found = 2 } /^#region Functions\r?$/ { found = 1 }' "$src/ConnReset.psm1"
}

case "$out_dir" in
  ""|"/") echo "stage-module: refusing to stage into '$out_dir'" >&2; exit 1 ;;
esac
rm -rf "$out_dir"
mkdir -p "$out_dir/bin"
cp "$src/ConnReset.psd1" "$src/ConnReset.format.ps1xml" "$out_dir/"
cp -R "$src/en-US" "$out_dir/"
check_sources "$src"
build_functions "$src" > "$out_dir/ConnReset.Functions.ps1"
build_root_module "$src" > "$out_dir/ConnReset.psm1"
# The Group Policy templates (Install-ConnResetPolicyDefinition copies them
# from here): ConnReset.admx and <culture>/ConnReset.adml, not the JSON table.
mkdir -p "$out_dir/PolicyDefinitions"
cp "$root/admx/ConnReset.admx" "$out_dir/PolicyDefinitions/"
for adml in "$root"/admx/*/ConnReset.adml; do
  culture="$(basename "$(dirname "$adml")")"
  mkdir -p "$out_dir/PolicyDefinitions/$culture"
  cp "$adml" "$out_dir/PolicyDefinitions/$culture/"
done
cp "$interop_dll" "$out_dir/bin/"
for f in "${native_files[@]}"; do
  cp "$f" "$out_dir/bin/"
done
# MinGW runtime DLLs, when the DLL was not linked statically.
for name in libgcc_s_seh-1.dll libwinpthread-1.dll libssp-0.dll; do
  [ -f "$native_dir/$name" ] && cp "$native_dir/$name" "$out_dir/bin/"
done

echo "stage-module: staged $out_dir"
(cd "$out_dir" && find . -type f | sort | sed 's|^\./|  |')
