// Checkerboard Metropolis for the periodic square-lattice Ising model, in place on int8 spins.
//
// Layout (shared with the C# tensor backend, src/NeuroThermo/Sampling/Native): spins (C, 4, H, H) int8
// ±1 with H = L/2. Quarter q holds the sites of colour q/2 ((row + column) % 2) on rows of parity q%2,
// so quarter q, row i, column k is the site (2i + q%2, 2k + ((q%2) ^ (q/2))). Every neighbour of a
// site is then in one of the two quarters of the other colour, in the same or an adjacent row and
// the same or an adjacent column: a half-sweep reads whole rows with unit stride and nothing of the
// colour it does not update.
//
// Random numbers: one xoshiro128+ generator of 16 lanes per lattice row and chain, state (C, L, 4, 16)
// uint32 (stored in an int32 tensor). A row owns its generator, so the result does not depend on how
// rows are shared among threads, and the state is an ordinary tensor the caller can save. Only the
// top 31 bits of each output are used (the lowest bits of xoshiro128+ are its weak ones).
// Acceptance: r >> 1 < threshold[spin][neighbour sum], thresholds = p * 2^31 with p = min(1, exp(-beta dE)),
// or 1/2 for dE = 0 (SquareIsingCheckerboard.ZeroChangeAcceptance says why),
// precomputed by the caller, so no exp and no floating point runs per flip. The row update itself is in
// ising_checkerboard_kernel.cpp.
#include "common.h"
#include "ising_checkerboard_kernel.h"

#include <ATen/Parallel.h>

#include <array>
#include <cstring>
#include <vector>

namespace {

using nt::checkerboard::kLanes;
using nt::checkerboard::kWords;
using nt::checkerboard::RowSums;
using nt::checkerboard::Thresholds;

// splitmix64: spreads one seed into well-mixed, distinct generator states.
inline uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void check_state(const at::Tensor& spins, const at::Tensor& rng) {
    TORCH_CHECK(spins.device().is_cpu() && rng.device().is_cpu(), "the native checkerboard kernel runs on CPU tensors only");
    TORCH_CHECK(spins.scalar_type() == at::kChar && spins.dim() == 4 && spins.size(1) == 4 &&
                    spins.size(2) == spins.size(3) && spins.size(2) >= 1 && spins.is_contiguous(),
                "spins must be a contiguous int8 tensor of shape (chains, 4, L/2, L/2), got ", spins.sizes(), " ",
                spins.scalar_type());
    TORCH_CHECK(rng.scalar_type() == at::kInt && rng.dim() == 4 && rng.size(0) == spins.size(0) &&
                    rng.size(1) == 2 * spins.size(2) && rng.size(2) == kWords && rng.size(3) == kLanes &&
                    rng.is_contiguous(),
                "generator state must be a contiguous int32 tensor of shape (chains, L, 4, 16), got ", rng.sizes(), " ",
                rng.scalar_type());
}

}  // namespace

NT_API int nt_ising_checkerboard_seed(nt_tensor rng, uint64_t seed) {
    return nt::guard([&] {
        auto r = nt::tensor(rng);
        TORCH_CHECK(r.scalar_type() == at::kInt && r.is_contiguous() && r.device().is_cpu() && r.numel() % (kWords * kLanes) == 0,
                    "generator state must be a contiguous CPU int32 tensor holding whole 4 x 16 blocks");
        auto* words = reinterpret_cast<uint32_t*>(r.data_ptr<int32_t>());
        uint64_t x = seed;
        for (int64_t b = 0; b < r.numel() / (kWords * kLanes); ++b) {
            uint32_t* block = words + b * kWords * kLanes;
            for (int lane = 0; lane < kLanes; ++lane) {
                // A lane whose four words were all zero would emit zeros forever; splitmix64 makes that
                // a 2^-128 event, but it costs nothing to rule out.
                uint32_t any = 0;
                for (int w = 0; w < kWords; w += 2) {
                    const uint64_t z = splitmix64(x);
                    block[w * kLanes + lane] = static_cast<uint32_t>(z);
                    block[(w + 1) * kLanes + lane] = static_cast<uint32_t>(z >> 32);
                    any |= static_cast<uint32_t>(z) | static_cast<uint32_t>(z >> 32);
                }
                if (any == 0) block[lane] = 1;
            }
        }
    });
}

NT_API int nt_ising_checkerboard_sweeps(nt_tensor spins, nt_tensor rng, const uint32_t* thresholds, int64_t sweeps,
                                        int64_t* bond_sums, int64_t* spin_sums) {
    return nt::guard([&] {
        auto s = nt::tensor(spins);
        auto r = nt::tensor(rng);
        check_state(s, r);
        TORCH_CHECK(thresholds != nullptr, "null threshold table");
        TORCH_CHECK(sweeps >= 0, "sweep count must be non-negative, got ", sweeps);
        Thresholds th;
        std::memcpy(th.up, thresholds + 5, sizeof th.up);
        std::memcpy(th.down, thresholds, sizeof th.down);

        const int64_t chains = s.size(0), H = s.size(2), L = 2 * H;
        int8_t* base = s.data_ptr<int8_t>();
        auto* words = reinterpret_cast<uint32_t*>(r.data_ptr<int32_t>());
        const int64_t quarter = H * H;
        // Per (chain, row) sums of the half-sweep just done; exact integers, so the chain totals do not
        // depend on the order threads finish in.
        std::vector<RowSums> rows(static_cast<size_t>(chains * L));

        for (int64_t sweep = 0; sweep < sweeps; ++sweep) {
            std::vector<int64_t> colour0_spins(static_cast<size_t>(chains), 0);
            for (int colour = 0; colour < 2; ++colour) {
                // Work item = (chain, lattice row r); r = 2i + parity picks quarter 2*colour + parity, row i.
                const int64_t grain = std::max<int64_t>(1, 16384 / std::max<int64_t>(H, 1));
                at::parallel_for(0, chains * L, grain, [&](int64_t begin, int64_t end) {
                    std::vector<int8_t> scratch(static_cast<size_t>(H + 2 + 5 * kLanes));
                    for (int64_t item = begin; item < end; ++item) {
                        const int64_t c = item / L, row = item % L, parity = row % 2, i = row / 2;
                        int8_t* chain = base + c * 4 * quarter;
                        int8_t* own = chain + (2 * colour + parity) * quarter;
                        // The other colour's quarter on the same row parity holds the side neighbours;
                        // the one on the opposite parity holds the rows above and below.
                        const int8_t* side = chain + (2 * (1 - colour) + parity) * quarter;
                        const int8_t* across = chain + (2 * (1 - colour) + (1 - parity)) * quarter;
                        // Even rows sit between odd rows i-1 and i, odd rows between even rows i and i+1.
                        const int64_t above = parity == 0 ? (i + H - 1) % H : i;
                        const int64_t below = parity == 0 ? i : (i + 1) % H;
                        // Columns of colour 0 on even rows, and of colour 1 on odd rows, lie one to the left of
                        // the other colour's same-k column; the side neighbours are then k and k-1, else k and k+1.
                        const int shift = (parity ^ colour) == 0 ? -1 : 1;
                        rows[static_cast<size_t>(item)] =
                            nt::checkerboard::update_row(own + i * H, across + above * H, across + below * H, side + i * H, shift, H,
                                       words + (c * L + row) * kWords * kLanes, th, scratch.data());
                    }
                });
                for (int64_t c = 0; c < chains; ++c) {
                    int64_t bonds = 0, total = 0;
                    for (int64_t row = 0; row < L; ++row) {
                        bonds += rows[static_cast<size_t>(c * L + row)].bonds;
                        total += rows[static_cast<size_t>(c * L + row)].spins;
                    }
                    if (colour == 0) {
                        colour0_spins[static_cast<size_t>(c)] = total;
                    } else {
                        // Every bond has exactly one colour-1 end, and colour 0 does not move during this
                        // half-sweep, so the colour-1 sums see the final configuration of the sweep.
                        if (bond_sums) bond_sums[sweep * chains + c] = bonds;
                        if (spin_sums) spin_sums[sweep * chains + c] = total + colour0_spins[static_cast<size_t>(c)];
                    }
                }
            }
        }
    });
}
