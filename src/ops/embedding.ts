import { backend } from '../backend/current.js';
import { Tensor } from '../tensor/tensor.js';
import { record } from '../autograd/record.js';
import { ValueError } from '../errors.js';
import { empty } from './util.js';

/**
 * Rows of `weight` [V, D] picked by integer ids → [...idsShape, D]. The gradient scatter-adds
 * into the picked rows, except `paddingIdx`, whose row never receives a gradient.
 */
export function embeddingLookup(weight: Tensor, ids: Int32Array, idsShape: readonly number[], paddingIdx: number | null): Tensor {
  const [V, D] = weight.shape;
  for (let i = 0; i < ids.length; i++) {
    if (!(ids[i] >= 0 && ids[i] < V)) {
      throw new ValueError(`Embedding: id ${ids[i]} at flat position ${i} is outside the table of ${V} rows (valid ids are 0..${V - 1}); map unknown tokens to an <unk> id first`);
    }
  }
  const shape = [...idsShape, D];
  const data = empty(weight, shape);
  backend().gatherRows(weight.data, D, ids, data);
  const out = new Tensor(data, shape);
  record('embedding', [weight], [out], ([g]) => {
    const gw = empty(weight, weight.shape);
    backend().scatterAddRows(g!, D, ids, gw, paddingIdx ?? -1);
    return [gw];
  });
  return out;
}
