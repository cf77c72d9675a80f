// Vector helpers of one build (inside RK_NS, internal linkage): RK_VF-float vectors as GCC vector
// extensions, full and partial (row-tail) loads and stores, and accurate exp / sigmoid / tanh —
// the Cephes single-precision polynomials of assembly/simd.ts (about 1e-7 relative error). The
// AVX-512 and AVX2 builds evaluate them with fused multiply-adds and take reciprocals from the
// hardware estimate refined by a Newton step (within 2 ulp of the quotient), so they differ from
// the wasm kernels and the portable build by rounding only; every thread count uses the same code.
#ifndef RECURRENT_NATIVE_SIMD_H
#define RECURRENT_NATIVE_SIMD_H

#include <stdint.h>
#include <string.h>
#include "isa.h"
#if RK_VF == 16 || RK_VF == 8
#include <immintrin.h>
#endif

namespace RK_NS {

typedef float vf __attribute__((vector_size(RK_VF * 4)));
typedef int32_t vi __attribute__((vector_size(RK_VF * 4)));
typedef uint32_t vu __attribute__((vector_size(RK_VF * 4)));
/** RK_VF / 2 doubles: one register, like vf. */
typedef double vd __attribute__((vector_size(RK_VF * 4)));
typedef float vfh __attribute__((vector_size(RK_VF * 2)));

static inline vf vsplat(float x) { return vf{} + x; }

/** RK_VF floats from p (any alignment). */
static inline vf vload(const float* p) {
  vf v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline void vstore(float* p, vf v) { memcpy(p, &v, sizeof v); }

/** The first n floats (0 < n ≤ RK_VF) from p, the other lanes 0; reads nothing past p + n. */
static inline vf vload_n(const float* p, int n) {
  if (n >= RK_VF) return vload(p);
#if RK_VF == 16
  return (vf)_mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1), p);
#else
  vf v = vsplat(0);
  memcpy(&v, p, (size_t)n * 4);
  return v;
#endif
}

/** Store the first n lanes (0 < n ≤ RK_VF) of v at p. */
static inline void vstore_n(float* p, vf v, int n) {
  if (n >= RK_VF) {
    vstore(p, v);
    return;
  }
#if RK_VF == 16
  _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1), (__m512)v);
#else
  memcpy(p, &v, (size_t)n * 4);
#endif
}

/** a·b + c, fused where the build has FMA. */
static inline vf vfma(vf a, vf b, vf c) {
#if RK_VF == 16
  return (vf)_mm512_fmadd_ps((__m512)a, (__m512)b, (__m512)c);
#elif RK_VF == 8
  return (vf)_mm256_fmadd_ps((__m256)a, (__m256)b, (__m256)c);
#else
  return a * b + c;
#endif
}

/** 1 / d: the hardware estimate and one Newton step where the build has them (d ≥ 1 here, so no denormal or zero). */
static inline vf vrecip(vf d) {
#if RK_VF == 16
  const vf r = (vf)_mm512_rcp14_ps((__m512)d);
  return vfma(r, vfma(-d, r, vsplat(1.0f)), r);
#elif RK_VF == 8
  const vf r = (vf)_mm256_rcp_ps((__m256)d);
  return vfma(r, vfma(-d, r, vsplat(1.0f)), r);
#else
  return 1.0f / d;
#endif
}

/** e^x, x clamped to [-87.3, 88] so 2^n stays a normal float; NaN stays NaN. */
static inline vf vexp(vf x) {
  const vf lo = vsplat(-87.3f), hi = vsplat(88.0f);
  x = x < lo ? lo : x;  // compare-and-select, not max/min: a NaN lane keeps x
  x = x > hi ? hi : x;
  // x = n·ln2 + r, |r| ≤ ln2/2; ln2 split in two for an exact n·ln2. n = floor(t) by truncation
  // and a step down where truncation rounded up (t is in [-126, 128), well inside int32).
  const vf t = x * 1.44269504088896341f + 0.5f;
  vf fx = __builtin_convertvector(__builtin_convertvector(t, vi), vf);
  fx += __builtin_convertvector(fx > t, vf);  // true lanes are -1
  vf r = vfma(fx, vsplat(-0.693359375f), x);
  r = vfma(fx, vsplat(2.12194440e-4f), r);
  const vf z = r * r;
  vf y = vsplat(1.9875691500e-4f);
  y = vfma(y, r, vsplat(1.3981999507e-3f));
  y = vfma(y, r, vsplat(8.3334519073e-3f));
  y = vfma(y, r, vsplat(4.1665795894e-2f));
  y = vfma(y, r, vsplat(1.6666665459e-1f));
  y = vfma(y, r, vsplat(5.0000001201e-1f));
  y = vfma(y, z, r) + 1.0f;
  // 2^n built in the exponent field.
  const vu pow2 = (vu)(__builtin_convertvector(fx, vi) + 127) << 23;
  return y * (vf)pow2;
}

/** σ(x) = 1 / (1 + e^-x). */
static inline vf vsigmoid(vf x) { return vrecip(1.0f + vexp(-x)); }

/** tanh(x): an odd polynomial for |x| < 0.625, else sign(x)·(1 − 2/(e^{2|x|} + 1)). */
static inline vf vtanh(vf x) {
  const vf ax = (vf)((vu)x & 0x7fffffffu);
  const vf e = vexp(ax + ax);
  vf big = vfma(vsplat(-2.0f), vrecip(e + 1.0f), vsplat(1.0f));
  big = (vf)((vu)big | ((vu)x & 0x80000000u));  // the sign of x
  const vf z = x * x;
  vf p = vsplat(-5.70498872745e-3f);
  p = vfma(p, z, vsplat(2.06390887954e-2f));
  p = vfma(p, z, vsplat(-5.37397155531e-2f));
  p = vfma(p, z, vsplat(1.33314422036e-1f));
  p = vfma(p, z, vsplat(-3.33332819422e-1f));
  const vf small = vfma(p * z, x, x);
  return ax < 0.625f ? small : big;
}

/** max(x, 0) with NaN → 0, as the wasm kernel's v128.and(pre, pre > 0) and the reference's pre > 0 ? pre : 0. */
static inline vf vrelu(vf x) { return (vf)((vi)x & (x > 0.0f)); }

/** acc + the squares of the lanes of v, each promoted to double first (exact), low half then high. */
static inline vd vadd_squares(vd acc, vf v) {
  vfh lo, hi;
  memcpy(&lo, &v, sizeof lo);
  memcpy(&hi, (const char*)&v + sizeof lo, sizeof hi);
  const vd dl = __builtin_convertvector(lo, vd), dh = __builtin_convertvector(hi, vd);
  return acc + dl * dl + dh * dh;
}

/** Σ of the lanes of a, in lane order. */
static inline double vsum(vd a) {
  double s = 0;
  for (int i = 0; i < RK_VF / 2; i++) s += a[i];
  return s;
}

}  // namespace RK_NS

#endif
