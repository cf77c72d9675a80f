import type { CtcLossArgs } from '../backend.js';

/**
 * CTC loss and gradient per sequence (equations at CtcLossArgs): α forward over the frames, β
 * backward, then per frame Σ αβ of each class. α and β [L, 2S+1] are float64 for float32
 * inputs too: |α| grows with the frames, and float32 α lose the gradient's precision on long
 * inputs (0.8 % of its scale at T = 2000, S = 100). Every sum of exponentials runs against its
 * largest term, one log per state (dev/ctc-lab.ts: 4.6 ms on T100 N32 C11 S8, against 5.5 ms for
 * pairwise log1p).
 */
export function ctcLoss(a: CtcLossArgs): void {
  const { logProbs: lp, T, N, C, targets, targetOffsets, inputLengths, targetLengths, blank, zeroInfinity, loss, grad } = a;
  let maxK = 1;
  for (let n = 0; n < N; n++) maxK = Math.max(maxK, 2 * targetLengths[n] + 1);
  const alpha = new Float64Array(T * maxK); // [L, K] of the sequence at hand
  const beta = new Float64Array(T * maxK); // [L, K]
  const ext = new Int32Array(maxK); // the extended label l' of the sequence
  const sums = new Float64Array(C); // per class: Σ_{s: l'_s = c} exp(α_t(s) + β_t(s) − m_t)
  if (grad) grad.fill(0); // frames t ≥ L and sequences without a loss keep 0

  for (let n = 0; n < N; n++) {
    const L = inputLengths[n];
    const S = targetLengths[n];
    const K = 2 * S + 1;
    for (let s = 0; s < K; s++) ext[s] = s & 1 ? targets[targetOffsets[n] + (s >> 1)] : blank;
    // lp[t, n, c] sits at (t·N + n)·C + c
    const row = (t: number): number => (t * N + n) * C;
    // whether state s may also come from s − 2 (forward) or go to s + 2 (backward): a label
    // that differs from the label two states before it; blanks and repeats need the blank between
    const skip = (s: number): boolean => s >= 2 && ext[s] !== blank && ext[s] !== ext[s - 2];

    let nll: number;
    if (L === 0) {
      nll = S === 0 ? 0 : Infinity; // no frames: only the empty target has an alignment
    } else {
      // α_0: the path starts in the leading blank or on the first label
      for (let s = 0; s < K; s++) alpha[s] = -Infinity;
      alpha[0] = lp[row(0) + blank];
      if (K > 1) alpha[1] = lp[row(0) + ext[1]];
      for (let t = 1; t < L; t++) {
        const cur = t * K, prev = cur - K, r = row(t);
        alpha[cur] = alpha[prev] + lp[r + blank];
        for (let s = 1; s < K; s++) {
          const v = skip(s) ? lse3(alpha[prev + s], alpha[prev + s - 1], alpha[prev + s - 2]) : lse2(alpha[prev + s], alpha[prev + s - 1]);
          alpha[cur + s] = v + lp[r + ext[s]];
        }
      }
      const last = (L - 1) * K;
      nll = -(K > 1 ? lse2(alpha[last + K - 1], alpha[last + K - 2]) : alpha[last]);
    }

    if (nll === Infinity && zeroInfinity) {
      loss[n] = 0;
      continue;
    }
    loss[n] = nll;
    if (!grad || L === 0) continue;
    if (nll === Infinity) {
      // no alignment: 1/p is infinite, and PyTorch's gradient is NaN on every frame of the input
      for (let t = 0; t < L; t++) grad.fill(NaN, row(t), row(t) + C);
      continue;
    }

    // β_{L−1}: the path ends in the trailing blank or on the last label
    const last = (L - 1) * K;
    for (let s = 0; s < K; s++) beta[last + s] = -Infinity;
    beta[last + K - 1] = lp[row(L - 1) + blank];
    if (K > 1) beta[last + K - 2] = lp[row(L - 1) + ext[K - 2]];
    for (let t = L - 2; t >= 0; t--) {
      const cur = t * K, next = cur + K, r = row(t);
      beta[cur + K - 1] = beta[next + K - 1] + lp[r + blank];
      for (let s = 0; s < K - 1; s++) {
        const v = s + 2 < K && skip(s + 2) ? lse3(beta[next + s], beta[next + s + 1], beta[next + s + 2]) : lse2(beta[next + s], beta[next + s + 1]);
        beta[cur + s] = v + lp[r + ext[s]];
      }
    }

    // grad[t, n, c] = exp(lp) − Σ_s αβ · exp(nll − lp), Σ_s αβ = sums[c]·e^{m_t}: the αβ
    // product counts lp[t] twice
    for (let t = 0; t < L; t++) {
      const cur = t * K, r = row(t);
      let m = -Infinity;
      for (let s = 0; s < K; s++) m = Math.max(m, alpha[cur + s] + beta[cur + s]);
      sums.fill(0);
      for (let s = 0; s < K; s++) sums[ext[s]] += Math.exp(alpha[cur + s] + beta[cur + s] - m);
      for (let c = 0; c < C; c++) {
        const v = lp[r + c];
        grad[r + c] = Math.exp(v) - (sums[c] === 0 ? 0 : sums[c] * Math.exp(m + nll - v));
      }
    }
  }
}

/** log(eᵃ + eᵇ) against the larger term; −∞ when both are. */
function lse2(a: number, b: number): number {
  const m = a > b ? a : b;
  if (m === -Infinity) return m;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** log(eᵃ + eᵇ + eᶜ) against the largest term; −∞ when all are. */
function lse3(a: number, b: number, c: number): number {
  const m = a > b ? (a > c ? a : c) : b > c ? b : c;
  if (m === -Infinity) return m;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m) + Math.exp(c - m));
}
