#!/usr/bin/env bash
# NeuroThermo set-up, build, run and test. Usage: ./build.sh [setup|build|run|test|bench] [args…]
#   setup   install what is missing (Debian packages), then build
#   run     set up, then run the main job (args go to `neurothermo run`)
#   test    set up, then run every test and print "N passed, N failed, N skipped"
#   bench   set up, then run the benchmarks and the PyTorch eager peers (docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the project needs: Gloo (headers and library of the distributed collectives, which the native
# extension links), g++ for that extension (binutils' readelf, which comes with it, is used by the tests of the
# TorchSharp load fix), the data sets the corpora use, and what the tests run besides .NET: python3 (an independent
# PNG decoder) and chromium (renders report.html headless). The engine itself, TorchSharp with libtorch 2.10, comes
# from NuGet with the build.
PACKAGES=(libgloo-dev g++ fortunes dataset-fashion-mnist python3 chromium)
# The benchmarks also build the old libtorch 1.13 binding from its tag, to compare against (docs/benchmarks.md).
BENCH_PACKAGES=(python3-torch python3-sklearn libtorch-dev libopenblas0-openmp cmake)
MAIN_CONFIG=configs/lm-fortunes.json

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Installing ${missing[*]} needs root: run as root or install sudo." >&2; exit 1; }
    sudo="sudo"
  fi
  say "Installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {
  command -v dotnet >/dev/null || { echo "The .NET SDK is not on PATH: install it first (see global.json for the version)." >&2; exit 1; }
  say "Building (Release)"
  dotnet build NeuroThermo.sln -c Release -nologo -clp:ErrorsOnly
}

setup() {
  install_missing "${PACKAGES[@]}"
  build
}

run_tests() {
  say "Testing"
  local log
  log=$(mktemp)
  set +e
  dotnet test NeuroThermo.sln -c Release --no-build -nologo 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  set -e
  # One summary line for the whole solution, in the form CI reads.
  awk '/(Passed|Failed)! +-/ {
         for (i = 1; i <= NF; i++) {
           if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1)
         }
       }
       END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' FS='[ ,]+' "$log"
  rm -f "$log"
  return "$status"
}

command=${1:-run}
shift || true
case "$command" in
  setup) setup ;;
  build) build ;;
  run)
    setup
    say "Running the main job"
    dotnet run --project src/NeuroThermo.Cli -c Release --no-build -- run "$MAIN_CONFIG" "$@"
    ;;
  test)
    setup
    run_tests
    ;;
  bench)
    setup
    install_missing "${BENCH_PACKAGES[@]}"
    bash bench/run.sh "$@"
    ;;
  *)
    echo "unknown command '$command': use setup, build, run, test or bench" >&2
    exit 2
    ;;
esac
