import type { Arr } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { record } from '../autograd/record.js';
import { empty } from '../ops/util.js';

/**
 * out = x where keep ≠ 0, else exactly 0 (even when x is NaN or ±Infinity there).
 * `keep` is a plain array of x's size. Small loops, so a backend kernel can take them over.
 */
function keepForward(x: Arr, keep: Arr, out: Arr): void {
  for (let i = 0; i < x.length; i++) out[i] = keep[i] !== 0 ? x[i] : 0;
}

/** gx = g where keep ≠ 0, else 0. */
function keepBackward(g: Arr, keep: Arr, gx: Arr): void {
  for (let i = 0; i < g.length; i++) gx[i] = keep[i] !== 0 ? g[i] : 0;
}

/**
 * Zero the positions of `x` that a mask drops, so padding (possibly NaN) never reaches a loss:
 *
 *   out_i = keep_i ≠ 0 ? x_i : 0,   ∂out_i/∂x_i = [keep_i ≠ 0]
 *
 * `keep` must already have x's shape (see `expandMask`).
 */
export function zeroMasked(x: Tensor, keep: Tensor): Tensor {
  const data = empty(x, x.shape);
  keepForward(x.data, keep.data, data);
  const out = new Tensor(data, x.shape);
  record('zeroMasked', [x], [out], ([g]) => {
    const r = empty(x, x.shape);
    keepBackward(g!, keep.data, r);
    return [r];
  });
  return out;
}
