// Packed, register-blocked SGEMM of one build: C = α·op(A)·op(B) + β·C.
//
// op(B) [k, n] is packed once into column panels of NR floats, blocked along k by KC: the block
// starting at row p0 (length L) begins at float p0·nPad, its panel jp at + jp·NR·L, element
// (p, c) at + p·NR + c (columns past n are zero). op(A) is packed per MC × L block into row
// panels of MR: panel ip at + ip·L, element (p, r) at + p·MR + r (rows past m are zero). The
// MR × NR micro-kernel keeps MR·NR/VF vector accumulators in registers over L steps:
//   AVX-512  8 × 32: 16 zmm accumulators, 2 loads of B and 8 broadcasts of A per step;
//   AVX2     6 × 16: 12 ymm accumulators;
//   portable 4 × 8:  8 accumulators of 4 floats (SSE2 on x86-64, NEON on arm64), a multiply then
//                    an add (the builds do not contract them, see binding.gyp).
// A panel's last NR/2 columns past n are skipped (half-width kernel), which matters for narrow
// products such as the [·, 65] logits of a character model. Short products (≤ 64 rows) with B as
// stored read B in place instead of packing it (gemm_direct), and A·Wᵀ with fewer rows than a
// tile takes dot products on W as stored (small_nt): there packing costs as much as the product.
// op(B)ᵀ is packed by 8 × 8 register transposes on the AVX builds.
//
// Every element of C is a chain of multiply-adds over p in order, the same in a full tile, an
// edge tile and the half-width kernel, so the result never depends on how work is split.

#include <string.h>
#include "gemm.h"
#include "sync.h"
#if RK_VF == 16 || RK_VF == 8
#include <immintrin.h>
#endif

namespace RK_NS {

namespace {

typedef float vf __attribute__((vector_size(RK_VF * 4)));

#if RK_VF == 16
constexpr int kMR = 8, kKC = 384, kMC = 96;
static inline vf fmadd(vf a, vf b, vf c) { return (vf)_mm512_fmadd_ps((__m512)a, (__m512)b, (__m512)c); }
static inline vf splat(float x) { return (vf)_mm512_set1_ps(x); }
#elif RK_VF == 8
constexpr int kMR = 6, kKC = 384, kMC = 96;
static inline vf fmadd(vf a, vf b, vf c) { return (vf)_mm256_fmadd_ps((__m256)a, (__m256)b, (__m256)c); }
static inline vf splat(float x) { return (vf)_mm256_set1_ps(x); }
#else
constexpr int kMR = 4, kKC = 256, kMC = 96;
static inline vf fmadd(vf a, vf b, vf c) { return a * b + c; }
static inline vf splat(float x) { return vf{x, x, x, x}; }
#endif
constexpr int kVF = RK_VF;
constexpr int kNR = 2 * kVF;

static inline vf load(const float* p) {
  vf v;
  memcpy(&v, p, sizeof v);
  return v;
}
static inline void store(float* p, vf v) { memcpy(p, &v, sizeof v); }

static inline int n_pad(int n) { return (n + kNR - 1) / kNR * kNR; }

/** C rows × NV vectors = α·acc + β·C (β = 0 never reads C). */
template <int NV>
static inline void store_tile(float* c, int ldc, const vf (&acc)[kMR][NV], float alpha, float beta) {
  const vf va = splat(alpha);
  if (beta == 0) {
#pragma GCC unroll 16
    for (int i = 0; i < kMR; i++) {
#pragma GCC unroll 4
      for (int j = 0; j < NV; j++) store(c + (size_t)i * ldc + j * kVF, acc[i][j] * va);
    }
  } else {
    const vf vb = splat(beta);
#pragma GCC unroll 16
    for (int i = 0; i < kMR; i++) {
#pragma GCC unroll 4
      for (int j = 0; j < NV; j++) {
        float* cp = c + (size_t)i * ldc + j * kVF;
        store(cp, load(cp) * vb + acc[i][j] * va);
      }
    }
  }
}

/**
 * The micro-kernel: C (rows ≤ MR, cols ≤ NV·VF) = α·Σ_p ap[p]·bp[p] + β·C over L steps of packed
 * A and of B rows b_step floats apart (NR in a packed panel, ldb read in place). Partial tiles go
 * through a local MR × NR copy of C so they take the same arithmetic path.
 */
template <int NV>
static void kernel(int L, const float* __restrict ap, const float* __restrict bp, size_t b_step, float* c, int ldc, int rows,
  int cols, float alpha, float beta) {
  vf acc[kMR][NV];
#pragma GCC unroll 16
  for (int i = 0; i < kMR; i++) {
#pragma GCC unroll 4
    for (int j = 0; j < NV; j++) acc[i][j] = splat(0);
  }
  for (int p = 0; p < L; p++) {
    vf b[NV];
#pragma GCC unroll 4
    for (int j = 0; j < NV; j++) b[j] = load(bp + j * kVF);
#pragma GCC unroll 16
    for (int i = 0; i < kMR; i++) {
      const vf a = splat(ap[i]);
#pragma GCC unroll 4
      for (int j = 0; j < NV; j++) acc[i][j] = fmadd(a, b[j], acc[i][j]);
    }
    ap += kMR;
    bp += b_step;
  }
  if (rows == kMR && cols == NV * kVF) {
    store_tile<NV>(c, ldc, acc, alpha, beta);
    return;
  }
  alignas(64) float t[kMR * kNR];
  if (beta != 0) {
    for (int i = 0; i < rows; i++) memcpy(t + i * kNR, c + (size_t)i * ldc, (size_t)cols * 4);
  }
  store_tile<NV>(t, kNR, acc, alpha, beta);
  for (int i = 0; i < rows; i++) memcpy(c + (size_t)i * ldc, t + i * kNR, (size_t)cols * 4);
}

#if RK_VF >= 8
/** d[r·ldd + c] = s[c·lds + r] for an 8 × 8 block (AVX): the transposition of packing op(B) = Bᵀ. */
static inline void transpose8(const float* s, size_t lds, float* d, size_t ldd) {
  const __m256 r0 = _mm256_loadu_ps(s), r1 = _mm256_loadu_ps(s + lds), r2 = _mm256_loadu_ps(s + 2 * lds),
               r3 = _mm256_loadu_ps(s + 3 * lds), r4 = _mm256_loadu_ps(s + 4 * lds), r5 = _mm256_loadu_ps(s + 5 * lds),
               r6 = _mm256_loadu_ps(s + 6 * lds), r7 = _mm256_loadu_ps(s + 7 * lds);
  const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1), t2 = _mm256_unpacklo_ps(r2, r3),
               t3 = _mm256_unpackhi_ps(r2, r3), t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5),
               t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
  const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xee), u2 = _mm256_shuffle_ps(t1, t3, 0x44),
               u3 = _mm256_shuffle_ps(t1, t3, 0xee), u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xee),
               u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xee);
  _mm256_storeu_ps(d, _mm256_permute2f128_ps(u0, u4, 0x20));
  _mm256_storeu_ps(d + ldd, _mm256_permute2f128_ps(u1, u5, 0x20));
  _mm256_storeu_ps(d + 2 * ldd, _mm256_permute2f128_ps(u2, u6, 0x20));
  _mm256_storeu_ps(d + 3 * ldd, _mm256_permute2f128_ps(u3, u7, 0x20));
  _mm256_storeu_ps(d + 4 * ldd, _mm256_permute2f128_ps(u0, u4, 0x31));
  _mm256_storeu_ps(d + 5 * ldd, _mm256_permute2f128_ps(u1, u5, 0x31));
  _mm256_storeu_ps(d + 6 * ldd, _mm256_permute2f128_ps(u2, u6, 0x31));
  _mm256_storeu_ps(d + 7 * ldd, _mm256_permute2f128_ps(u3, u7, 0x31));
}
#endif

/** Pack rows [i0, i0 + rows) and columns [p0, p0 + L) of op(A) into row panels of MR (zero-padded). */
static void pack_a(bool trans_a, int rows, int L, const float* a, int lda, int i0, int p0, float* dst) {
  for (int ip = 0; ip < rows; ip += kMR) {
    const int r = imin(kMR, rows - ip);
    float* d = dst + (size_t)ip * L;
    if (trans_a) {
      // op(A)[i, p] = A[p, i]: MR consecutive floats of row p.
      const float* s = a + (size_t)p0 * lda + i0 + ip;
      if (r == kMR) {
        for (int p = 0; p < L; p++) memcpy(d + p * kMR, s + (size_t)p * lda, kMR * 4);
      } else {
        for (int p = 0; p < L; p++) {
          for (int q = 0; q < kMR; q++) d[p * kMR + q] = q < r ? s[(size_t)p * lda + q] : 0.0f;
        }
      }
    } else {
      const float* s = a + (size_t)(i0 + ip) * lda + p0;
      if (r == kMR) {
        for (int p = 0; p < L; p++) {
#pragma GCC unroll 16
          for (int q = 0; q < kMR; q++) d[p * kMR + q] = s[(size_t)q * lda + p];
        }
      } else {
        for (int p = 0; p < L; p++) {
          for (int q = 0; q < kMR; q++) d[p * kMR + q] = q < r ? s[(size_t)q * lda + p] : 0.0f;
        }
      }
    }
  }
}

/** C[:, columns j0..j1) = β·C for k = 0 (β = 0 writes zeros). */
static void scale_c(int m, int j0, int j1, float beta, float* c, int ldc) {
  for (int i = 0; i < m; i++) {
    float* ci = c + (size_t)i * ldc;
    for (int j = j0; j < j1; j++) ci[j] = beta == 0 ? 0.0f : beta * ci[j];
  }
}

/** Σ_p a[p]·w[p] as VF partial sums (lanes past k are zero), two chains to hide latency. */
static inline vf dot_partial(const float* a, const float* w, int k) {
  vf s0 = splat(0), s1 = splat(0);
  int p = 0;
  for (; p + 2 * kVF <= k; p += 2 * kVF) {
    s0 = fmadd(load(a + p), load(w + p), s0);
    s1 = fmadd(load(a + p + kVF), load(w + p + kVF), s1);
  }
  for (; p < k; p += kVF) {
    vf x = splat(0), y = splat(0);
    const int r = imin(kVF, k - p);
    memcpy(&x, a + p, (size_t)r * 4);
    memcpy(&y, w + p, (size_t)r * 4);
    s0 = fmadd(x, y, s0);
  }
  return s0 + s1;
}

static inline float hsum(vf v) {
  float s = 0;
#pragma GCC unroll 16
  for (int l = 0; l < kVF; l++) s += v[l];
  return s;
}

/**
 * dot_partial of one row of A with four rows of W at once (each load of A shared), each lane
 * the same chain of operations as dot_partial's, so grouping never changes a result.
 */
static inline void dot_partial4(const float* a, const float* w, size_t ldw, int k, vf* out) {
  const float* w0 = w;
  const float* w1 = w + ldw;
  const float* w2 = w + 2 * ldw;
  const float* w3 = w + 3 * ldw;
  vf s00 = splat(0), s01 = splat(0), s10 = splat(0), s11 = splat(0), s20 = splat(0), s21 = splat(0), s30 = splat(0),
     s31 = splat(0);
  int p = 0;
  for (; p + 2 * kVF <= k; p += 2 * kVF) {
    const vf x0 = load(a + p), x1 = load(a + p + kVF);
    s00 = fmadd(x0, load(w0 + p), s00);
    s01 = fmadd(x1, load(w0 + p + kVF), s01);
    s10 = fmadd(x0, load(w1 + p), s10);
    s11 = fmadd(x1, load(w1 + p + kVF), s11);
    s20 = fmadd(x0, load(w2 + p), s20);
    s21 = fmadd(x1, load(w2 + p + kVF), s21);
    s30 = fmadd(x0, load(w3 + p), s30);
    s31 = fmadd(x1, load(w3 + p + kVF), s31);
  }
  for (; p < k; p += kVF) {
    const int r = imin(kVF, k - p);
    vf x = splat(0), y0 = splat(0), y1 = splat(0), y2 = splat(0), y3 = splat(0);
    memcpy(&x, a + p, (size_t)r * 4);
    memcpy(&y0, w0 + p, (size_t)r * 4);
    memcpy(&y1, w1 + p, (size_t)r * 4);
    memcpy(&y2, w2 + p, (size_t)r * 4);
    memcpy(&y3, w3 + p, (size_t)r * 4);
    s00 = fmadd(x, y0, s00);
    s10 = fmadd(x, y1, s10);
    s20 = fmadd(x, y2, s20);
    s30 = fmadd(x, y3, s30);
  }
  out[0] = s00 + s01;
  out[1] = s10 + s11;
  out[2] = s20 + s21;
  out[3] = s30 + s31;
}

/** small_nt on columns [j0, j1): four rows of W per pass, each read once for all m rows of A. */
static void small_nt(int m, int j0, int j1, int k, float alpha, const float* a, int lda, const float* w, int ldw, float beta,
  float* c, int ldc) {
  int j = j0;
  for (; j + 4 <= j1; j += 4) {
    for (int i = 0; i < m; i++) {
      vf d[4];
      dot_partial4(a + (size_t)i * lda, w + (size_t)j * ldw, (size_t)ldw, k, d);
      float* cp = c + (size_t)i * ldc + j;
      for (int q = 0; q < 4; q++) {
        const float s = alpha * hsum(d[q]);
        cp[q] = beta == 0 ? s : beta * cp[q] + s;
      }
    }
  }
  for (; j < j1; j++) {
    const float* wj = w + (size_t)j * ldw;
    for (int i = 0; i < m; i++) {
      const float s = alpha * hsum(dot_partial(a + (size_t)i * lda, wj, k));
      float* cp = c + (size_t)i * ldc + j;
      *cp = beta == 0 ? s : beta * *cp + s;
    }
  }
}

/** The table's gemm takes the unpacked dot-product path for A·Wᵀ with fewer rows than a tile. */
static inline bool use_small(const RkGemm& g) { return g.m < kMR && g.trans_b && !g.trans_a; }

/**
 * Short products with B [k, n] as stored (a recurrent step's h·W with batch ≤ 64) read B in
 * place instead of packing it: each B row segment is used by every tile of a few rows, so
 * packing would cost as much as the product. Only a last partial panel is packed, per thread.
 */
constexpr int kDirectRows = 64;
// The direct path blocks k by 256 on every build: B rows read in place (ldb apart) stay in the
// L1 cache across the tiles of a block only that short (measured in dev/native-gemm-lab.ts).
constexpr int kKCDirect = 256;
static_assert(kKCDirect <= kKC, "a direct product packs op(A) into a_pack_floats()");
static_assert(kDirectRows <= kMC, "a direct product packs all of op(A) at once");
static inline bool use_direct(const RkGemm& g) { return !g.trans_b && g.m <= kDirectRows && !use_small(g); }

/** C[:, panels jp0..jp1) of a use_direct product; `work`: a_pack_floats() + KC_direct·NR floats of this thread. */
static void gemm_direct(const RkGemm& g, float* work, int jp0, int jp1) {
  const int m = g.m, n = g.n, k = g.k;
  if (m <= 0 || jp1 <= jp0) return;
  if (k == 0) {
    scale_c(m, jp0 * kNR, imin(n, jp1 * kNR), g.beta, g.c, g.ldc);
    return;
  }
  float* a_pack = work;
  float* edge = work + a_pack_floats();
  const int full = n / kNR;  // panels read in place
  for (int p0 = 0; p0 < k; p0 += kKCDirect) {
    const int L = imin(kKCDirect, k - p0);
    const float bet = p0 == 0 ? g.beta : 1.0f;
    pack_a(g.trans_a, m, L, g.a, g.lda, 0, p0, a_pack);
    for (int jp = jp0; jp < jp1; jp++) {
      const int cols = imin(kNR, n - jp * kNR);
      const float* bp;
      size_t step;
      if (jp < full) {
        bp = g.b + (size_t)p0 * g.ldb + (size_t)jp * kNR;
        step = (size_t)g.ldb;
      } else {
        for (int p = 0; p < L; p++) {
          memcpy(edge + p * kNR, g.b + (size_t)(p0 + p) * g.ldb + (size_t)jp * kNR, (size_t)cols * 4);
          memset(edge + p * kNR + cols, 0, (size_t)(kNR - cols) * 4);
        }
        bp = edge;
        step = kNR;
      }
      for (int ip = 0; ip < m; ip += kMR) {
        float* cp = g.c + (size_t)ip * g.ldc + jp * kNR;
        const float* ap = a_pack + (size_t)ip * L;
        if (cols <= kVF) kernel<1>(L, ap, bp, step, cp, g.ldc, imin(kMR, m - ip), cols, g.alpha, bet);
        else kernel<2>(L, ap, bp, step, cp, g.ldc, imin(kMR, m - ip), cols, g.alpha, bet);
      }
    }
  }
}

}  // namespace

extern const int MR = kMR;
extern const int NR = kNR;

size_t packed_b_floats(int k, int n) { return (size_t)k * (size_t)n_pad(n); }

size_t a_pack_floats() { return (size_t)kMC * kKC; }

void pack_b(bool trans_b, int k, int n, const float* b, int ldb, float* dst, int jp0, int jp1) {
  const size_t np = (size_t)n_pad(n);
  for (int p0 = 0; p0 < k; p0 += kKC) {
    const int L = imin(kKC, k - p0);
    for (int jp = jp0; jp < jp1; jp++) {
      const int j0 = jp * kNR;
      const int cols = imin(kNR, n - j0);
      float* d = dst + (size_t)p0 * np + (size_t)jp * kNR * L;
      if (!trans_b) {
        for (int p = 0; p < L; p++) {
          const float* s = b + (size_t)(p0 + p) * ldb + j0;
          float* dp = d + p * kNR;
          memcpy(dp, s, (size_t)cols * 4);
          if (cols < kNR) memset(dp + cols, 0, (size_t)(kNR - cols) * 4);
        }
      } else {
        int q0 = 0, pt = 0;
#if RK_VF >= 8
        // Whole 8 × 8 blocks of the panel by register transposes, the rest element by element.
        if (cols == kNR) {
          for (; pt + 8 <= L; pt += 8) {
            for (int q = 0; q < kNR; q += 8) transpose8(b + (size_t)(j0 + q) * ldb + p0 + pt, (size_t)ldb, d + pt * kNR + q, kNR);
          }
          q0 = pt == L ? kNR : 0;
        }
#endif
        for (int q = q0; q < kNR; q++) {
          if (q < cols) {
            const float* s = b + (size_t)(j0 + q) * ldb + p0;
            for (int p = pt; p < L; p++) d[p * kNR + q] = s[p];
          } else {
            for (int p = pt; p < L; p++) d[p * kNR + q] = 0;
          }
        }
      }
    }
  }
}

void gemm_packed_ranges(bool trans_a, int m, int n, int k, float alpha, const float* a, int lda, const float* b_pack, float beta,
  float* c, int ldc, float* a_pack, const int* ranges, int count) {
  if (m <= 0) return;
  if (k == 0) {
    for (int r = 0; r < count; r++) scale_c(m, ranges[2 * r] * kNR, imin(n, ranges[2 * r + 1] * kNR), beta, c, ldc);
    return;
  }
  const size_t np = (size_t)n_pad(n);
  for (int p0 = 0; p0 < k; p0 += kKC) {
    const int L = imin(kKC, k - p0);
    const float bet = p0 == 0 ? beta : 1.0f;
    for (int i0 = 0; i0 < m; i0 += kMC) {
      const int rows = imin(kMC, m - i0);
      // op(A)'s block is packed once for every range of panels.
      pack_a(trans_a, rows, L, a, lda, i0, p0, a_pack);
      for (int r = 0; r < count; r++) {
        for (int jp = ranges[2 * r]; jp < ranges[2 * r + 1]; jp++) {
          const float* bp = b_pack + (size_t)p0 * np + (size_t)jp * kNR * L;
          const int cols = imin(kNR, n - jp * kNR);
          for (int ip = 0; ip < rows; ip += kMR) {
            float* cp = c + (size_t)(i0 + ip) * ldc + jp * kNR;
            const float* ap = a_pack + (size_t)ip * L;
            if (cols <= kVF) kernel<1>(L, ap, bp, kNR, cp, ldc, imin(kMR, rows - ip), cols, alpha, bet);
            else kernel<2>(L, ap, bp, kNR, cp, ldc, imin(kMR, rows - ip), cols, alpha, bet);
          }
        }
      }
    }
  }
}

void gemm_packed(bool trans_a, int m, int n, int k, float alpha, const float* a, int lda, const float* b_pack, float beta,
  float* c, int ldc, float* a_pack, int jp0, int jp1) {
  if (jp1 <= jp0) return;
  const int range[2] = {jp0, jp1};
  gemm_packed_ranges(trans_a, m, n, k, alpha, a, lda, b_pack, beta, c, ldc, a_pack, range, 1);
}

void gemm_small_nt(int m, int n, int k, const float* a, int lda, const float* w, int ldw, float beta, float* c, int ldc) {
  small_nt(m, 0, n, k, 1.0f, a, lda, w, ldw, beta, c, ldc);
}

void gemm_mt(const RkGemm& g, float* b_pack, float* a_pack, const RkSync& sync) {
  const int tid = sync.tid, nt = sync.nt;
  const int panels = n_pad(g.n) / kNR;
  const int jp0 = part(panels, tid, nt, 1), jp1 = part(panels, tid + 1, nt, 1);
  pack_b(g.trans_b, g.k, g.n, g.b, g.ldb, b_pack, jp0, jp1);
  // Wide products: each thread multiplies the panels it packed (and packs all of op(A)).
  if (g.m <= g.n || g.m < kMR * nt) {
    gemm_packed(g.trans_a, g.m, g.n, g.k, g.alpha, g.a, g.lda, b_pack, g.beta, g.c, g.ldc, a_pack, jp0, jp1);
    return;
  }
  // Tall ones: all of packed op(B) against this thread's block of rows (a multiple of MR).
  barrier(sync);
  const int i0 = part(g.m, tid, nt, kMR), i1 = part(g.m, tid + 1, nt, kMR);
  if (i1 > i0) {
    const float* a0 = g.a + (g.trans_a ? (size_t)i0 : (size_t)i0 * g.lda);
    gemm_packed(g.trans_a, i1 - i0, g.n, g.k, g.alpha, a0, g.lda, b_pack, g.beta, g.c + (size_t)i0 * g.ldc, g.ldc, a_pack, 0,
      panels);
  }
}

// ---- the table's entries ----------------------------------------------------------------------

size_t gemm_scratch(const RkGemm* g, int nt, size_t* per_thread) {
  (void)nt;
  if (g->m == 0 || g->n == 0 || use_small(*g)) {
    *per_thread = 0;
    return 0;
  }
  if (use_direct(*g)) {
    *per_thread = a_pack_floats() + (size_t)kKCDirect * kNR;
    return 0;
  }
  *per_thread = a_pack_floats();
  return packed_b_floats(g->k, g->n);
}

int gemm_shares(const RkGemm* g) {
  if (g->m == 0 || g->n == 0) return 1;
  if (use_small(*g)) return imax(1, (g->n + 3) / 4);
  if (use_direct(*g)) return imax(1, (g->n + kNR - 1) / kNR);
  return imax(1, g->m <= g->n ? (g->n + kNR - 1) / kNR : g->m / kMR);
}

void gemm(const RkGemm* g, const RkScratch* s, const RkSync* sync) {
  if (g->m == 0 || g->n == 0) return;
  if (use_small(*g)) {
    const int j0 = part(g->n, sync->tid, sync->nt, 4), j1 = part(g->n, sync->tid + 1, sync->nt, 4);
    small_nt(g->m, j0, j1, g->k, g->alpha, g->a, g->lda, g->b, g->ldb, g->beta, g->c, g->ldc);
    return;
  }
  if (use_direct(*g)) {
    const int panels = n_pad(g->n) / kNR;
    const int jp0 = part(panels, sync->tid, sync->nt, 1), jp1 = part(panels, sync->tid + 1, sync->nt, 1);
    gemm_direct(*g, s->per_thread + (size_t)sync->tid * s->per_thread_floats, jp0, jp1);
    return;
  }
  gemm_mt(*g, s->shared, s->per_thread + (size_t)sync->tid * s->per_thread_floats, *sync);
}

}  // namespace RK_NS
