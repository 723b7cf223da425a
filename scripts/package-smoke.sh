#!/usr/bin/env bash
# Packs NeuroThermo and NeuroThermo.TorchExtensions, then builds, runs and publishes a throwaway console program in
# /tmp that references them as packages (with TorchSharp-cpu), the way a user would: outside the repository, with
# its own nuget.config and none of the repository's Directory.Build.* files. The program (package-smoke/Program.cs)
# checks ln Z of the 4×4 periodic Ising lattice against a plain loop and calls the native library. Exit status 0
# only if everything passed. Set NEUROTHERMO_SMOKE_KEEP=1 to keep the temporary folder.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
torchsharp_version=0.107.0

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { printf 'package smoke: FAILED: %s\n' "$*" >&2; exit 1; }

work=$(mktemp -d /tmp/neurothermo-package-smoke.XXXXXX)
case "$work" in "$repo"/*) fail "the temporary folder $work is inside the repository" ;; esac
cleanup() {
  if [ "${NEUROTHERMO_SMOKE_KEEP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

version=$(dotnet msbuild "$repo/src/NeuroThermo/NeuroThermo.csproj" -getProperty:Version)
say "Packing NeuroThermo $version into $work/feed"
for project in NeuroThermo.TorchExtensions NeuroThermo; do
  dotnet pack "$repo/src/$project/$project.csproj" -c Release -o "$work/feed" -nologo -clp:ErrorsOnly
done
for package in NeuroThermo NeuroThermo.TorchExtensions; do
  echo "$package.$version.nupkg:"
  python3 -m zipfile -l "$work/feed/$package.$version.nupkg" | awk 'NR > 1 && $1 !~ /^(_rels|package|\[Content_Types\])/ { print "  " $1 }'
done

say "Creating the consumer in $work/consumer"
consumer="$work/consumer"
mkdir -p "$consumer"
# Empty files stop MSBuild's upward search, so nothing above /tmp can leak in either.
for file in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo '<Project />' > "$consumer/$file"; done
# A fresh global packages folder, so the packages just packed are the ones restored (never a stale copy of the same
# version); the machine's cache is a fallback folder, read in place, so TorchSharp-cpu's 1.2 GB is not fetched again.
cat > "$consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <packageSources>
    <clear />
    <add key="neurothermo-smoke" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <fallbackPackageFolders>
    <clear />
    <add key="machine-cache" value="${NUGET_PACKAGES:-$HOME/.nuget/packages}" />
  </fallbackPackageFolders>
</configuration>
XML
cat > "$consumer/PackageSmoke.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="NeuroThermo" Version="$version" />
    <PackageReference Include="TorchSharp-cpu" Version="$torchsharp_version" />
  </ItemGroup>
</Project>
XML
cp "$repo/scripts/package-smoke/Program.cs" "$consumer/Program.cs"

say "Building the consumer (every warning an error)"
dotnet build "$consumer" -c Release -nologo -v:m -warnaserror > "$work/build.log" 2>&1 || { cat "$work/build.log"; fail "the consumer did not build"; }
# What the Debian 12 load fix did to the consumer's copy of libLibTorchSharp.so (nothing where libstdc++ is new enough).
grep -h 'libLibTorchSharp.so load fix' "$work/build.log" || echo "libLibTorchSharp.so load fix: nothing to patch on this machine"
[ -d "$work/packages/neurothermo/$version" ] || fail "NeuroThermo $version was not restored from $work/feed"
grep -q 'buildTransitive/NeuroThermo.TorchExtensions.targets' "$consumer/obj/PackageSmoke.csproj.nuget.g.targets" \
  || fail "the consumer does not import the Debian 12 load fix (buildTransitive/NeuroThermo.TorchExtensions.targets)"
out="$consumer/bin/Release/net10.0"
[ -f "$out/runtimes/linux-x64/native/libneurothermo_torchext.so" ] || fail "libneurothermo_torchext.so is not in $out/runtimes/linux-x64/native"

say "Running the consumer (build output)"
dotnet "$out/PackageSmoke.dll"

say "Publishing the consumer and running the published program"
dotnet publish "$consumer" -c Release --no-build -o "$work/publish" -nologo -v:m -warnaserror > "$work/publish.log" 2>&1 \
  || { cat "$work/publish.log"; fail "the consumer did not publish"; }
grep -h 'libLibTorchSharp.so load fix' "$work/publish.log" || echo "libLibTorchSharp.so load fix: nothing to patch on this machine"
dotnet "$work/publish/PackageSmoke.dll"
