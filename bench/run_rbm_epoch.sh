#!/usr/bin/env bash
# One CD-1 epoch of a 784 x 500 RBM on binarized Fashion-MNIST (batch 100, 600 batches) in NeuroThermo, in PyTorch
# eager (idiomatic, and with in-place buffers like ours) and scikit-learn's BernoulliRBM (PCD-1, one fit with n_iter=1),
# at 1 and 2 threads, REPS times each, interleaved; prints the raw lines and the median of each column.
# Usage (from the repository root; the script builds the harness):  bash bench/run_rbm_epoch.sh [REPS] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
REPS=${1:-3}
OUT=${2:-artifacts/bench/rbm-epoch-$(date -u +%Y%m%d-%H%M%S).txt}
mkdir -p "$(dirname "$OUT")"
PEER=bench/peers/rbm_cd1.py
build_ours
header "bash bench/run_rbm_epoch.sh $REPS" | tee "$OUT"

run() {  # run TOOL THREADS COMMAND...: appends "TOOL THREADS name value"
  local tool=$1 threads=$2
  shift 2
  echo "# $tool threads=$threads load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
  "$@" | grep -E '^rbm_' | sed "s|^|$tool $threads |" >>"$OUT"
}

for rep in $(seq "$REPS"); do
  for t in 1 2; do
    echo "rep $rep/$REPS, $t thread(s)" >&2
    run ours "$t" "${OURS[@]}" --threads "$t" --only rbm-epoch
    run pytorch "$t" /usr/bin/python3 "$PEER" --threads "$t" --peer pytorch --runs 3
    run pytorch-inplace "$t" /usr/bin/python3 "$PEER" --threads "$t" --peer pytorch --style inplace --runs 3
    run sklearn "$t" env OMP_NUM_THREADS="$t" OPENBLAS_NUM_THREADS="$t" /usr/bin/python3 "$PEER" --peer sklearn --runs 1
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
    if "ours" not in med:
        continue
    parts = [f"ours {med['ours']:.3f} s"]
    for peer in ("pytorch", "pytorch-inplace", "sklearn"):
        if peer in med:
            parts.append(f"{peer} {med[peer]:.3f} s (ratio {med['ours'] / med[peer]:.3f})")
    print(f"threads {threads}: " + ", ".join(parts))
PY
