#!/usr/bin/env bash
# Checkerboard Metropolis, periodic L x L Ising at J = 1, h = 0, T = 2.269, L = 256 and 1024: NeuroThermo's tensor
# and native backends against the PyTorch eager peer (roll-based and sublattice variants) at 1 and 2 threads,
# REPS interleaved repetitions, each the median of RUNS timed runs. Prints the raw lines to OUT and the medians
# and ratios that docs/benchmarks.md records.
# Usage (from the repository root; the script builds the harness):  bash bench/run_checkerboard.sh [REPS] [RUNS] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
REPS=${1:-3}
RUNS=${2:-3}
OUT=${3:-artifacts/bench/checkerboard-$(date -u +%Y%m%d-%H%M%S).txt}
mkdir -p "$(dirname "$OUT")"
CHECKERBOARD=("${OURS[@]}" --only checkerboard --runs "$RUNS")
PEER=(/usr/bin/python3 bench/peers/checkerboard_metropolis.py --runs "$RUNS")

build_ours
header "bash bench/run_checkerboard.sh $REPS $RUNS" | tee "$OUT"

run() {  # run TOOL THREADS COMMAND...: appends "TOOL THREADS name value" lines, with the load before and after
  local tool=$1 threads=$2
  shift 2
  echo "# $tool threads=$threads load before $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
  "$@" | grep -E '^[a-z_0-9]+ [-0-9.eE+]+$' | sed "s|^|$tool $threads |" >>"$OUT"
  echo "# $tool threads=$threads load after $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
}

for rep in $(seq "$REPS"); do
  for t in 1 2; do
    echo "rep $rep/$REPS, $t thread(s)" >&2
    run ours "$t" "${CHECKERBOARD[@]}" --threads "$t"
    run pytorch "$t" "${PEER[@]}" --threads "$t"
  done
done

/usr/bin/python3 - "$OUT" <<'PYEOF'
import collections, statistics, sys
values = collections.defaultdict(list)
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 4 and not line.startswith("#"):
        values[(parts[0], int(parts[1]), parts[2])].append(float(parts[3]))
med = lambda tool, t, name: statistics.median(values[(tool, t, name)]) if values[(tool, t, name)] else float("nan")
print("\n| L | threads | PyTorch roll | PyTorch sublattice | NeuroThermo tensor | NeuroThermo native | tensor ÷ roll | native ÷ roll |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for size in (256, 1024):
    for t in (1, 2):
        roll = med("pytorch", t, f"checkerboard_roll_l{size}_flips_per_ns")
        sub = med("pytorch", t, f"checkerboard_sublattice_l{size}_flips_per_ns")
        tensor = med("ours", t, f"checkerboard_tensor_l{size}_flips_per_ns")
        native = med("ours", t, f"checkerboard_native_l{size}_flips_per_ns")
        print(f"| {size} | {t} | {roll:.4f} | {sub:.4f} | {tensor:.4f} | {native:.3f} | {tensor / roll:.1f} | {native / roll:.0f} |")
PYEOF
