// Checkerboard Metropolis for the periodic square-lattice Ising model, in place on int8 spins: the driver
// behind NeuroThermo.TorchExtensions.Native.IsingCheckerboardKernel, which checks every tensor (type, shape,
// contiguity, device) and passes its data pointer. Nothing here knows a tensor.
//
// Layout: spins (C, 4, H, H) int8 ±1 with H = L/2. Quarter q holds the sites of colour q/2 ((row + column) % 2)
// on rows of parity q%2, so quarter q, row i, column k is the site (2i + q%2, 2k + ((q%2) ^ (q/2))). Every
// neighbour of a site is then in one of the two quarters of the other colour, in the same or an adjacent row
// and the same or an adjacent column: a half-sweep reads whole rows with unit stride and nothing of the colour
// it does not update.
//
// Random numbers: one xoshiro128+ generator of 16 lanes per lattice row and chain, state (C, L, 4, 16) uint32
// (an int32 tensor). A row owns its generator, so the result does not depend on how rows are shared among
// threads, and the state is an ordinary tensor the caller can save. Only the top 31 bits of each output are
// used (the lowest bits of xoshiro128+ are its weak ones). Acceptance: r >> 1 < threshold[spin][neighbour sum],
// limits precomputed by the caller, so no exp and no floating point runs per flip.
//
// This is the driver of the old binding's shim (src/NeuroThermo.Native/src/ising_checkerboard.cpp) with
// at::parallel_for replaced by a team of threads (ising_checkerboard_team.h) that splits the rows the same
// way; the row update and the generator streams are unchanged, so both give the same spins bit for bit.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <new>
#include <vector>

#include "ising_checkerboard_kernel.h"
#include "ising_checkerboard_team.h"

namespace nt::checkerboard {
namespace {

constexpr int kOk = 0;
constexpr int kInvalidArgument = 1;
constexpr int kFailed = 2;

void copy_message(const char* text, char* message, int64_t capacity) {
    if (message == nullptr || capacity <= 0) return;
    std::strncpy(message, text, static_cast<size_t>(capacity - 1));
    message[capacity - 1] = '\0';
}

// splitmix64: spreads one seed into well-mixed, distinct generator states.
inline uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// The arguments of one call, as the team sees them.
struct Lattice {
    int8_t* spins;
    uint32_t* rng;
    int64_t chains, H, L;
};

// Updates the row of work item `item` = (chain, lattice row r), for `colour`; r = 2i + parity picks quarter
// 2 * colour + parity, row i.
RowSums update_item(const Lattice& lattice, int64_t item, int colour, RowUpdate update, const Thresholds& th,
                    int8_t* scratch) {
    const int64_t H = lattice.H, L = lattice.L, quarter = H * H;
    const int64_t c = item / L, row = item % L, parity = row % 2, i = row / 2;
    int8_t* chain = lattice.spins + c * 4 * quarter;
    int8_t* own = chain + (2 * colour + parity) * quarter;
    // The other colour's quarter on the same row parity holds the side neighbours; the one on the opposite
    // parity holds the rows above and below.
    const int8_t* side = chain + (2 * (1 - colour) + parity) * quarter;
    const int8_t* across = chain + (2 * (1 - colour) + (1 - parity)) * quarter;
    // Even rows sit between odd rows i-1 and i, odd rows between even rows i and i+1.
    const int64_t above = parity == 0 ? (i + H - 1) % H : i;
    const int64_t below = parity == 0 ? i : (i + 1) % H;
    // Columns of colour 0 on even rows, and of colour 1 on odd rows, lie one to the left of the other colour's
    // same-k column; the side neighbours are then k and k-1, else k and k+1.
    const int shift = (parity ^ colour) == 0 ? -1 : 1;
    return update(own + i * H, across + above * H, across + below * H, side + i * H, shift, H,
                  lattice.rng + (c * L + row) * kWords * kLanes, th, scratch);
}

// Splits the items [0, n) as at::parallel_for does with libtorch's OpenMP backend: at most `threads` parts,
// none shorter than `grain` items unless there is only one, in contiguous chunks of ceil(n / parts).
struct Split {
    int workers;
    int64_t chunk;
};

Split split(int64_t n, int64_t grain, int threads) {
    const int64_t parts = std::min<int64_t>(threads, std::max<int64_t>(1, (n + grain - 1) / grain));
    const int64_t chunk = (n + parts - 1) / parts;
    return {static_cast<int>((n + chunk - 1) / chunk), chunk};
}

void sweep_all(const Lattice& lattice, const Thresholds& th, RowUpdate update, int64_t sweeps, int64_t* bond_sums,
               int64_t* spin_sums, int threads, int64_t min_sites_per_thread) {
    const int64_t chains = lattice.chains, L = lattice.L, H = lattice.H, items = chains * L;
    // A work item is one row of H sites; fewer than `min_sites_per_thread` per thread is not worth a thread.
    const Split parts = split(items, std::max<int64_t>(1, min_sites_per_thread / H), threads);

    // Per (chain, row) sums of the half-sweep just done, and the colour-0 spin total of each chain: exact
    // integers, so the chain totals do not depend on which thread did which row.
    std::vector<RowSums> rows(static_cast<size_t>(items));
    std::vector<int64_t> colour0_spins(static_cast<size_t>(chains), 0);
    // Each worker's scratch row, rounded up to a cache line so that two workers never write one line.
    const size_t scratch_bytes = (static_cast<size_t>(H + 2 + 5 * kLanes) + 63) / 64 * 64;
    std::vector<int8_t> scratch(scratch_bytes * static_cast<size_t>(parts.workers));

    Barrier barrier(parts.workers);
    int64_t current_sweep = 0;
    auto chain_totals = [&](int64_t c, int64_t& bonds, int64_t& total) {
        bonds = 0, total = 0;
        for (int64_t row = 0; row < L; ++row) {
            bonds += rows[static_cast<size_t>(c * L + row)].bonds;
            total += rows[static_cast<size_t>(c * L + row)].spins;
        }
    };
    auto after_colour0 = [&] {
        for (int64_t c = 0; c < chains; ++c) {
            int64_t bonds, total;
            chain_totals(c, bonds, total);
            colour0_spins[static_cast<size_t>(c)] = total;
        }
    };
    auto after_colour1 = [&] {
        for (int64_t c = 0; c < chains; ++c) {
            int64_t bonds, total;
            chain_totals(c, bonds, total);
            // Every bond has exactly one colour-1 end, and colour 0 does not move during this half-sweep, so
            // the colour-1 sums see the final configuration of the sweep.
            const int64_t at = current_sweep * chains + c;
            if (bond_sums) bond_sums[at] = bonds;
            if (spin_sums) spin_sums[at] = total + colour0_spins[static_cast<size_t>(c)];
        }
        ++current_sweep;
    };

    run_team(parts.workers, [&](int worker) {
        const int64_t begin = worker * parts.chunk, end = std::min(items, begin + parts.chunk);
        int8_t* own_scratch = scratch.data() + static_cast<size_t>(worker) * scratch_bytes;
        for (int64_t sweep = 0; sweep < sweeps; ++sweep) {
            for (int colour = 0; colour < 2; ++colour) {
                for (int64_t item = begin; item < end; ++item) {
                    rows[static_cast<size_t>(item)] = update_item(lattice, item, colour, update, th, own_scratch);
                }
                if (colour == 0) {
                    barrier.arrive_and_wait(after_colour0);
                } else {
                    barrier.arrive_and_wait(after_colour1);
                }
            }
        }
    });
}

}  // namespace

bool supports(InstructionSet set) {
#if defined(__x86_64__)
    // libgcc fills the processor model from a constructor; asking again here does not depend on load order.
    __builtin_cpu_init();
#endif
    switch (set) {
        case InstructionSet::kBaseline:
            return true;
#if defined(__x86_64__)
        case InstructionSet::kAvx2:
            return __builtin_cpu_supports("avx2");
        case InstructionSet::kAvx512:
            return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                   __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx2");
#endif
        default:
            return false;
    }
}

RowUpdate row_update(InstructionSet set) {
    switch (set) {
        case InstructionSet::kBaseline:
            return update_row_baseline;
#if defined(__x86_64__)
        case InstructionSet::kAvx2:
            return update_row_avx2;
        case InstructionSet::kAvx512:
            return update_row_avx512;
#endif
        default:
            return nullptr;
    }
}

}  // namespace nt::checkerboard

using nt::checkerboard::InstructionSet;

extern "C" {

// 1 when this processor can run the row update compiled for `instruction_set` (InstructionSet), else 0.
int nt_ising_checkerboard_supports(int32_t instruction_set) {
    return nt::checkerboard::supports(static_cast<InstructionSet>(instruction_set)) ? 1 : 0;
}

// Fills `blocks` generator blocks of 4 x 16 words from one splitmix64 stream started at `seed`, block after
// block in memory order.
void nt_ising_checkerboard_seed(uint32_t* words, int64_t blocks, uint64_t seed) {
    using nt::checkerboard::kLanes;
    using nt::checkerboard::kWords;
    uint64_t x = seed;
    for (int64_t b = 0; b < blocks; ++b) {
        uint32_t* block = words + b * kWords * kLanes;
        for (int lane = 0; lane < kLanes; ++lane) {
            // A lane whose four words were all zero would emit zeros forever; splitmix64 makes that a 2^-128
            // event, but it costs nothing to rule out.
            uint32_t any = 0;
            for (int w = 0; w < kWords; w += 2) {
                const uint64_t z = nt::checkerboard::splitmix64(x);
                block[w * kLanes + lane] = static_cast<uint32_t>(z);
                block[(w + 1) * kLanes + lane] = static_cast<uint32_t>(z >> 32);
                any |= static_cast<uint32_t>(z) | static_cast<uint32_t>(z >> 32);
            }
            if (any == 0) block[lane] = 1;
        }
    }
}

// Runs `sweeps` sweeps in place on spins (chains, 4, half, half) and rng (chains, 2 * half, 4, 16). `thresholds`
// holds 10 limits, spin -1 then +1, neighbour sums -4 … 4. `bond_sums` and `spin_sums` (each null, or room for
// sweeps x chains values) receive per sweep and chain the sum over bonds of s_i s_j and the sum of the spins.
// Returns 0, or a non-zero status with a message: the caller validates, so a message here is a bug there,
// or a thread or allocation the system refused.
int nt_ising_checkerboard_sweeps(int8_t* spins, uint32_t* rng, int64_t chains, int64_t half, const uint32_t* thresholds,
                                 int64_t sweeps, int64_t* bond_sums, int64_t* spin_sums, int32_t threads,
                                 int64_t min_sites_per_thread, int32_t instruction_set, char* message,
                                 int64_t capacity) {
    using namespace nt::checkerboard;
    if (spins == nullptr || rng == nullptr || thresholds == nullptr || chains < 1 || half < 1 || sweeps < 0 ||
        threads < 1 || min_sites_per_thread < 1) {
        copy_message("invalid argument to nt_ising_checkerboard_sweeps", message, capacity);
        return kInvalidArgument;
    }
    const auto set = static_cast<InstructionSet>(instruction_set);
    const RowUpdate update = row_update(set);
    if (update == nullptr || !supports(set)) {
        copy_message("this processor cannot run the requested instruction set", message, capacity);
        return kInvalidArgument;
    }
    Thresholds th;
    std::memcpy(th.down, thresholds, sizeof th.down);
    std::memcpy(th.up, thresholds + 5, sizeof th.up);
    try {
        sweep_all({spins, rng, chains, half, 2 * half}, th, update, sweeps, bond_sums, spin_sums, threads,
                  min_sites_per_thread);
        return kOk;
    } catch (const std::exception& error) {
        copy_message(error.what(), message, capacity);
        return kFailed;
    }
}

}  // extern "C"
