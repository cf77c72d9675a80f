import { Tensor } from '../tensor/tensor.js';
import { broadcastShapes, fmtShape, sameShape, sizeOf } from '../tensor/shape.js';
import type { DType } from '../tensor/dtype.js';
import { alloc } from '../tensor/dtype.js';
import { backend } from '../backend/current.js';
import { NonFiniteError, ShapeError, ValueError } from '../errors.js';
import { zeroMasked } from './masked-fill.js';

/** How per-element losses become the result: their mean, their sum, or all of them. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options every loss takes. */
export interface ReductionOptions {
  /** 'mean' (default), 'sum', or 'none' (per-element losses, the input's shape). */
  reduction?: Reduction;
  /**
   * Which positions count: 1 keeps, 0 drops (non-negative fractions weight). Its shape is the
   * input's or a leading part of it, so a [B, T] mask drops whole steps of a [B, T, F] input.
   * Dropped positions never reach the loss: their input and target are replaced by 0 first
   * (NaN padding is fine), they contribute exactly 0 and receive a zero gradient.
   * With a mask, 'mean' divides by Σ mask (broadcast to the input) instead of the element count.
   */
  mask?: Tensor;
}

/** Options of the elementwise losses (MSE, L1, Huber, BCE). */
export interface ElementwiseLossOptions extends ReductionOptions {
  /**
   * Rescales each element's loss; broadcast to the input's shape (as PyTorch's `weight`).
   * Unlike `mask`, it does not change the divisor of 'mean'.
   */
  weight?: Tensor;
}

function checkReduction(where: string, r: Reduction): void {
  if (r !== 'mean' && r !== 'sum' && r !== 'none') {
    throw new ValueError(`${where}: reduction must be 'mean', 'sum' or 'none', got '${String(r)}'`);
  }
}

/** Throw NonFiniteError naming `what` and the first bad position of `t`. */
export function checkFinite(where: string, what: string, t: Tensor): void {
  const i = backend().firstNonFinite(t.data);
  if (i >= 0) throw new NonFiniteError(`${where}: ${what}`, i, t.data[i]);
}

/**
 * The mask as a constant tensor of exactly `shape` and `dtype`, or null without one.
 * Accepts the full shape or a leading part of it (trailing dims are broadcast).
 */
export function expandMask(where: string, mask: Tensor | undefined, shape: readonly number[], dtype: DType): Tensor | null {
  if (!mask) return null;
  const k = mask.ndim;
  if (k > shape.length || !sameShape(mask.shape, shape.slice(0, k))) {
    const prefixes = shape.map((_, i) => fmtShape(shape.slice(0, i + 1))).join(', ');
    throw new ShapeError(`${where} mask`, `${fmtShape(shape)} or a leading part of it (${prefixes})`, fmtShape(mask.shape));
  }
  checkFinite(where, 'mask', mask);
  const inner = sizeOf(shape.slice(k));
  const out = alloc(dtype, sizeOf(shape));
  // view the mask as [..., 1, 1] and broadcast it over the trailing dims
  const mShape = [mask.size, 1];
  backend().broadcastTo(mask.data, mShape, out, [mask.size, inner]);
  return new Tensor(out, shape);
}

/** Check that `target` has the input's shape. */
export function checkSameShape(where: string, input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`${where}: target`, input.shape, target.shape, `input has shape ${fmtShape(input.shape)} and target has shape ${fmtShape(target.shape)}; they must match`);
  }
}

/** The weight, as a tensor broadcastable to `shape` without enlarging it, in `dtype`. */
export function checkWeight(where: string, name: string, w: Tensor | undefined, shape: readonly number[], dtype: DType): Tensor | null {
  if (!w) return null;
  const b = broadcastShapes(w.shape, shape, `${where} ${name}`);
  if (!sameShape(b, shape)) throw new ShapeError(`${where} ${name}`, `a shape that broadcasts to ${fmtShape(shape)}`, w.shape);
  checkFinite(where, name, w);
  return w.dtype === dtype ? w : w.to(dtype);
}

/** Input and target with masked positions zeroed and checked for NaN/Infinity where they count. */
export interface Prepared {
  input: Tensor;
  target: Tensor;
  /** The mask expanded to the input's shape, or null. */
  mask: Tensor | null;
}

/** Shared front of the elementwise losses: shapes, mask, finiteness. */
export function prepareElementwise(where: string, input: Tensor, target: Tensor, options: ReductionOptions): Prepared {
  checkReduction(where, options.reduction ?? 'mean');
  checkSameShape(where, input, target);
  if (target.dtype !== input.dtype) {
    throw new ValueError(`${where}: target dtype ${target.dtype} differs from input dtype ${input.dtype}; convert with .to('${input.dtype}')`);
  }
  const mask = expandMask(where, options.mask, input.shape, input.dtype);
  const x = mask ? zeroMasked(input, mask) : input;
  const y = mask ? zeroMasked(target, mask) : target;
  checkFinite(where, 'input', x);
  checkFinite(where, 'target', y);
  return { input: x, target: y, mask };
}

/**
 * Apply weight and mask to per-element losses `l` and reduce:
 *
 *   none: w ⊙ m ⊙ l     sum: Σ w ⊙ m ⊙ l     mean: Σ w ⊙ m ⊙ l / Σ m   (Σ m = element count without a mask)
 */
export function reduceLoss(l: Tensor, reduction: Reduction = 'mean', mask: Tensor | null, weight: Tensor | null): Tensor {
  let out = weight ? l.mul(weight) : l;
  if (mask) out = out.mul(mask);
  if (reduction === 'none') return out;
  if (reduction === 'sum') return out.sum();
  // an all-zero mask gives 0/0 = NaN, as PyTorch's mean over nothing
  const count = mask ? sumOf(mask) : l.size;
  return out.sum().div(count);
}

/** Σ of a tensor's values, through the backend. */
function sumOf(t: Tensor): number {
  const out = new Float64Array(1);
  backend().reduceAxis('sum', t.data, 1, t.size, 1, out, null);
  return out[0];
}
