import type { Arr } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { record } from '../autograd/record.js';
import { empty } from '../ops/util.js';

/** out[n] = x[n, ids[n]] for x viewed as [N, C], or 0 where ids[n] < 0. */
function pickForward(x: Arr, C: number, ids: Int32Array, out: Arr): void {
  for (let n = 0; n < ids.length; n++) out[n] = ids[n] >= 0 ? x[n * C + ids[n]] : 0;
}

/** gx[n, ids[n]] = g[n] (every other entry 0); rows with ids[n] < 0 get nothing. */
function pickBackward(g: Arr, C: number, ids: Int32Array, gx: Arr): void {
  for (let n = 0; n < ids.length; n++) if (ids[n] >= 0) gx[n * C + ids[n]] = g[n];
}

/**
 * The target column of each row: x [N, C], ids [N] → out [N] with out[n] = x[n, ids[n]].
 * A negative id (an ignored or masked row) gives 0 and passes no gradient.
 *
 *   ∂out[n]/∂x[n, c] = [c = ids[n]]
 */
export function pickTargets(x: Tensor, ids: Int32Array): Tensor {
  const [N, C] = x.shape;
  const data = empty(x, [N]);
  pickForward(x.data, C, ids, data);
  const out = new Tensor(data, [N]);
  record('pickTargets', [x], [out], ([g]) => {
    const r = empty(x, x.shape);
    pickBackward(g!, C, ids, r);
    return [r];
  });
  return out;
}
