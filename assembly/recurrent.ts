// Fused RNN / LSTM / GRU over a whole sequence, forward and BPTT backward, ported from
// src/backend/js/recurrent.ts (same equations, same saved tensors). Shapes (time-major):
// x [T, B, I], W_ih [G·H, I], W_hh [G·H, H], states [B, H], gates [T, B, G·H].
// Every buffer is a byte address chosen by the caller; 0 means "absent".

import { ld, st, vsigmoid, vtanh } from './simd';
import { gemmMT, gemmPacked, gemmSmallNT, nPadOf, packB, KC, MC, MR, NR, TMP_FLOATS } from './gemm';
import { barrier, part } from './sync';

export const RNN_TANH: i32 = 0;
export const RNN_RELU: i32 = 1;
export const LSTM: i32 = 2;
export const GRU: i32 = 3;

@inline function gatesOf(kind: i32): i32 {
  return kind == LSTM ? 4 : kind == GRU ? 3 : 1;
}

@inline function f(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

@inline function active(lengths: usize, b: i32, t: i32): bool {
  return lengths == 0 || t < load<i32>(f(lengths, b));
}

/**
 * Scratch (floats) the forward needs beyond its arguments; see recurrentForward. Counted in f64,
 * so that a request past the 2 GiB memory is reported as such instead of wrapping in i32.
 */
export function forwardScratch(kind: i32, T: i32, B: i32, I: i32, H: i32): f64 {
  const GH = <f64>(gatesOf(kind) * H);
  const nPad = <f64>nPadOf(gatesOf(kind) * H);
  return <f64>T * <f64>B * GH + 3 * <f64>B * <f64>H + <f64>B * GH + <f64>I * nPad + <f64>H * nPad;
}

/** Copy columns [u0, u1) of `rows` rows of width `ld` (floats) from src to dst. */
@inline function copyCols(dst: usize, src: usize, rows: i32, ld: i32, u0: i32, u1: i32): void {
  for (let r = 0; r < rows; r++) memory.copy(f(dst, r * ld + u0), f(src, r * ld + u0), <usize>(u1 - u0) << 2);
}

/** Zero columns [u0, u1) of `rows` rows of width `ld`. */
@inline function zeroCols(dst: usize, rows: i32, ld: i32, u0: i32, u1: i32): void {
  for (let r = 0; r < rows; r++) memory.fill(f(dst, r * ld + u0), 0, <usize>(u1 - u0) << 2);
}

/**
 * C[:, gate columns of units u0..u1) = A·Wᵀ (+ β·C) for a weight packed by packB into `packed`:
 * one product over every panel when the thread owns all units (any H), else one per gate over
 * the panels of its units (H a multiple of NR, so units and panels align).
 */
function gemmGates(m: i32, GH: i32, k: i32, a: usize, lda: i32, packed: usize, beta: f32, c: usize, ldc: i32,
  aPack: usize, tmp: usize, H: i32, u0: i32, u1: i32, G: i32): void {
  if (u0 == 0 && u1 == H) {
    gemmPacked(false, m, GH, k, 1, a, lda, packed, beta, c, ldc, aPack, tmp, 0, nPadOf(GH) / NR);
    return;
  }
  for (let g = 0; g < G; g++) gemmPacked(false, m, GH, k, 1, a, lda, packed, beta, c, ldc, aPack, tmp, (g * H + u0) / NR, (g * H + u1) / NR);
}

/** packB of Wᵀ (W [GH, k]) restricted to the panels of the gate columns of units u0..u1. */
function packGates(k: i32, GH: i32, w: usize, dst: usize, H: i32, u0: i32, u1: i32, G: i32): void {
  if (u0 == 0 && u1 == H) {
    packB(true, k, GH, w, k, dst, 0, nPadOf(GH) / NR);
    return;
  }
  for (let g = 0; g < G; g++) packB(true, k, GH, w, k, dst, (g * H + u0) / NR, (g * H + u1) / NR);
}

/** C[:, gate columns of units u0..u1) (=|+=) A·Wᵀ by dot products (fewer rows than MR). */
function smallGates(m: i32, GH: i32, k: i32, a: usize, lda: i32, w: usize, beta: f32, c: usize, ldc: i32, H: i32, u0: i32, u1: i32, G: i32): void {
  if (u0 == 0 && u1 == H) {
    gemmSmallNT(m, GH, k, a, lda, w, k, beta, c, ldc);
    return;
  }
  for (let g = 0; g < G; g++) gemmSmallNT(m, u1 - u0, k, a, lda, f(w, (g * H + u0) * k), k, beta, f(c, g * H + u0), ldc);
}

/**
 * proj = X·W_ihᵀ + b_ih (+ b_hh except GRU) as one GEMM; then per step one GEMM of h against the
 * packed W_hhᵀ, accumulated into proj_t (GRU: into hh, as the n gate needs W_hn·h + b_hn alone),
 * followed by the vectorised gate math. `gates`/`hPrev`/`aux`/`cNew` are filled when non-zero.
 *
 * Threads: thread `tid` of `nt` owns hidden units [u0, u1) (multiples of NR) and everything
 * indexed by them: their gate columns of proj and of each step's product, their part of the cell
 * state and of every output. h is double-buffered, so one barrier per step (all of h_t written
 * before anyone multiplies by it) is the only synchronisation. With nt = 1 this is the plain
 * single-thread kernel; each value is computed the same way for every nt.
 */
export function recurrentForward(kind: i32, T: i32, B: i32, I: i32, H: i32, x: usize, wIh: usize, wHh: usize,
  bIh: usize, bHh: usize, lengths: usize, reverse: bool, h0: usize, c0: usize, out: usize, hN: usize, cN: usize,
  gates: usize, hPrev: usize, aux: usize, cNew: usize, scratch: usize, aPack0: usize, tmp0: usize,
  bar: usize, tid: i32, nt: i32): void {
  const G = gatesOf(kind);
  const GH = G * H;
  const TB = T * B;
  const nPad = nPadOf(GH);
  const proj = scratch;
  let hCur = f(proj, TB * GH);
  let hNext = f(hCur, B * H);
  const c = f(hNext, B * H);
  const hh = f(c, B * H);
  const pIh = f(hh, B * GH);
  const pHh = f(pIh, I * nPad);
  const aPack = aPack0 + (<usize>(tid * MC * KC) << 2), tmp = tmp0 + (<usize>(tid * TMP_FLOATS) << 2);
  const u0 = part(H, tid, nt, NR), u1 = part(H, tid + 1, nt, NR);
  const U = u1 - u0;

  // Fewer rows than a micro-kernel tile (batch-1 streaming): dot products on the unpacked weights.
  const small = B < MR;
  if (TB < MR) smallGates(TB, GH, I, x, I, wIh, 0, proj, GH, H, u0, u1, G);
  else {
    packGates(I, GH, wIh, pIh, H, u0, u1, G);
    gemmGates(TB, GH, I, x, I, pIh, 0, proj, GH, aPack, tmp, H, u0, u1, G);
  }
  if (bIh || (bHh && kind != GRU)) {
    for (let r = 0; r < TB; r++) {
      for (let g = 0; g < G; g++) {
        const pr = f(proj, r * GH + g * H);
        for (let j = u0; j < u1; j += 4) {
          const n = min(4, u1 - j);
          let v = ld(f(pr, j), n);
          if (bIh) v = f32x4.add(v, ld(f(bIh, g * H + j), n));
          if (bHh && kind != GRU) v = f32x4.add(v, ld(f(bHh, g * H + j), n));
          st(f(pr, j), v, n);
        }
      }
    }
  }
  copyCols(hCur, h0, B, H, u0, u1);
  if (kind == LSTM) {
    if (c0) copyCols(c, c0, B, H, u0, u1);
    else zeroCols(c, B, H, u0, u1);
  }
  if (!small) packGates(H, GH, wHh, pHh, H, u0, u1, G);
  barrier(bar, nt);

  for (let s = 0; s < T; s++) {
    const t = reverse ? T - 1 - s : s;
    if (hPrev) copyCols(f(hPrev, t * B * H), hCur, B, H, u0, u1);
    const pt = f(proj, t * B * GH);
    if (small) {
      if (kind == GRU) smallGates(B, GH, H, hCur, H, wHh, 0, hh, GH, H, u0, u1, G);
      else smallGates(B, GH, H, hCur, H, wHh, 1, pt, GH, H, u0, u1, G);
    } else if (kind == GRU) gemmGates(B, GH, H, hCur, H, pHh, 0, hh, GH, aPack, tmp, H, u0, u1, G);
    else gemmGates(B, GH, H, hCur, H, pHh, 1, pt, GH, aPack, tmp, H, u0, u1, G);
    for (let b = 0; b < B; b++) {
      const o = (t * B + b) * H;
      const pr = f(pt, b * GH);
      const gr = gates ? f(gates, (t * B + b) * GH) : 0;
      const hb = f(hCur, b * H);
      const hnb = f(hNext, b * H);
      const cb = f(c, b * H);
      if (!active(lengths, b, t)) {
        memory.copy(f(hnb, u0), f(hb, u0), <usize>U << 2);
        memory.fill(f(out, o + u0), 0, <usize>U << 2);
        if (gr) for (let g = 0; g < G; g++) memory.fill(f(gr, g * H + u0), 0, <usize>U << 2);
        if (kind == LSTM && aux) memory.copy(f(aux, o + u0), f(cb, u0), <usize>U << 2);
        if (kind == LSTM && cNew) memory.copy(f(cNew, o + u0), f(cb, u0), <usize>U << 2);
        if (kind == GRU && aux) memory.fill(f(aux, o + u0), 0, <usize>U << 2);
        continue;
      }
      for (let j = u0; j < u1; j += 4) {
        const n = min(4, u1 - j);
        let hv: v128;
        if (kind == LSTM) {
          const ig = vsigmoid(ld(f(pr, j), n));
          const fg = vsigmoid(ld(f(pr, H + j), n));
          const gg = vtanh(ld(f(pr, 2 * H + j), n));
          const og = vsigmoid(ld(f(pr, 3 * H + j), n));
          const cp = ld(f(cb, j), n);
          const cn = f32x4.add(f32x4.mul(fg, cp), f32x4.mul(ig, gg));
          hv = f32x4.mul(og, vtanh(cn));
          st(f(cb, j), cn, n);
          if (gr) {
            st(f(gr, j), ig, n); st(f(gr, H + j), fg, n); st(f(gr, 2 * H + j), gg, n); st(f(gr, 3 * H + j), og, n);
          }
          if (aux) st(f(aux, o + j), cp, n);
          if (cNew) st(f(cNew, o + j), cn, n);
        } else if (kind == GRU) {
          const hr = f(hh, b * GH);
          const r = vsigmoid(f32x4.add(ld(f(pr, j), n), f32x4.add(ld(f(hr, j), n), bHh ? ld(f(bHh, j), n) : f32x4.splat(0))));
          const z = vsigmoid(f32x4.add(ld(f(pr, H + j), n), f32x4.add(ld(f(hr, H + j), n), bHh ? ld(f(bHh, H + j), n) : f32x4.splat(0))));
          const hn = f32x4.add(ld(f(hr, 2 * H + j), n), bHh ? ld(f(bHh, 2 * H + j), n) : f32x4.splat(0));
          const nn = vtanh(f32x4.add(ld(f(pr, 2 * H + j), n), f32x4.mul(r, hn)));
          hv = f32x4.add(f32x4.mul(f32x4.sub(f32x4.splat(1), z), nn), f32x4.mul(z, ld(f(hb, j), n)));
          if (gr) {
            st(f(gr, j), r, n); st(f(gr, H + j), z, n); st(f(gr, 2 * H + j), nn, n);
          }
          if (aux) st(f(aux, o + j), hn, n);
        } else {
          const pre = ld(f(pr, j), n);
          hv = kind == RNN_TANH ? vtanh(pre) : v128.and(pre, f32x4.gt(pre, f32x4.splat(0))); // NaN → 0, as the reference
          if (gr) st(f(gr, j), hv, n);
        }
        st(f(hnb, j), hv, n);
        st(f(out, o + j), hv, n);
      }
    }
    const swap = hCur;
    hCur = hNext;
    hNext = swap;
    barrier(bar, nt);
  }
  copyCols(hN, hCur, B, H, u0, u1);
  if (kind == LSTM && cN) copyCols(cN, c, B, H, u0, u1);
}

/** Scratch (floats) the backward needs; see recurrentBackward. Counted in f64, as forwardScratch. */
export function backwardScratch(kind: i32, T: i32, B: i32, I: i32, H: i32): f64 {
  const GH = <f64>(gatesOf(kind) * H);
  const TB = <f64>T * <f64>B;
  const padH = <f64>nPadOf(H), padI = <f64>nPadOf(I);
  const packs = max(GH * padH, max(GH * padI, max(TB * padI, TB * padH)));
  return TB * GH * (kind == GRU ? 2 : 1) + 4 * <f64>B * <f64>H + GH * padH + packs;
}

/** out[c0..c1) = Σ over rows of src [rows, cols] (columns c0..c1 only). */
function columnSums(src: usize, rows: i32, cols: i32, c0: i32, c1: i32, out: usize): void {
  memory.fill(f(out, c0), 0, <usize>(c1 - c0) << 2);
  for (let r = 0; r < rows; r++) {
    const s = f(src, r * cols);
    for (let j = c0; j < c1; j += 4) {
      const n = min(4, c1 - j);
      st(f(out, j), f32x4.add(ld(f(out, j), n), ld(f(s, j), n)), n);
    }
  }
}

/** acc (f64x2) + the squares of the four lanes of v (f32x4), each promoted to f64 first. */
@inline function addSquares(acc: v128, v: v128): v128 {
  const lo = f64x2.promote_low_f32x4(v);
  const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
  return f64x2.add(acc, f64x2.add(f64x2.mul(lo, lo), f64x2.mul(hi, hi)));
}

/** Chunks of NR hidden units whose squared gradient norms the backward reports per step. */
export function gradNormChunks(H: i32): i32 {
  return (H + NR - 1) / NR;
}

/**
 * out[c] (f64) = Σ dh[b, j]² over the sequences b active at step t and the units j of chunk c
 * (units [c·NR, c·NR + NR)), for the chunks in [u0, u1). A thread's units are whole chunks, so
 * each sum is formed the same way for every thread count.
 */
function chunkSquares(dh: usize, B: i32, H: i32, lengths: usize, t: i32, u0: i32, u1: i32, out: usize): void {
  for (let c0 = u0; c0 < u1; c0 += NR) {
    const c1 = min(c0 + NR, u1);
    let acc = f64x2.splat(0);
    for (let b = 0; b < B; b++) {
      if (!active(lengths, b, t)) continue;
      for (let j = c0; j < c1; j += 4) acc = addSquares(acc, ld(f(dh, b * H + j), min(4, c1 - j)));
    }
    store<f64>(out + (<usize>(c0 / NR) << 3), f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1));
  }
}

/** out[t] (f64) = Σ src[t, :]² for the steps t in [t0, t1) of src [T, n]. */
function rowSquares(src: usize, n: i32, t0: i32, t1: i32, out: usize): void {
  for (let t = t0; t < t1; t++) {
    const row = f(src, t * n);
    let acc = f64x2.splat(0);
    for (let i = 0; i < n; i += 4) acc = addSquares(acc, ld(f(row, i), min(4, n - i)));
    store<f64>(out + (<usize>t << 3), f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1));
  }
}

/**
 * BPTT: per step (reverse processing order) the gate gradients dG, then dh_{t-1} = dG_h,t·W_hh
 * with W_hh packed once; afterwards dX = dG·W_ih, dW_ih = dGᵀ·X, dW_hh = dG_hᵀ·H_prev and the
 * bias sums, each one GEMM over all steps.
 *
 * Gradient norms (when non-zero): hSq [T, gradNormChunks(H)] f64 receives, per step t, the
 * squared norm of ∂L/∂h_t chunk by chunk (chunkSquares, while dh_t is at hand), and xSq [T] f64
 * each step's Σ dX² (needs dx); the caller adds the chunks and takes square roots.
 *
 * Threads (as recurrentForward): thread `tid` owns hidden units [u0, u1): their gate columns of
 * dG and their columns of dh_{t-1}. One barrier per step (all of dG_t written before anyone
 * multiplies by it); the closing GEMMs are shared by gemmMT, with barriers between them as they
 * reuse one packing buffer.
 */
export function recurrentBackward(kind: i32, T: i32, B: i32, I: i32, H: i32, x: usize, wIh: usize, wHh: usize,
  lengths: usize, reverse: bool, gates: usize, hPrev: usize, aux: usize, cNew: usize,
  dOut: usize, dhN: usize, dcN: usize, dx: usize, dWIh: usize, dWHh: usize, dBIh: usize, dBHh: usize,
  dh0: usize, dc0: usize, hSq: usize, xSq: usize, scratch: usize, aPack0: usize, tmp0: usize, bar: usize, tid: i32, nt: i32): void {
  const G = gatesOf(kind);
  const GH = G * H;
  const TB = T * B;
  const dG = scratch;
  const dGh = kind == GRU ? f(dG, TB * GH) : dG;
  const dh = f(dG, TB * GH * (kind == GRU ? 2 : 1));
  const dc = f(dh, B * H);
  const dhPrev = f(dc, B * H);
  const direct = f(dhPrev, B * H);
  const pHh = f(direct, B * H);
  const pack = f(pHh, GH * nPadOf(H));
  const aPack = aPack0 + (<usize>(tid * MC * KC) << 2), tmp = tmp0 + (<usize>(tid * TMP_FLOATS) << 2);
  const u0 = part(H, tid, nt, NR), u1 = part(H, tid + 1, nt, NR);
  const U = u1 - u0;
  const hp0 = u0 == 0 && u1 == H ? 0 : u0 / NR, hp1 = u0 == 0 && u1 == H ? nPadOf(H) / NR : u1 / NR;
  const nChunks = gradNormChunks(H);

  const dGn = TB * GH * (kind == GRU ? 2 : 1);
  const z0 = part(dGn, tid, nt, 16), z1 = part(dGn, tid + 1, nt, 16);
  memory.fill(f(dG, z0), 0, <usize>(z1 - z0) << 2);
  if (dhN) copyCols(dh, dhN, B, H, u0, u1); else zeroCols(dh, B, H, u0, u1);
  if (dcN) copyCols(dc, dcN, B, H, u0, u1); else zeroCols(dc, B, H, u0, u1);
  packB(false, GH, H, wHh, H, pHh, hp0, hp1);
  barrier(bar, nt);

  for (let s = T - 1; s >= 0; s--) {
    const t = reverse ? T - 1 - s : s;
    for (let b = 0; b < B; b++) {
      if (!active(lengths, b, t)) continue;
      const o = (t * B + b) * H;
      const gr = f(gates, (t * B + b) * GH);
      const dgr = f(dG, (t * B + b) * GH);
      const dghr = f(dGh, (t * B + b) * GH);
      const dhb = f(dh, b * H);
      const dcb = f(dc, b * H);
      for (let j = u0; j < u1; j += 4) {
        const n = min(4, u1 - j);
        let dhv = ld(f(dhb, j), n);
        if (dOut) {
          dhv = f32x4.add(dhv, ld(f(dOut, o + j), n));
          st(f(dhb, j), dhv, n);
        }
        const one = f32x4.splat(1);
        if (kind == RNN_TANH) {
          const y = ld(f(gr, j), n);
          st(f(dgr, j), f32x4.mul(dhv, f32x4.sub(one, f32x4.mul(y, y))), n);
        } else if (kind == RNN_RELU) {
          const y = ld(f(gr, j), n);
          st(f(dgr, j), v128.and(dhv, f32x4.gt(y, f32x4.splat(0))), n);
        } else if (kind == LSTM) {
          const ig = ld(f(gr, j), n), fg = ld(f(gr, H + j), n), gg = ld(f(gr, 2 * H + j), n), og = ld(f(gr, 3 * H + j), n);
          const tc = vtanh(ld(f(cNew, o + j), n));
          const dct = f32x4.add(ld(f(dcb, j), n), f32x4.mul(f32x4.mul(dhv, og), f32x4.sub(one, f32x4.mul(tc, tc))));
          st(f(dgr, j), f32x4.mul(f32x4.mul(f32x4.mul(dct, gg), ig), f32x4.sub(one, ig)), n);
          st(f(dgr, H + j), f32x4.mul(f32x4.mul(f32x4.mul(dct, ld(f(aux, o + j), n)), fg), f32x4.sub(one, fg)), n);
          st(f(dgr, 2 * H + j), f32x4.mul(f32x4.mul(dct, ig), f32x4.sub(one, f32x4.mul(gg, gg))), n);
          st(f(dgr, 3 * H + j), f32x4.mul(f32x4.mul(f32x4.mul(dhv, tc), og), f32x4.sub(one, og)), n);
          st(f(dcb, j), f32x4.mul(dct, fg), n);
        } else {
          const r = ld(f(gr, j), n), z = ld(f(gr, H + j), n), nn = ld(f(gr, 2 * H + j), n);
          const dnp = f32x4.mul(f32x4.mul(dhv, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(nn, nn)));
          const drp = f32x4.mul(f32x4.mul(f32x4.mul(dnp, ld(f(aux, o + j), n)), r), f32x4.sub(one, r));
          const dzp = f32x4.mul(f32x4.mul(f32x4.mul(dhv, f32x4.sub(ld(f(hPrev, o + j), n), nn)), z), f32x4.sub(one, z));
          st(f(dgr, j), drp, n); st(f(dgr, H + j), dzp, n); st(f(dgr, 2 * H + j), dnp, n);
          st(f(dghr, j), drp, n); st(f(dghr, H + j), dzp, n); st(f(dghr, 2 * H + j), f32x4.mul(dnp, r), n);
          st(f(direct, b * H + j), f32x4.mul(dhv, z), n);
        }
      }
    }
    // dh holds ∂L/∂h_t of the active sequences now: from out_t, and from step t+1 (or hN).
    if (hSq) chunkSquares(dh, B, H, lengths, t, u0, u1, hSq + (<usize>(t * nChunks) << 3));
    barrier(bar, nt);
    // dh_{t-1}[:, u0..u1) = dG_h,t [B, GH] · W_hh [GH, u0..u1)
    gemmPacked(false, B, H, GH, 1, f(dGh, t * B * GH), GH, pHh, 0, dhPrev, H, aPack, tmp, hp0, hp1);
    for (let b = 0; b < B; b++) {
      if (!active(lengths, b, t)) continue;
      for (let j = u0; j < u1; j += 4) {
        const n = min(4, u1 - j);
        let v = ld(f(dhPrev, b * H + j), n);
        if (kind == GRU) v = f32x4.add(v, ld(f(direct, b * H + j), n));
        st(f(dh, b * H + j), v, n);
      }
    }
  }
  copyCols(dh0, dh, B, H, u0, u1);
  if (kind == LSTM && dc0) copyCols(dc0, dc, B, H, u0, u1);
  // Every dG_t is complete: each step's barrier came after its dG_t was written.
  if (dx) {
    gemmMT(false, false, TB, I, GH, 1, dG, GH, wIh, I, 0, dx, I, pack, aPack0, tmp0, bar, tid, nt);
    barrier(bar, nt);
    // Nothing writes dx from here on: each thread sums the rows of its own steps.
    if (xSq) rowSquares(dx, B * I, part(T, tid, nt, 1), part(T, tid + 1, nt, 1), xSq);
  }
  gemmMT(true, false, GH, I, TB, 1, dG, GH, x, I, 0, dWIh, I, pack, aPack0, tmp0, bar, tid, nt);
  barrier(bar, nt);
  gemmMT(true, false, GH, H, TB, 1, dGh, GH, hPrev, H, 0, dWHh, H, pack, aPack0, tmp0, bar, tid, nt);
  const c0 = part(GH, tid, nt, 4), c1 = part(GH, tid + 1, nt, 4);
  if (dBIh) columnSums(dG, TB, GH, c0, c1, dBIh);
  if (dBHh) columnSums(dGh, TB, GH, c0, c1, dBHh);
}
