/**
 * Copy memory (Hochreiter & Schmidhuber 1997; the form of Arjovsky et al. 2016): 10 symbols
 * drawn from 8 categories, then T − 1 blanks, a delimiter, and 10 more blanks; the model must
 * output blanks until the delimiter and then the 10 symbols in order.
 *
 *   ids:     0 = blank, 1 … 8 = the symbols, 9 = the delimiter (inputs one-hot, I = 10)
 *   input    s_1 … s_10, 0 × (T − 1), 9, 0 × 10                    (T + 20 steps)
 *   target   0 × (T + 10), s_1 … s_10                               (T + 20 class ids in 0 … 8)
 *
 * Baseline: blanks for the first T + 10 steps and a uniform guess over the 8 symbols for the
 * last 10, cross-entropy 10 · ln 8 / (T + 20) per step. Solved: test cross-entropy below a tenth
 * of the baseline's.
 */
import { Tensor } from '../../tensor/tensor.js';
import type { Generator } from '../../random/generator.js';
import { crossEntropy } from '../../losses/cross-entropy.js';
import { checkLength, type LabBatch, type LabTask } from './task.js';

/** Symbols to copy, categories they come from, and the input alphabet (blank, symbols, delimiter). */
export const COPY_SYMBOLS = 10;
/** Categories the symbols to copy are drawn from; the input alphabet adds a blank and the delimiter. */
export const COPY_CATEGORIES = 8;
const INPUTS = COPY_CATEGORIES + 2;
const DELIMITER = COPY_CATEGORIES + 1;

/** The memoryless baseline's cross-entropy per step at length T: 10 · ln 8 / (T + 20). */
export function copyBaseline(length: number): number {
  return (COPY_SYMBOLS * Math.log(COPY_CATEGORIES)) / (length + 2 * COPY_SYMBOLS);
}

/**
 * Copy memory at blank length T (≥ 1); sequences have T + 20 steps.
 *
 * @example
 * const task = copyTask(100);
 * const { x, y } = task.batch(16, new Generator(0)); // x [16, 120, 10], y Int32Array(16·120)
 */
export function copyTask(length: number): LabTask {
  const T = checkLength('copyTask', length, 1);
  const S = T + 2 * COPY_SYMBOLS;
  const baseline = copyBaseline(T);
  return {
    name: 'copy', length: T, steps: S, inputSize: INPUTS, outputSize: COPY_CATEGORIES + 1, readout: 'all', lossName: 'cross-entropy',
    baseline, solvedBelow: baseline / 10,
    loss: (output, y) => crossEntropy(output, y as Int32Array),
    batch(B: number, g: Generator): LabBatch {
      const x = new Float32Array(B * S * INPUTS);
      const y = new Int32Array(B * S);
      const at = (b: number, t: number, id: number) => (x[(b * S + t) * INPUTS + id] = 1);
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < S; t++) at(b, t, 0);
        for (let k = 0; k < COPY_SYMBOLS; k++) {
          const s = 1 + g.int(COPY_CATEGORIES);
          x[(b * S + k) * INPUTS] = 0;
          at(b, k, s);
          y[b * S + T + COPY_SYMBOLS + k] = s;
        }
        const d = COPY_SYMBOLS + T - 1;
        x[(b * S + d) * INPUTS] = 0;
        at(b, d, DELIMITER);
      }
      return { x: new Tensor(x, [B, S, INPUTS]), y };
    },
  };
}
