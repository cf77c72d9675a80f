import type { Arr } from '../../tensor/dtype.js';
import type { RecurrentBackwardArgs, RecurrentForwardArgs } from '../backend.js';
import { gemm } from './gemm.js';
import { sigmoid } from './elementwise.js';
import { columnSums, newLike, stepNorms } from './recurrent-util.js';

/**
 * Fused forward of a GRU whose reset gate acts on the state before the hidden projection
 * (Keras reset_after=False, ONNX linear_before_reset=0). Same packed weights as PyTorch's GRU
 * (gates r, z, n; wIh [3H, I], wHh [3H, H], biases [3H]):
 *   proj = X·W_ihᵀ + b_ih                                  (one GEMM for all T steps)
 *   r, z = σ(proj_{r,z} + h_{t−1}·W_h{r,z}ᵀ + b_h{r,z})     (one GEMM on the two gates)
 *   n    = tanh(proj_n + (r ⊙ h_{t−1})·W_hnᵀ + b_hn)          (a second GEMM: it needs r first)
 *   h_t  = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * Saved for BPTT: gates r, z, n; hPrev; aux = r ⊙ h_{t−1} (the input of the W_hn product).
 */
export function gruResetBeforeForward(a: RecurrentForwardArgs): void {
  const { T, B, I, H, x, wIh, wHh, bIh, bHh, lengths, reverse, out, saved } = a;
  const GH = 3 * H;
  // X [T·B, I] · W_ihᵀ [I, 3H] → proj [T·B, 3H]
  const proj = newLike(out, T * B * GH);
  gemm({ transA: false, transB: true, m: T * B, n: GH, k: I, alpha: 1, a: x, aOffset: 0, lda: I, b: wIh, bOffset: 0, ldb: I, beta: 0, c: proj, cOffset: 0, ldc: GH });
  if (bIh) for (let r = 0; r < T * B; r++) for (let j = 0; j < GH; j++) proj[r * GH + j] += bIh[j];

  const h = newLike(out, B * H);
  h.set(a.h0);
  const hh = newLike(out, B * GH); // hidden-side pre-activations [B, 3H] of the current step
  const rh = newLike(out, B * H); // r ⊙ h_{t−1} [B, H]
  const gts = saved ? saved.gates : newLike(out, B * GH);

  for (let s = 0; s < T; s++) {
    const t = reverse ? T - 1 - s : s;
    if (saved) saved.hPrev.set(h, t * B * H);
    // hh[:, 0:2H] = h [B, H] · W_h{r,z}ᵀ [H, 2H]
    gemm({ transA: false, transB: true, m: B, n: 2 * H, k: H, alpha: 1, a: h, aOffset: 0, lda: H, b: wHh, bOffset: 0, ldb: H, beta: 0, c: hh, cOffset: 0, ldc: GH });
    for (let b = 0; b < B; b++) {
      const pr = (t * B + b) * GH;
      const gr = saved ? pr : b * GH;
      if (lengths && t >= lengths[b]) {
        for (let j = 0; j < H; j++) rh[b * H + j] = 0;
        continue;
      }
      for (let j = 0; j < H; j++) {
        const r = sigmoid(proj[pr + j] + hh[b * GH + j] + (bHh ? bHh[j] : 0));
        const z = sigmoid(proj[pr + H + j] + hh[b * GH + H + j] + (bHh ? bHh[H + j] : 0));
        gts[gr + j] = r;
        gts[gr + H + j] = z;
        rh[b * H + j] = r * h[b * H + j];
      }
    }
    // hh[:, 2H:3H] = (r ⊙ h) [B, H] · W_hnᵀ [H, H]
    gemm({ transA: false, transB: true, m: B, n: H, k: H, alpha: 1, a: rh, aOffset: 0, lda: H, b: wHh, bOffset: 2 * H * H, ldb: H, beta: 0, c: hh, cOffset: 2 * H, ldc: GH });
    for (let b = 0; b < B; b++) {
      const o = (t * B + b) * H; // row of out / hPrev / aux
      const pr = (t * B + b) * GH;
      const gr = saved ? pr : b * GH;
      if (lengths && t >= lengths[b]) {
        // inactive: output zero, state unchanged, gates zero (so BPTT sees no gradient here)
        for (let j = 0; j < H; j++) out[o + j] = 0;
        for (let j = 0; j < GH; j++) gts[gr + j] = 0;
        if (saved?.aux) saved.aux.fill(0, o, o + H);
        continue;
      }
      for (let j = 0; j < H; j++) {
        const z = gts[gr + H + j];
        const n = Math.tanh(proj[pr + 2 * H + j] + hh[b * GH + 2 * H + j] + (bHh ? bHh[2 * H + j] : 0));
        gts[gr + 2 * H + j] = n;
        if (saved?.aux) saved.aux[o + j] = rh[b * H + j];
        const hv = (1 - z) * n + z * h[b * H + j];
        h[b * H + j] = hv;
        out[o + j] = hv;
      }
    }
  }
  a.hN.set(h);
}

/**
 * BPTT for gruResetBeforeForward, walking the steps in reverse processing order. Per step, with
 * dh = ∂L/∂h_t and the pre-activation gradients dG = (dr, dz, dn) [B, 3H]:
 *   dn = dh ⊙ (1 − z) ⊙ (1 − n²)         dz = dh ⊙ (h_{t−1} − n) ⊙ z(1 − z)
 *   d(r⊙h) = dn · W_hn                    dr = d(r⊙h) ⊙ h_{t−1} ⊙ r(1 − r)
 *   dh_{t−1} = dh ⊙ z + d(r⊙h) ⊙ r + (dr, dz) · W_h{r,z}
 * then over all steps at once: dW_ih = dGᵀ·X, dW_h{r,z} = dG_{r,z}ᵀ·H_prev,
 * dW_hn = dG_nᵀ·(r⊙H_prev), dX = dG·W_ih, db_ih = db_hh = Σ dG.
 */
export function gruResetBeforeBackward(a: RecurrentBackwardArgs): void {
  const { T, B, I, H, x, wIh, wHh, lengths, reverse, saved, dOut } = a;
  const GH = 3 * H;
  const gts = saved.gates;
  const hp = saved.hPrev;
  const rhSaved = saved.aux as Arr;
  const dG = newLike(a.dWIh, T * B * GH); // rows of inactive steps stay 0
  const dh = newLike(a.dWIh, B * H);
  if (a.dhN) dh.set(a.dhN);
  const direct = newLike(a.dWIh, B * H); // dh ⊙ z: h_{t−1} reaching h_t directly
  const drh = newLike(a.dWIh, B * H); // ∂L/∂(r ⊙ h_{t−1})
  const dhPrev = newLike(a.dWIh, B * H);
  const hNorms = a.norms?.hidden ?? null;

  for (let s = T - 1; s >= 0; s--) {
    const t = reverse ? T - 1 - s : s;
    let sq = 0; // Σ dh_t² over the active sequences, in float64 (JS numbers)
    for (let b = 0; b < B; b++) {
      if (lengths && t >= lengths[b]) continue;
      const o = (t * B + b) * H;
      const gr = (t * B + b) * GH;
      if (dOut) for (let j = 0; j < H; j++) dh[b * H + j] += dOut[o + j];
      if (hNorms) for (let j = 0; j < H; j++) sq += dh[b * H + j] * dh[b * H + j];
      for (let j = 0; j < H; j++) {
        const z = gts[gr + H + j], n = gts[gr + 2 * H + j];
        const dhv = dh[b * H + j];
        dG[gr + H + j] = dhv * (hp[o + j] - n) * z * (1 - z);
        dG[gr + 2 * H + j] = dhv * (1 - z) * (1 - n * n);
        direct[b * H + j] = dhv * z;
      }
    }
    if (hNorms) hNorms[t] = Math.sqrt(sq);
    // d(r⊙h) [B, H] = dG_n [B, H] · W_hn [H, H]
    gemm({ transA: false, transB: false, m: B, n: H, k: H, alpha: 1, a: dG, aOffset: t * B * GH + 2 * H, lda: GH, b: wHh, bOffset: 2 * H * H, ldb: H, beta: 0, c: drh, cOffset: 0, ldc: H });
    for (let b = 0; b < B; b++) {
      if (lengths && t >= lengths[b]) continue;
      const o = (t * B + b) * H;
      const gr = (t * B + b) * GH;
      for (let j = 0; j < H; j++) {
        const r = gts[gr + j];
        dG[gr + j] = drh[b * H + j] * hp[o + j] * r * (1 - r);
      }
    }
    // dh_{t−1} (through r and z) [B, H] = dG_{r,z} [B, 2H] · W_h{r,z} [2H, H]
    gemm({ transA: false, transB: false, m: B, n: H, k: 2 * H, alpha: 1, a: dG, aOffset: t * B * GH, lda: GH, b: wHh, bOffset: 0, ldb: H, beta: 0, c: dhPrev, cOffset: 0, ldc: H });
    for (let b = 0; b < B; b++) {
      if (lengths && t >= lengths[b]) continue; // inactive: dh carries over unchanged
      const gr = (t * B + b) * GH;
      for (let j = 0; j < H; j++) dh[b * H + j] = dhPrev[b * H + j] + direct[b * H + j] + drh[b * H + j] * gts[gr + j];
    }
  }
  a.dh0.set(dh);
  if (a.dc0) a.dc0.fill(0);
  const TB = T * B;
  if (a.dx) gemm({ transA: false, transB: false, m: TB, n: I, k: GH, alpha: 1, a: dG, aOffset: 0, lda: GH, b: wIh, bOffset: 0, ldb: I, beta: 0, c: a.dx, cOffset: 0, ldc: I });
  const xNorms = a.dx ? a.norms?.input ?? null : null;
  if (xNorms) stepNorms(a.dx as Arr, T, B * I, xNorms);
  gemm({ transA: true, transB: false, m: GH, n: I, k: TB, alpha: 1, a: dG, aOffset: 0, lda: GH, b: x, bOffset: 0, ldb: I, beta: 0, c: a.dWIh, cOffset: 0, ldc: I });
  // dW_h{r,z} [2H, H] = dG_{r,z}ᵀ · H_prev;  dW_hn [H, H] = dG_nᵀ · (r ⊙ H_prev)
  gemm({ transA: true, transB: false, m: 2 * H, n: H, k: TB, alpha: 1, a: dG, aOffset: 0, lda: GH, b: hp, bOffset: 0, ldb: H, beta: 0, c: a.dWHh, cOffset: 0, ldc: H });
  gemm({ transA: true, transB: false, m: H, n: H, k: TB, alpha: 1, a: dG, aOffset: 2 * H, lda: GH, b: rhSaved, bOffset: 0, ldb: H, beta: 0, c: a.dWHh, cOffset: 2 * H * H, ldc: H });
  if (a.dBIh) columnSums(dG, TB, GH, a.dBIh);
  if (a.dBHh) columnSums(dG, TB, GH, a.dBHh);
}
