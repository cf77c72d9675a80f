import { backend } from '../backend/current.js';
import { Tensor } from '../tensor/tensor.js';
import { record } from '../autograd/record.js';
import { ValueError } from '../errors.js';
import { bernoulliMask } from '../random/bernoulli.js';
import type { Generator } from '../random/generator.js';
import { recycle, takeRecycled } from '../autograd/recycle.js';
import { empty } from './util.js';

/**
 * Inverted dropout: during training each element is zeroed with probability p and the rest
 * scaled by 1/(1−p), so evaluation needs no rescaling. Identity when not training or p = 0.
 */
export function dropout(x: Tensor, p: number, training: boolean, g: Generator): Tensor {
  if (!(p >= 0 && p < 1)) throw new ValueError(`dropout: p must be in [0, 1), got ${p}`);
  if (!training || p === 0) return x;
  // The mask never leaves this op and is written whole, so it may come from (and go back to) the recycled pool.
  const mask = takeRecycled(x.dtype, x.size);
  bernoulliMask(mask, 1 - p, 1 / (1 - p), g);
  const data = empty(x, x.shape);
  backend().binary('mul', x.data, x.shape, mask, x.shape, data, x.shape);
  const out = new Tensor(data, x.shape);
  record('dropout', [x], [out], ([gr]) => {
    const r = empty(x, x.shape);
    backend().binary('mul', gr!, x.shape, mask, x.shape, r, x.shape);
    return [r];
  }, () => recycle(mask));
  return out;
}
