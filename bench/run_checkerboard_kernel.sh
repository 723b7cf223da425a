#!/usr/bin/env bash
# The checkerboard Metropolis kernel alone (bench/NeuroThermo.TorchExtensions.Benchmarks, every instruction set this
# processor runs) on the workload of bench/workloads/CheckerboardKernelWorkload.cs, L = 64, 256, 1024, at 1 and 2
# threads, REPS repetitions, each the median of RUNS timed runs. Prints the raw lines to OUT, then the medians and
# whether every run ended on the same chain (equal checksums). The comparison with the old binding's kernel was
# measured while both lived in one tree (docs/benchmarks.md); the whole-sampler comparison is run_threeway.sh's.
# Usage (from the repository root, after building the benchmark project in Release):
#   bash bench/run_checkerboard_kernel.sh [REPS] [RUNS] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-3}
RUNS=${2:-3}
OUT=${3:-artifacts/bench/checkerboard-kernel-$(date -u +%Y%m%d-%H%M%S).txt}
mkdir -p "$(dirname "$OUT")"
NEW=(dotnet bench/NeuroThermo.TorchExtensions.Benchmarks/bin/Release/net10.0/NeuroThermo.TorchExtensions.Benchmarks.dll checkerboard-kernel --instruction-sets all --runs "$RUNS")

{
  echo "# date: $(date -u '+%Y-%m-%d %H:%M UTC'); nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "# git: $(git rev-parse --short HEAD); reps: $REPS; runs: $RUNS"
} | tee "$OUT"

run() {  # run ENGINE THREADS COMMAND...: appends "ENGINE THREADS name value" and "ENGINE THREADS checksum name hash" lines
  local engine=$1 threads=$2
  shift 2
  echo "# $engine threads=$threads load before $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
  "$@" | sed -nE "s|^(checkerboard_[a-z_0-9]+) ([-0-9.eE+]+)$|$engine $threads \1 \2|p; s|^# (checkerboard_[a-z_0-9]+): .* checksum ([0-9a-f]+)$|$engine $threads checksum \1 \2|p" >>"$OUT"
  echo "# $engine threads=$threads load after $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
}

for rep in $(seq "$REPS"); do
  for t in 1 2; do
    echo "rep $rep/$REPS, $t thread(s)" >&2
    run new "$t" "${NEW[@]}" --threads "$t"
  done
done

/usr/bin/python3 - "$OUT" <<'PYEOF'
import collections, statistics, sys
rates, sums = collections.defaultdict(list), collections.defaultdict(set)
for line in open(sys.argv[1]):
    parts = line.split()
    if line.startswith("#"):
        continue
    if len(parts) == 5 and parts[2] == "checksum":
        # The chain does not depend on the thread count or the instruction set: one hash per size, across all.
        size = parts[3].split("_l")[-1].split("_")[0]
        sums[size].add(parts[4])
    elif len(parts) == 4:
        rates[(parts[0], int(parts[1]), parts[2])].append(float(parts[3]))
med = lambda key: statistics.median(rates[key]) if rates[key] else float("nan")
# The narrower instruction sets the new engine also ran: checkerboard_kernel_<set>_l<L>_flips_per_ns.
sets = sorted({name.split("_l")[0][len("checkerboard_kernel"):].lstrip("_") for (engine, _, name) in rates
               if engine == "new" and not name.endswith("_cpu")} - {""})
print("\n| L | threads | widest | " + " | ".join(sets) + " |")
print("| --- | --- | --- | " + " | ".join("---" for s in sets) + " |")
for size in (64, 256, 1024):
    for t in (1, 2):
        new = med(("new", t, f"checkerboard_kernel_l{size}_flips_per_ns"))
        rest = " | ".join(f"{med(('new', t, f'checkerboard_kernel_{s}_l{size}_flips_per_ns')):.3f}" for s in sets)
        print(f"| {size} | {t} | {new:.3f} | {rest} |")
print("\nOne thread, flips per ns of processor time:", ", ".join(
    f"L = {size}: {med(('new', 1, f'checkerboard_kernel_l{size}_flips_per_ns_cpu')):.3f}" for size in (64, 256, 1024)))
for size in sorted(sums, key=int):
    print(f"L = {size}: {'same chain in every run' if len(sums[size]) == 1 else 'CHAINS DIFFER: ' + ', '.join(sorted(sums[size]))}")
PYEOF
