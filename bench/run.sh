#!/usr/bin/env bash
# Runs NeuroThermo's side-by-side harness and the PyTorch eager peer (plain and with the old binding's malloc
# settings) at 1 and 2 threads, REPS times each, interleaved (so load drifts hit both alike), then prints the
# medians and the ratios that docs/benchmarks.md records. bench/run_threeway.sh adds the old binding.
# Usage (from the repository root; the script builds the harness):  bash bench/run.sh [REPS] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
REPS=${1:-3}
OUT=${2:-artifacts/bench/results-$(date -u +%Y%m%d-%H%M%S).txt}
mkdir -p "$(dirname "$OUT")"
build_ours
header "bash bench/run.sh $REPS" | tee "$OUT"

run() {  # run TOOL THREADS COMMAND...: appends "TOOL THREADS name value" lines
  local tool=$1 threads=$2
  shift 2
  echo "# $tool threads=$threads load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
  "$@" | grep -v '^#' | grep -E '^[a-z_0-9]+ [-0-9.eE+]+$' | sed "s|^|$tool $threads |" >>"$OUT"
}

for rep in $(seq "$REPS"); do
  for t in 1 2; do
    echo "rep $rep/$REPS, $t thread(s)" >&2
    for what in add matmul mlp; do run ours "$t" "${OURS[@]}" --threads "$t" --only "$what"; done
    run pytorch "$t" /usr/bin/python3 bench/peers/pytorch_eager.py --threads "$t" --only all --rss-steps 0
    run pytorch-tuned "$t" env GLIBC_TUNABLES="$TUNED" /usr/bin/python3 bench/peers/pytorch_eager.py --threads "$t" --only all --rss-steps 0
  done
done
# Resident memory over 10,000 MLP steps does not depend on the thread count: once, at 1 thread.
echo "resident memory over 10,000 steps" >&2
run ours 1 "${OURS[@]}" --threads 1 --only rss
run pytorch-rss 1 /usr/bin/python3 bench/peers/pytorch_eager.py --threads 1 --only mlp --runs 1 --rss-steps 10000

/usr/bin/python3 bench/summarize.py "$OUT"
