/**
 * `recurrent audio train DIR`: list the labelled WAV files (label folders, a CSV, or FSDD-style
 * names with --speaker-pattern), hold out speakers (or a stratified part when speakers are
 * unknown), train the AudioClassifier beside its baseline, score both on the held-out
 * recordings, and write the model folder, metrics.json and report.html.
 */

import { audioFeatures, loadWav, resolveAudioFeatures, toMono } from '../../audio/index.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { AudioClassifier } from '../../tasks/audio-classifier/classifier.js';
import { listAudioDataset, splitAudioDataset } from '../../tasks/audio-classifier/dataset.js';
import { renderAudioClassifierReport, type AudioReportExample } from '../../tasks/audio-classifier/report.js';
import type { AudioClassifierOptions } from '../../tasks/audio-classifier/options.js';
import type { FrameMatrix } from '../../tasks/audio-classifier/baseline.js';
import { ValueError } from '../../errors.js';
import { jsonLines, progress, type Output } from '../fit-callbacks.js';
import { readFrames } from './load.js';

const nodePath = lazyBuiltin('path');

/** What `audio train` takes besides the classifier's own options. */
export interface AudioTrainRun {
  readonly source: string;
  readonly speakerPattern?: string;
  /** Speakers held out when the file names give them. */
  readonly heldOutSpeakers: number;
  /** Without speakers: the stratified share held out. */
  readonly testFraction: number;
  readonly out: string;
  readonly json: boolean;
}

const r4 = (v: number) => Number(v.toFixed(4));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Runs `audio train`; returns the result event (also printed with --json). */
export async function runAudioTrain(run: AudioTrainRun, options: AudioClassifierOptions, io: Output): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  if (!(run.testFraction > 0 && run.testFraction < 1)) throw new ValueError(`--test-fraction must be in (0, 1), got ${run.testFraction}`);
  if (!(Number.isInteger(run.heldOutSpeakers) && run.heldOutSpeakers >= 1)) throw new ValueError(`--held-out-speakers must be an integer ≥ 1, got ${run.heldOutSpeakers}`);
  const say = (event: Record<string, unknown>, line: string) => io.out(run.json ? JSON.stringify(event) + '\n' : line + '\n');
  const items = await listAudioDataset(run.source, run.speakerPattern === undefined ? {} : { speakerPattern: run.speakerPattern });
  const seed = options.seed ?? 0;
  const split = splitAudioDataset(items, { seed, heldOutSpeakers: run.heldOutSpeakers, testFraction: run.testFraction });
  const classes = [...new Set(items.map((i) => i.label))].sort();
  const speakers = [...new Set(items.map((i) => i.speaker).filter((s): s is string => s !== null))].sort();
  const heldOut = split.heldOutSpeakers.length ? `speakers ${split.heldOutSpeakers.join(', ')} (never heard in training)` : `a stratified ${pct(run.testFraction)} of each label`;
  say({ event: 'start', source: run.source, files: items.length, classes, speakers, heldOutSpeakers: split.heldOutSpeakers, train: split.train.length, test: split.test.length },
    `${run.source}: ${items.length} recordings, ${classes.length} classes${speakers.length ? `, ${speakers.length} speakers` : ''}; held out: ${heldOut} (${split.test.length} recordings)`);

  const clf = new AudioClassifier({ ...options, callbacks: [run.json ? jsonLines(io) : progress(io), ...(options.callbacks ?? [])] });
  const frames: FrameMatrix[] = [];
  for (const it of items) frames.push(await readFrames(it.path, (a) => clf.features(a)));
  const pick = (ids: Int32Array) => ({ frames: Array.from(ids, (i) => frames[i]), labels: Array.from(ids, (i) => items[i].label), speakers: Array.from(ids, (i) => items[i].speaker) });
  const train = pick(split.train), test = pick(split.test);
  if (new Set(train.labels).size < 2) throw new ValueError(`${run.source}: the training part holds ${new Set(train.labels).size} class; at least two are needed (hold out fewer speakers)`);
  await clf.fit(train.frames, train.labels, { speakers: train.speakers });
  const e = clf.evaluate(test.frames, test.labels);
  await clf.save(run.out);

  const m = e.model, b = e.baseline;
  const h = clf.history!;
  const result: Record<string, unknown> = {
    event: 'result',
    accuracy: r4(m.accuracy),
    macroF1: r4(m.macroF1),
    baseline: b ? { accuracy: r4(b.accuracy), macroF1: r4(b.macroF1) } : null,
    test: { n: m.n, ...(split.heldOutSpeakers.length ? { speakers: split.heldOutSpeakers } : { fraction: run.testFraction }) },
    perClass: m.perClass.map((c) => ({ label: c.label, precision: r4(c.precision), recall: r4(c.recall), f1: r4(c.f1), support: c.support })),
    confusion: m.confusion,
    train: { recordings: train.frames.length, epochs: h.epochs.length, bestEpoch: h.bestEpoch, stopReason: h.stopReason },
    out: run.out,
  };
  await atomicWriteFile(nodePath.join(run.out, 'metrics.json'), JSON.stringify(result, null, 1) + '\n');
  await atomicWriteFile(nodePath.join(run.out, 'report.html'), await report(run, clf, e, Array.from(split.test, (i) => items[i].path), heldOut, items.length));
  result.seconds = Number(((performance.now() - t0) / 1000).toFixed(2));
  if (run.json) io.out(JSON.stringify(result) + '\n');
  else {
    io.out(`\nheld-out recordings: ${m.n} (${heldOut})\n`);
    io.out(`${'recurrent network'.padEnd(40)}accuracy ${pct(m.accuracy).padStart(6)}  macro-F1 ${m.macroF1.toFixed(3)}\n`);
    if (b) io.out(`${'MFCC statistics + logistic regression'.padEnd(40)}accuracy ${pct(b.accuracy).padStart(6)}  macro-F1 ${b.macroF1.toFixed(3)}\n`);
    io.out(`\nwrote ${run.out}/ (model.safetensors, audio-classifier.json, baseline.json, metrics.json, report.html) in ${result.seconds} s\n`);
  }
  return result;
}

/** The report page: scores, curves, confusion, and four held-out recordings (two right, two wrong when there are). */
async function report(run: AudioTrainRun, clf: AudioClassifier, e: ReturnType<AudioClassifier['evaluate']>, testPaths: string[], heldOut: string, files: number): Promise<string> {
  const o = clf.options;
  const C = e.classes.length;
  const right = testPaths.map((_, i) => i).filter((i) => e.predicted[i] === e.actual[i]);
  const wrong = testPaths.map((_, i) => i).filter((i) => e.predicted[i] !== e.actual[i]);
  const shown = [...wrong.slice(0, 2), ...right.slice(0, 4 - Math.min(2, wrong.length))];
  const features = o.features;
  const examples: AudioReportExample[] = [];
  for (const i of shown) {
    const audio = await loadWav(testPaths[i]);
    const x = toMono(audio);
    examples.push({
      name: nodePath.basename(testPaths[i]), actual: e.classes[e.actual[i]], predicted: e.classes[e.predicted[i]], probability: e.probabilities[i * C + e.predicted[i]],
      logMel: audioFeatures(x, audio.sampleRate, { ...features, kind: 'log-mel', deltas: 0, cmvn: null }),
      mfcc: audioFeatures(x, audio.sampleRate, { ...features, kind: 'mfcc', deltas: 0 }),
    });
  }
  const first = examples.length ? await loadWav(testPaths[shown[0]]) : null;
  const r = resolveAudioFeatures(features, first?.sampleRate ?? 8000);
  const m = e.model, b = e.baseline;
  return renderAudioClassifierReport({
    title: `Audio classifier — ${nodePath.basename(run.source)}`,
    subtitle: `${o.bidirectional ? 'bidirectional ' : ''}${o.cell.toUpperCase()} ${o.hiddenSize} units, ${o.pooling} pooling over ${r.kind === 'mfcc' ? `${r.nMfcc} MFCC` : `${r.nMels} log-mel bands`}${r.deltas ? ` + ${r.deltas === 2 ? 'Δ, ΔΔ' : 'Δ'}` : ''}; ${files} recordings, ${C} classes`,
    notes: b ? [`held-out accuracy ${pct(m.accuracy)} vs ${pct(b.accuracy)} for MFCC statistics + logistic regression, on ${heldOut}`] : [],
    history: clf.history!.epochs.map((x) => ({ epoch: x.epoch, loss: x.loss, valLoss: x.valLoss ?? null })),
    model: m, baseline: b, heldOut, examples, hopSeconds: r.hopLength / r.sampleRate,
    settings: {
      source: nodePath.basename(run.source), 'held out': heldOut, features: r.kind, ...(r.kind === 'mfcc' ? { 'MFCC coefficients': r.nMfcc } : {}), 'mel bands': r.nMels, deltas: r.deltas,
      'sample rate': r.sampleRate, cmvn: r.cmvn ?? 'none', 'trim silence': r.trimSilence ?? 'off', cell: o.cell, 'hidden size': o.hiddenSize, layers: o.numLayers, bidirectional: o.bidirectional,
      pooling: o.pooling, 'input dropout': o.inputDropout, dropout: o.dropout, 'learning rate': o.lr, 'batch size': o.batchSize, patience: o.patience, 'baseline C': o.baselineC, seed: o.seed,
    },
  });
}
