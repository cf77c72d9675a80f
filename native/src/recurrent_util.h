// Helpers shared by the fused recurrent kernels of one build (inside RK_NS, internal linkage):
// scratch alignment, panel counts, the active-step test, and the sums and GEMM records of BPTT.
#ifndef RECURRENT_NATIVE_RECURRENT_UTIL_H
#define RECURRENT_NATIVE_RECURRENT_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "gemm.h"
#include "simd.h"
#include "sync.h"

namespace RK_NS {

/** Floats rounded up to 64 bytes, so each scratch array starts aligned. */
static inline size_t al(size_t n) { return (n + 15) & ~(size_t)15; }

static inline int panels(int n) { return (n + NR - 1) / NR; }

/**
 * Sequences [*r0, *r1) of thread tid of nt sharing a batch of B by rows: shares as even as whole
 * rows allow, not whole micro-kernel tiles (each element of a product's C is the same chain of
 * multiply-adds in a full tile and an edge one, gemm.cc), so B = 32 on the 6-row AVX2 tiles splits
 * 16 + 16 rather than 18 + 14, with no more tiles per thread. Every share holds at least one tile:
 * threads past B / MR get none.
 */
static inline void row_share(int B, int tid, int nt, int* r0, int* r1) {
  const int use = B / MR < nt ? (B / MR > 1 ? B / MR : 1) : nt;
  *r0 = tid < use ? (int)((int64_t)B * tid / use) : B;
  *r1 = tid < use ? (int)((int64_t)B * (tid + 1) / use) : B;
}

static inline bool active(const int32_t* lengths, int b, int t) { return !lengths || t < lengths[b]; }

/**
 * out[c] = Σ dh[b, j]² (in double) over the sequences b active at step t and the units j of
 * chunk c ([c·NR, c·NR + NR) ∩ [0, H)), for the chunks of units [u0, u1). A thread's units are
 * whole chunks, so each chunk's sum is formed the same way for every thread count.
 */
static inline void chunk_squares(const float* dh, int B, int H, const int32_t* lengths, int t, int u0, int u1, double* out) {
  for (int c0 = u0; c0 < u1; c0 += NR) {
    const int c1 = imin(c0 + NR, u1);
    vd acc = vd{};
    for (int b = 0; b < B; b++) {
      if (!active(lengths, b, t)) continue;
      for (int j = c0; j < c1; j += RK_VF) acc = vadd_squares(acc, vload_n(dh + (size_t)b * H + j, imin(RK_VF, c1 - j)));
    }
    out[c0 / NR] = vsum(acc);
  }
}

/** out[t] = Σ src[t, :]² (in double) for the steps t in [t0, t1) of src [T, n]. */
static inline void row_squares(const float* src, size_t n, int t0, int t1, double* out) {
  for (int t = t0; t < t1; t++) {
    const float* row = src + (size_t)t * n;
    vd acc = vd{};
    for (size_t i = 0; i < n; i += RK_VF) acc = vadd_squares(acc, vload_n(row + i, (int)(n - i < (size_t)RK_VF ? n - i : RK_VF)));
    out[t] = vsum(acc);
  }
}

/**
 * out[c0..c1) = Σ over the rows of src [rows, cols] (columns c0..c1 only, rows in order), a strip
 * of up to 8 vectors of columns at a time so each row is read as one contiguous run.
 */
static inline void column_sums(const float* src, int rows, int cols, int c0, int c1, float* out) {
  const int W = 8 * RK_VF;
  int j0 = c0;
  for (; j0 + W <= c1; j0 += W) {
    vf acc[8];
    for (int q = 0; q < 8; q++) acc[q] = vsplat(0);
    for (int r = 0; r < rows; r++) {
      const float* row = src + (size_t)r * cols + j0;
      for (int q = 0; q < 8; q++) acc[q] += vload(row + q * RK_VF);
    }
    for (int q = 0; q < 8; q++) vstore(out + j0 + q * RK_VF, acc[q]);
  }
  for (int j = j0; j < c1; j += RK_VF) {
    const int n = imin(RK_VF, c1 - j);
    vf acc = vsplat(0);
    for (int r = 0; r < rows; r++) acc += vload_n(src + (size_t)r * cols + j, n);
    vstore_n(out + j, acc, n);
  }
}

static inline RkGemm make_gemm(int trans_a, int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc) {
  RkGemm g;
  g.trans_a = trans_a;
  g.trans_b = 0;
  g.m = m;
  g.n = n;
  g.k = k;
  g.alpha = 1.0f;
  g.a = a;
  g.lda = lda;
  g.b = b;
  g.ldb = ldb;
  g.beta = 0.0f;
  g.c = c;
  g.ldc = ldc;
  return g;
}


}  // namespace RK_NS

#endif
