// The row kernel of the checkerboard Metropolis sampler (ising_checkerboard_kernel.cpp). It is a separate
// translation unit, without libtorch headers, so that CMake can compile it for the build machine's own
// vector instructions (-march=native); its interface passes only pointers and scalars, so the two units
// agree on the calling convention whatever each was compiled for.
#pragma once
#include <cstdint>

namespace nt::checkerboard {

constexpr int kLanes = 16;  // xoshiro128+ lanes per row generator = sites per vector block
constexpr int kWords = 4;   // state words per lane

struct Thresholds {
    uint32_t down[5];  // spin -1, neighbour sum -4, -2, 0, 2, 4: limits on a 31-bit random word
    uint32_t up[5];    // spin +1
};

struct RowSums {
    int64_t bonds;  // sum over the row's updated sites of s_new * (neighbour sum)
    int64_t spins;  // sum of the row's spins after the update
};

// Updates the H sites of row `s` in place. `up`/`down` are the other colour's rows above and below (same k),
// `side` the other colour's same row, read at k and k + shift (shift = ±1, periodic). `rng` is the row's
// generator, kWords x kLanes words, advanced by ceil(H / 16) steps. `scratch` holds H + 2 + 5 * kLanes bytes.
RowSums update_row(int8_t* s, const int8_t* up, const int8_t* down, const int8_t* side, int shift, int64_t H,
                   uint32_t* rng, const Thresholds& thresholds, int8_t* scratch);

}  // namespace nt::checkerboard
