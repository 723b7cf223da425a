#!/usr/bin/env bash
# Data-parallel lm.train on one machine: configs/lm-fortunes.json shortened to STEPS steps, as one process and as
# two local ranks (--nproc 2), every process on one thread (OMP_NUM_THREADS=1), REPS times each, interleaved. The
# global batch is the config's 16 sequences either way (8 per rank with two ranks), so tokens/s compare directly.
# Prints, per run, the median tokens/s over the logged intervals after the first (warm-up), and for two ranks the
# share of rank 0's step time spent in the gradient allreduce; then the medians over repetitions.
# Usage (from the repository root; the script builds the CLI and the harness):  bash bench/run_distributed.sh [REPS] [STEPS] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
REPS=${1:-3}
STEPS=${2:-300}
OUT=${3:-artifacts/bench/distributed-$(date -u +%Y%m%d-%H%M%S).txt}
mkdir -p "$(dirname "$OUT")"
CLI=src/NeuroThermo.Cli/bin/Release/net10.0/neurothermo
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
SETS=(--set "steps=$STEPS" --set "logEvery=$((STEPS / 6))" --set "evalEvery=$STEPS" --set "evalBatches=1"
      --set "checkpointEvery=$STEPS" --set "sampleTokens=0" --set "warmupSteps=10")
dotnet build src/NeuroThermo.Cli -c Release -nologo -clp:ErrorsOnly -v:q >&2
build_ours
header "bash bench/run_distributed.sh $REPS $STEPS" | tee "$OUT"

run() {  # run RANKS: one run of the shortened config; appends "RANKS tokens_per_s allreduce_share"
  local ranks=$1 out="$SCRATCH/runs-$1-$RANDOM"
  local extra=()
  [ "$ranks" -gt 1 ] && extra=(--nproc "$ranks" --timeout 120)
  echo "# ranks=$ranks load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
  OMP_NUM_THREADS=1 "$CLI" run configs/lm-fortunes.json "${SETS[@]}" --out "$out" "${extra[@]}" >/dev/null
  /usr/bin/python3 - "$ranks" "$out"/*/metrics.jsonl >>"$OUT" <<'PY'
import json, statistics, sys
records = [json.loads(line) for line in open(sys.argv[2]) if '"tokens_per_s"' in line][1:]  # the first is warm-up
share = statistics.median(r["allreduce_share"] for r in records) if "allreduce_share" in records[0] else 0.0
print(sys.argv[1], round(statistics.median(r["tokens_per_s"] for r in records)), f"{share:.4f}")
PY
}

for rep in $(seq "$REPS"); do
  echo "rep $rep/$REPS" >&2
  run 1
  run 2
done
cat "$OUT"
/usr/bin/python3 - "$OUT" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    if not line.startswith("#"):
        ranks, tokens, share = line.split()
        rows.setdefault(int(ranks), []).append((float(tokens), float(share)))
one = statistics.median(t for t, _ in rows[1])
two = statistics.median(t for t, _ in rows[2])
share = statistics.median(s for _, s in rows[2])
print(f"1 rank: {one:.0f} tokens/s; 2 ranks: {two:.0f} tokens/s ({two / one:.2f}x); allreduce share of a step: {100 * share:.1f}%")
PY
