#!/usr/bin/env bash
# Exact enumeration of a 24-spin SK sample (ln Z, U, C at four β): NeuroThermo against the PyTorch eager peer
# (default malloc and tuned malloc) at 1 and 2 threads, REPS interleaved repetitions, each the median of RUNS runs.
# Prints the raw lines to OUT and the medians and ratios that docs/benchmarks.md records.
# Usage (from the repository root; the script builds the harness):  bash bench/run_enumeration.sh [REPS] [RUNS] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
REPS=${1:-3}
RUNS=${2:-3}
OUT=${3:-artifacts/bench/enumeration-$(date -u +%Y%m%d-%H%M%S).txt}
mkdir -p "$(dirname "$OUT")"
ENUMERATION=("${OURS[@]}" --only enumeration --runs "$RUNS")
PEER=(/usr/bin/python3 bench/peers/exact_enumeration.py --runs "$RUNS")

build_ours
header "bash bench/run_enumeration.sh $REPS $RUNS" | tee "$OUT"

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
    run ours "$t" "${ENUMERATION[@]}" --threads "$t"
    run pytorch "$t" "${PEER[@]}" --threads "$t"
    run pytorch-tuned "$t" env GLIBC_TUNABLES="$TUNED" "${PEER[@]}" --threads "$t"
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
print("\n| computation | threads | NeuroThermo, s | PyTorch eager, s | PyTorch eager, tuned malloc, s | NeuroThermo ÷ PyTorch (÷ tuned) |")
print("| --- | --- | --- | --- | --- | --- |")
for name, label in (("enum_n24_s", "ln Z, U, C from energy moments"), ("enum_n24_autograd_s", "ln Z by log-sum-exp, U and C by autograd")):
    for t in (1, 2):
        ours, peer, tuned = med("ours", t, name), med("pytorch", t, name), med("pytorch-tuned", t, name)
        print(f"| {label} | {t} | {ours:.3f} | {peer:.3f} | {tuned:.3f} | {ours / peer:.2f} ({ours / tuned:.2f}) |")
checked = [k for k in list(values) if k[0] == "ours" and k[2].startswith("enum_n24_") and not k[2].endswith("_s")]
differ = [k for k in checked if values[k][:1] != values.get(("pytorch", k[1], k[2]), [])[:1]]
print(f"\nln Z, U and C ({len(checked)} values) identical to the last digit on both sides: {not differ} {differ or ''}")
PYEOF
