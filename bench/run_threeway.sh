#!/usr/bin/env bash
# The port's three-way benchmark: the new engine (TorchSharp 0.107, libtorch 2.10), the old binding (Debian's libtorch
# 1.13, built from the tag old-binding-libtorch-1.13 in a worktree outside the repository) and the PyTorch eager peers
# (bench/peers, Debian's python3-torch 1.13), in one session, interleaved: REPS repetitions, each at 1 and then 2
# threads, each workload run by the three sides one after the other (the order rotated every repetition), so that load
# drifts hit all three alike. Resident memory over RSS_STEPS language-model steps runs once per side at the end, at one
# thread (memory per step does not depend on the thread count).
#
# Usage (from the repository root; needs libtorch-dev and python3-torch, see ./build.sh bench):
#   bash bench/run_threeway.sh [--reps N] [--only W,W,...] [--rss-steps S] [--tuned] [--old-tree DIR] [--out FILE]
# Workloads (--only, default all): lm-step (ms per nanoGPT CPU-config iteration), lm-sample (tokens/s; ours cached
# and without the cache, the peer nanoGPT's cache-less generate), mlp (ms per 784-512-512-10 AdamW step),
# checkerboard (Metropolis flips/ns, L = 256 and 1024), rbm-epoch (s per CD-1 epoch), lm-rss.
# --tuned also runs each peer with the old binding's malloc thresholds ("pytorch-tuned").
# The old harness runs from this repository's root, on its configs and corpora, which must match the tag's (checked).
# Its lm-rss is fixed at 5,000 steps (the tag's harness has no option for it); the new engine and the peer run RSS_STEPS.
# Output: "TOOL THREADS name value" lines in OUT (tools: new, old, pytorch, pytorch-inplace, pytorch-tuned), then a
# table of medians and ratios; a side that fails leaves a "# ... failed" line and the run goes on.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh

# The last commit on the old binding alone; the tag old-binding-libtorch-1.13 names it where tags were fetched.
OLD_TAG=57f00f7aa4c719bece8d4575f23b765b24368e56
REPS=3
ONLY=lm-step,lm-sample,mlp,checkerboard,rbm-epoch,lm-rss
RSS_STEPS=10000
TUNED_PEER=no
OLD_TREE=${TMPDIR:-/tmp}/neurothermo-old-binding
OUT=artifacts/bench/threeway-$(date -u +%Y%m%d-%H%M%S).txt
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --rss-steps) RSS_STEPS=$2; shift 2 ;;
    --tuned) TUNED_PEER=yes; shift ;;
    --old-tree) OLD_TREE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "run_threeway.sh: unknown argument '$1' (see the usage at the top of the script)" >&2; exit 2 ;;
  esac
done
IFS=, read -r -a WORKLOADS <<<"$ONLY"
for w in "${WORKLOADS[@]}"; do
  case "$w" in lm-step|lm-sample|mlp|checkerboard|rbm-epoch|lm-rss) ;;
    *) echo "run_threeway.sh: unknown workload '$w' in --only; expected lm-step, lm-sample, mlp, checkerboard, rbm-epoch or lm-rss" >&2; exit 2 ;;
  esac
done
mkdir -p "$(dirname "$OUT")"

# The old binding: a detached worktree of the tag outside the repository, built once (its shim needs libtorch-dev).
case "$(realpath -m "$OLD_TREE")/" in "$(pwd -P)"/*)
  echo "run_threeway.sh: --old-tree $OLD_TREE is inside the repository; give a folder outside it" >&2; exit 2 ;;
esac
if [ ! -e "$OLD_TREE" ]; then
  echo "checking out $OLD_TAG in $OLD_TREE" >&2
  git worktree add --detach "$OLD_TREE" "$OLD_TAG" >&2
fi
if [ "$(git -C "$OLD_TREE" rev-parse HEAD 2>/dev/null || true)" != "$(git rev-parse "$OLD_TAG^{commit}")" ]; then
  echo "run_threeway.sh: $OLD_TREE is not a checkout of $OLD_TAG; remove it (git worktree remove) or pass --old-tree" >&2
  exit 2
fi
# The corpus manifest moved from shared/ beside the clone into corpora/ after the tag; the text is the same bytes.
if ! git diff --quiet "$OLD_TAG" HEAD -- configs/lm-shakespeare-nanogpt.json; then
  echo "run_threeway.sh: the benchmark's config or corpus changed since $OLD_TAG; the two engines would train different models" >&2
  exit 2
fi
echo "building the old binding's harness in $OLD_TREE" >&2
dotnet build "$OLD_TREE/bench/NeuroThermo.Benchmarks" -c Release -nologo -clp:ErrorsOnly -v:q >&2
OLD=(dotnet "$OLD_TREE/bench/NeuroThermo.Benchmarks/bin/Release/net10.0/NeuroThermo.Benchmarks.dll" side-by-side)
build_ours

{
  header "bash bench/run_threeway.sh --reps $REPS --only $ONLY --rss-steps $RSS_STEPS$([ "$TUNED_PEER" = yes ] && echo ' --tuned')"
  echo "# old binding: $OLD_TAG ($(git rev-parse --short "$OLD_TAG^{commit}")), libtorch-dev $(dpkg-query -W -f='${Version}' libtorch-dev 2>/dev/null || echo 'not installed'), OpenBLAS kernels $("${OLD[@]}" --only blas-core | awk '$1 == "blas_core" { print $2 }') (OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset})"
  echo "# peers: python3-torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null || echo 'not installed')"
} | tee "$OUT"

run() {  # run TOOL THREADS COMMAND...: appends "TOOL THREADS name value" lines, with the load before
  local tool=$1 threads=$2 err
  shift 2
  err=$(mktemp)
  echo "# $tool threads=$threads load $(cut -d' ' -f1-3 /proc/loadavg): $*" >>"$OUT"
  set +e
  # In a subshell, so that the shell's report of a side that aborted goes to that side's error file too.
  ( "$@" ) 2>"$err" | grep -E '^[a-z_0-9]+ [-0-9.eE+]+$' | sed "s|^|$tool $threads |" >>"$OUT"
  local status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    echo "# $tool threads=$threads failed: $(grep -v '^\s*at ' "$err" | tail -n 1)" | tee -a "$OUT" >&2
  fi
  rm -f "$err"
}

peer() {  # peer TOOL THREADS SCRIPT ARGS...: the PyTorch peer, and with --tuned the same with the old malloc settings
  local tool=$1 threads=$2
  shift 2
  run "$tool" "$threads" /usr/bin/python3 "$@"
  if [ "$TUNED_PEER" = yes ] && [ "$tool" = pytorch ]; then
    run pytorch-tuned "$threads" env GLIBC_TUNABLES="$TUNED" /usr/bin/python3 "$@"
  fi
}

side() {  # side SIDE WORKLOAD THREADS: one side's run of one workload
  local side=$1 workload=$2 t=$3
  case "$side" in
    new|old)
      local harness
      if [ "$side" = new ]; then harness=("${OURS[@]}"); else harness=("${OLD[@]}"); fi
      case "$workload" in
        checkerboard) run "$side" "$t" "${harness[@]}" --threads "$t" --only checkerboard --runs 3 ;;
        *) run "$side" "$t" "${harness[@]}" --threads "$t" --only "$workload" ;;
      esac ;;
    pytorch)
      case "$workload" in
        lm-step) peer pytorch "$t" bench/peers/nanogpt_char.py --threads "$t" --only step ;;
        lm-sample) peer pytorch "$t" bench/peers/nanogpt_char.py --threads "$t" --only sample ;;
        mlp) peer pytorch "$t" bench/peers/pytorch_eager.py --threads "$t" --only mlp --rss-steps 0 ;;
        checkerboard) peer pytorch "$t" bench/peers/checkerboard_metropolis.py --threads "$t" --runs 3 ;;
        rbm-epoch)
          peer pytorch "$t" bench/peers/rbm_cd1.py --threads "$t" --peer pytorch --runs 3
          peer pytorch-inplace "$t" bench/peers/rbm_cd1.py --threads "$t" --peer pytorch --style inplace --runs 3 ;;
      esac ;;
  esac
}

SIDES=(new old pytorch)
for rep in $(seq "$REPS"); do
  for t in 1 2; do
    for w in "${WORKLOADS[@]}"; do
      [ "$w" = lm-rss ] && continue
      echo "rep $rep/$REPS, $t thread(s), $w" >&2
      for k in 0 1 2; do side "${SIDES[$(((k + rep - 1) % 3))]}" "$w" "$t"; done
    done
  done
done
if [[ ",$ONLY," == *,lm-rss,* ]]; then
  echo "resident memory over $RSS_STEPS language-model steps" >&2
  run new 1 "${OURS[@]}" --threads 1 --only lm-rss --lm-rss-steps "$RSS_STEPS"
  run old 1 "${OLD[@]}" --threads 1 --only lm-rss
  peer pytorch 1 bench/peers/nanogpt_char.py --threads 1 --only rss --rss-steps "$RSS_STEPS"
fi

/usr/bin/python3 bench/summarize_threeway.py "$OUT"
