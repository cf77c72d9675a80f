// Work sharing inside one kernel call (RK_NS, internal linkage): each thread takes its share of
// a range with `part` and the threads meet with `barrier`, as assembly/sync.ts does for wasm.
#ifndef RECURRENT_NATIVE_SYNC_H
#define RECURRENT_NATIVE_SYNC_H

#include <stdint.h>
#include "isa.h"
#include "kernels.h"

namespace RK_NS {

static inline void barrier(const RkSync& s) {
  if (s.nt > 1) s.barrier(s.team);
}

/** Start of share `tid` of `n` items split over `nt` threads in multiples of `q` (tid = nt gives n). */
static inline int part(int n, int tid, int nt, int q) {
  const int64_t units = (n + q - 1) / q;
  const int64_t start = (units * tid) / nt * q;
  return start < n ? (int)start : n;
}

static inline int imin(int a, int b) { return a < b ? a : b; }
static inline int imax(int a, int b) { return a > b ? a : b; }

}  // namespace RK_NS

#endif
