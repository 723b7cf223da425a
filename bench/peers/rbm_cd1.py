#!/usr/bin/python3
"""PyTorch eager and scikit-learn peers for one CD-1 epoch of a 784 x 500 RBM.

Run with Debian's python3-torch / python3-sklearn (bench/run_rbm_epoch.sh runs both):

    /usr/bin/python3 bench/peers/rbm_cd1.py --threads 1 --peer pytorch --runs 3
    /usr/bin/python3 bench/peers/rbm_cd1.py --threads 1 --peer sklearn --runs 3

The data: Fashion-MNIST's 60,000 training images from /usr/share/datasets/fashion-mnist, binarized at 0.5.
The pytorch peer is NeuroThermo's RbmTrainer step written as ordinary eager code: per shuffled batch of 100,
p(h|v0), a hidden sample, a binary visible sample, E[h|v1], then momentum/weight-decay updates of W, a, b
(momentum 0.5, lr 0.1, weight cost 2e-4).  --style inplace writes the same step with preallocated buffers
and in-place kernels, as NeuroThermo does.  The sklearn peer is BernoulliRBM.fit for one epoch (n_iter=1):
scikit-learn's algorithm is PCD-1 without momentum or weight decay, the nearest it offers, at the same
size, batch and learning rate.

Results are "name value" lines; everything else starts with "#".
"""

import argparse
import gzip
import os
import statistics
import struct
import sys
import time

DATA = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"
HIDDEN, BATCH, LR, MOMENTUM, DECAY = 500, 100, 0.1, 0.5, 2e-4


def read_images():
    with gzip.open(DATA, "rb") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 0x803:
            sys.exit(f"{DATA} is not an IDX image file (magic {magic:#x})")
        return f.read(count * rows * cols), count, rows * cols


def pytorch_epochs(runs, style):
    import torch

    raw, count, pixels = read_images()
    images = torch.frombuffer(bytearray(raw), dtype=torch.uint8).reshape(count, pixels)
    data = (images.float() / 255.0 > 0.5).float()
    g = torch.Generator().manual_seed(0)
    W = torch.randn(pixels, HIDDEN, generator=g) * 0.01
    rate = (data.sum(0) + 1) / (count + 2)
    a = torch.log(rate / (1 - rate))
    b = torch.zeros(HIDDEN)
    vW, va, vb = torch.zeros_like(W), torch.zeros_like(a), torch.zeros_like(b)

    def idiomatic_step(v0):
        nonlocal W, a, b, vW, va, vb
        ph0 = torch.sigmoid(v0 @ W + b)
        h0 = torch.bernoulli(ph0, generator=g)
        v1 = torch.bernoulli(torch.sigmoid(h0 @ W.t() + a), generator=g)
        ph1 = torch.sigmoid(v1 @ W + b)
        vW = MOMENTUM * vW + LR / BATCH * (v0.t() @ ph0 - v1.t() @ ph1) - LR * DECAY * W
        va = MOMENTUM * va + LR / BATCH * (v0.sum(0) - v1.sum(0))
        vb = MOMENTUM * vb + LR / BATCH * (ph0.sum(0) - ph1.sum(0))
        W = W + vW
        a = a + va
        b = b + vb

    ph0, h0 = torch.empty(BATCH, HIDDEN), torch.empty(BATCH, HIDDEN)
    pv1, v1, ph1 = torch.empty(BATCH, pixels), torch.empty(BATCH, pixels), torch.empty(BATCH, HIDDEN)

    def inplace_step(v0):
        torch.addmm(b, v0, W, out=ph0).sigmoid_()
        h0.bernoulli_(ph0, generator=g)
        torch.addmm(a, h0, W.t(), out=pv1).sigmoid_()
        v1.bernoulli_(pv1, generator=g)
        torch.addmm(b, v1, W, out=ph1).sigmoid_()
        vW.mul_(MOMENTUM).addmm_(v0.t(), ph0, alpha=LR / BATCH).addmm_(v1.t(), ph1, alpha=-LR / BATCH).add_(W, alpha=-LR * DECAY)
        va.mul_(MOMENTUM).add_(v0.sum(0) - v1.sum(0), alpha=LR / BATCH)
        vb.mul_(MOMENTUM).add_(ph0.sum(0) - ph1.sum(0), alpha=LR / BATCH)
        W.add_(vW)
        a.add_(va)
        b.add_(vb)

    step = inplace_step if style == "inplace" else idiomatic_step

    def epoch():
        order = torch.randperm(count, generator=g)
        for start in range(0, count - BATCH + 1, BATCH):
            step(data.index_select(0, order[start:start + BATCH]))

    with torch.no_grad():
        epoch()  # warm-up, as the C# harness does
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            epoch()
            times.append(time.perf_counter() - t0)
    return times


def sklearn_epochs(runs):
    import numpy as np
    from sklearn.neural_network import BernoulliRBM

    raw, count, pixels = read_images()
    data = (np.frombuffer(raw, dtype=np.uint8).reshape(count, pixels) > 127.5).astype(np.float32)
    times = []
    for r in range(runs + 1):  # the first fit is the warm-up
        rbm = BernoulliRBM(n_components=HIDDEN, learning_rate=LR, batch_size=BATCH, n_iter=1, random_state=r)
        t0 = time.perf_counter()
        rbm.fit(data)
        if r > 0:
            times.append(time.perf_counter() - t0)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--peer", choices=["pytorch", "sklearn"], default="pytorch")
    parser.add_argument("--style", choices=["idiomatic", "inplace"], default="idiomatic")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.peer == "pytorch":
        import torch

        torch.set_num_threads(args.threads)
        print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, style {args.style}", flush=True)
        times = pytorch_epochs(args.runs, args.style)
        name = "rbm_cd1_epoch_s" if args.style == "idiomatic" else "rbm_cd1_inplace_epoch_s"
    else:
        # numpy's BLAS reads its thread count from the environment at import; the caller sets it (see run_rbm_epoch.sh).
        import sklearn

        print(f"# scikit-learn {sklearn.__version__}, OMP/OPENBLAS threads {os.environ.get('OPENBLAS_NUM_THREADS')}", flush=True)
        times = sklearn_epochs(args.runs)
        name = "rbm_pcd1_epoch_s"
    print(f"# epochs: {', '.join(f'{t:.3f}' for t in times)}", flush=True)
    print(f"{name} {statistics.median(times):.4f}", flush=True)


if __name__ == "__main__":
    main()
