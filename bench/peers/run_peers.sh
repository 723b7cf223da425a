#!/bin/sh
# Runs both peers (PyTorch eager and native C++) at 1 and 2 threads, REPS times
# each, interleaved, and writes raw outputs plus per-line medians to OUT.
# Usage (from the repository root):
#   sh bench/peers/run_peers.sh bench/peers/results-YYYY-MM-DD.txt [REPS]
set -eu
OUT=${1:?output file}
REPS=${2:-3}
PY=/usr/bin/python3
NATIVE=artifacts/bench-native/direct_ops

cmake -S bench/native -B artifacts/bench-native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build artifacts/bench-native >/dev/null

RAW=$(mktemp)
trap 'rm -f "$RAW"' EXIT

{
  echo "# NeuroThermo benchmark peers -- raw results"
  echo "# date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "# nproc: $(nproc)"
  echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "# kernel: $(uname -r)"
  echo "# torch (python): $($PY -c 'import torch; print(torch.__version__)'), libtorch-dev: $(dpkg-query -W -f='${Version}' libtorch-dev)"
  echo "# blas: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
  echo "# env: $(env | grep -E '^(OMP|OPENBLAS|MKL|GOMP)_' | sort | tr '\n' ' ')"
  echo "# git: $(git rev-parse --short HEAD)"
  echo "# build: cmake -S bench/native -B artifacts/bench-native -DCMAKE_BUILD_TYPE=Release && cmake --build artifacts/bench-native"
  echo "# reps per (tool, threads): $REPS, interleaved"
  echo "# runner: sh bench/peers/run_peers.sh $OUT $REPS"
  echo
} >"$OUT"

run() {  # run TAG THREADS CMD...
  tag=$1; threads=$2; shift 2
  {
    echo "=== $tag threads=$threads rep=$rep"
    echo "\$ $*"
    echo "# loadavg before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# busiest other processes: $(ps -eo pcpu,comm --sort=-pcpu --no-headers | head -4 | awk '{printf "%s(%s%%) ", $2, $1}')"
  } >>"$OUT"
  start=$(date +%s)
  "$@" >"$RAW" 2>&1
  end=$(date +%s)
  cat "$RAW" >>"$OUT"
  sed -n "/^[^#]/s|^|$tag $threads |p" "$RAW" >>"$OUT.lines"
  {
    echo "# loadavg after: $(cut -d' ' -f1-3 /proc/loadavg); wall $((end - start)) s"
    echo
  } >>"$OUT"
}

rm -f "$OUT.lines"
rep=1
while [ "$rep" -le "$REPS" ]; do
  for t in 1 2; do
    run native "$t" "$NATIVE" "$t"
    run python "$t" "$PY" bench/peers/pytorch_eager.py --threads "$t" --only all
  done
  rep=$((rep + 1))
done

{
  echo "=== summary: median over $REPS reps of each line (tool threads name median [values])"
  $PY - "$OUT.lines" <<'PYEOF'
import collections, statistics, sys
vals = collections.OrderedDict()
for line in open(sys.argv[1]):
    tool, threads, name, value = line.split()
    vals.setdefault((tool, threads, name), []).append(float(value))
for (tool, threads, name), v in vals.items():
    print(f"{tool} {threads} {name} {statistics.median(v):g} {v}")
PYEOF
} >>"$OUT"
rm -f "$OUT.lines"
