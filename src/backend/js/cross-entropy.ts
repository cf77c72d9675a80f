import type { SoftmaxCrossEntropyArgs } from '../backend.js';

/**
 * Softmax cross-entropy per row, loss and gradient together (equations at
 * SoftmaxCrossEntropyArgs): one pass for the max, one for Σ exp (the exponentials are kept in
 * the gradient row), one to turn them into the gradient.
 */
export function softmaxCrossEntropy(a: SoftmaxCrossEntropyArgs): void {
  const { x, N, C, targets, ignoreIndex, rowWeight, classWeight: w, labelSmoothing: eps, loss, grad } = a;
  let W = C; // Σ_c w[c]
  if (w) {
    W = 0;
    for (let c = 0; c < C; c++) W += w[c];
  }
  for (let n = 0; n < N; n++) {
    const t = targets[n];
    const m = rowWeight ? rowWeight[n] : 1;
    const base = n * C;
    if (t === ignoreIndex || m === 0) {
      loss[n] = 0;
      if (grad) for (let c = 0; c < C; c++) grad[base + c] = 0;
      continue;
    }
    let mx = -Infinity;
    for (let c = 0; c < C; c++) mx = Math.max(mx, x[base + c]);
    let s = 0;
    let wx = 0; // Σ_c w[c]·x[n, c], for label smoothing
    for (let c = 0; c < C; c++) {
      const e = Math.exp(x[base + c] - mx);
      if (grad) grad[base + c] = e;
      s += e;
      if (eps !== 0) wx += (w ? w[c] : 1) * x[base + c];
    }
    const lse = mx + Math.log(s);
    const hard = (1 - eps) * (w ? w[t] : 1) * m; // weight of the target term
    const soft = (eps / C) * m; // weight of the uniform term
    loss[n] = -hard * (x[base + t] - lse) - (eps !== 0 ? soft * (wx - W * lse) : 0);
    if (!grad) continue;
    const scale = (hard + soft * W) / s;
    for (let c = 0; c < C; c++) grad[base + c] = grad[base + c] * scale - (eps !== 0 ? soft * (w ? w[c] : 1) : 0);
    grad[base + t] -= hard;
  }
}
