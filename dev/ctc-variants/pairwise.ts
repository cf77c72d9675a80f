// Variant of src/backend/js/ctc.ts for dev/ctc-lab.ts: the first version, every log-sum-exp a
// pairwise log1p (two per α/β state) and the per-class sums of αβ in log space.
import type { CtcLossArgs } from '../../src/backend/backend.js';
import type { Arr } from '../../src/tensor/dtype.js';

/**
 * CTC loss and gradient per sequence (equations at CtcLossArgs): α forward over the frames, β
 * backward, then per frame the log Σ αβ of each class. α and β [L, 2S+1] are kept in the
 * precision of the output (float32 or float64); the sums of exponentials run in float64.
 */
export function ctcLossPairwise(a: CtcLossArgs): void {
  const { logProbs: lp, T, N, C, targets, targetOffsets, inputLengths, targetLengths, blank, zeroInfinity, loss, grad } = a;
  let maxK = 1;
  for (let n = 0; n < N; n++) maxK = Math.max(maxK, 2 * targetLengths[n] + 1);
  const f64 = loss instanceof Float64Array;
  const alpha: Arr = f64 ? new Float64Array(T * maxK) : new Float32Array(T * maxK); // [L, K]
  const beta: Arr = f64 ? new Float64Array(T * maxK) : new Float32Array(T * maxK); // [L, K]
  const ext = new Int32Array(maxK); // the extended label l' of the sequence
  const lcab = new Float64Array(C); // per class: log Σ_{s: l'_s = c} α_t(s)·β_t(s)
  if (grad) grad.fill(0); // frames t ≥ L and sequences without a loss keep 0

  for (let n = 0; n < N; n++) {
    const L = inputLengths[n];
    const S = targetLengths[n];
    const K = 2 * S + 1;
    for (let s = 0; s < K; s++) ext[s] = s & 1 ? targets[targetOffsets[n] + (s >> 1)] : blank;
    // lp[t, n, c] sits at (t·N + n)·C + c
    const row = (t: number): number => (t * N + n) * C;

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
        for (let s = 0; s < K; s++) {
          let v = alpha[prev + s];
          if (s >= 1) v = lse(v, alpha[prev + s - 1]);
          if (s >= 2 && ext[s] !== blank && ext[s] !== ext[s - 2]) v = lse(v, alpha[prev + s - 2]);
          alpha[cur + s] = v + lp[r + ext[s]];
        }
      }
      const last = (L - 1) * K;
      nll = -lse(alpha[last + K - 1], K > 1 ? alpha[last + K - 2] : -Infinity);
    }

    if (nll === Infinity && zeroInfinity) {
      loss[n] = 0;
      continue;
    }
    loss[n] = nll;
    if (!grad || L === 0) continue;

    // β_{L−1}: the path ends in the trailing blank or on the last label
    const last = (L - 1) * K;
    for (let s = 0; s < K; s++) beta[last + s] = -Infinity;
    beta[last + K - 1] = lp[row(L - 1) + blank];
    if (K > 1) beta[last + K - 2] = lp[row(L - 1) + ext[K - 2]];
    for (let t = L - 2; t >= 0; t--) {
      const cur = t * K, next = cur + K, r = row(t);
      for (let s = 0; s < K; s++) {
        let v = beta[next + s];
        if (s + 1 < K) v = lse(v, beta[next + s + 1]);
        if (s + 2 < K && ext[s] !== blank && ext[s + 2] !== ext[s]) v = lse(v, beta[next + s + 2]);
        beta[cur + s] = v + lp[r + ext[s]];
      }
    }

    // grad[t, n, c] = exp(lp) − exp(log Σ αβ + nll − lp): the αβ product counts lp[t] twice
    for (let t = 0; t < L; t++) {
      const cur = t * K, r = row(t);
      lcab.fill(-Infinity);
      for (let s = 0; s < K; s++) lcab[ext[s]] = lse(lcab[ext[s]], alpha[cur + s] + beta[cur + s]);
      for (let c = 0; c < C; c++) {
        const v = lp[r + c];
        grad[r + c] = Math.exp(v) - Math.exp(lcab[c] + nll - v);
      }
    }
  }
}

/** log(eᵃ + eᵇ) without overflow; −∞ when both are −∞. */
function lse(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
