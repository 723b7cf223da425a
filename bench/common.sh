# Sourced by bench/run_*.sh (from the repository root): the new engine's side-by-side harness, its build, and the
# header every results file starts with, so that each file says which machine, CPU and engine it measured.

OURS_DLL=bench/NeuroThermo.Benchmarks/bin/Release/net10.0/NeuroThermo.Benchmarks.dll
OURS=(dotnet "$OURS_DLL" side-by-side)
# glibc's malloc thresholds the old binding set at start-up (docs/engine.md): "pytorch-tuned" runs a peer with them,
# through GLIBC_TUNABLES, so that what is compared is the binding rather than the allocator's defaults.
TUNED="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"

# Builds the harness (incremental: a few seconds when nothing changed); its output goes to stderr.
build_ours() {
  dotnet build bench/NeuroThermo.Benchmarks -c Release -nologo -clp:ErrorsOnly -v:q >&2
}

# The BLAS the new engine's products run on: oneMKL, linked into TorchSharp-cpu's libtorch, names its version and the
# instruction set it chose at its first call when MKL_VERBOSE=1.
ours_blas() {
  MKL_VERBOSE=1 "${OURS[@]}" --only blas-core | sed -n 's/^MKL_VERBOSE \(oneMKL \)/\1/p' | head -n 1
}

# header COMMAND...: the comment lines a results file starts with.
header() {
  local torchsharp
  torchsharp=$(sed -n 's/.*Include="TorchSharp-cpu" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)
  echo "# date: $(date -u '+%Y-%m-%d %H:%M UTC'); nproc: $(nproc); cpu: $(lscpu | sed -n 's/^Model name: *//p')"
  echo "# cpu flags: $(lscpu | sed -n 's/^Flags: *//p')"
  echo "# engine: TorchSharp-cpu $torchsharp; BLAS: $(ours_blas)"
  echo "# git: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo ' (with local changes)'); command: $*"
}
