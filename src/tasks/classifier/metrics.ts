/**
 * Classification metrics from true and predicted class ids: accuracy, per-class precision,
 * recall and F1, their unweighted mean over classes (macro-F1, which a majority-class guess
 * cannot inflate), and the confusion matrix.
 */

import { ShapeError, ValueError } from '../../errors.js';

/** Precision, recall and F1 of one class. */
export interface ClassScores {
  readonly label: string;
  /** Of the texts predicted as this class, the share that are (0 when none is predicted). */
  readonly precision: number;
  /** Of the texts of this class, the share predicted as it (0 when there are none). */
  readonly recall: number;
  /** 2PR / (P + R), 0 when both are 0. */
  readonly f1: number;
  /** Texts of this class. */
  readonly support: number;
}

/** Every metric of one evaluation. */
export interface ClassificationMetrics {
  readonly n: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly perClass: readonly ClassScores[];
  /** confusion[actual][predicted]: counts, rows and columns in the order of the class names. */
  readonly confusion: readonly (readonly number[])[];
}

/**
 * Scores predictions against the truth; ids index `classes`.
 *
 * @example
 * classificationMetrics(Int32Array.of(0, 1, 1), Int32Array.of(0, 1, 0), ['neg', 'pos']).accuracy; // 2/3
 */
export function classificationMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>, classes: readonly string[]): ClassificationMetrics {
  const C = classes.length;
  if (actual.length !== predicted.length) throw new ShapeError('classificationMetrics: predicted', `${actual.length} ids (one per actual)`, `${predicted.length}`);
  if (actual.length === 0) throw new ValueError('classificationMetrics: nothing to score (0 examples)');
  const confusion = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  let correct = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], p = predicted[i];
    if (!(Number.isInteger(a) && a >= 0 && a < C && Number.isInteger(p) && p >= 0 && p < C)) {
      throw new ValueError(`classificationMetrics: example ${i} has actual ${a}, predicted ${p}; ids must be in 0 … ${C - 1}`);
    }
    confusion[a][p]++;
    if (a === p) correct++;
  }
  const perClass = classes.map((label, c) => {
    const tp = confusion[c][c];
    const support = confusion[c].reduce((s, v) => s + v, 0);
    const predictedAs = confusion.reduce((s, row) => s + row[c], 0);
    const precision = predictedAs ? tp / predictedAs : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const macroF1 = perClass.reduce((s, c) => s + c.f1, 0) / C;
  return { n: actual.length, accuracy: correct / actual.length, macroF1, perClass, confusion };
}

/** Index of the largest value of row `r` of a [n, C] row-major array (the first on ties). */
export function argmaxRow(p: ArrayLike<number>, r: number, C: number): number {
  let best = 0;
  for (let c = 1; c < C; c++) if (p[r * C + c] > p[r * C + best]) best = c;
  return best;
}

/** Mean and sample standard deviation (n − 1; 0 for a single value). */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std };
}
