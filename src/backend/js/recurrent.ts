import type { Arr } from '../../tensor/dtype.js';
import { gatesOf, type RecurrentBackwardArgs, type RecurrentForwardArgs } from '../backend.js';
import { gemm } from './gemm.js';
import { sigmoid } from './elementwise.js';
import { columnSums, newLike, stepNorms } from './recurrent-util.js';
import { gruResetBeforeBackward, gruResetBeforeForward } from './gru-reset-before.js';

/**
 * Fused forward of one recurrent layer direction over the whole sequence.
 *   proj = X·W_ihᵀ + b_ih                      (one GEMM for all T steps)
 *   per step t: hh = h_{t-1}·W_hhᵀ + b_hh      (one GEMM on packed gates)
 *   RNN:  h_t = act(proj_t + hh)
 *   LSTM: i,f,g,o = σ,σ,tanh,σ(proj_t + hh);  c_t = f⊙c_{t-1} + i⊙g;  h_t = o⊙tanh(c_t)
 *   GRU:  r,z = σ(proj_t + hh);  n = tanh(proj_n + r⊙hh_n);  h_t = (1−z)⊙n + z⊙h_{t-1}
 * GRU with the reset gate before the hidden projection has its own kernel (gru-reset-before.ts).
 */
export function recurrentForward(a: RecurrentForwardArgs): void {
  if (a.kind === 'gru_reset_before') return gruResetBeforeForward(a);
  const { kind, T, B, I, H, x, wIh, wHh, bIh, bHh, lengths, reverse, out, saved } = a;
  const G = gatesOf(kind);
  const GH = G * H;
  // X [T·B, I] · W_ihᵀ [I, GH] → proj [T·B, GH]
  const proj = newLike(out, T * B * GH);
  gemm({ transA: false, transB: true, m: T * B, n: GH, k: I, alpha: 1, a: x, aOffset: 0, lda: I, b: wIh, bOffset: 0, ldb: I, beta: 0, c: proj, cOffset: 0, ldc: GH });
  if (bIh) for (let r = 0; r < T * B; r++) for (let j = 0; j < GH; j++) proj[r * GH + j] += bIh[j];

  const h = newLike(out, B * H);
  h.set(a.h0);
  const c = kind === 'lstm' ? newLike(out, B * H) : null;
  if (c && a.c0) c.set(a.c0);
  const hh = newLike(out, B * GH);
  const scratch = saved ? null : newLike(out, B * GH);

  for (let s = 0; s < T; s++) {
    const t = reverse ? T - 1 - s : s;
    if (saved) saved.hPrev.set(h, t * B * H);
    gemm({ transA: false, transB: true, m: B, n: GH, k: H, alpha: 1, a: h, aOffset: 0, lda: H, b: wHh, bOffset: 0, ldb: H, beta: 0, c: hh, cOffset: 0, ldc: GH });
    if (bHh) for (let r = 0; r < B; r++) for (let j = 0; j < GH; j++) hh[r * GH + j] += bHh[j];
    const gts = saved ? saved.gates : (scratch as Arr);
    for (let b = 0; b < B; b++) {
      const o = (t * B + b) * H; // row of out / hPrev / aux
      const pr = (t * B + b) * GH; // row of proj
      const gr = saved ? pr : b * GH; // row of gates
      const hr = b * GH; // row of hh
      if (lengths && t >= lengths[b]) {
        for (let j = 0; j < H; j++) out[o + j] = 0;
        for (let j = 0; j < GH; j++) gts[gr + j] = 0;
        if (saved?.aux && c) saved.aux.set(c.subarray(b * H, b * H + H), o);
        if (saved?.cNew && c) saved.cNew.set(c.subarray(b * H, b * H + H), o);
        continue;
      }
      if (kind === 'rnn_tanh' || kind === 'rnn_relu') {
        for (let j = 0; j < H; j++) {
          const pre = proj[pr + j] + hh[hr + j];
          const v = kind === 'rnn_tanh' ? Math.tanh(pre) : pre > 0 ? pre : 0;
          gts[gr + j] = v;
          h[b * H + j] = v;
          out[o + j] = v;
        }
      } else if (kind === 'lstm') {
        const cc = c as Arr;
        for (let j = 0; j < H; j++) {
          const ig = sigmoid(proj[pr + j] + hh[hr + j]);
          const fg = sigmoid(proj[pr + H + j] + hh[hr + H + j]);
          const gg = Math.tanh(proj[pr + 2 * H + j] + hh[hr + 2 * H + j]);
          const og = sigmoid(proj[pr + 3 * H + j] + hh[hr + 3 * H + j]);
          gts[gr + j] = ig;
          gts[gr + H + j] = fg;
          gts[gr + 2 * H + j] = gg;
          gts[gr + 3 * H + j] = og;
          const cp = cc[b * H + j];
          if (saved?.aux) saved.aux[o + j] = cp;
          const cn = fg * cp + ig * gg;
          cc[b * H + j] = cn;
          if (saved?.cNew) saved.cNew[o + j] = cn;
          const hv = og * Math.tanh(cn);
          h[b * H + j] = hv;
          out[o + j] = hv;
        }
      } else {
        for (let j = 0; j < H; j++) {
          const r = sigmoid(proj[pr + j] + hh[hr + j]);
          const z = sigmoid(proj[pr + H + j] + hh[hr + H + j]);
          const hn = hh[hr + 2 * H + j];
          const n = Math.tanh(proj[pr + 2 * H + j] + r * hn);
          gts[gr + j] = r;
          gts[gr + H + j] = z;
          gts[gr + 2 * H + j] = n;
          if (saved?.aux) saved.aux[o + j] = hn;
          const hv = (1 - z) * n + z * h[b * H + j];
          h[b * H + j] = hv;
          out[o + j] = hv;
        }
      }
    }
  }
  a.hN.set(h);
  if (a.cN && c) a.cN.set(c);
}

/**
 * Backpropagation through time for recurrentForward. Walks the steps in reverse processing
 * order, producing per-step gate gradients; the weight gradients are then three GEMMs over all
 * steps at once: dW_ih = dGᵀ·X, dW_hh = dG_hᵀ·H_prev, dX = dG·W_ih. With `norms`, the walk also
 * sums each step's dh_t² and the end each step's rows of dX² (see RecurrentGradNorms).
 */
export function recurrentBackward(a: RecurrentBackwardArgs): void {
  if (a.kind === 'gru_reset_before') return gruResetBeforeBackward(a);
  const { kind, T, B, I, H, x, wIh, wHh, lengths, reverse, saved, dOut } = a;
  const G = gatesOf(kind);
  const GH = G * H;
  const dG = newLike(a.dWIh, T * B * GH); // gradient w.r.t. input-side pre-activations
  const dGh = kind === 'gru' ? newLike(a.dWIh, T * B * GH) : dG; // hidden-side (differs for GRU's n gate)
  const dh = newLike(a.dWIh, B * H);
  if (a.dhN) dh.set(a.dhN);
  const dc = kind === 'lstm' ? newLike(a.dWIh, B * H) : null;
  if (dc && a.dcN) dc.set(a.dcN);
  const dhPrev = newLike(a.dWIh, B * H);
  const direct = kind === 'gru' ? newLike(a.dWIh, B * H) : null; // ∂h_t/∂h_{t-1} through z (GRU)
  const gts = saved.gates;
  const hNorms = a.norms?.hidden ?? null;

  for (let s = T - 1; s >= 0; s--) {
    const t = reverse ? T - 1 - s : s;
    let sq = 0; // Σ dh_t² over the active sequences, in float64 (JS numbers)
    for (let b = 0; b < B; b++) {
      if (lengths && t >= lengths[b]) continue; // inactive: dG rows stay 0, dh/dc carry over
      const o = (t * B + b) * H;
      const gr = (t * B + b) * GH;
      if (dOut) for (let j = 0; j < H; j++) dh[b * H + j] += dOut[o + j];
      // dh now holds ∂L/∂h_t: from out_t, and from step t+1 (or hN).
      if (hNorms) for (let j = 0; j < H; j++) sq += dh[b * H + j] * dh[b * H + j];
      if (kind === 'rnn_tanh') {
        for (let j = 0; j < H; j++) dG[gr + j] = dh[b * H + j] * (1 - gts[gr + j] * gts[gr + j]);
      } else if (kind === 'rnn_relu') {
        for (let j = 0; j < H; j++) dG[gr + j] = gts[gr + j] > 0 ? dh[b * H + j] : 0;
      } else if (kind === 'lstm') {
        const cPrev = saved.aux as Arr;
        const cNew = saved.cNew as Arr;
        const dcc = dc as Arr;
        for (let j = 0; j < H; j++) {
          const ig = gts[gr + j], fg = gts[gr + H + j], gg = gts[gr + 2 * H + j], og = gts[gr + 3 * H + j];
          const tc = Math.tanh(cNew[o + j]);
          const dhv = dh[b * H + j];
          const dct = dcc[b * H + j] + dhv * og * (1 - tc * tc);
          dG[gr + j] = dct * gg * ig * (1 - ig);
          dG[gr + H + j] = dct * cPrev[o + j] * fg * (1 - fg);
          dG[gr + 2 * H + j] = dct * ig * (1 - gg * gg);
          dG[gr + 3 * H + j] = dhv * tc * og * (1 - og);
          dcc[b * H + j] = dct * fg;
        }
      } else {
        const hn = saved.aux as Arr;
        const hp = saved.hPrev;
        const dd = direct as Arr;
        for (let j = 0; j < H; j++) {
          const r = gts[gr + j], z = gts[gr + H + j], n = gts[gr + 2 * H + j];
          const dhv = dh[b * H + j];
          const dnp = dhv * (1 - z) * (1 - n * n);
          const drp = dnp * hn[o + j] * r * (1 - r);
          const dzp = dhv * (hp[o + j] - n) * z * (1 - z);
          dG[gr + j] = drp;
          dG[gr + H + j] = dzp;
          dG[gr + 2 * H + j] = dnp;
          dGh[gr + j] = drp;
          dGh[gr + H + j] = dzp;
          dGh[gr + 2 * H + j] = dnp * r;
          dd[b * H + j] = dhv * z;
        }
      }
    }
    if (hNorms) hNorms[t] = Math.sqrt(sq);
    // dh_{t-1} = dG_h,t [B, GH] · W_hh [GH, H]
    gemm({ transA: false, transB: false, m: B, n: H, k: GH, alpha: 1, a: dGh, aOffset: t * B * GH, lda: GH, b: wHh, bOffset: 0, ldb: H, beta: 0, c: dhPrev, cOffset: 0, ldc: H });
    for (let b = 0; b < B; b++) {
      if (lengths && t >= lengths[b]) continue;
      for (let j = 0; j < H; j++) dh[b * H + j] = dhPrev[b * H + j] + (direct ? direct[b * H + j] : 0);
    }
  }
  a.dh0.set(dh);
  if (a.dc0 && dc) a.dc0.set(dc);
  const TB = T * B;
  if (a.dx) gemm({ transA: false, transB: false, m: TB, n: I, k: GH, alpha: 1, a: dG, aOffset: 0, lda: GH, b: wIh, bOffset: 0, ldb: I, beta: 0, c: a.dx, cOffset: 0, ldc: I });
  const xNorms = a.dx ? a.norms?.input ?? null : null;
  if (xNorms) stepNorms(a.dx as Arr, T, B * I, xNorms);
  gemm({ transA: true, transB: false, m: GH, n: I, k: TB, alpha: 1, a: dG, aOffset: 0, lda: GH, b: x, bOffset: 0, ldb: I, beta: 0, c: a.dWIh, cOffset: 0, ldc: I });
  gemm({ transA: true, transB: false, m: GH, n: H, k: TB, alpha: 1, a: dGh, aOffset: 0, lda: GH, b: saved.hPrev, bOffset: 0, ldb: H, beta: 0, c: a.dWHh, cOffset: 0, ldc: H });
  if (a.dBIh) columnSums(dG, TB, GH, a.dBIh);
  if (a.dBHh) columnSums(dGh, TB, GH, a.dBHh);
}
