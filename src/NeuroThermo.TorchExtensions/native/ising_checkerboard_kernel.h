// The row update of the checkerboard Metropolis sampler, and the instruction sets it is built for.
//
// The row code (ising_checkerboard_row.h) is written for vectors of 16 lanes. It is compiled three times, each
// copy in its own file under a `#pragma GCC target`: for AVX-512, for AVX2, and for the baseline x86-64 (or any
// other processor). The driver (ising_checkerboard.cpp) picks the widest one the running processor has. One
// binary then runs on every x86-64 processor and uses AVX-512 where there is one, which -march=native cannot
// give a library that is built once and shipped in a package (its code would fault on a processor without the
// build machine's instructions). The AVX-512 copy is as fast as the same file built with -march=native on the
// Zen 4 machines here (measured: within a few per cent either way). The interface passes only pointers and scalars, so the copies
// agree on the calling convention whatever each was compiled for, and all three compute the same integers.
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
using RowUpdate = RowSums (*)(int8_t* s, const int8_t* up, const int8_t* down, const int8_t* side, int shift,
                              int64_t H, uint32_t* rng, const Thresholds& thresholds, int8_t* scratch);

// The instruction sets a copy of the row update is compiled for; the values are part of the C ABI.
enum class InstructionSet : int32_t { kBaseline = 0, kAvx2 = 1, kAvx512 = 2 };

RowSums update_row_baseline(int8_t* s, const int8_t* up, const int8_t* down, const int8_t* side, int shift,
                            int64_t H, uint32_t* rng, const Thresholds& thresholds, int8_t* scratch);
#if defined(__x86_64__)
RowSums update_row_avx2(int8_t* s, const int8_t* up, const int8_t* down, const int8_t* side, int shift, int64_t H,
                        uint32_t* rng, const Thresholds& thresholds, int8_t* scratch);
RowSums update_row_avx512(int8_t* s, const int8_t* up, const int8_t* down, const int8_t* side, int shift,
                          int64_t H, uint32_t* rng, const Thresholds& thresholds, int8_t* scratch);
#endif

// Whether this processor can run the copy for `set`.
bool supports(InstructionSet set);

// The copy for `set`, or null when `set` is not one of the three.
RowUpdate row_update(InstructionSet set);

}  // namespace nt::checkerboard
