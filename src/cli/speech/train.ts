/**
 * `recurrent speech train DIR`: digit recordings named by speaker (FSDD's layout by default) →
 * two speakers held out → digit strings made from the training speakers' recordings and, with
 * another seed, from the held-out speakers' → a CTC recognizer trained on the first, scored by
 * CER and WER on the second → the model folder, metrics.json and report.html.
 */

import { resolveAudioFeatures } from '../../audio/index.js';
import { ValueError } from '../../errors.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { listAudioDataset, splitAudioDataset } from '../../tasks/audio-classifier/dataset.js';
import { loadDigitClips } from '../../tasks/speech/clips.js';
import { makeDigitStrings } from '../../tasks/speech/digit-strings.js';
import { SpeechRecognizer } from '../../tasks/speech/recognizer.js';
import { renderSpeechReport } from '../../tasks/speech/report.js';
import type { SpeechRecognizerOptions } from '../../tasks/speech/options.js';
import { jsonLines, progress, type Output } from '../fit-callbacks.js';

const nodePath = lazyBuiltin('path');

/** What `speech train` takes besides the recognizer's own options. */
export interface SpeechTrainRun {
  readonly source: string;
  readonly speakerPattern?: string;
  readonly heldOutSpeakers: number;
  /** Digit strings made for training (from the training speakers) and for the scores (from the held-out ones). */
  readonly trainStrings: number;
  readonly testStrings: number;
  readonly minDigits: number;
  readonly maxDigits: number;
  readonly out: string;
  readonly json: boolean;
}

/** The CLI's defaults for the generated strings. */
export const SPEECH_RUN_DEFAULTS = {
  /** 1,000 strings of 1–5 digits from four speakers: about 33 minutes of speech (bench/audio.ts measured this size). */
  trainStrings: 1000,
  /** 200 strings from the two held-out speakers: ~600 words to score. */
  testStrings: 200,
  minDigits: 1,
  maxDigits: 5,
} as const;

const r4 = (v: number) => Number(v.toFixed(4));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Runs `speech train`; returns the result event (also printed with --json). */
export async function runSpeechTrain(run: SpeechTrainRun, options: SpeechRecognizerOptions, io: Output): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  for (const [flag, v] of [['--train-strings', run.trainStrings], ['--test-strings', run.testStrings], ['--held-out-speakers', run.heldOutSpeakers]] as const) {
    if (!(Number.isInteger(v) && v >= 1)) throw new ValueError(`${flag} must be an integer ≥ 1, got ${v}`);
  }
  const say = (event: Record<string, unknown>, line: string) => io.out(run.json ? JSON.stringify(event) + '\n' : line + '\n');
  const items = await listAudioDataset(run.source, run.speakerPattern === undefined ? {} : { speakerPattern: run.speakerPattern });
  const seed = options.seed ?? 0;
  const split = splitAudioDataset(items, { seed, heldOutSpeakers: run.heldOutSpeakers });
  if (split.heldOutSpeakers.length === 0) {
    throw new ValueError(`${run.source}: speech train scores on speakers never heard, so every file name must give its speaker and there must be more than ${run.heldOutSpeakers} speakers (FSDD's {digit}_{speaker}_{index}.wav, or --speaker-pattern)`);
  }
  const asr = new SpeechRecognizer({ ...options, callbacks: [run.json ? jsonLines(io) : progress(io), ...(options.callbacks ?? [])] });
  const rate = resolveAudioFeatures(asr.options.features ?? {}, 8000).sampleRate;
  const clips = await loadDigitClips(items, rate);
  const held = new Set(split.heldOutSpeakers);
  const strings = { minDigits: run.minDigits, maxDigits: run.maxDigits };
  const train = makeDigitStrings(clips.filter((c) => !held.has(c.speaker)), rate, { ...strings, count: run.trainStrings, seed });
  const test = makeDigitStrings(clips.filter((c) => held.has(c.speaker)), rate, { ...strings, count: run.testStrings, seed: seed + 1 });
  const seconds = (s: typeof train) => s.reduce((a, x) => a + x.samples.length, 0) / rate;
  say({ event: 'start', source: run.source, files: items.length, heldOutSpeakers: split.heldOutSpeakers, trainStrings: train.length, testStrings: test.length, trainSeconds: r4(seconds(train)), testSeconds: r4(seconds(test)) },
    `${run.source}: ${items.length} recordings; ${train.length} training strings (${(seconds(train) / 60).toFixed(1)} min) from ${[...new Set(train.map((s) => s.speaker))].sort().join(', ')}; ${test.length} test strings from ${split.heldOutSpeakers.join(', ')} (never heard)`);

  const trainFrames = train.map((s) => asr.featuresOf(s.samples, rate));
  const testFrames = test.map((s) => asr.featuresOf(s.samples, rate));
  await asr.fit(trainFrames, train.map((s) => s.text));
  const beam = asr.evaluate(testFrames, test.map((s) => s.text));
  const greedy = asr.evaluate(testFrames, test.map((s) => s.text), { beamWidth: 1 });
  await asr.save(run.out);

  const h = asr.history!;
  const examples = beam.references.slice(0, 5).map((r, i) => ({ reference: r, transcript: beam.transcripts[i].text }));
  const result: Record<string, unknown> = {
    event: 'result',
    cer: r4(beam.cer), wer: r4(beam.wer), exact: r4(beam.exact),
    greedy: { cer: r4(greedy.cer), wer: r4(greedy.wer), exact: r4(greedy.exact) },
    beamWidth: asr.options.beamWidth,
    test: { n: beam.n, speakers: split.heldOutSpeakers },
    train: { strings: train.length, epochs: h.epochs.length, bestEpoch: h.bestEpoch, stopReason: h.stopReason },
    examples,
    out: run.out,
  };
  await atomicWriteFile(nodePath.join(run.out, 'metrics.json'), JSON.stringify(result, null, 1) + '\n');
  const o = asr.options;
  const f = resolveAudioFeatures(o.features ?? {}, rate);
  const heldOut = `${beam.n} strings spoken by ${split.heldOutSpeakers.join(' and ')} (never heard in training)`;
  const ids = beam.transcripts.map((_, i) => i);
  const shown = [...ids.filter((i) => beam.transcripts[i].text !== beam.references[i]).slice(0, 2), ...ids.filter((i) => beam.transcripts[i].text === beam.references[i]).slice(0, 2)];
  const logProbs = shown.length ? asr.logProbabilities(shown.map((i) => testFrames[i])) : [];
  const html = await renderSpeechReport({
    title: `Speech to text — digit strings from ${nodePath.basename(run.source)}`,
    subtitle: `CTC over ${f.kind === 'mfcc' ? `${f.nMfcc} MFCC` : `${f.nMels} log-mel bands`}${f.deltas ? ` + ${f.deltas === 2 ? 'Δ, ΔΔ' : 'Δ'}` : ''}: ${o.numLayers} × ${o.bidirectional ? 'bidirectional ' : ''}${o.cell.toUpperCase()} ${o.hiddenSize}; ${train.length} training strings`,
    notes: [`CER ${pct(beam.cer)}, WER ${pct(beam.wer)} on ${heldOut}; ${pct(beam.exact)} of the strings exactly right`],
    history: h.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss ?? null })),
    scores: { [`beam search (width ${o.beamWidth})`]: beam, 'best path (greedy)': greedy },
    n: beam.n, heldOut, vocabulary: o.vocabulary,
    examples: shown.map((i, k) => ({ reference: beam.references[i], transcript: beam.transcripts[i].text, logProbs: logProbs[k], alignment: beam.transcripts[i].alignment })),
    hopSeconds: f.hopLength / f.sampleRate,
    settings: {
      source: nodePath.basename(run.source), 'held-out speakers': split.heldOutSpeakers.join(', '), 'training strings': train.length, 'test strings': test.length, digits: `${run.minDigits}–${run.maxDigits}`,
      features: f.kind, deltas: f.deltas, cmvn: f.cmvn ?? 'none', cell: o.cell, 'hidden size': o.hiddenSize, layers: o.numLayers, bidirectional: o.bidirectional,
      'input dropout': o.inputDropout, dropout: o.dropout, 'learning rate': o.lr, 'batch size': o.batchSize, patience: o.patience, 'beam width': o.beamWidth, seed: o.seed,
    },
  });
  await atomicWriteFile(nodePath.join(run.out, 'report.html'), html);
  result.seconds = Number(((performance.now() - t0) / 1000).toFixed(2));
  if (run.json) io.out(JSON.stringify(result) + '\n');
  else {
    io.out(`\nheld out: ${heldOut}\n`);
    io.out(`beam search (width ${o.beamWidth})  CER ${pct(beam.cer)}  WER ${pct(beam.wer)}  exact ${pct(beam.exact)}\n`);
    io.out(`best path                CER ${pct(greedy.cer)}  WER ${pct(greedy.wer)}  exact ${pct(greedy.exact)}\n`);
    for (const e of examples) io.out(`  "${e.reference}" → "${e.transcript}"\n`);
    io.out(`\nwrote ${run.out}/ (model.safetensors, speech.json, metrics.json, report.html) in ${result.seconds} s\n`);
  }
  return result;
}
