/**
 * K-fold cross-validation of a TextClassifier with stratified folds: each fold trains a fresh
 * classifier (tokenizer, vocabulary, baseline and validation part from its training folds only)
 * and scores the network and the baseline on the held-out fold, the same texts for both.
 */

import { ValueError } from '../../errors.js';
import type { WordVectorSource } from '../../nn/embedding.js';
import { TextClassifier, type ClassifierEvaluation } from './classifier.js';
import { stratifiedFolds } from './folds.js';
import { meanStd } from './metrics.js';
import type { TextClassifierOptions } from './options.js';

/** Mean and sample standard deviation over the folds, and each fold's value. */
export interface FoldSummary {
  readonly mean: number;
  readonly std: number;
  readonly folds: readonly number[];
}

/** What {@link crossValidate} returns: the network's and the baseline's scores over the folds. */
export interface CrossValidation {
  readonly accuracy: FoldSummary;
  readonly macroF1: FoldSummary;
  readonly baseline: { readonly accuracy: FoldSummary; readonly macroF1: FoldSummary } | null;
  /** Each fold's full evaluation, in fold order. */
  readonly evaluations: readonly ClassifierEvaluation[];
  /** The held-out indices of each fold. */
  readonly testIndices: readonly Int32Array[];
  /** Seconds each fold took (training both models and scoring). */
  readonly seconds: readonly number[];
}

const summary = (values: number[]): FoldSummary => ({ ...meanStd(values), folds: values });

/**
 * Cross-validates `options` on `texts`/`labels` over `folds` stratified folds drawn with `seed`.
 * A `minutes` budget in the options is shared evenly by the folds.
 *
 * @example
 * const cv = await crossValidate(texts, labels, { pooling: 'max' }, { folds: 5, seed: 0 });
 * console.log(cv.accuracy.mean, cv.accuracy.std, cv.baseline?.accuracy.mean);
 */
export async function crossValidate(
  texts: readonly string[],
  labels: readonly string[],
  options: TextClassifierOptions = {},
  cv: { folds?: number; seed?: number; vectors?: WordVectorSource; onFold?: (fold: number, evaluation: ClassifierEvaluation) => void } = {},
): Promise<CrossValidation> {
  const k = cv.folds ?? 5;
  if (texts.length !== labels.length) throw new ValueError(`crossValidate: ${texts.length} texts but ${labels.length} labels`);
  const testIndices = stratifiedFolds(labels, k, cv.seed ?? 0);
  const evaluations: ClassifierEvaluation[] = [];
  const seconds: number[] = [];
  const perFold = options.minutes == null ? null : options.minutes / k;
  for (let f = 0; f < k; f++) {
    const t0 = performance.now();
    const held = new Set(testIndices[f]);
    const train = texts.map((_, i) => i).filter((i) => !held.has(i));
    const clf = new TextClassifier({ ...options, minutes: perFold });
    await clf.fit(train.map((i) => texts[i]), train.map((i) => labels[i]), cv.vectors ? { vectors: cv.vectors } : {});
    const test = Array.from(testIndices[f]);
    const e = clf.evaluate(test.map((i) => texts[i]), test.map((i) => labels[i]));
    evaluations.push(e);
    seconds.push((performance.now() - t0) / 1000);
    cv.onFold?.(f, e);
  }
  const pick = (get: (e: ClassifierEvaluation) => number) => summary(evaluations.map(get));
  const hasBaseline = evaluations.every((e) => e.baseline !== null);
  return {
    accuracy: pick((e) => e.model.accuracy),
    macroF1: pick((e) => e.model.macroF1),
    baseline: hasBaseline ? { accuracy: pick((e) => e.baseline!.accuracy), macroF1: pick((e) => e.baseline!.macroF1) } : null,
    evaluations,
    testIndices,
    seconds,
  };
}
