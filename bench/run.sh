#!/usr/bin/env bash
# Runs NeuroThermo's side-by-side harness, the PyTorch eager peer and the direct C++ peer, at 1 and
# 2 threads, REPS times each, interleaved (so load drifts hit all three alike), then prints the
# medians and the ratios that docs/benchmarks.md records.
# Usage (from the repository root, after ./build.sh setup):  bash bench/run.sh [REPS] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-3}
OUT=${2:-artifacts/bench/results-$(date -u +%Y%m%d-%H%M%S).txt}
mkdir -p "$(dirname "$OUT")"

cmake -S bench/native -B artifacts/bench-native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build artifacts/bench-native >/dev/null
OURS=(dotnet bench/NeuroThermo.Benchmarks/bin/Release/net10.0/NeuroThermo.Benchmarks.dll side-by-side)

{
  echo "# date: $(date -u '+%Y-%m-%d %H:%M UTC'); nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "# libtorch-dev $(dpkg-query -W -f='${Version}' libtorch-dev); blas: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
  echo "# git: $(git rev-parse --short HEAD); reps: $REPS; command: bash bench/run.sh $REPS"
} | tee "$OUT"

run() {  # run TOOL THREADS COMMAND...: appends "TOOL THREADS name value" lines
  local tool=$1 threads=$2
  shift 2
  echo "# $tool threads=$threads load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
  "$@" | grep -v '^#' | grep -E '^[a-z_0-9]+ [-0-9.eE+]+$' | sed "s|^|$tool $threads |" >>"$OUT"
}

# NeuroThermo sets glibc's malloc to keep freed memory (docs/engine.md); "pytorch-tuned" is the same
# peer with the same setting through GLIBC_TUNABLES, so that the binding itself is what is compared.
TUNED="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"
for rep in $(seq "$REPS"); do
  for t in 1 2; do
    echo "rep $rep/$REPS, $t thread(s)" >&2
    for what in add matmul mlp; do run ours "$t" "${OURS[@]}" --threads "$t" --only "$what"; done
    run pytorch "$t" /usr/bin/python3 bench/peers/pytorch_eager.py --threads "$t" --only all --rss-steps 0
    run pytorch-tuned "$t" env GLIBC_TUNABLES="$TUNED" /usr/bin/python3 bench/peers/pytorch_eager.py --threads "$t" --only all --rss-steps 0
    run cpp "$t" artifacts/bench-native/direct_ops "$t"
  done
done
# Resident memory over 10,000 MLP steps does not depend on the thread count: once, at 1 thread.
echo "resident memory over 10,000 steps" >&2
run ours 1 "${OURS[@]}" --threads 1 --only rss
run pytorch-rss 1 /usr/bin/python3 bench/peers/pytorch_eager.py --threads 1 --only mlp --runs 1 --rss-steps 10000

/usr/bin/python3 bench/summarize.py "$OUT"
