import { backend } from '../backend/current.js';
import { Tensor } from '../tensor/tensor.js';
import { normDim } from '../tensor/shape.js';
import { record } from '../autograd/record.js';
import { axisSplit, empty } from './util.js';

function softmaxImpl(x: Tensor, dim: number, log: boolean): Tensor {
  const d = normDim(dim, x.ndim, log ? 'logSoftmax' : 'softmax');
  const [outer, n, inner] = axisSplit(x.shape, d);
  const data = empty(x, x.shape);
  backend().softmax(x.data, outer, n, inner, data, log);
  const out = new Tensor(data, x.shape);
  record(log ? 'logSoftmax' : 'softmax', [x], [out], ([g]) => {
    const r = empty(x, x.shape);
    backend().softmaxGrad(data, g!, outer, n, inner, r, log);
    return [r];
  });
  return out;
}

/** softmax(x)_i = exp(x_i) / Σ_j exp(x_j) along `dim`. */
export function softmax(x: Tensor, dim = -1): Tensor {
  return softmaxImpl(x, dim, false);
}

/** log softmax(x)_i = x_i − log Σ_j exp(x_j), computed stably. */
export function logSoftmax(x: Tensor, dim = -1): Tensor {
  return softmaxImpl(x, dim, true);
}
