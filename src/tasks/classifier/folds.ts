/**
 * Stratified splits: every fold (and the validation part) keeps the class proportions of the
 * whole, so a rare class is never missing from a held-out part by bad luck. As scikit-learn's
 * StratifiedKFold with shuffling: each class's examples are shuffled with the seed and dealt to
 * the folds in turn, the dealing continuing from class to class so fold sizes differ by at most one.
 */

import { ValueError } from '../../errors.js';
import { Generator } from '../../random/generator.js';

/** Indices of each class, in order of first appearance of the class. */
function byClass(labels: ArrayLike<number | string>): number[][] {
  const groups = new Map<number | string, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const g = groups.get(labels[i]);
    if (g) g.push(i);
    else groups.set(labels[i], [i]);
  }
  return [...groups.values()];
}

function shuffled(ids: number[], g: Generator): number[] {
  const p = g.permutation(ids.length);
  return Array.from(p, (j) => ids[j]);
}

/**
 * Splits indices 0 … n−1 into `k` stratified folds (test parts), each sorted ascending. Every
 * index is in exactly one fold; each class is spread over the folds as evenly as possible.
 *
 * @example
 * const folds = stratifiedFolds(['a', 'a', 'b', 'b', 'a', 'b'], 3, 0); // three Int32Arrays of 2
 * const train = allIndices.filter((i) => !folds[0].includes(i));
 */
export function stratifiedFolds(labels: ArrayLike<number | string>, k: number, seed = 0): Int32Array[] {
  if (!Number.isInteger(k) || k < 2) throw new ValueError(`stratifiedFolds: k must be an integer ≥ 2, got ${k}`);
  if (labels.length < k) throw new ValueError(`stratifiedFolds: ${labels.length} examples cannot fill ${k} folds`);
  const g = new Generator(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const ids of byClass(labels)) {
    for (const i of shuffled(ids, g)) {
      folds[next].push(i);
      next = (next + 1) % k;
    }
  }
  return folds.map((f) => Int32Array.from(f.sort((a, b) => a - b)));
}

/**
 * Holds out about `fraction` of each class (at least one example of every class that has two
 * or more) and returns both parts as sorted index lists.
 */
export function stratifiedSplit(labels: ArrayLike<number | string>, fraction: number, seed = 0): { train: Int32Array; heldOut: Int32Array } {
  if (!(fraction > 0 && fraction < 1)) throw new ValueError(`stratifiedSplit: fraction must be in (0, 1), got ${fraction}`);
  const g = new Generator(seed);
  const train: number[] = [];
  const heldOut: number[] = [];
  for (const ids of byClass(labels)) {
    const s = shuffled(ids, g);
    const n = s.length < 2 ? 0 : Math.min(s.length - 1, Math.max(1, Math.round(s.length * fraction)));
    heldOut.push(...s.slice(0, n));
    train.push(...s.slice(n));
  }
  const sorted = (a: number[]) => Int32Array.from(a.sort((x, y) => x - y));
  return { train: sorted(train), heldOut: sorted(heldOut) };
}
