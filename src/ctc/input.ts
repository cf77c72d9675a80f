import { Tensor } from '../tensor/tensor.js';
import type { Arr } from '../tensor/dtype.js';
import { ShapeError, ValueError } from '../errors.js';

/** Options both decoders take. */
export interface CtcDecodeOptions {
  /** The blank class (default 0, as {@link ctcLoss}). */
  blank?: number;
  /** Frames to decode, the sequence's input length (default T): frames past it are padding. */
  length?: number;
}

/** The frames [T, C] of one sequence as a flat array, with blank and length checked. */
export function decodeInput(where: string, logProbs: Arr | Tensor, T: number, C: number, options: CtcDecodeOptions): { lp: Arr; blank: number; length: number } {
  const lp = logProbs instanceof Tensor ? logProbs.data : logProbs;
  if (!Number.isInteger(T) || !Number.isInteger(C) || T < 0 || C < 1) throw new ValueError(`${where}: T and C must be integers with T ≥ 0 and C ≥ 1, got T = ${T}, C = ${C}`);
  if (lp.length !== T * C) {
    const got = logProbs instanceof Tensor ? logProbs.shape : [lp.length];
    throw new ShapeError(`${where}: logProbs`, `[T, C] = [${T}, ${C}] (${T * C} values)`, got, 'one sequence: take it out of a [T, N, C] batch with select(1, n)');
  }
  const blank = options.blank ?? 0;
  if (!Number.isInteger(blank) || blank < 0 || blank >= C) throw new ValueError(`${where}: blank must be a class id in [0, ${C - 1}], got ${blank}`);
  const length = options.length ?? T;
  if (!Number.isInteger(length) || length < 0 || length > T) throw new ValueError(`${where}: length must be an integer in [0, T = ${T}], got ${length}`);
  return { lp, blank, length };
}
