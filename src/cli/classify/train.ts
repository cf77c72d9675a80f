/**
 * `recurrent classify train`: read labelled texts, score the classifier beside the TF-IDF +
 * logistic regression baseline on held-out texts (a stratified test part, or `--folds K`
 * stratified folds), train the model that is saved (on the training part, or with folds on every
 * text), and write the bundle, metrics.json and report.html into the output folder.
 */

import { ValueError } from '../../errors.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { TextClassifier, type ClassifierEvaluation } from '../../tasks/classifier/classifier.js';
import type { CrossValidation } from '../../tasks/classifier/cross-validate.js';
import { stratifiedFolds, stratifiedSplit } from '../../tasks/classifier/folds.js';
import { classificationMetrics, argmaxRow, meanStd } from '../../tasks/classifier/metrics.js';
import { renderClassifierReport, worstExamples, type ReportExample } from '../../tasks/classifier/report.js';
import { trainWordVectors } from '../../tasks/classifier/vectors.js';
import type { TextClassifierOptions } from '../../tasks/classifier/options.js';
import type { WordVectorSource } from '../../nn/embedding.js';
import type { Callback } from '../../train/types.js';
import { jsonLines, progress, round, type Output } from '../fit-callbacks.js';
import { readLabelledTexts, type ReadTextsOptions } from './read.js';

const nodePath = lazyBuiltin('path');

/** What `classify train` takes besides the classifier's own options. */
export interface ClassifyTrainRun extends ReadTextsOptions {
  readonly file: string;
  /** Stratified folds for the scores; null holds out `testFraction` instead. */
  readonly folds: number | null;
  readonly testFraction: number;
  /** Text files Word2Vec trains the embeddings' vectors on (with the training texts). */
  readonly word2vecCorpus: readonly string[];
  /** Where trained vectors are cached. */
  readonly cacheDir: string;
  readonly out: string;
  readonly json: boolean;
}

/** The CLI's test-part default. */
export const TEST_FRACTION = 0.2;

const r4 = (v: number) => Number(v.toFixed(4));
const foldsJSON = (s: CrossValidation['accuracy']) => ({ mean: r4(s.mean), std: r4(s.std), folds: s.folds.map(r4) });

/** Runs `classify train`; returns the result event (also printed with --json). */
export async function runClassifyTrain(run: ClassifyTrainRun, options: TextClassifierOptions, io: Output): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  if (!(run.testFraction > 0 && run.testFraction < 1)) throw new ValueError(`--test-fraction must be in (0, 1), got ${run.testFraction}`);
  if (run.folds !== null && !(Number.isInteger(run.folds) && run.folds >= 2 && run.folds <= 100)) throw new ValueError(`--folds must be an integer in 2 … 100, got ${run.folds}`);
  if (run.word2vecCorpus.length && options.pretrained) throw new ValueError('--pretrained and --word2vec-corpus both give word vectors; pass one of them');
  const { texts, labels } = await readLabelledTexts(run.file, run);
  const classes = [...new Set(labels)].sort();
  if (classes.length < 2) throw new ValueError(`${run.file}: every text has the label ${JSON.stringify(classes[0])}; at least two classes are needed`);
  const seed = options.seed ?? 0;
  const say = (event: Record<string, unknown>, line: string) => io.out(run.json ? JSON.stringify(event) + '\n' : line + '\n');
  say({ event: 'start', file: run.file, texts: texts.length, classes, ...(run.folds ? { folds: run.folds } : {}) }, `${run.file}: ${texts.length} texts, classes ${classes.join(', ')}${run.folds ? `; ${run.folds}-fold cross-validation` : ''}`);

  const vectorsFor = async (trainTexts: readonly string[]): Promise<WordVectorSource | undefined> => {
    if (run.word2vecCorpus.length === 0) return undefined;
    const r = await trainWordVectors({ files: run.word2vecCorpus, texts: trainTexts, size: options.embeddingDim, seed, cacheDir: run.cacheDir });
    say({ event: 'vectors', words: r.vectors.size, dim: r.vectors.dim, cached: r.cached, path: r.path }, `word vectors: ${r.vectors.size} words × ${r.vectors.dim}${r.cached ? ' (cached)' : ''}`);
    return r.vectors;
  };
  // The --minutes budget is shared by the folds and the final model.
  const parts = run.folds ? run.folds + 1 : 1;
  const minutes = options.minutes == null ? null : options.minutes / parts;
  const callbacksFor = (what: string, extra: Record<string, unknown>): Callback[] => [run.json ? jsonLines(io, extra) : progress(io, what ? `${what} ` : ''), ...(options.callbacks ?? [])];

  let heldOut: ClassifierEvaluation;
  let heldTexts: string[];
  let cv: CrossValidation | null = null;
  let clf: TextClassifier;
  if (run.folds) {
    cv = await foldByFold(texts, labels, run, options, minutes, vectorsFor, callbacksFor, say);
    heldOut = pooled(cv);
    heldTexts = cv.testIndices.flatMap((f) => Array.from(f, (i) => texts[i]));
    clf = new TextClassifier({ ...options, minutes, callbacks: callbacksFor('final', { fold: 'final' }) });
    const vectors = await vectorsFor(texts);
    await clf.fit(texts, labels, vectors ? { vectors } : {});
  } else {
    const split = stratifiedSplit(labels, run.testFraction, seed);
    const trainTexts = Array.from(split.train, (i) => texts[i]);
    heldTexts = Array.from(split.heldOut, (i) => texts[i]);
    clf = new TextClassifier({ ...options, minutes, callbacks: callbacksFor('', {}) });
    const vectors = await vectorsFor(trainTexts);
    await clf.fit(trainTexts, Array.from(split.train, (i) => labels[i]), vectors ? { vectors } : {});
    heldOut = clf.evaluate(heldTexts, Array.from(split.heldOut, (i) => labels[i]));
  }

  await clf.save(run.out);
  const m = heldOut.model, b = heldOut.baseline;
  const scores = (x: typeof m) => ({ accuracy: r4(x.accuracy), macroF1: r4(x.macroF1) });
  const result: Record<string, unknown> = {
    event: 'result',
    accuracy: cv ? foldsJSON(cv.accuracy) : r4(m.accuracy),
    macroF1: cv ? foldsJSON(cv.macroF1) : r4(m.macroF1),
    baseline: cv?.baseline ? { accuracy: foldsJSON(cv.baseline.accuracy), macroF1: foldsJSON(cv.baseline.macroF1), C: clf.baseline?.C ?? null } : b ? { ...scores(b), C: clf.baseline?.C ?? null } : null,
    test: { n: m.n, ...(cv ? { folds: run.folds } : { fraction: run.testFraction }) },
    perClass: m.perClass.map((c) => ({ label: c.label, precision: r4(c.precision), recall: r4(c.recall), f1: r4(c.f1), support: c.support })),
    confusion: m.confusion,
    train: { texts: cv ? texts.length : texts.length - m.n, networks: clf.nets.length, epochs: clf.histories.map((h) => h.epochs.length), bestEpoch: clf.histories.map((h) => h.bestEpoch), stopReason: clf.histories.map((h) => h.stopReason), ...(clf.pretrainedCoverage !== null ? { pretrainedCoverage: r4(clf.pretrainedCoverage) } : {}) },
    out: run.out,
  };
  await atomicWriteFile(nodePath.join(run.out, 'metrics.json'), JSON.stringify(result, null, 1) + '\n');
  const worst: ReportExample[] = worstExamples(heldOut, heldTexts, 15);
  const o = clf.options;
  const html = await renderClassifierReport({
    title: `Text classifier — ${nodePath.basename(run.file)}`,
    subtitle: `${o.bidirectional ? 'bidirectional ' : ''}${o.cell.toUpperCase()} ${o.hiddenSize} units, ${o.pooling} pooling, ${o.level} tokens${o.ensemble > 1 ? `, ensemble of ${o.ensemble}` : ''}; ${texts.length} texts, ${classes.length} classes`,
    notes: b ? [`held-out accuracy ${pct(m.accuracy)} vs ${pct(b.accuracy)} for TF-IDF + logistic regression (${m.accuracy >= b.accuracy ? `${(100 * (m.accuracy - b.accuracy)).toFixed(1)} points higher` : `${(100 * (b.accuracy - m.accuracy)).toFixed(1)} points lower`})`] : [],
    histories: clf.histories.map((h, k) => ({ name: clf.histories.length > 1 ? `network ${k + 1}` : 'network', epochs: h.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss ?? null, valAccuracy: e.metrics.valAccuracy ?? null })) })),
    model: m,
    baseline: b,
    ...(cv ? { folds: { accuracy: cv.accuracy, macroF1: cv.macroF1, baseline: cv.baseline } } : {}),
    worst,
    settings: {
      file: nodePath.basename(run.file), texts: texts.length, classes: classes.join(', '), 'held out': cv ? `${run.folds} stratified folds` : `${pct(run.testFraction)} stratified`,
      level: o.level, 'vocabulary size': clf.encoding!.vocabulary.size, 'embedding size': clf.nets[0].options.embeddingDim, 'word vectors': o.pretrained ?? (run.word2vecCorpus.length ? `Word2Vec on ${run.word2vecCorpus.length} files` : 'none (learned)'),
      'frozen embeddings': o.freezeEmbeddings, cell: o.cell, 'hidden size': o.hiddenSize, layers: o.numLayers, bidirectional: o.bidirectional, pooling: o.pooling,
      'embedding dropout': o.embeddingDropout, dropout: o.dropout, ensemble: o.ensemble, 'learning rate': o.lr, 'batch size': o.batchSize, patience: o.patience, monitor: o.monitor,
      'baseline C': clf.baseline?.C ?? '—', seed: o.seed,
    },
  });
  await atomicWriteFile(nodePath.join(run.out, 'report.html'), html);
  result.seconds = Number(((performance.now() - t0) / 1000).toFixed(2));
  if (run.json) io.out(JSON.stringify(result) + '\n');
  else io.out(summary(result, m, b, cv));
  return result;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/**
 * Cross-validation as crossValidate does it, fold by fold, with word vectors (when asked for)
 * trained on each fold's training texts only, so no held-out text shapes them.
 */
async function foldByFold(
  texts: string[], labels: string[], run: ClassifyTrainRun, options: TextClassifierOptions, minutes: number | null,
  vectorsFor: (t: readonly string[]) => Promise<WordVectorSource | undefined>,
  callbacksFor: (what: string, extra: Record<string, unknown>) => Callback[],
  say: (event: Record<string, unknown>, line: string) => void,
): Promise<CrossValidation> {
  const folds = stratifiedFolds(labels, run.folds!, options.seed ?? 0);
  const evaluations: ClassifierEvaluation[] = [];
  const seconds: number[] = [];
  for (let f = 0; f < folds.length; f++) {
    const t = performance.now();
    const held = new Set(folds[f]);
    const train = texts.map((_, i) => i).filter((i) => !held.has(i));
    const trainTexts = train.map((i) => texts[i]);
    const vectors = await vectorsFor(trainTexts);
    const c = new TextClassifier({ ...options, minutes, callbacks: callbacksFor(`fold ${f + 1}`, { fold: f + 1 }) });
    await c.fit(trainTexts, train.map((i) => labels[i]), vectors ? { vectors } : {});
    const e = c.evaluate(Array.from(folds[f], (i) => texts[i]), Array.from(folds[f], (i) => labels[i]));
    evaluations.push(e);
    seconds.push((performance.now() - t) / 1000);
    say({ event: 'fold', fold: f + 1, accuracy: r4(e.model.accuracy), baseline: e.baseline ? r4(e.baseline.accuracy) : null }, `fold ${f + 1}: accuracy ${pct(e.model.accuracy)}, baseline ${e.baseline ? pct(e.baseline.accuracy) : '—'}`);
  }
  const sum = (get: (e: ClassifierEvaluation) => number) => ({ ...meanStd(evaluations.map(get)), folds: evaluations.map(get) });
  const baseline = evaluations.every((e) => e.baseline) ? { accuracy: sum((e) => e.baseline!.accuracy), macroF1: sum((e) => e.baseline!.macroF1) } : null;
  return { accuracy: sum((e) => e.model.accuracy), macroF1: sum((e) => e.model.macroF1), baseline, evaluations, testIndices: folds, seconds };
}

/** The folds' evaluations as one: every held-out text once, in fold order. */
function pooled(cv: CrossValidation): ClassifierEvaluation {
  const es = cv.evaluations;
  const classes = es[0].classes;
  const C = classes.length;
  const actual = Int32Array.from(es.flatMap((e) => Array.from(e.actual)));
  const probabilities = Float64Array.from(es.flatMap((e) => Array.from(e.probabilities)));
  const hasBaseline = es.every((e) => e.baselineProbabilities);
  const baselineProbabilities = hasBaseline ? Float64Array.from(es.flatMap((e) => Array.from(e.baselineProbabilities!))) : null;
  const score = (P: Float64Array) => classificationMetrics(actual, Int32Array.from(actual, (_, r) => argmaxRow(P, r, C)), classes);
  return { model: score(probabilities), baseline: baselineProbabilities ? score(baselineProbabilities) : null, probabilities, baselineProbabilities, actual, classes };
}

function summary(r: Record<string, unknown>, m: { accuracy: number; macroF1: number; n: number }, b: { accuracy: number; macroF1: number } | null, cv: CrossValidation | null): string {
  const lines = [`\nheld-out texts: ${m.n}${cv ? ` (${cv.accuracy.folds.length} folds)` : ''}`, `${''.padEnd(32)}${'accuracy'.padStart(18)}${'macro-F1'.padStart(12)}`];
  const acc = (s: CrossValidation['accuracy'] | null, v: number) => (s ? `${pct(s.mean)} ± ${pct(s.std)}` : pct(v)).padStart(18);
  lines.push(`${'recurrent network'.padEnd(32)}${acc(cv?.accuracy ?? null, m.accuracy)}${String(round(m.macroF1)).padStart(12)}`);
  if (b) lines.push(`${'TF-IDF + logistic regression'.padEnd(32)}${acc(cv?.baseline?.accuracy ?? null, b.accuracy)}${String(round(b.macroF1)).padStart(12)}`);
  lines.push(`\nwrote ${r.out}/ (model-*.safetensors, classifier.json, vocabulary.json, baseline.json, metrics.json, report.html) in ${r.seconds} s\n`);
  return lines.join('\n');
}
