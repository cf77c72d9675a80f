// Packed, register-blocked SGEMM with 128-bit SIMD: C = α·op(A)·op(B) + β·C.
//
// op(B) [k, n] is packed once into column panels of NR = 8 floats, blocked along k by KC:
// the block starting at row p0 (length L) begins at float p0·nPad, its panel jp at
// + jp·NR·L, element (p, c) at + p·NR + c. op(A) is packed per (MC × L) block into row panels
// of MR = 4, panel ip at + ip·L, element (p, r) at + p·h + r (h its height). A 4×8 micro-kernel
// keeps 8 f32x4 accumulators in registers over L.
// The relaxed-SIMD build packs most of a block into panels of 6 instead and runs a 6×8
// micro-kernel on them (12 accumulators: with fused multiply-adds the larger tile pays,
// dev/relaxed-simd-lab.ts), the last rows in panels of 4 so that little is padding (sixRows).
// Either way each element of C is the same sum in the same order, whatever the panel it falls in.
// Pointers are byte addresses in linear memory; leading dimensions are in floats.

import { ld, madd } from './simd';
import { barrier, part } from './sync';

export const MR: i32 = 4;
export const NR: i32 = 8;
export const KC: i32 = 256;
export const MC: i32 = 128;
/** Rows of the relaxed build's larger micro-kernel. */
const MR6: i32 = 6;
/** Floats of one thread's partial-tile buffer: a tile of the largest micro-kernel of this build. */
export const TMP_FLOATS: i32 = (ASC_FEATURE_RELAXED_SIMD ? MR6 : MR) * NR;

@inline export function nPadOf(n: i32): i32 {
  return ((n + NR - 1) / NR) * NR;
}

/** Floats needed to pack op(B) [k, n]. */
export function packedBSize(k: i32, n: i32): f64 {
  return <f64>k * <f64>nPadOf(n); // f64: a size past the memory is reported, not wrapped
}

/** Pack the column panels [jp0, jp1) of op(B) [k, n] (B is [k, n] or, with transB, [n, k]). */
export function packB(transB: bool, k: i32, n: i32, b: usize, ldb: i32, dst: usize, jp0: i32, jp1: i32): void {
  const nPad = nPadOf(n);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const L = min(KC, k - p0);
    for (let jp = jp0; jp < jp1; jp++) {
      const j0 = jp * NR;
      const cols = min(NR, n - j0);
      const d = dst + (<usize>(p0 * nPad + jp * NR * L) << 2);
      if (!transB) {
        for (let p = 0; p < L; p++) {
          const s = b + (<usize>((p0 + p) * ldb + j0) << 2);
          const dp = d + (<usize>(p * NR) << 2);
          if (cols == NR) {
            v128.store(dp, v128.load(s));
            v128.store(dp, v128.load(s, 16), 16);
          } else {
            for (let c = 0; c < NR; c++) store<f32>(dp + (<usize>c << 2), c < cols ? load<f32>(s + (<usize>c << 2)) : 0);
          }
        }
      } else {
        for (let c = 0; c < NR; c++) {
          const s = b + (<usize>((j0 + c) * ldb + p0) << 2);
          for (let p = 0; p < L; p++) {
            store<f32>(d + (<usize>(p * NR + c) << 2), c < cols ? load<f32>(s + (<usize>p << 2)) : 0);
          }
        }
      }
    }
  }
}

/**
 * Rows of a block of `rows` that the relaxed build packs into panels of 6 (a multiple of 6, at
 * most rows + 1); the rest go into panels of 4. The split pads at most 3 rows, so a block of up
 * to MC rows still fits in MC·KC floats: 32 rows are 4 × 6 + 2 × 4, 33 are 5 × 6 + 4 (one row
 * of padding).
 */
@inline function sixRows(rows: i32): i32 {
  const r = rows % MR6;
  const fours = r == 1 || r == 2 ? 2 : r == 3 || r == 4 ? 1 : 0;
  return (max(0, rows - fours * MR + MR6 - 1) / MR6) * MR6;
}

/** Pack rows [i0, i0 + r) (r ≤ 6) and columns [p0, p0 + L) of op(A) into one panel of 6 at `d`. */
function packPanel6(transA: bool, r: i32, L: i32, a: usize, lda: i32, i0: i32, p0: i32, d: usize): void {
  if (transA) {
    // op(A)[i, p] = A[p, i]: six consecutive floats of row p.
    for (let p = 0; p < L; p++) {
      const s = a + (<usize>((p0 + p) * lda + i0) << 2);
      const dp = d + (<usize>(p * MR6) << 2);
      v128.store(dp, ld(s, min(4, r)));
      store<f32>(dp, r > 4 ? load<f32>(s, 16) : 0, 16);
      store<f32>(dp, r > 5 ? load<f32>(s, 20) : 0, 20);
    }
    return;
  }
  let p = 0;
  if (r == MR6) {
    // Four columns per step: rows 0-3 by a 4×4 transpose in registers, rows 4-5 interleaved in pairs.
    const s0 = a + (<usize>(i0 * lda + p0) << 2), ldaB = <usize>lda << 2;
    for (; p + 4 <= L; p += 4) {
      const q = <usize>p << 2;
      const v0 = v128.load(s0 + q), v1 = v128.load(s0 + ldaB + q);
      const v2 = v128.load(s0 + 2 * ldaB + q), v3 = v128.load(s0 + 3 * ldaB + q);
      const v4 = v128.load(s0 + 4 * ldaB + q), v5 = v128.load(s0 + 5 * ldaB + q);
      const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
      const lo = v128.shuffle<f32>(v4, v5, 0, 4, 1, 5), hi = v128.shuffle<f32>(v4, v5, 2, 6, 3, 7);
      const dp = d + (<usize>(p * MR6) << 2);
      v128.store(dp, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(dp, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 24);
      v128.store(dp, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 48);
      v128.store(dp, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 72);
      v128.store64_lane(dp, lo, 0, 16);
      v128.store64_lane(dp, lo, 1, 40);
      v128.store64_lane(dp, hi, 0, 64);
      v128.store64_lane(dp, hi, 1, 88);
    }
  }
  for (let q = 0; q < MR6; q++) {
    const s = a + (<usize>((i0 + q) * lda + p0) << 2);
    for (let pp = p; pp < L; pp++) {
      store<f32>(d + (<usize>(pp * MR6 + q) << 2), q < r ? load<f32>(s + (<usize>pp << 2)) : 0);
    }
  }
}

/**
 * Pack rows [i0, i0 + rows) and columns [p0, p0 + L) of op(A) into row panels: of MR, or in the
 * relaxed build the first sixRows(rows) rows in panels of 6 and the rest in panels of MR.
 */
function packA(transA: bool, rows: i32, L: i32, a: usize, lda: i32, i0: i32, p0: i32, dst: usize): void {
  if (ASC_FEATURE_RELAXED_SIMD) {
    const six = sixRows(rows);
    for (let ip = 0; ip < six; ip += MR6) packPanel6(transA, min(MR6, rows - ip), L, a, lda, i0 + ip, p0, dst + (<usize>(ip * L) << 2));
    if (six < rows) packA4(transA, rows - six, L, a, lda, i0 + six, p0, dst + (<usize>(six * L) << 2));
    return;
  }
  packA4(transA, rows, L, a, lda, i0, p0, dst);
}

/** Pack rows [i0, i0 + rows) and columns [p0, p0 + L) of op(A) into row panels of MR. */
function packA4(transA: bool, rows: i32, L: i32, a: usize, lda: i32, i0: i32, p0: i32, dst: usize): void {
  for (let ip = 0; ip < rows; ip += MR) {
    const r = min(MR, rows - ip);
    const d = dst + (<usize>(ip * L) << 2);
    if (transA) {
      // op(A)[i, p] = A[p, i]: four consecutive floats of row p.
      for (let p = 0; p < L; p++) {
        const s = a + (<usize>((p0 + p) * lda + i0 + ip) << 2);
        v128.store(d + (<usize>(p * MR) << 2), ld(s, r));
      }
    } else {
      let p = 0;
      if (r == MR) {
        // Four rows at a time, four columns per step: a 4×4 transpose in registers.
        const s0 = a + (<usize>((i0 + ip) * lda + p0) << 2), ldaB = <usize>lda << 2;
        for (; p + 4 <= L; p += 4) {
          const q = <usize>p << 2;
          const v0 = v128.load(s0 + q), v1 = v128.load(s0 + ldaB + q);
          const v2 = v128.load(s0 + 2 * ldaB + q), v3 = v128.load(s0 + 3 * ldaB + q);
          const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
          const t2 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
          const dp = d + (<usize>(p * MR) << 2);
          v128.store(dp, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
          v128.store(dp, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 16);
          v128.store(dp, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 32);
          v128.store(dp, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 48);
        }
      }
      for (let q = 0; q < MR; q++) {
        const s = a + (<usize>((i0 + ip + q) * lda + p0) << 2);
        for (let pp = p; pp < L; pp++) {
          store<f32>(d + (<usize>(pp * MR + q) << 2), q < r ? load<f32>(s + (<usize>pp << 2)) : 0);
        }
      }
    }
  }
}

/** C (rows ≤ 4, cols ≤ 8) = α·acc + β·C, through `tmp` (32 floats) for partial tiles. */
@inline function storeTile(c: usize, ldc: i32, rows: i32, cols: i32, alpha: f32, beta: f32, tmp: usize,
  c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128): void {
  const va = f32x4.splat(alpha);
  const vb = f32x4.splat(beta);
  const ldcB = <usize>ldc << 2;
  if (rows == MR && cols == NR) {
    if (beta == 0) {
      v128.store(c, f32x4.mul(c00, va)); v128.store(c, f32x4.mul(c01, va), 16);
      v128.store(c + ldcB, f32x4.mul(c10, va)); v128.store(c + ldcB, f32x4.mul(c11, va), 16);
      v128.store(c + 2 * ldcB, f32x4.mul(c20, va)); v128.store(c + 2 * ldcB, f32x4.mul(c21, va), 16);
      v128.store(c + 3 * ldcB, f32x4.mul(c30, va)); v128.store(c + 3 * ldcB, f32x4.mul(c31, va), 16);
    } else {
      const r0 = c, r1 = c + ldcB, r2 = c + 2 * ldcB, r3 = c + 3 * ldcB;
      v128.store(r0, f32x4.add(f32x4.mul(v128.load(r0), vb), f32x4.mul(c00, va)));
      v128.store(r0, f32x4.add(f32x4.mul(v128.load(r0, 16), vb), f32x4.mul(c01, va)), 16);
      v128.store(r1, f32x4.add(f32x4.mul(v128.load(r1), vb), f32x4.mul(c10, va)));
      v128.store(r1, f32x4.add(f32x4.mul(v128.load(r1, 16), vb), f32x4.mul(c11, va)), 16);
      v128.store(r2, f32x4.add(f32x4.mul(v128.load(r2), vb), f32x4.mul(c20, va)));
      v128.store(r2, f32x4.add(f32x4.mul(v128.load(r2, 16), vb), f32x4.mul(c21, va)), 16);
      v128.store(r3, f32x4.add(f32x4.mul(v128.load(r3), vb), f32x4.mul(c30, va)));
      v128.store(r3, f32x4.add(f32x4.mul(v128.load(r3, 16), vb), f32x4.mul(c31, va)), 16);
    }
    return;
  }
  v128.store(tmp, c00); v128.store(tmp, c01, 16);
  v128.store(tmp, c10, 32); v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64); v128.store(tmp, c21, 80);
  v128.store(tmp, c30, 96); v128.store(tmp, c31, 112);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const cp = c + (<usize>(r * ldc + q) << 2);
      const acc = load<f32>(tmp + (<usize>(r * NR + q) << 2));
      store<f32>(cp, beta == 0 ? alpha * acc : beta * load<f32>(cp) + alpha * acc);
    }
  }
}

/** The 4×8 micro-kernel over L packed steps. */
function kernel4x8(L: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, alpha: f32, beta: f32, tmp: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < L; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    ap += 16;
    bp += 32;
  }
  storeTile(c, ldc, rows, cols, alpha, beta, tmp, c00, c01, c10, c11, c20, c21, c30, c31);
}

/** Two vectors of a C row (8 floats at c) = α·acc + β·C. */
@inline function storeRow8(c: usize, x0: v128, x1: v128, va: v128, vb: v128, beta: f32): void {
  if (beta == 0) {
    v128.store(c, f32x4.mul(x0, va));
    v128.store(c, f32x4.mul(x1, va), 16);
  } else {
    v128.store(c, f32x4.add(f32x4.mul(v128.load(c), vb), f32x4.mul(x0, va)));
    v128.store(c, f32x4.add(f32x4.mul(v128.load(c, 16), vb), f32x4.mul(x1, va)), 16);
  }
}

/** The 6×8 micro-kernel of the relaxed build over L packed steps (a panel of 6 rows); `tmp` holds 48 floats. */
function kernel6x8(L: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, alpha: f32, beta: f32, tmp: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0), c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  for (let p = 0; p < L; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    a = v128.load32_splat(ap, 16);
    c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
    a = v128.load32_splat(ap, 20);
    c50 = madd(a, b0, c50); c51 = madd(a, b1, c51);
    ap += 24;
    bp += 32;
  }
  const va = f32x4.splat(alpha), vb = f32x4.splat(beta);
  const ldcB = <usize>ldc << 2;
  if (rows == MR6 && cols == NR) {
    storeRow8(c, c00, c01, va, vb, beta);
    storeRow8(c + ldcB, c10, c11, va, vb, beta);
    storeRow8(c + 2 * ldcB, c20, c21, va, vb, beta);
    storeRow8(c + 3 * ldcB, c30, c31, va, vb, beta);
    storeRow8(c + 4 * ldcB, c40, c41, va, vb, beta);
    storeRow8(c + 5 * ldcB, c50, c51, va, vb, beta);
    return;
  }
  v128.store(tmp, c00); v128.store(tmp, c01, 16);
  v128.store(tmp, c10, 32); v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64); v128.store(tmp, c21, 80);
  v128.store(tmp, c30, 96); v128.store(tmp, c31, 112);
  v128.store(tmp, c40, 128); v128.store(tmp, c41, 144);
  v128.store(tmp, c50, 160); v128.store(tmp, c51, 176);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const cp = c + (<usize>(r * ldc + q) << 2);
      const acc = load<f32>(tmp + (<usize>(r * NR + q) << 2));
      store<f32>(cp, beta == 0 ? alpha * acc : beta * load<f32>(cp) + alpha * acc);
    }
  }
}

/**
 * C[:, panels jp0..jp1) = α·op(A)·op(B) + β·C with op(B) already packed by packB.
 * `aPack` holds MC·KC floats, `tmp` TMP_FLOATS; both private to the calling thread.
 */
export function gemmPacked(transA: bool, m: i32, n: i32, k: i32, alpha: f32, a: usize, lda: i32, bPack: usize,
  beta: f32, c: usize, ldc: i32, aPack: usize, tmp: usize, jp0: i32, jp1: i32): void {
  if (k == 0) {
    for (let i = 0; i < m; i++) {
      for (let j = jp0 * NR; j < min(n, jp1 * NR); j++) {
        const cp = c + (<usize>(i * ldc + j) << 2);
        store<f32>(cp, beta == 0 ? 0 : beta * load<f32>(cp));
      }
    }
    return;
  }
  const nPad = nPadOf(n);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const L = min(KC, k - p0);
    const bet: f32 = p0 == 0 ? beta : 1;
    for (let i0 = 0; i0 < m; i0 += MC) {
      const rows = min(MC, m - i0);
      packA(transA, rows, L, a, lda, i0, p0, aPack);
      for (let jp = jp0; jp < jp1; jp++) {
        const bp = bPack + (<usize>(p0 * nPad + jp * NR * L) << 2);
        const cols = min(NR, n - jp * NR);
        let ip = 0;
        if (ASC_FEATURE_RELAXED_SIMD) {
          for (const six = sixRows(rows); ip < six; ip += MR6) {
            const cp = c + (<usize>((i0 + ip) * ldc + jp * NR) << 2);
            kernel6x8(L, aPack + (<usize>(ip * L) << 2), bp, cp, ldc, min(MR6, rows - ip), cols, alpha, bet, tmp);
          }
        }
        for (; ip < rows; ip += MR) {
          const cp = c + (<usize>((i0 + ip) * ldc + jp * NR) << 2);
          kernel4x8(L, aPack + (<usize>(ip * L) << 2), bp, cp, ldc, min(MR, rows - ip), cols, alpha, bet, tmp);
        }
      }
    }
  }
}

/** Whole GEMM on one thread: pack op(B) into `bPack` (packedBSize floats), then multiply. */
export function gemm(transA: bool, transB: bool, m: i32, n: i32, k: i32, alpha: f32, a: usize, lda: i32,
  b: usize, ldb: i32, beta: f32, c: usize, ldc: i32, bPack: usize, aPack: usize, tmp: usize): void {
  const panels = nPadOf(n) / NR;
  packB(transB, k, n, b, ldb, bPack, 0, panels);
  gemmPacked(transA, m, n, k, alpha, a, lda, bPack, beta, c, ldc, aPack, tmp, 0, panels);
}

/** Floats of the per-thread A-packing buffer gemmPacked needs. */
export function aPackFloats(): i32 {
  return MC * KC;
}

/** Floats of the per-thread partial-tile buffer gemmPacked needs. */
export function tmpFloats(): i32 {
  return TMP_FLOATS;
}

/** Lanes [Σ s0, Σ s1, Σ s2, Σ s3]: four horizontal sums at once. */
@inline function hsum4(s0: v128, s1: v128, s2: v128, s3: v128): v128 {
  const x01 = f32x4.add(v128.shuffle<f32>(s0, s1, 0, 4, 1, 5), v128.shuffle<f32>(s0, s1, 2, 6, 3, 7));
  const x23 = f32x4.add(v128.shuffle<f32>(s2, s3, 0, 4, 1, 5), v128.shuffle<f32>(s2, s3, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(x01, x23, 0, 1, 4, 5), v128.shuffle<f32>(x01, x23, 2, 3, 6, 7));
}

/** Σ_p a[p]·w[p] over k floats as a vector of 4 partial sums. */
@inline function dot(a: usize, w: usize, k: i32): v128 {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  let p = 0;
  for (; p + 8 <= k; p += 8) {
    const q = <usize>p << 2;
    s0 = madd(v128.load(a + q), v128.load(w + q), s0);
    s1 = madd(v128.load(a + q, 16), v128.load(w + q, 16), s1);
  }
  for (; p < k; p += 4) {
    const q = <usize>p << 2;
    s0 = madd(ld(a + q, min(4, k - p)), ld(w + q, min(4, k - p)), s0);
  }
  return f32x4.add(s0, s1);
}

/**
 * C[i, j] = β·C[i, j] + Σ_p A[i, p]·W[j, p] by dot products, without packing: for m < MR
 * (streaming inference with batch 1), where packing W would cost more than the product. Four
 * rows of W at a time share each load of A and one transposing horizontal sum.
 */
export function gemmSmallNT(m: i32, n: i32, k: i32, a: usize, lda: i32, w: usize, ldw: i32, beta: f32, c: usize, ldc: i32): void {
  const ldwB = <usize>ldw << 2;
  for (let i = 0; i < m; i++) {
    const ai = a + (<usize>(i * lda) << 2);
    const ci = c + (<usize>(i * ldc) << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const w0 = w + (<usize>(j * ldw) << 2);
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        const q = <usize>p << 2;
        const av = v128.load(ai + q);
        s0 = madd(av, v128.load(w0 + q), s0);
        s1 = madd(av, v128.load(w0 + ldwB + q), s1);
        s2 = madd(av, v128.load(w0 + 2 * ldwB + q), s2);
        s3 = madd(av, v128.load(w0 + 3 * ldwB + q), s3);
      }
      if (p < k) {
        const q = <usize>p << 2, r = k - p;
        const av = ld(ai + q, r);
        s0 = madd(av, ld(w0 + q, r), s0);
        s1 = madd(av, ld(w0 + ldwB + q, r), s1);
        s2 = madd(av, ld(w0 + 2 * ldwB + q, r), s2);
        s3 = madd(av, ld(w0 + 3 * ldwB + q, r), s3);
      }
      const s = hsum4(s0, s1, s2, s3);
      const cp = ci + (<usize>j << 2);
      v128.store(cp, beta == 0 ? s : f32x4.add(f32x4.mul(v128.load(cp), f32x4.splat(beta)), s));
    }
    for (; j < n; j++) {
      const s0 = dot(ai, w + (<usize>(j * ldw) << 2), k);
      const s = f32x4.extract_lane(s0, 0) + f32x4.extract_lane(s0, 1) + f32x4.extract_lane(s0, 2) + f32x4.extract_lane(s0, 3);
      const cp = ci + (<usize>j << 2);
      store<f32>(cp, beta == 0 ? s : beta * load<f32>(cp) + s);
    }
  }
}

/**
 * `gemm` shared by `nt` threads (this one is `tid`), each result element computed exactly as on
 * one thread. Wide products (m ≤ n) split column panels: each thread packs and multiplies its
 * own, and packs all of op(A), the smaller operand. Tall ones split rows: every thread packs a
 * share of op(B), a barrier, then each multiplies its row block against all of packed op(B).
 * `aPack` and `tmp` are per-thread bases: thread tid uses aPackFloats() and TMP_FLOATS floats at tid.
 */
export function gemmMT(transA: bool, transB: bool, m: i32, n: i32, k: i32, alpha: f32, a: usize, lda: i32,
  b: usize, ldb: i32, beta: f32, c: usize, ldc: i32, bPack: usize, aPack: usize, tmp: usize, bar: usize, tid: i32, nt: i32): void {
  const panels = nPadOf(n) / NR;
  const ap = aPack + (<usize>(tid * MC * KC) << 2), tp = tmp + (<usize>(tid * TMP_FLOATS) << 2);
  const jp0 = part(panels, tid, nt, 1), jp1 = part(panels, tid + 1, nt, 1);
  packB(transB, k, n, b, ldb, bPack, jp0, jp1);
  if (m <= n || m < MR * nt) {
    gemmPacked(transA, m, n, k, alpha, a, lda, bPack, beta, c, ldc, ap, tp, jp0, jp1);
    return;
  }
  barrier(bar, nt);
  const i0 = part(m, tid, nt, MR), i1 = part(m, tid + 1, nt, MR);
  if (i1 > i0) {
    const a0 = a + (<usize>(transA ? i0 : i0 * lda) << 2);
    gemmPacked(transA, i1 - i0, n, k, alpha, a0, lda, bPack, beta, c + (<usize>(i0 * ldc) << 2), ldc, ap, tp, 0, panels);
  }
}
