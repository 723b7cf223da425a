// The body of the checkerboard row update (see ising_checkerboard_kernel.h), included by the three files that
// compile it for an instruction set: ising_checkerboard_row_{baseline,avx2,avx512}.cpp. Each includes it after
// its `#pragma GCC target` and names the widening to use (NT_CHECKERBOARD_WIDEN_AVX512 or _AVX2). The macro
// cannot be the compiler's own __AVX512F__: in C++ the target pragma changes code generation but not the
// predefined macros. Everything here has internal linkage, so no copy compiled for a wide instruction set can
// stand in for a function another file calls.
//
// One block of 16 sites is one vector of each type below (one zmm register with AVX-512), written with GCC's
// vector extensions plus the intrinsics GCC 12 does not derive by itself: widening 16 bytes to 16 int32
// (__builtin_convertvector does it one element at a time, which costs a factor of ten), and for AVX2 the table
// look-up and the narrowing. Without AVX-512 a 16-lane int32 vector has no register of its own, and GCC keeps
// it in memory between operations: the AVX2 copy runs at about an eighth of the AVX-512 one (0.3 against 2.4
// flips per ns for one row of 128 sites on Zen 4), where two 8-lane halves written out would do better.
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

// The 16 lanes' generators and sums, carried from block to block in registers.
struct Lanes {
    u32x16 s0, s1, s2, s3;
    i32x16 bonds, total;
};

// limits[index[j]] for each lane: one permute with AVX-512 (vpermd on zmm); AVX2 permutes 8 lanes at a time, so it
// looks each half up in both halves of the table and picks by index >= 8 (GCC would otherwise go lane by lane).
inline __attribute__((always_inline)) void look_up(const u32x16& table, const i32x16& index, u32x16& limit) {
#if defined(NT_CHECKERBOARD_WIDEN_AVX2)
    __m256i table_lo, table_hi, index_lo, index_hi;
    std::memcpy(&table_lo, &table, sizeof table_lo);
    std::memcpy(&table_hi, reinterpret_cast<const char*>(&table) + sizeof table_lo, sizeof table_hi);
    std::memcpy(&index_lo, &index, sizeof index_lo);
    std::memcpy(&index_hi, reinterpret_cast<const char*>(&index) + sizeof index_lo, sizeof index_hi);
    const __m256i seven = _mm256_set1_epi32(7);
    auto half = [&](__m256i i) {
        return _mm256_blendv_epi8(_mm256_permutevar8x32_epi32(table_lo, i), _mm256_permutevar8x32_epi32(table_hi, i),
                                  _mm256_cmpgt_epi32(i, seven));
    };
    const __m256i lo = half(index_lo), hi = half(index_hi);
    std::memcpy(&limit, &lo, sizeof lo);
    std::memcpy(reinterpret_cast<char*>(&limit) + sizeof lo, &hi, sizeof hi);
#else
    limit = __builtin_shuffle(table, reinterpret_cast<const u32x16&>(index));
#endif
}

// The 16 new spins (±1 as int32) as bytes: one vpmovdb with AVX-512; AVX2 packs with signed saturation, which
// keeps ±1, and puts the 128-bit halves back in order.
inline __attribute__((always_inline)) i8x16 narrow(const i32x16& spins) {
#if defined(NT_CHECKERBOARD_WIDEN_AVX2)
    __m256i lo, hi;
    std::memcpy(&lo, &spins, sizeof lo);
    std::memcpy(&hi, reinterpret_cast<const char*>(&spins) + sizeof lo, sizeof hi);
    const __m256i words = _mm256_permute4x64_epi64(_mm256_packs_epi32(lo, hi), 0xD8);  // 16 x int16 in order
    const __m128i bytes = _mm_packs_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256(words, 1));
    return reinterpret_cast<i8x16>(bytes);
#else
    return __builtin_convertvector(spins, i8x16);
#endif
}

// One block of 16 sites: the next random word of every lane, the Metropolis test, the new spins into `store`
// (its first `count` bytes) and their contributions to the sums.
inline __attribute__((always_inline)) void update_block(Lanes& lanes, const u32x16& table, const int8_t* own,
                                                        const int8_t* up, const int8_t* down, const int8_t* left,
                                                        const int8_t* right, int8_t* store, size_t count) {
    // xoshiro128+ on 16 lanes; the top 31 bits of s0 + s3 are the random word (its low bits are weak).
    const u32x16 r = (lanes.s0 + lanes.s3) >> 1;
    const u32x16 t = lanes.s1 << 9;
    lanes.s2 ^= lanes.s0;
    lanes.s3 ^= lanes.s1;
    lanes.s1 ^= lanes.s2;
    lanes.s0 ^= lanes.s3;
    lanes.s2 ^= t;
    lanes.s3 = (lanes.s3 << 11) | (lanes.s3 >> 21);

    // Neighbour sums (-4..4) fit a byte: add as bytes, widen once. Limits are indexed by neighbour sum / 2 + 2,
    // plus 5 for spin +1; a flip is accepted where r < limit.
    i32x16 n, spin;
    widen(bytes(up) + bytes(down) + bytes(left) + bytes(right), n);
    widen(bytes(own), spin);
#if defined(NT_CHECKERBOARD_WIDEN_AVX512)
    // Compares into mask registers and masked moves: 5% faster here than the arithmetic below.
    const i32x16 index = ((n + 4) >> 1) + (spin > 0 ? i32x16{} + 5 : i32x16{});
    u32x16 limit;
    look_up(table, index, limit);
    const i32x16 flipped = r < limit ? -spin : spin;
#else
    // The same as arithmetic, because GCC takes a 16-lane `?:` apart lane by lane where the hardware has at most
    // 8 lanes. (spin + 1) / 2 is 1 for +1 and 0 for -1 and for a padding lane's 0. With r < 2^31 and
    // limit <= 2^31, r - limit lies in [-2^31, 2^31): its sign is the comparison, and the mask (-1 or 0) negates
    // by (spin ^ mask) - mask.
    const i32x16 index = ((n + 4) >> 1) + ((spin + 1) >> 1) * 5;
    u32x16 limit;
    look_up(table, index, limit);
    const i32x16 accept = reinterpret_cast<i32x16>(r - limit) >> 31;
    const i32x16 flipped = (spin ^ accept) - accept;
#endif
    const i8x16 out = narrow(flipped);
    lanes.bonds += flipped * n;
    lanes.total += flipped;
    std::memcpy(store, &out, count);
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

    // One permute per block instead of a gather or a chain of ten selects.
    u32x16 table{};
    for (int k = 0; k < 5; ++k) {
        table[k] = th.down[k];
        table[5 + k] = th.up[k];
    }
    Lanes lanes{};
    std::memcpy(&lanes.s0, rng + 0 * kLanes, sizeof lanes.s0);
    std::memcpy(&lanes.s1, rng + 1 * kLanes, sizeof lanes.s1);
    std::memcpy(&lanes.s2, rng + 2 * kLanes, sizeof lanes.s2);
    std::memcpy(&lanes.s3, rng + 3 * kLanes, sizeof lanes.s3);

    // Full blocks, then at most one partial block, so the loop carries no test for the end of the row.
    const int64_t full = H / kLanes * kLanes;
    for (int64_t k0 = 0; k0 < full; k0 += kLanes) {
        update_block(lanes, table, s + k0, up + k0, down + k0, ext + 1 + k0, shifted + k0, s + k0, kLanes);
    }
    if (full < H) {
        // Padding lanes get spin 0 and neighbour sum 0: they add nothing to either sum and are not stored.
        const size_t n = static_cast<size_t>(H - full);
        std::memset(pad, 0, 5 * kLanes);
        std::memcpy(pad, s + full, n);
        std::memcpy(pad + kLanes, up + full, n);
        std::memcpy(pad + 2 * kLanes, down + full, n);
        std::memcpy(pad + 3 * kLanes, ext + 1 + full, n);
        std::memcpy(pad + 4 * kLanes, shifted + full, n);
        update_block(lanes, table, pad, pad + kLanes, pad + 2 * kLanes, pad + 3 * kLanes, pad + 4 * kLanes, s + full, n);
    }
    std::memcpy(rng + 0 * kLanes, &lanes.s0, sizeof lanes.s0);
    std::memcpy(rng + 1 * kLanes, &lanes.s1, sizeof lanes.s1);
    std::memcpy(rng + 2 * kLanes, &lanes.s2, sizeof lanes.s2);
    std::memcpy(rng + 3 * kLanes, &lanes.s3, sizeof lanes.s3);
    int64_t bond_sum = 0, spin_sum = 0;
    for (int j = 0; j < kLanes; ++j) {
        bond_sum += lanes.bonds[j];
        spin_sum += lanes.total[j];
    }
    return {bond_sum, spin_sum};
}

}  // namespace
}  // namespace nt::checkerboard
