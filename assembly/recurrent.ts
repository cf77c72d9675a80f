// Fused RNN / LSTM / GRU over a whole sequence, forward and BPTT backward, ported from
// src/backend/js/recurrent.ts (same equations, same saved tensors). Shapes (time-major):
// x [T, B, I], W_ih [G·H, I], W_hh [G·H, H], states [B, H], gates [T, B, G·H].
// Every buffer is a byte address chosen by the caller; 0 means "absent".

import { ld, st, vsigmoid, vtanh } from './simd';
import { gemm, gemmPacked, gemmSmallNT, nPadOf, packB, MR, NR } from './gemm';

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

/** Σ over rows of src [rows, cols] into out [cols]. */
function columnSums(src: usize, rows: i32, cols: i32, out: usize): void {
  memory.fill(out, 0, <usize>cols << 2);
  for (let r = 0; r < rows; r++) {
    const s = f(src, r * cols);
    for (let j = 0; j < cols; j += 4) {
      const n = min(4, cols - j);
      st(f(out, j), f32x4.add(ld(f(out, j), n), ld(f(s, j), n)), n);
    }
  }
}

/** Scratch (floats) the forward needs beyond its arguments; see recurrentForward. */
export function forwardScratch(kind: i32, T: i32, B: i32, I: i32, H: i32): i32 {
  const GH = gatesOf(kind) * H;
  const nPad = nPadOf(GH);
  return T * B * GH + 2 * B * H + B * GH + I * nPad + H * nPad;
}

/**
 * proj = X·W_ihᵀ + b_ih (+ b_hh except GRU) as one GEMM; then per step one GEMM of h against the
 * packed W_hhᵀ, accumulated into proj_t (GRU: into hh, as the n gate needs W_hn·h + b_hn alone),
 * followed by the vectorised gate math. `gates`/`hPrev`/`aux`/`cNew` are filled when non-zero.
 */
export function recurrentForward(kind: i32, T: i32, B: i32, I: i32, H: i32, x: usize, wIh: usize, wHh: usize,
  bIh: usize, bHh: usize, lengths: usize, reverse: bool, h0: usize, c0: usize, out: usize, hN: usize, cN: usize,
  gates: usize, hPrev: usize, aux: usize, cNew: usize, scratch: usize, aPack: usize, tmp: usize): void {
  const G = gatesOf(kind);
  const GH = G * H;
  const TB = T * B;
  const nPad = nPadOf(GH);
  const panels = nPad / NR;
  const proj = scratch;
  const h = f(proj, TB * GH);
  const c = f(h, B * H);
  const hh = f(c, B * H);
  const pIh = f(hh, B * GH);
  const pHh = f(pIh, I * nPad);

  // Fewer rows than a micro-kernel tile (batch-1 streaming): dot products on the unpacked weights.
  const small = B < MR;
  if (TB < MR) gemmSmallNT(TB, GH, I, x, I, wIh, I, 0, proj, GH);
  else {
    packB(true, I, GH, wIh, I, pIh, 0, panels);
    gemmPacked(false, TB, GH, I, 1, x, I, pIh, 0, proj, GH, aPack, tmp, 0, panels);
  }
  for (let r = 0; r < TB; r++) {
    const pr = f(proj, r * GH);
    for (let j = 0; j < GH; j += 4) {
      const n = min(4, GH - j);
      let v = ld(f(pr, j), n);
      if (bIh) v = f32x4.add(v, ld(f(bIh, j), n));
      if (bHh && kind != GRU) v = f32x4.add(v, ld(f(bHh, j), n));
      st(f(pr, j), v, n);
    }
  }
  memory.copy(h, h0, <usize>(B * H) << 2);
  if (kind == LSTM) {
    if (c0) memory.copy(c, c0, <usize>(B * H) << 2);
    else memory.fill(c, 0, <usize>(B * H) << 2);
  }
  if (!small) packB(true, H, GH, wHh, H, pHh, 0, panels);

  for (let s = 0; s < T; s++) {
    const t = reverse ? T - 1 - s : s;
    if (hPrev) memory.copy(f(hPrev, t * B * H), h, <usize>(B * H) << 2);
    const pt = f(proj, t * B * GH);
    if (small) {
      if (kind == GRU) gemmSmallNT(B, GH, H, h, H, wHh, H, 0, hh, GH);
      else gemmSmallNT(B, GH, H, h, H, wHh, H, 1, pt, GH);
    } else if (kind == GRU) gemmPacked(false, B, GH, H, 1, h, H, pHh, 0, hh, GH, aPack, tmp, 0, panels);
    else gemmPacked(false, B, GH, H, 1, h, H, pHh, 1, pt, GH, aPack, tmp, 0, panels);
    for (let b = 0; b < B; b++) {
      const o = (t * B + b) * H;
      const pr = f(pt, b * GH);
      const gr = gates ? f(gates, (t * B + b) * GH) : 0;
      const hb = f(h, b * H);
      const cb = f(c, b * H);
      if (!active(lengths, b, t)) {
        memory.fill(f(out, o), 0, <usize>H << 2);
        if (gr) memory.fill(gr, 0, <usize>GH << 2);
        if (kind == LSTM && aux) memory.copy(f(aux, o), cb, <usize>H << 2);
        if (kind == LSTM && cNew) memory.copy(f(cNew, o), cb, <usize>H << 2);
        if (kind == GRU && aux) memory.fill(f(aux, o), 0, <usize>H << 2);
        continue;
      }
      for (let j = 0; j < H; j += 4) {
        const n = min(4, H - j);
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
        st(f(hb, j), hv, n);
        st(f(out, o + j), hv, n);
      }
    }
  }
  memory.copy(hN, h, <usize>(B * H) << 2);
  if (kind == LSTM && cN) memory.copy(cN, c, <usize>(B * H) << 2);
}

/** Scratch (floats) the backward needs; see recurrentBackward. */
export function backwardScratch(kind: i32, T: i32, B: i32, I: i32, H: i32): i32 {
  const GH = gatesOf(kind) * H;
  const TB = T * B;
  const packs = max(GH * nPadOf(H), max(GH * nPadOf(I), max(TB * nPadOf(I), TB * nPadOf(H))));
  return TB * GH * (kind == GRU ? 2 : 1) + 4 * B * H + GH * nPadOf(H) + packs;
}

/**
 * BPTT: per step (reverse processing order) the gate gradients dG, then dh_{t-1} = dG_h,t·W_hh
 * with W_hh packed once; afterwards dX = dG·W_ih, dW_ih = dGᵀ·X, dW_hh = dG_hᵀ·H_prev and the
 * bias sums, each one GEMM over all steps.
 */
export function recurrentBackward(kind: i32, T: i32, B: i32, I: i32, H: i32, x: usize, wIh: usize, wHh: usize,
  lengths: usize, reverse: bool, gates: usize, hPrev: usize, aux: usize, cNew: usize,
  dOut: usize, dhN: usize, dcN: usize, dx: usize, dWIh: usize, dWHh: usize, dBIh: usize, dBHh: usize,
  dh0: usize, dc0: usize, scratch: usize, aPack: usize, tmp: usize): void {
  const G = gatesOf(kind);
  const GH = G * H;
  const TB = T * B;
  const BH = <usize>(B * H) << 2;
  const dG = scratch;
  const dGh = kind == GRU ? f(dG, TB * GH) : dG;
  const dh = f(dG, TB * GH * (kind == GRU ? 2 : 1));
  const dc = f(dh, B * H);
  const dhPrev = f(dc, B * H);
  const direct = f(dhPrev, B * H);
  const pHh = f(direct, B * H);
  const pack = f(pHh, GH * nPadOf(H));

  memory.fill(dG, 0, <usize>(TB * GH * (kind == GRU ? 2 : 1)) << 2);
  if (dhN) memory.copy(dh, dhN, BH); else memory.fill(dh, 0, BH);
  if (dcN) memory.copy(dc, dcN, BH); else memory.fill(dc, 0, BH);
  const hPanels = nPadOf(H) / NR;
  packB(false, GH, H, wHh, H, pHh, 0, hPanels);

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
      for (let j = 0; j < H; j += 4) {
        const n = min(4, H - j);
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
    // dh_{t-1} = dG_h,t [B, GH] · W_hh [GH, H]
    gemmPacked(false, B, H, GH, 1, f(dGh, t * B * GH), GH, pHh, 0, dhPrev, H, aPack, tmp, 0, hPanels);
    for (let b = 0; b < B; b++) {
      if (!active(lengths, b, t)) continue;
      for (let j = 0; j < H; j += 4) {
        const n = min(4, H - j);
        let v = ld(f(dhPrev, b * H + j), n);
        if (kind == GRU) v = f32x4.add(v, ld(f(direct, b * H + j), n));
        st(f(dh, b * H + j), v, n);
      }
    }
  }
  memory.copy(dh0, dh, BH);
  if (kind == LSTM && dc0) memory.copy(dc0, dc, BH);
  if (dx) gemm(false, false, TB, I, GH, 1, dG, GH, wIh, I, 0, dx, I, pack, aPack, tmp);
  gemm(true, false, GH, I, TB, 1, dG, GH, x, I, 0, dWIh, I, pack, aPack, tmp);
  gemm(true, false, GH, H, TB, 1, dGh, GH, hPrev, H, 0, dWHh, H, pack, aPack, tmp);
  if (dBIh) columnSums(dG, TB, GH, dBIh);
  if (dBHh) columnSums(dGh, TB, GH, dBHh);
}
