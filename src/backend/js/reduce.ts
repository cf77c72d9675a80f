import type { Arr } from '../../tensor/dtype.js';
import type { ReduceOp } from '../backend.js';
import { sizeOf, stridesOf } from '../../tensor/shape.js';
import { trailingBlock } from './elementwise.js';

/** Sum `src` down to `dstShape` (right-aligned, dims of 1 or missing are summed over). */
export function sumTo(src: Arr, srcShape: readonly number[], dst: Arr, dstShape: readonly number[]): void {
  dst.fill(0);
  const n0 = sizeOf(srcShape);
  const m = trailingBlock(dstShape, srcShape);
  if (m > 0 && dst.length === m && n0 % m === 0) {
    // Rows summed onto one row (a bias gradient), in the same order as the general loop.
    for (let r = 0; r < n0; r += m) for (let j = 0; j < m; j++) dst[j] += src[r + j];
    return;
  }
  const rank = srcShape.length;
  const off = rank - dstShape.length;
  const dstSt = stridesOf(dstShape);
  // Stride into dst for each src axis: 0 where the axis is reduced.
  const st = srcShape.map((_, i) => (i < off || dstShape[i - off] === 1 ? 0 : dstSt[i - off]));
  const n = sizeOf(srcShape);
  const idx = new Array<number>(rank).fill(0);
  let j = 0;
  for (let i = 0; i < n; i++) {
    dst[j] += src[i];
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      j += st[d];
      if (idx[d] < srcShape[d]) break;
      j -= st[d] * srcShape[d];
      idx[d] = 0;
    }
  }
}

export function reduceAxis(op: ReduceOp, x: Arr, outer: number, n: number, inner: number, out: Arr, arg: Int32Array | null): void {
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) {
      const base = o * n * inner + k;
      if (op === 'sum') {
        let s = 0;
        for (let j = 0; j < n; j++) s += x[base + j * inner];
        out[o * inner + k] = s;
      } else {
        let best = x[base];
        let bi = 0;
        for (let j = 1; j < n; j++) {
          const v = x[base + j * inner];
          if (op === 'max' ? v > best : v < best) { best = v; bi = j; }
        }
        out[o * inner + k] = best;
        if (arg) arg[o * inner + k] = bi;
      }
    }
  }
}

export function sumSquares(x: Arr): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

export function reduceAxisGrad(g: Arr, arg: Int32Array, outer: number, n: number, inner: number, gx: Arr): void {
  gx.fill(0);
  for (let o = 0; o < outer; o++) for (let k = 0; k < inner; k++) gx[(o * n + arg[o * inner + k]) * inner + k] = g[o * inner + k];
}
