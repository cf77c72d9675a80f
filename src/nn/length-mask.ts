/**
 * A mask over the steps of right-padded sequences from their lengths: `real` where t < lengths[b],
 * `pad` after. As an additive mask (0 / a large negative) before a max or a softmax, padded steps
 * get exactly zero weight; as a multiplicative one (1 / 0), they drop out of a sum.
 */
import { Tensor } from '../tensor/tensor.js';
import { alloc, type DType } from '../tensor/dtype.js';
import { ShapeError, ValueError } from '../errors.js';

/** What {@link lengthMask} builds. */
export interface LengthMaskOptions {
  /** Value at the real steps. */
  readonly real: number;
  /** Value at the padded steps. */
  readonly pad: number;
  readonly dtype: DType;
  /** Shape of the result, of B·T elements in [b][t] order (e.g. [B, T, 1] or [B, 1, T]). */
  readonly shape: readonly number[];
}

/**
 * The [b][t] mask of B sequences of T steps. A ValueError names a length outside 1 … T, a
 * ShapeError a count of lengths other than B; `where` and `noun` ('text', 'sequence') say whose.
 */
export function lengthMask(where: string, lengths: ArrayLike<number>, B: number, T: number, options: LengthMaskOptions, noun = 'sequence'): Tensor {
  if (lengths.length !== B) throw new ShapeError(`${where}: lengths`, `${B} lengths (one per ${noun})`, `${lengths.length}`);
  const m = alloc(options.dtype, B * T);
  for (let b = 0; b < B; b++) {
    const L = lengths[b];
    if (!(Number.isInteger(L) && L >= 1 && L <= T)) throw new ValueError(`${where}: lengths[${b}] = ${L}; expected an integer in 1 … ${T}`);
    m.fill(options.real, b * T, b * T + L);
    m.fill(options.pad, b * T + L, (b + 1) * T);
  }
  return new Tensor(m, options.shape);
}
