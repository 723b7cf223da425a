#!/usr/bin/python3
"""Medians per (tool, threads, metric) of a bench/run_threeway.sh results file, and the new engine's ratios.

Ratios are of time, as docs/benchmarks.md gives them: below 1 means the new engine is faster (for a rate, flips/ns or
tokens/s, the ratio is the other side's rate over ours). The peer's metric is the one of the same name, or the one
it is compared with (the roll-based Metropolis for the tensor sweep; nanoGPT's cache-less generate for every one of
our sampling rates)."""
import collections
import statistics
import sys

PEER_METRIC = {
    "checkerboard_tensor_l256_flips_per_ns": "checkerboard_roll_l256_flips_per_ns",
    "checkerboard_tensor_l1024_flips_per_ns": "checkerboard_roll_l1024_flips_per_ns",
    "checkerboard_native_l256_flips_per_ns": "checkerboard_roll_l256_flips_per_ns",
    "checkerboard_native_l1024_flips_per_ns": "checkerboard_roll_l1024_flips_per_ns",
    "lm_sample_nocache_tokens_per_s": "lm_sample_tokens_per_s",
}
# The in-place RBM peer names its line apart; its tool name, pytorch-inplace, already says which it is.
ALIASES = {"rbm_cd1_inplace_epoch_s": "rbm_cd1_epoch_s"}
# Lines that are not timings: what the harnesses print besides (thread counts, the RSS readings but their change).
NOT_TIMED = ("threads", "malloc_retains_freed_memory", "torch_num_threads", "torch_num_interop_threads", "py_empty_loop_us", "lm_rss_mb_at_")

values = collections.defaultdict(list)
with open(sys.argv[1]) as f:
    for line in f:
        parts = line.split()
        if len(parts) == 4 and not line.startswith("#"):
            tool, threads, name, value = parts
            values[(tool, int(threads), ALIASES.get(name, name))].append(float(value))


def median(tool, threads, name):
    v = values.get((tool, threads, name))
    return statistics.median(v) if v else float("nan")


def time_ratio(ours, other, name):
    rate = name.endswith(("_per_s", "_per_ns", "_gflops"))
    return other / ours if rate else ours / other


def cell(x, digits=4):
    return "" if x != x else f"{x:.{digits}g}"


peers = sorted({tool for tool, _, _ in values if tool.startswith("pytorch")})
metrics = sorted({(name, threads) for tool, threads, name in values if tool in ("new", "old")
                  and not name.startswith(NOT_TIMED) and not name.endswith(("_min", "_max"))},
                 key=lambda m: (m[0], m[1]))
print("\n| metric | threads | new | old | " + " | ".join(peers) + " | new ÷ old | new ÷ pytorch |")
print("| --- | --- | --- | --- | " + " | ".join("---" for _ in peers) + " | --- | --- |")
for name, threads in metrics:
    new, old = median("new", threads, name), median("old", threads, name)
    peer_name = PEER_METRIC.get(name, name)
    peer_values = [median(p, threads, peer_name) for p in peers]
    rss = name.startswith("lm_rss")
    versus_old = cell(time_ratio(new, old, name), 3) if not rss else ""
    versus_peer = cell(time_ratio(new, peer_values[0], name), 3) if peers and not rss else ""
    print(f"| {name} | {threads} | {cell(new)} | {cell(old)} | " + " | ".join(cell(v) for v in peer_values)
          + f" | {versus_old} | {versus_peer} |")
failed = [line.strip() for line in open(sys.argv[1]) if line.startswith("#") and " failed: " in line]
if failed:
    print(f"\n{len(failed)} run(s) failed:")
    for line in failed:
        print(line)
