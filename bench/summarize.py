#!/usr/bin/python3
"""Medians per (tool, threads, metric) from a bench/run.sh results file, and the ratios we report."""
import collections
import math
import statistics
import sys

values = collections.defaultdict(list)
with open(sys.argv[1]) as f:
    for line in f:
        parts = line.split()
        if len(parts) == 4 and not line.startswith("#"):
            tool, threads, name, value = parts
            values[(tool, int(threads), name)].append(float(value))

def median(tool, threads, name):
    v = values.get((tool, threads, name))
    return statistics.median(v) if v else float("nan")

print("\n| metric | threads | NeuroThermo | PyTorch eager | PyTorch eager, tuned malloc | C++ direct | ratio to PyTorch (tuned) |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for threads in (1, 2):
    ours = median("ours", threads, "add_1elem_us")
    peer = median("pytorch", threads, "add_1elem_us")
    tuned = median("pytorch-tuned", threads, "add_1elem_us")
    # The direct C++ call (bench/native/direct_ops.cpp, libtorch 1.13) is in results files of the old binding only.
    cpp = median("cpp", threads, "cpp_add_direct_us")
    gap = f" (gap to C++: {ours - cpp:+.3f} µs)" if not math.isnan(cpp) else ""
    cell = f"{cpp:.3f}" if not math.isnan(cpp) else ""
    print(f"| 1-element add, µs/op{gap} | {threads} | {ours:.3f} | {peer:.3f} | {tuned:.3f} | {cell} | {ours / peer:.2f} ({ours / tuned:.2f}) |")
    ours = median("ours", threads, "matmul_1024_gflops")
    peer = median("pytorch", threads, "matmul_1024_gflops")
    tuned = median("pytorch-tuned", threads, "matmul_1024_gflops")
    print(f"| matmul 1024², GFLOP/s (higher is better) | {threads} | {ours:.1f} | {peer:.1f} | {tuned:.1f} | | {peer / ours:.2f} ({tuned / ours:.2f}) time |")
    ours = median("ours", threads, "mlp_step_ms")
    peer = median("pytorch", threads, "mlp_step_ms")
    tuned = median("pytorch-tuned", threads, "mlp_step_ms")
    print(f"| MLP 784-512-512-10 training step, ms | {threads} | {ours:.2f} | {peer:.2f} | {tuned:.2f} | | {ours / peer:.2f} ({ours / tuned:.2f}) |")
ours = median("ours", 1, "mlp_rss_ratio")
peer = median("pytorch-rss", 1, "mlp_rss_ratio")
print(f"| resident memory after 10,000 steps / after 500 | 1 | {ours:.3f} | {peer:.3f} | | | |")
