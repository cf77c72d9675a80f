import type { Arr } from '../../tensor/dtype.js';

/** Softmax or log-softmax over the middle axis of [outer, n, inner], max-shifted for stability. */
export function softmax(x: Arr, outer: number, n: number, inner: number, out: Arr, log: boolean): void {
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) {
      const base = o * n * inner + k;
      let mx = -Infinity;
      for (let j = 0; j < n; j++) mx = Math.max(mx, x[base + j * inner]);
      let s = 0;
      for (let j = 0; j < n; j++) s += Math.exp(x[base + j * inner] - mx);
      if (log) {
        const lse = mx + Math.log(s);
        for (let j = 0; j < n; j++) out[base + j * inner] = x[base + j * inner] - lse;
      } else {
        for (let j = 0; j < n; j++) out[base + j * inner] = Math.exp(x[base + j * inner] - mx) / s;
      }
    }
  }
}

/**
 * softmax: gx = y ⊙ (gy − Σ gy·y);  log-softmax: gx = gy − softmax(x) · Σ gy.
 */
export function softmaxGrad(y: Arr, gy: Arr, outer: number, n: number, inner: number, gx: Arr, log: boolean): void {
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) {
      const base = o * n * inner + k;
      let s = 0;
      if (log) {
        for (let j = 0; j < n; j++) s += gy[base + j * inner];
        for (let j = 0; j < n; j++) {
          const i = base + j * inner;
          gx[i] = gy[i] - Math.exp(y[i]) * s;
        }
      } else {
        for (let j = 0; j < n; j++) s += gy[base + j * inner] * y[base + j * inner];
        for (let j = 0; j < n; j++) {
          const i = base + j * inner;
          gx[i] = y[i] * (gy[i] - s);
        }
      }
    }
  }
}
