/**
 * `recurrent translate train`: read sentence pairs (a TSV file, or a play's dialogue), hold out
 * `testFraction` of them by a seeded shuffle, train a Translator on the rest (its validation
 * part comes from there too), score the held-out pairs with greedy and beam decoding, and write
 * the bundle, metrics.json and report.html into the output folder.
 */

import { ValueError } from '../../errors.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { Translator, type TranslatorEvaluation } from '../../tasks/seq2seq/translator.js';
import type { TranslatorOptions } from '../../tasks/seq2seq/options.js';
import { dialoguePairs, parsePairs, splitPairs, type TextPair } from '../../tasks/seq2seq/pairs.js';
import { renderTranslatorReport } from '../../tasks/seq2seq/report.js';
import type { Callback } from '../../train/types.js';
import { jsonLines, progress, round, type Output } from '../fit-callbacks.js';

const fsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');

/** The CLI's held-out share and split seed (the documented split: seeded shuffle, 10% held out). */
export const TEST_FRACTION = 0.1;
export const SPLIT_SEED = 0;

/** What `translate train` takes besides the Translator's own options. */
export interface TranslateTrainRun {
  /** "source<TAB>target" lines. */
  readonly file?: string;
  /** A play's text ("NAME:\nline…" blocks): each speech is paired with the next. */
  readonly dialogue?: string;
  /** Speeches before each dialogue source that the model reads (0 or 1; only with `dialogue`). */
  readonly context?: number;
  readonly testFraction: number;
  readonly splitSeed: number;
  readonly out: string;
  readonly json: boolean;
}

/** The `result` event (also written to metrics.json). */
export interface TranslateTrainResult {
  readonly event: 'result';
  readonly bleu: { greedy: number | null; beam: number | null };
  readonly beam: number;
  readonly tokenAccuracy: number | null;
  /** The same with <unk> targets counted wrong (decoding never outputs <unk>). */
  readonly knownTokenAccuracy: number | null;
  /** Teacher-forced held-out cross-entropy, nats per token. */
  readonly loss: number | null;
  readonly pairs: { train: number; test: number };
  readonly train: { epochs: number; bestEpoch: number; stopReason: string; seconds: number };
  readonly out: string;
  readonly seconds: number;
}

async function readText(path: string): Promise<string> {
  return fsp.readFile(path, 'utf8');
}

/** The pairs of the run: from the TSV file or from the dialogue. */
export async function pairsOf(run: Pick<TranslateTrainRun, 'file' | 'dialogue' | 'context'>): Promise<TextPair[]> {
  if (run.file && run.dialogue) throw new ValueError('give either a PAIRS.tsv file or --pairs-from-dialogue FILE, not both');
  const context = run.context ?? 0;
  if (context !== 0 && context !== 1) throw new ValueError(`--context must be 0 or 1 (the speeches before each source the model reads), got ${context}`);
  if (context && !run.dialogue) throw new ValueError('--context 1 needs --pairs-from-dialogue FILE (a TSV file of pairs has no previous turn)');
  if (run.dialogue) return dialoguePairs(await readText(run.dialogue), { context });
  if (!run.file) throw new ValueError('missing PAIRS.tsv ("source<TAB>target" lines), or --pairs-from-dialogue FILE');
  return parsePairs(await readText(run.file), run.file);
}

function resultOf(t: Translator, ev: TranslatorEvaluation, split: { train: number; test: number }, out: string, seconds: number): TranslateTrainResult {
  const h = t.history;
  return {
    event: 'result',
    bleu: { greedy: round(ev.bleu.greedy), beam: round(ev.bleu.beam) },
    beam: ev.beam,
    tokenAccuracy: round(ev.tokenAccuracy),
    knownTokenAccuracy: round(ev.knownTokenAccuracy),
    loss: round(ev.loss),
    pairs: split,
    train: { epochs: h?.epochs.length ?? 0, bestEpoch: h?.bestEpoch ?? 0, stopReason: h?.stopReason ?? 'epochs', seconds: Number(t.trainSeconds.toFixed(2)) },
    out,
    seconds: Number(seconds.toFixed(2)),
  };
}

/** Runs `translate train`; returns the result event (also printed with --json). */
export async function runTranslateTrain(run: TranslateTrainRun, options: TranslatorOptions, io: Output): Promise<TranslateTrainResult> {
  const t0 = performance.now();
  if (!(run.testFraction > 0 && run.testFraction < 1)) throw new ValueError(`--test-fraction must be in (0, 1), got ${run.testFraction}`);
  const t = new Translator({ ...options, context: (run.context ?? 0) === 1 }); // checks the options before any file is read
  const pairs = await pairsOf(run);
  const { train, test } = splitPairs(pairs, { testFraction: run.testFraction, seed: run.splitSeed });
  const source = run.file ?? run.dialogue!;
  if (run.json) io.out(JSON.stringify({ event: 'start', file: source, pairs: pairs.length, trainPairs: train.length, testPairs: test.length }) + '\n');
  else io.out(`${source}: ${pairs.length} pairs; training on ${train.length}, testing on ${test.length} held out\n`);
  const callbacks: Callback[] = [run.json ? jsonLines(io) : progress(io), ...(options.callbacks ?? [])];
  const tr = new Translator({ ...t.options, callbacks });
  await tr.fit(train);
  const ev = tr.evaluate(test);
  await tr.save(run.out);
  const result = resultOf(tr, ev, { train: train.length, test: test.length }, run.out, (performance.now() - t0) / 1000);
  await atomicWriteFile(nodePath.join(run.out, 'metrics.json'), JSON.stringify(result, null, 1) + '\n');
  const o = tr.options;
  const html = await renderTranslatorReport(tr, {
    title: `${run.dialogue ? 'Chatbot' : 'Translation'} — ${nodePath.basename(source)}`,
    subtitle: `${o.bidirectional ? 'bidirectional ' : ''}${o.cell.toUpperCase()} encoder, ${o.attention} attention, ${o.hiddenSize} units; ${train.length} training pairs, ${test.length} held out`,
    evaluation: ev,
    history: (tr.history?.epochs ?? []).map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss ?? null, valAccuracy: e.metrics.valAccuracy ?? null })),
    attentionSources: test.slice(0, 4).map((p) => p.source),
    settings: {
      file: nodePath.basename(source), cell: o.cell, attention: o.attention, bidirectional: o.bidirectional, 'embedding dim': o.embeddingDim, 'hidden size': o.hiddenSize,
      layers: o.numLayers, dropout: o.dropout, 'min count': o.minCount, context: o.context, 'scheduled sampling': o.samplingProbability, beam: o.beam, 'length penalty': o.lengthPenalty,
      'learning rate': o.lr, 'batch size': o.batchSize, minutes: o.minutes ?? 'none', seed: o.seed, 'epochs run': result.train.epochs, 'best epoch': result.train.bestEpoch,
      'source vocabulary': tr.sourceVocabulary!.size, 'target vocabulary': tr.targetVocabulary!.size,
    },
  });
  await atomicWriteFile(nodePath.join(run.out, 'report.html'), html);
  const final = { ...result, seconds: Number(((performance.now() - t0) / 1000).toFixed(2)) };
  if (run.json) io.out(JSON.stringify(final) + '\n');
  else {
    io.out(`\nheld out: ${test.length} pairs\n  BLEU greedy ${ev.bleu.greedy.toFixed(2)}   beam ${ev.beam} ${ev.bleu.beam.toFixed(2)}   token accuracy ${ev.tokenAccuracy.toFixed(3)} (${ev.knownTokenAccuracy.toFixed(3)} with <unk> counted wrong)\n`);
    for (const e of ev.examples.slice(0, 3)) io.out(`  ${e.source}  →  ${e.beam}   (reference: ${e.reference})\n`);
    io.out(`model, metrics.json and report.html in ${run.out}\n`);
  }
  return final;
}
