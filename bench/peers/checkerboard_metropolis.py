#!/usr/bin/python3
"""PyTorch eager peer of NeuroThermo's checkerboard Metropolis sampler (src/NeuroThermo/Sampling/Native/).

Periodic L x L Ising model, J = 1, h = 0, T = 2.269 (beta = 1/T), one chain, cold start. A sweep updates the
sites with (row + column) even, then the odd ones; every site of a colour is updated at once from the
other colour's spins, which is exact Metropolis because same-coloured sites are not neighbours.

Two variants, each printed as its own line:

* roll: the formulation most PyTorch code uses. The whole L x L float32 lattice, neighbour sum by four
  torch.roll, one torch.rand per *site* per half-sweep (so two random numbers per flip, half of them thrown
  away by the colour mask), acceptance by exp, update by torch.where.
* sublattice: NeuroThermo's tensor formulation written in PyTorch. The lattice is stored as four quarters
  (colour x row parity), each (L/2, L/2), so a half-sweep touches only the colour it updates and every
  neighbour is a shift by one along one axis; random numbers come from one 64-bit linear congruential
  generator per site advanced by two tensor ops (torch's own generator costs about 7 ns a number here);
  the acceptance test is sign(u - threshold) multiplied into the spins.

Rates are flips per nanosecond: L^2 * sweeps / seconds / 1e9, the median over --runs timed runs.
Run with Debian's python3-torch:  /usr/bin/python3 bench/peers/checkerboard_metropolis.py --threads 1
Options: --sizes (default 256,1024), --sweeps (per timed run; default scales with 1/L^2), --runs (default 5).
Every result is a "name value" line; other lines start with '#'.
"""

import argparse
import math
import statistics
import time

import torch

TEMPERATURE = 2.269
COUPLING = 1.0
# Knuth's MMIX multiplier and increment: a full-period 64-bit LCG; only its top bits decide a comparison.
LCG_MUL = 6364136223846793005
LCG_ADD = 1442695040888963407
# int64 view of 2^63 subtracted to compare a signed 64-bit state with a probability scaled to [0, 2^64).
TWO_63 = 2.0**63


class RollCheckerboard:
    def __init__(self, size, beta, generator):
        self.beta = beta
        self.generator = generator
        self.spins = torch.ones(size, size)
        rows = torch.arange(size).unsqueeze(1)
        cols = torch.arange(size).unsqueeze(0)
        even = (rows + cols) % 2 == 0
        self.masks = (even, ~even)

    def sweep(self):
        s = self.spins
        for mask in self.masks:
            neighbours = s.roll(1, 0) + s.roll(-1, 0) + s.roll(1, 1) + s.roll(-1, 1)
            delta = 2 * COUPLING * s * neighbours
            accept = torch.rand(s.shape, generator=self.generator) < torch.exp(-self.beta * delta)
            s = torch.where(accept & mask, -s, s)
        self.spins = s

    def energy_per_spin(self):
        s = self.spins
        return -(s * s.roll(1, 0) + s * s.roll(1, 1)).mean().item() * COUPLING


class SublatticeCheckerboard:
    """Quarters 0: colour 0 even rows, 1: colour 0 odd rows, 2: colour 1 even rows, 3: colour 1 odd rows."""

    def __init__(self, size, beta, generator):
        half = size // 2
        self.spins = torch.ones(4, half, half)
        self.state = torch.randint(-(2**62), 2**62, (4, half, half), dtype=torch.int64, generator=generator) * 2 + 1
        self.field = torch.empty(2, half, half)
        self.uniform = torch.empty(2, half, half)
        # exp(-beta dE) * 2^64 - 2^63 with dE = 2 J s n: folded into one exponent so a threshold costs one exp.
        self.slope = -2 * beta * COUPLING
        self.offset = 64 * math.log(2)

    @staticmethod
    def _add_pair(out, x, dim, back):
        """out += x + x shifted by one along dim (x[i-1] when back, else x[i+1]), periodic."""
        n = x.shape[dim]
        out.add_(x)
        if back:
            out.narrow(dim, 1, n - 1).add_(x.narrow(dim, 0, n - 1))
            out.narrow(dim, 0, 1).add_(x.narrow(dim, n - 1, 1))
        else:
            out.narrow(dim, 0, n - 1).add_(x.narrow(dim, 1, n - 1))
            out.narrow(dim, n - 1, 1).add_(x.narrow(dim, 0, 1))

    def _half_sweep(self, colour):
        q = self.spins
        f = self.field
        f.zero_()
        if colour == 0:
            self._add_pair(f[0], q[3], 0, True)   # even row 2i: odd rows 2i-1, 2i+1 of the other colour
            self._add_pair(f[0], q[2], 1, True)   # columns c-1, c+1
            self._add_pair(f[1], q[2], 0, False)  # odd row 2i+1: even rows 2i, 2i+2
            self._add_pair(f[1], q[3], 1, False)
        else:
            self._add_pair(f[0], q[1], 0, True)
            self._add_pair(f[0], q[0], 1, False)
            self._add_pair(f[1], q[0], 0, False)
            self._add_pair(f[1], q[1], 1, True)
        s = q[2 * colour:2 * colour + 2]
        state = self.state[2 * colour:2 * colour + 2]
        state.mul_(LCG_MUL).add_(LCG_ADD)
        f.mul_(s).mul_(self.slope).add_(self.offset).exp_().sub_(TWO_63)
        self.uniform.copy_(state)
        self.uniform.sub_(f).sign_()
        s.mul_(self.uniform)

    def sweep(self):
        self._half_sweep(0)
        self._half_sweep(1)

    def energy_per_spin(self):
        q = self.spins
        bonds = 0.0
        f = torch.zeros_like(self.field)
        self._add_pair(f[0], q[3], 0, True)
        self._add_pair(f[0], q[2], 1, True)
        self._add_pair(f[1], q[2], 0, False)
        self._add_pair(f[1], q[3], 1, False)
        bonds = (f * q[0:2]).sum().item()
        return -COUPLING * bonds / (4 * q[0].numel())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--sizes", default="256,1024")
    parser.add_argument("--sweeps", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--variants", default="roll,sublattice")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    print(f"torch_num_threads {torch.get_num_threads()}")
    beta = 1.0 / TEMPERATURE
    for size in (int(s) for s in args.sizes.split(",")):
        sweeps = args.sweeps or max(10, (40 * 1024 * 1024) // (size * size))
        for variant in args.variants.split(","):
            cls = RollCheckerboard if variant == "roll" else SublatticeCheckerboard
            sampler = cls(size, beta, torch.Generator().manual_seed(1))
            for _ in range(max(2, sweeps // 10)):
                sampler.sweep()
            rates = []
            for _ in range(args.runs):
                start = time.perf_counter()
                for _ in range(sweeps):
                    sampler.sweep()
                rates.append(size * size * sweeps / (time.perf_counter() - start) / 1e9)
            print(f"# {variant} L={size}: {sweeps} sweeps per run, energy per spin after the runs {sampler.energy_per_spin():.4f}")
            print(f"checkerboard_{variant}_l{size}_flips_per_ns {statistics.median(rates):.4f}")


if __name__ == "__main__":
    main()
