/**
 * The embedded Reber grammar (Reber 1967; embedded form of Cleeremans et al. 1989 and Hochreiter
 * & Schmidhuber 1997), as a sequence classification stretched to length T. An embedded string is
 * B, a symbol X ∈ {T, P}, a Reber string, the same X again, and E; only the first X tells the
 * second, so predicting it is the long-range part of the task. Here the model reads
 *
 *   B, X, blank × k, <Reber string B … E>          (T steps in all, k = T − 2 − its length)
 *
 * and predicts X (class 0 = T, 1 = P) at the last step: the answer lies T − 2 steps back, past
 * the blanks and a Reber string that says nothing about it. Symbols one-hot over
 * B T P S X V E and the blank (I = 8).
 *
 * Baseline: the Reber string is independent of X, so no memoryless answer beats a coin:
 * cross-entropy ln 2 ≈ 0.693. Solved: test cross-entropy < 0.05.
 */
import { Tensor } from '../../tensor/tensor.js';
import type { Generator } from '../../random/generator.js';
import { crossEntropy } from '../../losses/cross-entropy.js';
import { checkLength, type LabBatch, type LabTask } from './task.js';

/** Input alphabet: the seven symbols of the grammar and the blank. */
export const REBER_SYMBOLS = ['B', 'T', 'P', 'S', 'X', 'V', 'E', '_'] as const;
const id = (s: (typeof REBER_SYMBOLS)[number]) => REBER_SYMBOLS.indexOf(s);

/** Reber's graph: from each state, the two (symbol, next state) edges, each taken with probability ½; state 6 ends with E. */
const EDGES: readonly (readonly [string, number])[][] = [
  [['T', 1], ['P', 2]], // after B
  [['S', 1], ['X', 3]],
  [['T', 2], ['V', 4]],
  [['X', 2], ['S', 5]],
  [['P', 3], ['V', 5]],
];

/** One Reber string, B … E, as symbols. */
export function reberString(g: Generator): string {
  let s = 'B';
  let state = 0;
  while (state !== 5) {
    const [sym, next] = EDGES[state][g.int(2)];
    s += sym;
    state = next;
  }
  return s + 'E';
}

/** True when `s` is a string of Reber's grammar. */
export function isReberString(s: string): boolean {
  if (s[0] !== 'B' || s[s.length - 1] !== 'E') return false;
  let state = 0;
  for (let i = 1; i < s.length - 1; i++) {
    const e = state === 5 ? undefined : EDGES[state].find(([sym]) => sym === s[i]);
    if (!e) return false;
    state = e[1];
  }
  return state === 5;
}

/** The shortest Reber strings (BTXSE, BPVVE) have 5 symbols, so T ≥ 7. */
const MIN_LENGTH = 7;

/**
 * The stretched embedded Reber task at length T (≥ 7).
 *
 * @example
 * const task = reberTask(50);
 * const { x, y } = task.batch(32, new Generator(0)); // x [32, 50, 8], y Int32Array(32) of 0 (T) or 1 (P)
 */
export function reberTask(length: number): LabTask {
  const T = checkLength('reberTask', length, MIN_LENGTH);
  const I = REBER_SYMBOLS.length;
  return {
    name: 'reber', length: T, steps: T, inputSize: I, outputSize: 2, readout: 'last', lossName: 'cross-entropy',
    baseline: Math.LN2, solvedBelow: 0.05,
    loss: (output, y) => crossEntropy(output, y as Int32Array),
    batch(B: number, g: Generator): LabBatch {
      const x = new Float32Array(B * T * I);
      const y = new Int32Array(B);
      for (let b = 0; b < B; b++) {
        const cls = g.int(2);
        let inner = reberString(g);
        while (inner.length > T - 2) inner = reberString(g); // long strings are rare: P(length > 12) < 3%
        const seq = 'B' + (cls === 0 ? 'T' : 'P') + '_'.repeat(T - 2 - inner.length) + inner;
        for (let t = 0; t < T; t++) x[(b * T + t) * I + id(seq[t] as (typeof REBER_SYMBOLS)[number])] = 1;
        y[b] = cls;
      }
      return { x: new Tensor(x, [B, T, I]), y };
    },
  };
}
