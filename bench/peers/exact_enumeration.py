#!/usr/bin/python3
"""PyTorch eager peer of NeuroThermo's exact enumeration (bench/NeuroThermo.Benchmarks/EnumerationWorkload.cs).

Exact ln Z, U and C of a 24-spin Sherrington-Kirkpatrick sample at four inverse temperatures, summed over all
2^24 configurations in chunks:

* couplings J_ij = J_ji = g_ij / sqrt(N) for i < j, g drawn by torch.randn from a generator seeded with 1 (the same
  libtorch generator the C# side uses, so both sides sum the same energies);
* configuration code c = outer * 2^16 + inner: the 2^16 inner configurations and their energies are tabulated once,
  and a chunk of 2^18 configurations (4 outer ones) costs one product [-u J_ut, 1, E_out(u)] @ [t, E_in(t), 1]^T;
* per chunk, weights exp(-beta (E - E_min)) for the four betas at once and one product with [1, dE, dE^2] give the
  chunk's log-weight, mean and variance, merged across chunks in Python floats (Chan et al.);
* the autograd variant builds ln Z as a log-sum-exp of the chunks' log-sum-exps of -beta E and takes U and C as
  first and second derivatives in beta (create_graph=True).

Run with Debian's python3-torch:  /usr/bin/python3 bench/peers/exact_enumeration.py --threads 1
Options: --runs (timed runs, median reported; default 5), --chunk-bits (default 18, as NeuroThermo's default),
--autograd yes|no (whether to time the autograd variant too).
Every result is a "name value" line; other lines start with '#'.
"""

import argparse
import math
import statistics
import time

import torch

SPINS = 24
INNER_BITS = 16
CHUNK_BITS = 18
BETAS = [0.25, 0.5, 1.0, 2.0]


def spins_from_codes(codes, n):
    """(S,) int64 codes -> (S, n) float64 +-1, spin i = +1 when bit i is set."""
    bits = (codes.unsqueeze(-1) >> torch.arange(n)) & 1
    return bits.to(torch.float64) * 2 - 1


def sk_sample(n, seed):
    g = torch.Generator().manual_seed(seed)
    upper = torch.randn((n, n), dtype=torch.float64, generator=g).triu(1) * (1.0 / math.sqrt(n))
    return upper + upper.t(), torch.zeros(n, dtype=torch.float64)


class Chunks:
    """Energies -1/2 s^T J s - h^T s of every configuration, chunk by chunk, shape (M, 2^K)."""

    def __init__(self, couplings, fields, chunk_bits):
        n = couplings.shape[0]
        self.k = min(n, INNER_BITS)
        self.outer = n - self.k
        row_bits = min(self.outer, max(0, chunk_bits - self.k))
        self.rows = 1 << row_bits
        self.count = 1 << (self.outer - row_bits)
        k = self.k
        t = spins_from_codes(torch.arange(1 << k), k)
        inner_energy = -(((t @ couplings[:k, :k]) * t).sum(1) * 0.5) - t @ fields[:k]
        self.basis = torch.cat([t, inner_energy.unsqueeze(1), torch.ones(1 << k, 1, dtype=torch.float64)], 1).t().contiguous()
        self.j_uu = couplings[k:, k:]
        self.j_ut = couplings[k:, :k]
        self.h_u = fields[k:]

    def energies(self, chunk):
        if self.outer == 0:
            u = torch.zeros((1, 0), dtype=torch.float64)
        else:
            u = spins_from_codes(torch.arange(chunk * self.rows, (chunk + 1) * self.rows), self.outer)
        outer_energy = -(((u @ self.j_uu) * u).sum(1) * 0.5) - u @ self.h_u
        rows = torch.cat([-(u @ self.j_ut), torch.ones(u.shape[0], 1, dtype=torch.float64), outer_energy.unsqueeze(1)], 1)
        return rows @ self.basis


def thermodynamics(couplings, fields, betas, chunk_bits=CHUNK_BITS):
    """ln Z, U, C per beta from the chunks' energy moments (no autograd)."""
    with torch.no_grad():
        chunks = Chunks(couplings, fields, chunk_bits)
        neg_beta = -torch.tensor(betas, dtype=torch.float64).unsqueeze(1)
        log_w = [-math.inf] * len(betas)
        mean = [0.0] * len(betas)
        var = [0.0] * len(betas)
        for c in range(chunks.count):
            e = chunks.energies(c).reshape(-1)
            lowest = e.min().item()
            d = e - lowest
            basis = torch.stack([torch.ones_like(d), d, d.square()], 1)
            weights = (neg_beta * d.unsqueeze(0)).exp_()
            sums = (weights @ basis).tolist()
            for b, (s0, s1, s2) in enumerate(sums):
                m = s1 / s0
                chunk_log_w, chunk_mean, chunk_var = -betas[b] * lowest + math.log(s0), lowest + m, s2 / s0 - m * m
                merged = chunk_log_w if log_w[b] == -math.inf else max(log_w[b], chunk_log_w) + math.log1p(math.exp(-abs(log_w[b] - chunk_log_w)))
                p_old = 0.0 if log_w[b] == -math.inf else math.exp(log_w[b] - merged)
                p_new = math.exp(chunk_log_w - merged)
                shift = chunk_mean - mean[b]
                var[b] = p_old * var[b] + p_new * chunk_var + p_old * p_new * shift * shift
                mean[b] = p_old * mean[b] + p_new * chunk_mean
                log_w[b] = merged
    return log_w, mean, [b * b * v for b, v in zip(betas, var)]


def thermodynamics_autograd(couplings, fields, betas, chunk_bits=CHUNK_BITS):
    """ln Z as a log-sum-exp of chunk log-sum-exps; U and C by autograd in beta."""
    chunks = Chunks(couplings, fields, chunk_bits)
    beta = torch.tensor(betas, dtype=torch.float64, requires_grad=True)
    column = beta.reshape(-1, 1)
    per_chunk = [(-(column * chunks.energies(c).reshape(1, -1))).logsumexp(1) for c in range(chunks.count)]
    log_z = torch.stack(per_chunk, 0).logsumexp(0)
    first, = torch.autograd.grad(log_z.sum(), beta, create_graph=True)
    second, = torch.autograd.grad(first.sum(), beta)
    b = beta.detach()
    return log_z.detach().tolist(), (-first).detach().tolist(), (b * b * second).tolist()


def median_time(runs, body):
    times = []
    result = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = body()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chunk-bits", type=int, default=CHUNK_BITS)
    parser.add_argument("--autograd", choices=["yes", "no"], default="yes")
    args = parser.parse_args()
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}")
    couplings, fields = sk_sample(SPINS, 1)
    small, small_fields = sk_sample(12, 2)
    thermodynamics(small, small_fields, BETAS)
    thermodynamics_autograd(small, small_fields, BETAS)

    bits = args.chunk_bits
    seconds, (log_z, energy, heat) = median_time(args.runs, lambda: thermodynamics(couplings, fields, BETAS, bits))
    print(f"enum_n24_s {seconds!r}")
    for b in range(len(BETAS)):
        print(f"enum_n24_lnz_{b} {log_z[b]!r}")
        print(f"enum_n24_u_{b} {energy[b]!r}")
        print(f"enum_n24_c_{b} {heat[b]!r}")
    if args.autograd == "no":
        return
    seconds, (_, _, heat) = median_time(args.runs, lambda: thermodynamics_autograd(couplings, fields, BETAS, bits))
    print(f"enum_n24_autograd_s {seconds!r}")
    for b in range(len(BETAS)):
        print(f"enum_n24_autograd_c_{b} {heat[b]!r}")


if __name__ == "__main__":
    main()
