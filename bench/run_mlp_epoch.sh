#!/usr/bin/env bash
# One epoch of the Fashion-MNIST network (784-256-256-10, ReLU, AdamW, batch 128, 60,000 in-memory images)
# in NeuroThermo and in PyTorch eager (plain and with NeuroThermo's malloc settings), at 1 and 2 threads,
# REPS times each, interleaved as bench/run.sh does; prints the raw lines and the median of each column.
# Usage (from the repository root; the script builds the harness):  bash bench/run_mlp_epoch.sh [REPS] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
REPS=${1:-3}
OUT=${2:-artifacts/bench/mlp-epoch-$(date -u +%Y%m%d-%H%M%S).txt}
mkdir -p "$(dirname "$OUT")"
build_ours
header "bash bench/run_mlp_epoch.sh $REPS" | tee "$OUT"

run() {  # run TOOL THREADS COMMAND...: appends "TOOL THREADS mlp_epoch_s value"
  local tool=$1 threads=$2
  shift 2
  echo "# $tool threads=$threads load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
  "$@" | grep -E '^mlp_epoch_s ' | sed "s|^|$tool $threads |" >>"$OUT"
}

for rep in $(seq "$REPS"); do
  for t in 1 2; do
    echo "rep $rep/$REPS, $t thread(s)" >&2
    run ours "$t" "${OURS[@]}" --threads "$t" --only mlp-epoch
    run pytorch "$t" /usr/bin/python3 bench/peers/pytorch_eager.py --threads "$t" --only mlp-epoch --runs 3
    run pytorch-tuned "$t" env GLIBC_TUNABLES="$TUNED" /usr/bin/python3 bench/peers/pytorch_eager.py --threads "$t" --only mlp-epoch --runs 3
  done
done
cat "$OUT"
/usr/bin/python3 - "$OUT" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("#"):
        continue
    tool, threads, _, value = line.split()
    rows.setdefault((int(threads), tool), []).append(float(value))
for threads in (1, 2):
    med = {tool: statistics.median(v) for (t, tool), v in rows.items() if t == threads}
    if "ours" in med and "pytorch" in med:
        print(f"threads {threads}: ours {med['ours']:.3f} s, pytorch {med['pytorch']:.3f} s, "
              f"tuned {med.get('pytorch-tuned', float('nan')):.3f} s, ratio {med['ours'] / med['pytorch']:.3f} "
              f"(tuned {med['ours'] / med.get('pytorch-tuned', float('nan')):.3f})")
PY
