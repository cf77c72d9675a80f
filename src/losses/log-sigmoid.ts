import type { Arr } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { record } from '../autograd/record.js';
import { empty } from '../ops/util.js';

/** out = log σ(x) = min(x, 0) − log1p(exp(−|x|)): no overflow or underflow for any finite x. */
function logSigmoidForward(x: Arr, out: Arr): void {
  for (let i = 0; i < x.length; i++) out[i] = Math.min(x[i], 0) - Math.log1p(Math.exp(-Math.abs(x[i])));
}

/** gx = g · σ(−x) = g · (1 − σ(x)), from the forward output y = log σ(x): σ(−x) = 1 − exp(y). */
function logSigmoidBackward(x: Arr, g: Arr, gx: Arr): void {
  for (let i = 0; i < x.length; i++) {
    // σ(−x) computed on the side that cannot overflow
    const e = Math.exp(-Math.abs(x[i]));
    const sNeg = x[i] >= 0 ? e / (1 + e) : 1 / (1 + e);
    gx[i] = g[i] * sNeg;
  }
}

/**
 * log σ(x) = −softplus(−x), elementwise and stable for any finite x (the building block of
 * binary cross-entropy with logits).
 *
 *   d/dx log σ(x) = σ(−x)
 *
 * @example
 * logSigmoid(tensor([-800, 0, 800])).toArray(); // [-800, -0.693…, -0]
 */
export function logSigmoid(x: Tensor): Tensor {
  const data = empty(x, x.shape);
  logSigmoidForward(x.data, data);
  const out = new Tensor(data, x.shape);
  record('logSigmoid', [x], [out], ([g]) => {
    const r = empty(x, x.shape);
    logSigmoidBackward(x.data, g!, r);
    return [r];
  });
  return out;
}
