import type { Arr } from '../tensor/dtype.js';
import { alloc } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { backend } from '../backend/current.js';
import { ValueError } from '../errors.js';

/** A fresh zeroed array like `t`'s dtype for `shape`. */
export function empty(like: Tensor | Arr, shape: readonly number[]): Arr {
  const dtype = like instanceof Tensor ? like.dtype : like instanceof Float64Array ? 'float64' : 'float32';
  return alloc(dtype, sizeOf(shape));
}

export function sameDType(where: string, ...ts: (Tensor | null | undefined)[]): void {
  const first = ts.find((t) => t)?.dtype;
  for (const t of ts) {
    if (t && t.dtype !== first) throw new ValueError(`${where}: dtype mismatch, expected ${first}, got ${t.dtype}; convert with .to('${first}')`);
  }
}

/** Split a shape at `dim` into [outer, n, inner] for axis kernels. */
export function axisSplit(shape: readonly number[], dim: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < dim; i++) outer *= shape[i];
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[dim] ?? 1, inner];
}

/** `src` (of `srcShape`) broadcast to `shape`, as a new array (the same array when no copy is needed). */
export function broadcastArr(src: Arr, srcShape: readonly number[], shape: readonly number[]): Arr {
  if (src.length === sizeOf(shape)) return src;
  const out = empty(src, shape);
  backend().broadcastTo(src, srcShape, out, shape);
  return out;
}
