import type { Arr } from '../../tensor/dtype.js';
import { sizeOf, stridesOf } from '../../tensor/shape.js';

export function permute(x: Arr, shape: readonly number[], perm: readonly number[], out: Arr): void {
  const rank = shape.length;
  const inSt = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]);
  const st = perm.map((p) => inSt[p]); // input stride for each output axis
  const n = sizeOf(shape);
  const idx = new Array<number>(rank).fill(0);
  let j = 0;
  for (let i = 0; i < n; i++) {
    out[i] = x[j];
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      j += st[d];
      if (idx[d] < outShape[d]) break;
      j -= st[d] * outShape[d];
      idx[d] = 0;
    }
  }
}

export function blockCopy(src: Arr, srcN: number, srcStart: number, dst: Arr, dstN: number, dstStart: number, outer: number, inner: number, len: number, accumulate: boolean): void {
  const run = len * inner;
  for (let o = 0; o < outer; o++) {
    const s = (o * srcN + srcStart) * inner;
    const d = (o * dstN + dstStart) * inner;
    if (accumulate) {
      for (let i = 0; i < run; i++) dst[d + i] += src[s + i];
    } else if (src.constructor === dst.constructor) {
      dst.set(src.subarray(s, s + run), d);
    } else {
      for (let i = 0; i < run; i++) dst[d + i] = src[s + i];
    }
  }
}
