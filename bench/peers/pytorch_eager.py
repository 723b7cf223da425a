#!/usr/bin/python3
"""PyTorch eager-mode peer for the NeuroThermo benchmarks.

Meant to run under Debian's python3-torch (torch 1.13, OpenBLAS as BLAS):

    /usr/bin/python3 bench/peers/pytorch_eager.py --threads 1 --only all

Every result is printed on its own line as ``name value`` (no spaces inside
the name, value parses as a float).  Everything else -- environment details
and the human-readable summary -- starts with ``#`` so a consumer can simply
skip lines beginning with ``#``.
"""

import argparse
import gc
import os
import platform
import statistics
import sys
import time

import torch
import torch.nn.functional as F


def emit(name, value, fmt="{:.4f}"):
    print(f"{name} {fmt.format(value)}", flush=True)


def note(text):
    print(f"# {text}", flush=True)


def timed_runs(body, runs):
    """Call body() `runs` times, return the wall time of each call in seconds."""
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        body()
        times.append(time.perf_counter() - t0)
    return times


# ---------------------------------------------------------------------------
# 1. per-op overhead: a + b on 1-element float32 tensors
# ---------------------------------------------------------------------------
def bench_add(runs, ops):
    a = torch.ones(1, dtype=torch.float32)
    b = torch.ones(1, dtype=torch.float32)

    def loop():
        for _ in range(ops):
            a + b

    def empty():
        for _ in range(ops):
            pass

    # warm-up: one short pass so allocator / dispatcher caches are hot
    for _ in range(20_000):
        a + b

    per_op = [t / ops * 1e6 for t in timed_runs(loop, runs)]
    baseline = [t / ops * 1e6 for t in timed_runs(empty, runs)]
    emit("add_1elem_us", statistics.median(per_op))
    emit("add_1elem_us_min", min(per_op))
    emit("add_1elem_us_max", max(per_op))
    emit("py_empty_loop_us", statistics.median(baseline))
    note(
        f"add: median {statistics.median(per_op):.3f} us/op over {runs} runs x {ops} ops "
        f"(includes ~{statistics.median(baseline):.3f} us of Python loop overhead)"
    )


# ---------------------------------------------------------------------------
# 2. matmul 1024x1024 float32
# ---------------------------------------------------------------------------
def bench_matmul(runs, n=1024, target_s=0.5):
    g = torch.Generator().manual_seed(1)
    a = torch.randn(n, n, generator=g, dtype=torch.float32)
    b = torch.randn(n, n, generator=g, dtype=torch.float32)

    # warm-up and calibration: pick the number of products per run so that
    # one run lasts roughly target_s seconds (at least 3 products).
    for _ in range(3):
        a @ b
    t0 = time.perf_counter()
    a @ b
    one = time.perf_counter() - t0
    reps = max(3, int(target_s / max(one, 1e-6)))

    def loop():
        for _ in range(reps):
            a @ b

    flop = 2.0 * n ** 3
    gflops = [flop * reps / t / 1e9 for t in timed_runs(loop, runs)]
    ms = [flop / (g * 1e9) * 1e3 for g in gflops]
    emit("matmul_1024_gflops", statistics.median(gflops), "{:.2f}")
    emit("matmul_1024_gflops_min", min(gflops), "{:.2f}")
    emit("matmul_1024_gflops_max", max(gflops), "{:.2f}")
    emit("matmul_1024_ms", statistics.median(ms), "{:.3f}")
    note(
        f"matmul {n}x{n}: median {statistics.median(gflops):.1f} GFLOP/s "
        f"({statistics.median(ms):.2f} ms/product), {runs} runs x {reps} products"
    )


# ---------------------------------------------------------------------------
# 3. MLP 784-512-512-10 training step with AdamW
# ---------------------------------------------------------------------------
def make_mlp(batch=128):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 512),
        torch.nn.ReLU(),
        torch.nn.Linear(512, 512),
        torch.nn.ReLU(),
        torch.nn.Linear(512, 10),
    )
    x = torch.randn(batch, 784, dtype=torch.float32)
    y = torch.randint(0, 10, (batch,), dtype=torch.int64)
    # foreach left at its default (None); in torch 1.13 that means the
    # per-parameter for-loop implementation, not the _foreach_* kernels.
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss

    return model, opt, step


def rss_bytes():
    with open("/proc/self/statm") as f:
        resident_pages = int(f.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


def bench_mlp(runs, steps, warmup):
    _, opt, step = make_mlp()
    note(f"AdamW param_groups[0]['foreach'] = {opt.param_groups[0]['foreach']!r} "
         "(None -> for-loop implementation in torch 1.13)")
    for _ in range(warmup):
        step()

    def loop():
        for _ in range(steps):
            step()

    per_step = [t / steps * 1e3 for t in timed_runs(loop, runs)]
    emit("mlp_step_ms", statistics.median(per_step), "{:.3f}")
    emit("mlp_step_ms_min", min(per_step), "{:.3f}")
    emit("mlp_step_ms_max", max(per_step), "{:.3f}")
    note(
        f"mlp 784-512-512-10, batch 128, AdamW: median {statistics.median(per_step):.3f} ms/step "
        f"over {runs} runs x {steps} steps after {warmup} warm-up steps"
    )


def bench_rss(total_steps, mark=500):
    # a fresh model/optimizer so the count starts at step 1
    _, _, step = make_mlp()
    mib = 1024.0 * 1024.0
    at_mark = None
    t0 = time.perf_counter()
    for i in range(1, total_steps + 1):
        loss = step()
        if i == mark:
            at_mark = rss_bytes()
    elapsed = time.perf_counter() - t0
    at_end = rss_bytes()
    if at_mark is None:  # fewer steps than the mark
        at_mark = at_end
    emit("mlp_rss_steps", total_steps, "{:d}")
    emit(f"mlp_rss_step{mark}_mib", at_mark / mib, "{:.1f}")
    emit("mlp_rss_end_mib", at_end / mib, "{:.1f}")
    emit("mlp_rss_ratio", at_end / at_mark, "{:.4f}")
    emit("mlp_rss_loop_ms_per_step", elapsed / total_steps * 1e3, "{:.3f}")
    note(
        f"rss: {at_mark / mib:.1f} MiB after step {mark}, {at_end / mib:.1f} MiB after step "
        f"{total_steps} (ratio {at_end / at_mark:.3f}); final loss {loss.item():.4f}"
    )


# ---------------------------------------------------------------------------
# 4. one epoch of MLP 784-256-256-10 over 60,000 in-memory images, batch 128
# ---------------------------------------------------------------------------
def bench_mlp_epoch(runs, images=60_000, batch=128):
    g = torch.Generator().manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256),
        torch.nn.ReLU(),
        torch.nn.Linear(256, 256),
        torch.nn.ReLU(),
        torch.nn.Linear(256, 10),
    )
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x = torch.rand(images, 784, generator=g, dtype=torch.float32)
    y = torch.randint(0, 10, (images,), generator=g, dtype=torch.int64)

    def epoch():
        # a randperm per epoch, batches gathered with index_select, as the C# side does
        order = torch.randperm(images, generator=g)
        for start in range(0, images, batch):
            index = order[start:start + batch]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x.index_select(0, index)), y.index_select(0, index))
            loss.backward()
            opt.step()
            loss.item()

    epoch()  # warm-up
    seconds = timed_runs(epoch, runs)
    emit("mlp_epoch_s", statistics.median(seconds), "{:.4f}")
    note(f"mlp-epoch 784-256-256-10, {images} images, batch {batch}, AdamW: median "
         f"{statistics.median(seconds):.3f} s/epoch over {runs} runs after one warm-up epoch")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=None,
                   help="torch.set_num_threads(N); default: leave torch's default")
    p.add_argument("--only", choices=["add", "matmul", "mlp", "all", "mlp-epoch"], default="all",
                   help="which workload(s) to run; 'mlp' includes the RSS check; "
                        "'mlp-epoch' (not part of 'all') times whole epochs")
    p.add_argument("--runs", type=int, default=7, help="timed runs per workload (>=5)")
    p.add_argument("--add-ops", type=int, default=200_000, help="a+b ops per run")
    p.add_argument("--mlp-steps", type=int, default=100, help="MLP steps per timed run")
    p.add_argument("--mlp-warmup", type=int, default=20, help="MLP warm-up steps")
    p.add_argument("--rss-steps", type=int, default=10_000,
                   help="MLP steps for the RSS check (0 skips it)")
    args = p.parse_args()

    if args.threads is not None:
        torch.set_num_threads(args.threads)

    note(f"python {platform.python_version()} ({sys.executable}), torch {torch.__version__}")
    note("env " + " ".join(f"{k}={os.environ[k]}" for k in sorted(os.environ)
                           if k.startswith(("OMP_", "OPENBLAS_", "MKL_", "GOMP_"))))
    emit("torch_num_threads", torch.get_num_threads(), "{:d}")
    emit("torch_num_interop_threads", torch.get_num_interop_threads(), "{:d}")

    if args.only == "mlp-epoch":
        bench_mlp_epoch(args.runs)
        return
    todo = ["add", "matmul", "mlp"] if args.only == "all" else [args.only]
    if "add" in todo:
        bench_add(args.runs, args.add_ops)
    if "matmul" in todo:
        bench_matmul(args.runs)
    if "mlp" in todo:
        bench_mlp(args.runs, args.mlp_steps, args.mlp_warmup)
        if args.rss_steps > 0:
            bench_rss(args.rss_steps)


if __name__ == "__main__":
    main()
