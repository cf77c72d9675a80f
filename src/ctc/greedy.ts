import type { Tensor } from '../tensor/tensor.js';
import type { Arr } from '../tensor/dtype.js';
import { decodeInput, type CtcDecodeOptions } from './input.js';

/**
 * Best-path CTC decoding of one sequence: the most probable class of each frame, then repeats
 * collapsed and blanks dropped (B(argmax_t p_t)). It finds the most probable alignment, not the
 * most probable labeling, which {@link ctcBeamDecode} approximates.
 *
 * logProbs [T, C] (log-probabilities or any monotone scores; a Tensor of that size, e.g.
 * `logProbs.select(1, n)` of a [T, N, C] batch); ties go to the lower class id.
 *
 * @example
 * // frames: a a blank a b b → [a, a, b]
 * const tokens = ctcGreedyDecode(logProbs.select(1, 0), T, C, { length: inputLengths[0] });
 */
export function ctcGreedyDecode(logProbs: Arr | Tensor, T: number, C: number, options: CtcDecodeOptions = {}): number[] {
  const { lp, blank, length } = decodeInput('ctcGreedyDecode', logProbs, T, C, options);
  const tokens: number[] = [];
  let prev = blank;
  for (let t = 0; t < length; t++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (lp[t * C + c] > lp[t * C + best]) best = c;
    if (best !== blank && best !== prev) tokens.push(best);
    prev = best;
  }
  return tokens;
}
