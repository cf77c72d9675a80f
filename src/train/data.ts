/**
 * Data sources for `fit`: examples held in tensors, and a view of some examples of another
 * source (how `validationSplit` holds out the last ones).
 */

import { Tensor } from '../tensor/tensor.js';
import { alloc } from '../tensor/dtype.js';
import { backend } from '../backend/current.js';
import { ShapeError, ValueError } from '../errors.js';
import type { TrainData } from './types.js';

/** Rows `ids` of `t` viewed as [N, row], copied into a new tensor [ids.length, …rest]. */
function gather(t: Tensor, ids: Int32Array, where: string): Tensor {
  const n = t.shape[0];
  const row = n === 0 ? 0 : t.size / n;
  for (let i = 0; i < ids.length; i++) {
    if (!(ids[i] >= 0 && ids[i] < n)) throw new ValueError(`${where}: example index ${ids[i]} out of range, expected 0 … ${n - 1}`);
  }
  const out = alloc(t.dtype, ids.length * row);
  backend().gatherRows(t.data, row, ids, out);
  return new Tensor(out, [ids.length, ...t.shape.slice(1)]);
}

/**
 * Examples stored along dim 0 of two tensors (batch first): example i is `x[i]` with target
 * `y[i]`. Each batch copies its rows into new tensors, so the model may keep or change them.
 *
 *   x [N, …],  y [N, …]   →   batch(ids) = { x: [ids.length, …], y: [ids.length, …] }
 *
 * @example
 * const data = tensorData(x, y);            // x [N, T, I], y [N, 1]
 * await fit(model, data, { loss: (m, b) => mseLoss(m.forward(b.x), b.y) });
 */
export function tensorData(x: Tensor, y: Tensor): TrainData<{ x: Tensor; y: Tensor }> {
  if (x.ndim === 0) throw new ShapeError('tensorData: x', '[N, …]', x.shape, 'examples go along dim 0');
  if (y.ndim === 0 || y.shape[0] !== x.shape[0]) {
    throw new ShapeError('tensorData: y', `[${x.shape[0]}, …] (one target per example of x)`, y.shape, 'x and y need the same first dimension');
  }
  return {
    length: x.shape[0],
    batch: (ids) => ({ x: gather(x, ids, 'tensorData: x'), y: gather(y, ids, 'tensorData: y') }),
  };
}

/**
 * The examples `indices` of `data`, in that order, as a data source of their own (how
 * `validationSplit` holds out the last examples).
 *
 * @example
 * const lastFifty = subsetData(data, Int32Array.from({ length: 50 }, (_, i) => data.length - 50 + i));
 */
export function subsetData<Batch>(data: TrainData<Batch>, indices: Int32Array): TrainData<Batch> {
  return {
    length: indices.length,
    batch: (ids) => {
      const mapped = new Int32Array(ids.length);
      for (let i = 0; i < ids.length; i++) mapped[i] = indices[ids[i]];
      return data.batch(mapped);
    },
  };
}
