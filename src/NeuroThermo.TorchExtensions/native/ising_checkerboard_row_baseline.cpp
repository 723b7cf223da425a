// The checkerboard row update for any processor the compiler targets by default (SSE2 on x86-64): the fallback
// where neither AVX2 nor AVX-512 is present, and the only copy on other architectures.
#include "ising_checkerboard_row.h"

namespace nt::checkerboard {

RowSums update_row_baseline(int8_t* s, const int8_t* up, const int8_t* down, const int8_t* side, int shift,
                            int64_t H, uint32_t* rng, const Thresholds& thresholds, int8_t* scratch) {
    return update_row_body(s, up, down, side, shift, H, rng, thresholds, scratch);
}

}  // namespace nt::checkerboard
