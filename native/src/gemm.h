// Packed SGEMM of one build (inside RK_NS), used by the gemm kernel and by the recurrent kernels,
// which pack W_ih and W_hh once per call and multiply per step. Row-major; leading dims in floats.
//
// op(B) [k, n] is packed into column panels of NR floats, blocked along k by KC (see gemm.cc
// for the layout); op(A) is packed per block into row panels of MR by gemm_packed itself, into
// the caller's a_pack buffer (a_pack_floats() floats, private to the thread).
#ifndef RECURRENT_NATIVE_GEMM_H
#define RECURRENT_NATIVE_GEMM_H

#include <stddef.h>
#include "isa.h"
#include "kernels.h"

namespace RK_NS {

/** Rows of the micro-kernel tile and columns of a packed panel of op(B) (NR is also the unit of
 *  thread splits by columns and of the recurrent kernels' hidden-unit splits). */
extern const int MR;
extern const int NR;

/** Floats of op(B) [k, n] packed (k · n rounded up to whole panels). */
size_t packed_b_floats(int k, int n);
/** Pack column panels [jp0, jp1) of op(B) [k, n] (B is [k, n], or [n, k] with trans_b) into dst. */
void pack_b(bool trans_b, int k, int n, const float* b, int ldb, float* dst, int jp0, int jp1);
/** Floats of the per-thread buffer gemm_packed packs op(A) into. */
size_t a_pack_floats();
/**
 * C[:, panels jp0..jp1) = α·op(A)·op(B) + β·C with op(B) packed by pack_b (all panels of the
 * range packed). `a_pack`: a_pack_floats() floats of this thread.
 */
void gemm_packed(bool trans_a, int m, int n, int k, float alpha, const float* a, int lda, const float* b_pack,
  float beta, float* c, int ldc, float* a_pack, int jp0, int jp1);
/**
 * gemm_packed over several panel ranges at once, `count` pairs [jp0, jp1) in `ranges`: each
 * block of op(A) is packed once for all of them (the recurrent kernels' per-gate columns of a
 * thread's hidden units). Each element is computed exactly as by gemm_packed.
 */
void gemm_packed_ranges(bool trans_a, int m, int n, int k, float alpha, const float* a, int lda, const float* b_pack,
  float beta, float* c, int ldc, float* a_pack, const int* ranges, int count);
/**
 * C = β·C + A·Wᵀ (A [m, k], W [n, k]) by dot products on the unpacked W, for m < MR (streaming
 * inference with batch 1), where packing W would cost more than the product.
 */
void gemm_small_nt(int m, int n, int k, const float* a, int lda, const float* w, int ldw, float beta, float* c, int ldc);
/**
 * The whole GEMM shared by the threads of `sync` (every thread calls it): `b_pack` is shared
 * (packed_b_floats(k, n)), `a_pack` this thread's a_pack_floats() buffer. Each element of C is
 * computed the same way for every thread count. Contains barriers: all threads must call it.
 */
void gemm_mt(const RkGemm& g, float* b_pack, float* a_pack, const RkSync& sync);

/* The RkKernels entries (see kernels.h): A·Wᵀ with m < MR takes gemm_small_nt's path split by
   columns, everything else gemm_mt. */
size_t gemm_scratch(const RkGemm* g, int nt, size_t* per_thread);
int gemm_shares(const RkGemm* g);
void gemm(const RkGemm* g, const RkScratch* s, const RkSync* sync);

}  // namespace RK_NS

#endif
