// The first element of a float array that is NaN or ±∞ (its exponent bits all set), as
// src/backend/js/elementwise.ts's firstNonFinite: blocks of 1024 are tested with a branch-free
// OR over their exponent tests, which the compiler vectorises, and only a block that holds one
// is scanned element by element (one thread; the input check of every recurrent forward).

#include <string.h>
#include "ops.h"

namespace RK_NS {

int64_t first_non_finite(const float* x, size_t n) {
  const size_t block = 1024;
  for (size_t b0 = 0; b0 < n; b0 += block) {
    const size_t len = n - b0 < block ? n - b0 : block;
    const float* p = x + b0;
    uint32_t any = 0;
    for (size_t i = 0; i < len; i++) {
      uint32_t u;
      memcpy(&u, p + i, 4);
      any |= (u & 0x7f800000u) == 0x7f800000u;
    }
    if (!any) continue;
    for (size_t i = 0; i < len; i++) {
      uint32_t u;
      memcpy(&u, p + i, 4);
      if ((u & 0x7f800000u) == 0x7f800000u) return (int64_t)(b0 + i);
    }
  }
  return -1;
}

}  // namespace RK_NS
