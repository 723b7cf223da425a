// The checkerboard row update compiled for AVX-512 (F, BW, VL: every AVX-512 processor since Skylake-SP and
// Zen 4 has these three). The driver calls it only where the processor reports them.
#if defined(__x86_64__)
#include <cstring>
#include <immintrin.h>

#include "ising_checkerboard_kernel.h"

#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512vl,avx2,fma,bmi,bmi2")
#define NT_CHECKERBOARD_WIDEN_AVX512
#include "ising_checkerboard_row.h"

namespace nt::checkerboard {

RowSums update_row_avx512(int8_t* s, const int8_t* up, const int8_t* down, const int8_t* side, int shift,
                          int64_t H, uint32_t* rng, const Thresholds& thresholds, int8_t* scratch) {
    return update_row_body(s, up, down, side, shift, H, rng, thresholds, scratch);
}

}  // namespace nt::checkerboard
#pragma GCC pop_options
#endif
