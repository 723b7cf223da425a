#!/usr/bin/env bash
# The language model of configs/lm-shakespeare-nanogpt.json (issue 5's speed benchmark) in NeuroThermo and in
# PyTorch eager (bench/peers/nanogpt_char.py, plain and with NeuroThermo's malloc settings), at 1 and 2 threads,
# REPS times each, interleaved: ms per training iteration, and generation tokens/s (ours with and without the
# key/value cache, the peer without). Prints the raw lines and the median of each column.
# Usage (from the repository root; the script builds the harness):  bash bench/run_lm.sh [REPS] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
REPS=${1:-3}
OUT=${2:-artifacts/bench/lm-$(date -u +%Y%m%d-%H%M%S).txt}
mkdir -p "$(dirname "$OUT")"
PEER=(/usr/bin/python3 bench/peers/nanogpt_char.py)
build_ours
header "bash bench/run_lm.sh $REPS" | tee "$OUT"

run() {  # run TOOL THREADS COMMAND...: appends "TOOL THREADS name value" for every result line
  local tool=$1 threads=$2
  shift 2
  echo "# $tool threads=$threads load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
  "$@" | grep -E '^lm_' | sed "s|^|$tool $threads |" >>"$OUT"
}

for rep in $(seq "$REPS"); do
  for t in 1 2; do
    echo "rep $rep/$REPS, $t thread(s)" >&2
    for only in step sample; do
      run ours "$t" "${OURS[@]}" --threads "$t" --only "lm-$only"
      run pytorch "$t" "${PEER[@]}" --threads "$t" --only "$only"
      run pytorch-tuned "$t" env GLIBC_TUNABLES="$TUNED" "${PEER[@]}" --threads "$t" --only "$only"
    done
  done
done
cat "$OUT"
/usr/bin/python3 - "$OUT" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("#"):
        continue
    tool, threads, name, value = line.split()
    rows.setdefault((int(threads), tool, name), []).append(float(value))
med = {key: statistics.median(v) for key, v in rows.items()}
for t in (1, 2):
    get = lambda tool, name: med.get((t, tool, name), float("nan"))
    ours, plain, tuned = get("ours", "lm_step_ms"), get("pytorch", "lm_step_ms"), get("pytorch-tuned", "lm_step_ms")
    print(f"threads {t}: ms/iter ours {ours:.2f}, pytorch {plain:.2f} (ratio {ours / plain:.3f}), "
          f"tuned {tuned:.2f} (ratio {ours / tuned:.3f})")
    cached, uncached = get("ours", "lm_sample_tokens_per_s"), get("ours", "lm_sample_nocache_tokens_per_s")
    peer, peer_tuned = get("pytorch", "lm_sample_tokens_per_s"), get("pytorch-tuned", "lm_sample_tokens_per_s")
    print(f"threads {t}: tokens/s ours cached {cached:.0f}, ours without cache {uncached:.0f}, pytorch without cache "
          f"{peer:.0f} (cached/peer {cached / peer:.2f}x), tuned {peer_tuned:.0f} ({cached / peer_tuned:.2f}x)")
PY
