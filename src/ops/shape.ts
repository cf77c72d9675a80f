import { backend } from '../backend/current.js';
import { Tensor } from '../tensor/tensor.js';
import { fmtShape, normDim, sizeOf, broadcastShapes } from '../tensor/shape.js';
import { record } from '../autograd/record.js';
import { ShapeError, ValueError } from '../errors.js';
import { axisSplit, empty, sameDType } from './util.js';
import { takeGradient } from '../autograd/recycle.js';

/** Same data, new shape (one dim may be −1). Shares the data array. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const s = [...shape];
  const neg = s.indexOf(-1);
  if (neg >= 0) {
    const rest = s.reduce((a, d, i) => (i === neg ? a : a * d), 1);
    s[neg] = rest === 0 ? 0 : x.size / rest;
  }
  if (sizeOf(s) !== x.size || s.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError('reshape', `a shape with ${x.size} elements`, fmtShape(shape));
  }
  const out = new Tensor(x.data, s);
  record('reshape', [x], [out], ([g]) => [g]);
  return out;
}

/** Reorder axes: output axis i is input axis perm[i]. */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const p = perm.map((d) => normDim(d, x.ndim, 'permute'));
  if (p.length !== x.ndim || new Set(p).size !== p.length) {
    throw new ValueError(`permute: expected a permutation of ${x.ndim} axes, got [${perm.join(', ')}]`);
  }
  const shape = p.map((d) => x.shape[d]);
  const data = empty(x, shape);
  backend().permute(x.data, x.shape, p, data);
  const out = new Tensor(data, shape);
  record('permute', [x], [out], ([g]) => {
    const inv = new Array<number>(p.length);
    p.forEach((d, i) => (inv[d] = i));
    const r = empty(x, x.shape);
    backend().permute(g!, shape, inv, r);
    return [r];
  });
  return out;
}

/** Swap two axes. */
export function transpose(x: Tensor, d0: number, d1: number): Tensor {
  const a = normDim(d0, x.ndim, 'transpose');
  const b = normDim(d1, x.ndim, 'transpose');
  const perm = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permute(x, perm);
}

/** Elements start ≤ i < end along `dim` (negative indices count from the end). */
export function slice(x: Tensor, dim: number, start: number, end?: number): Tensor {
  const d = normDim(dim, x.ndim, 'slice');
  const n = x.shape[d];
  const s = start < 0 ? start + n : start;
  const e = end === undefined ? n : end < 0 ? end + n : Math.min(end, n);
  if (s < 0 || s > e || e > n) throw new ValueError(`slice: range [${start}, ${end ?? n}) is outside dim ${dim} of size ${n}`);
  const [outer, , inner] = axisSplit(x.shape, d);
  const shape = x.shape.map((v, i) => (i === d ? e - s : v));
  const data = empty(x, shape);
  backend().blockCopy(x.data, n, s, data, e - s, 0, outer, inner, e - s, false);
  const out = new Tensor(data, shape);
  record('slice', [x], [out], ([g]) => {
    // Zero outside the slice (a recycled array holds old values), handed to x's node alone.
    const r = takeGradient(x.dtype, x.size);
    r.fill(0);
    backend().blockCopy(g!, e - s, 0, r, n, s, outer, inner, e - s, false);
    return [r];
  });
  return out;
}

/** Index i along dim, removing the dim. */
export function select(x: Tensor, dim: number, i: number): Tensor {
  const d = normDim(dim, x.ndim, 'select');
  const idx = i < 0 ? i + x.shape[d] : i;
  if (idx < 0 || idx >= x.shape[d]) throw new ValueError(`select: index ${i} out of range for dim ${dim} of size ${x.shape[d]}`);
  const s = slice(x, d, idx, idx + 1);
  return reshape(s, x.shape.filter((_, k) => k !== d));
}

export function squeeze(x: Tensor, dim: number): Tensor {
  const d = normDim(dim, x.ndim, 'squeeze');
  if (x.shape[d] !== 1) throw new ShapeError('squeeze', `size 1 at dim ${dim}`, fmtShape(x.shape));
  return reshape(x, x.shape.filter((_, k) => k !== d));
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normDim(dim, x.ndim + 1, 'unsqueeze');
  const s = [...x.shape];
  s.splice(d, 0, 1);
  return reshape(x, s);
}

/** Broadcast to `shape` (a copy; the gradient sums back). */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const target = broadcastShapes(x.shape, shape, 'expand');
  if (target.join() !== shape.join()) throw new ShapeError('expand', fmtShape(shape), fmtShape(x.shape), 'cannot expand to a smaller shape');
  const data = empty(x, shape);
  backend().broadcastTo(x.data, x.shape, data, shape);
  const out = new Tensor(data, shape);
  record('expand', [x], [out], ([g]) => {
    const r = empty(x, x.shape);
    backend().sumTo(g!, shape, r, x.shape);
    return [r];
  });
  return out;
}

/**
 * Join tensors along an existing dim.
 *
 * @example
 * cat([zeros([2, 3]), ones([2, 1])], 1).shape; // [2, 4]
 */
export function cat(ts: readonly Tensor[], dim = 0): Tensor {
  if (ts.length === 0) throw new ValueError('cat: expected at least one tensor');
  sameDType('cat', ...ts);
  const first = ts[0];
  const d = normDim(dim, first.ndim, 'cat');
  for (const t of ts) {
    if (t.ndim !== first.ndim || t.shape.some((v, i) => i !== d && v !== first.shape[i])) {
      throw new ShapeError(`cat (dim ${dim})`, first.shape.map((v, i) => (i === d ? '*' : String(v))).join(', ').replace(/^/, '[') + ']', fmtShape(t.shape));
    }
  }
  const total = ts.reduce((a, t) => a + t.shape[d], 0);
  const shape = first.shape.map((v, i) => (i === d ? total : v));
  const [outer, , inner] = axisSplit(shape, d);
  const data = empty(first, shape);
  let off = 0;
  const offsets: number[] = [];
  for (const t of ts) {
    offsets.push(off);
    backend().blockCopy(t.data, t.shape[d], 0, data, total, off, outer, inner, t.shape[d], false);
    off += t.shape[d];
  }
  const out = new Tensor(data, shape);
  record('cat', [...ts], [out], ([g]) =>
    ts.map((t, k) => {
      if (!t.requiresGrad) return null;
      const r = empty(t, t.shape);
      backend().blockCopy(g!, total, offsets[k], r, t.shape[d], 0, outer, inner, t.shape[d], false);
      return r;
    }),
  );
  return out;
}

/**
 * Join tensors of equal shape along a new dim.
 *
 * @example
 * stack([zeros([2, 3]), ones([2, 3])], 0).shape; // [2, 2, 3]
 */
export function stack(ts: readonly Tensor[], dim = 0): Tensor {
  if (ts.length === 0) throw new ValueError('stack: expected at least one tensor');
  const d = normDim(dim, ts[0].ndim + 1, 'stack');
  for (const t of ts) if (t.shape.join() !== ts[0].shape.join()) throw new ShapeError('stack', ts[0].shape, t.shape);
  return cat(ts.map((t) => unsqueeze(t, d)), d);
}
