import type { Arr } from '../tensor/dtype.js';
import { backend } from '../backend/current.js';
import { Tensor } from '../tensor/tensor.js';
import { normDim } from '../tensor/shape.js';
import { record } from '../autograd/record.js';
import { axisSplit, broadcastArr, empty } from './util.js';

/** Shape after reducing `dims` (kept as 1 when keepDim). */
function reducedShape(shape: readonly number[], dims: number[], keepDim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (dims.includes(i)) {
      if (keepDim) out.push(1);
    } else out.push(d);
  });
  return out;
}

function dimsOf(x: Tensor, dim: number | number[] | undefined, where: string): number[] {
  if (dim === undefined) return x.shape.map((_, i) => i);
  const ds = Array.isArray(dim) ? dim : [dim];
  return [...new Set(ds.map((d) => normDim(d, x.ndim, where)))];
}

/** Σ over `dim` (all dims when omitted). The gradient broadcasts back. */
export function sum(x: Tensor, dim: number | number[] | undefined, keepDim: boolean): Tensor {
  const dims = dimsOf(x, dim, 'sum');
  const keptShape = x.shape.map((d, i) => (dims.includes(i) ? 1 : d));
  const data = empty(x, keptShape);
  backend().sumTo(x.data, x.shape, data, keptShape);
  const out = new Tensor(data, reducedShape(x.shape, dims, keepDim));
  record('sum', [x], [out], ([g]) => {
    return [broadcastArr(g!, keptShape, x.shape)];
  });
  return out;
}

/** Mean over `dim` (all dims when omitted). */
export function mean(x: Tensor, dim: number | number[] | undefined, keepDim: boolean): Tensor {
  const dims = dimsOf(x, dim, 'mean');
  const n = dims.reduce((a, d) => a * x.shape[d], 1);
  return sum(x, dim, keepDim).mul(1 / n);
}

/** Max or min along one dim, with the indices; the gradient goes to the chosen element. */
export function maxMin(x: Tensor, op: 'max' | 'min', dim: number, keepDim: boolean): { values: Tensor; indices: Int32Array } {
  const d = normDim(dim, x.ndim, op);
  const [outer, n, inner] = axisSplit(x.shape, d);
  const data = empty(x, [outer * inner]);
  const indices = new Int32Array(outer * inner);
  backend().reduceAxis(op, x.data, outer, n, inner, data, indices);
  const values = new Tensor(data, reducedShape(x.shape, [d], keepDim));
  record(op, [x], [values], ([g]) => {
    const r: Arr = empty(x, x.shape);
    backend().reduceAxisGrad(g!, indices, outer, n, inner, r);
    return [r];
  });
  return { values, indices };
}
