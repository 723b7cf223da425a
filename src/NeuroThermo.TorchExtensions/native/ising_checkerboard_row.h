// The body of the checkerboard row update (see ising_checkerboard_kernel.h), included by the three files that
// compile it for an instruction set: ising_checkerboard_row_{baseline,avx2,avx512}.cpp. Each includes it after
// its `#pragma GCC target` and names the widening to use (NT_CHECKERBOARD_WIDEN_AVX512 or _AVX2). The macro
// cannot be the compiler's own __AVX512F__: in C++ the target pragma changes code generation but not the
// predefined macros. Everything here has internal linkage, so no copy compiled for a wide instruction set can
// stand in for a function another file calls.
//
// One block of 16 sites is one vector of each type below (one zmm register with AVX-512, two ymm with AVX2),
// written with GCC's vector extensions plus the one intrinsic GCC 12 does not derive by itself: widening 16
// bytes to 16 int32 (__builtin_convertvector does it one element at a time, which costs a factor of ten).
#pragma once
#include <cstring>

#include "ising_checkerboard_kernel.h"

#if defined(NT_CHECKERBOARD_WIDEN_AVX512) || defined(NT_CHECKERBOARD_WIDEN_AVX2)
#include <immintrin.h>
#endif

namespace nt::checkerboard {
namespace {

typedef uint32_t u32x16 __attribute__((vector_size(64)));
typedef int32_t i32x16 __attribute__((vector_size(64)));
typedef int8_t i8x16 __attribute__((vector_size(16)));
typedef int8_t i8x16u __attribute__((vector_size(16), aligned(1), may_alias));
static_assert(kLanes == 16, "the vector types hold one block of 16 lanes");

inline i8x16 bytes(const int8_t* p) { return *reinterpret_cast<const i8x16u*>(p); }

// The result is written through a reference: a 64-byte vector returned by value has a different calling
// convention with and without AVX-512, which GCC warns about (-Wpsabi) in the files compiled without it.
inline __attribute__((always_inline)) void widen(i8x16 v, i32x16& out) {
#if defined(NT_CHECKERBOARD_WIDEN_AVX512)
    // The zero-masked form: the plain one starts from an "undefined" register, which GCC 12 warns about.
    out = reinterpret_cast<i32x16>(_mm512_maskz_cvtepi8_epi32(0xFFFF, reinterpret_cast<__m128i>(v)));
#elif defined(NT_CHECKERBOARD_WIDEN_AVX2)
    const __m128i x = reinterpret_cast<__m128i>(v);
    const __m256i lo = _mm256_cvtepi8_epi32(x), hi = _mm256_cvtepi8_epi32(_mm_srli_si128(x, 8));
    std::memcpy(&out, &lo, sizeof lo);
    std::memcpy(reinterpret_cast<char*>(&out) + sizeof lo, &hi, sizeof hi);
#else
    out = __builtin_convertvector(v, i32x16);
#endif
}

RowSums update_row_body(int8_t* __restrict s, const int8_t* __restrict up, const int8_t* __restrict down,
                        const int8_t* __restrict side, int shift, int64_t H, uint32_t* __restrict rng,
                        const Thresholds& th, int8_t* __restrict scratch) {
    // scratch: `side` with its periodic neighbours at both ends (H + 2 bytes), then 5 x 16 bytes where a last
    // partial block copies its inputs, so the vector code never reads or writes past a row.
    int8_t* ext = scratch;
    ext[0] = side[H - 1];
    std::memcpy(ext + 1, side, static_cast<size_t>(H));
    ext[H + 1] = side[0];
    const int8_t* shifted = ext + 1 + shift;
    int8_t* pad = scratch + H + 2;

    // Limits indexed by neighbour sum / 2 + 2, plus 5 for spin +1: one permute per block instead of a gather
    // or a chain of ten selects.
    u32x16 table{};
    for (int k = 0; k < 5; ++k) {
        table[k] = th.down[k];
        table[5 + k] = th.up[k];
    }
    u32x16 s0, s1, s2, s3;
    std::memcpy(&s0, rng + 0 * kLanes, sizeof s0);
    std::memcpy(&s1, rng + 1 * kLanes, sizeof s1);
    std::memcpy(&s2, rng + 2 * kLanes, sizeof s2);
    std::memcpy(&s3, rng + 3 * kLanes, sizeof s3);

    i32x16 bonds{}, total{};
    for (int64_t k0 = 0; k0 < H; k0 += kLanes) {
        // xoshiro128+ on 16 lanes; the top 31 bits of s0 + s3 are the random word (its low bits are weak).
        const u32x16 r = (s0 + s3) >> 1;
        const u32x16 t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >> 21);

        const bool full = k0 + kLanes <= H;
        const int8_t *own = s + k0, *u = up + k0, *d = down + k0, *a = ext + 1 + k0, *b = shifted + k0;
        if (!full) {
            // Padding lanes get spin 0 and neighbour sum 0: they add nothing to either sum and are not stored.
            const size_t n = static_cast<size_t>(H - k0);
            std::memset(pad, 0, 5 * kLanes);
            std::memcpy(pad, own, n);
            std::memcpy(pad + kLanes, u, n);
            std::memcpy(pad + 2 * kLanes, d, n);
            std::memcpy(pad + 3 * kLanes, a, n);
            std::memcpy(pad + 4 * kLanes, b, n);
            own = pad, u = pad + kLanes, d = pad + 2 * kLanes, a = pad + 3 * kLanes, b = pad + 4 * kLanes;
        }
        // Neighbour sums (-4..4) fit a byte: add as bytes, widen once.
        i32x16 n, spin;
        widen(bytes(u) + bytes(d) + bytes(a) + bytes(b), n);
        widen(bytes(own), spin);
        const i32x16 index = ((n + 4) >> 1) + (spin > 0 ? i32x16{} + 5 : i32x16{});
        const u32x16 limit = __builtin_shuffle(table, reinterpret_cast<u32x16>(index));
        const i32x16 flipped = r < limit ? -spin : spin;
        const i8x16 out = __builtin_convertvector(flipped, i8x16);
        bonds += flipped * n;
        total += flipped;
        std::memcpy(s + k0, &out, full ? sizeof out : static_cast<size_t>(H - k0));
    }
    std::memcpy(rng + 0 * kLanes, &s0, sizeof s0);
    std::memcpy(rng + 1 * kLanes, &s1, sizeof s1);
    std::memcpy(rng + 2 * kLanes, &s2, sizeof s2);
    std::memcpy(rng + 3 * kLanes, &s3, sizeof s3);
    int64_t bond_sum = 0, spin_sum = 0;
    for (int j = 0; j < kLanes; ++j) {
        bond_sum += bonds[j];
        spin_sum += total[j];
    }
    return {bond_sum, spin_sum};
}

}  // namespace
}  // namespace nt::checkerboard
