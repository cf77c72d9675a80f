/**
 * Audio benchmark on ../shared/data/fsdd-subset (1,200 FSDD recordings: ten digits, six speakers,
 * 8 kHz), every score on speakers never heard in training:
 *
 *   digits   the AudioClassifier at AUDIO_CLASSIFIER_DEFAULTS beside MFCC statistics (mean and
 *            std of the 13 MFCC + Δ + ΔΔ over the frames) + logistic regression, on the same
 *            split: two speakers held out, drawn by the seed; one line per seed
 *   speech   the SpeechRecognizer at SPEECH_DEFAULTS on digit strings (1–5 digits) made from the
 *            four training speakers' recordings, scored by CER and WER on strings made from the
 *            two held-out speakers' recordings (beam search and best path); one line per seed
 *
 *   nice -n 10 npx tsx bench/audio.ts [--seeds 0,1,2] [--tasks digits,speech] [--train-strings 1000]
 *     [--test-strings 200] [--options JSON] [--speech-options JSON] [--out audio.json]
 *
 * Prints markdown tables and writes bench/out/audio.json (or the --out name). The classifier is
 * given the training recordings' speakers, for validationBy 'speaker'.
 */
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadWav } from '../src/audio/index.js';
import { AudioClassifier } from '../src/tasks/audio-classifier/classifier.js';
import { listAudioDataset, splitAudioDataset } from '../src/tasks/audio-classifier/dataset.js';
import type { AudioClassifierOptions } from '../src/tasks/audio-classifier/options.js';
import { SpeechRecognizer } from '../src/tasks/speech/recognizer.js';
import { loadDigitClips } from '../src/tasks/speech/clips.js';
import { makeDigitStrings } from '../src/tasks/speech/digit-strings.js';
import type { SpeechRecognizerOptions } from '../src/tasks/speech/options.js';
import { meanStd } from '../src/tasks/classifier/metrics.js';
import type { FrameMatrix } from '../src/tasks/audio-classifier/baseline.js';
import type { Callback } from '../src/train/types.js';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '0,1,2' }, tasks: { type: 'string', default: 'digits,speech' }, data: { type: 'string', default: '../shared/data/fsdd-subset/recordings' },
    'train-strings': { type: 'string', default: '1000' }, 'test-strings': { type: 'string', default: '200' },
    options: { type: 'string', default: '{}' }, out: { type: 'string', default: 'audio.json' }, 'speech-options': { type: 'string', default: '{}' },
  },
});
const DATA = args.data!;
if (!existsSync(DATA)) {
  console.log(`audio benchmark skipped: ${DATA} is absent`);
  process.exit(0);
}
const seeds = args.seeds!.split(',').map(Number);
const tasks = new Set(args.tasks!.split(','));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
// One line per epoch on standard error, so a long run shows where it is.
const progress = (what: string): Callback[] => [{ onEpochEnd: (e) => void process.stderr.write(`${what} epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, val ${e.valLoss?.toFixed(4)}, ${e.seconds.toFixed(1)} s\n`) }];
const items = await listAudioDataset(DATA);
const results: Record<string, unknown> = { data: DATA, files: items.length };

if (tasks.has('digits')) {
  const options = JSON.parse(args.options!) as AudioClassifierOptions;
  const probe = new AudioClassifier(options);
  const t0 = performance.now();
  const frames: FrameMatrix[] = [];
  for (const it of items) frames.push(probe.features(await loadWav(it.path)));
  const featureSeconds = (performance.now() - t0) / 1000;
  const rows: { seed: number; heldOut: string[]; accuracy: number; baseline: number; epochs: number; seconds: number }[] = [];
  console.log(`\n## Spoken digits: ${items.length} recordings, two speakers held out (features ${featureSeconds.toFixed(1)} s)\n`);
  console.log('| seed | held-out speakers | BiLSTM | MFCC stats + LR | epochs | train s |\n|---|---|---|---|---|---|');
  for (const seed of seeds) {
    const split = splitAudioDataset(items, { seed });
    const clf = new AudioClassifier({ ...options, seed, callbacks: progress(`digits seed ${seed}`) });
    const t = performance.now();
    await clf.fit(Array.from(split.train, (i) => frames[i]), Array.from(split.train, (i) => items[i].label), { speakers: Array.from(split.train, (i) => items[i].speaker) });
    const seconds = (performance.now() - t) / 1000;
    const e = clf.evaluate(Array.from(split.test, (i) => frames[i]), Array.from(split.test, (i) => items[i].label));
    const row = { seed, heldOut: split.heldOutSpeakers as string[], accuracy: e.model.accuracy, baseline: e.baseline!.accuracy, epochs: clf.history!.epochs.length, seconds };
    rows.push(row);
    console.log(`| ${seed} | ${row.heldOut.join(', ')} | ${pct(row.accuracy)} | ${pct(row.baseline)} | ${row.epochs} | ${seconds.toFixed(0)} |`);
  }
  const a = meanStd(rows.map((r) => r.accuracy)), b = meanStd(rows.map((r) => r.baseline));
  console.log(`| mean ± sd | | ${pct(a.mean)} ± ${pct(a.std)} | ${pct(b.mean)} ± ${pct(b.std)} | | |`);
  results.digits = { options, rows, accuracy: a, baseline: b };
}

if (tasks.has('speech')) {
  const options = JSON.parse(args['speech-options']!) as SpeechRecognizerOptions;
  const clips = await loadDigitClips(items, 8000);
  const minutes = (s: readonly { samples: Float32Array }[]) => s.reduce((n, x) => n + x.samples.length, 0) / 8000 / 60;
  type Rates = { cer: number; wer: number; exact: number };
  const rows: { seed: number; heldOut: string[]; beam: Rates; greedy: Rates; epochs: number; seconds: number }[] = [];
  console.log(`\n## Speech to text: ${args['train-strings']} digit strings from the four training speakers, ${args['test-strings']} from the two held out; CER / WER / exact strings\n`);
  console.log('| seed | held-out speakers | beam CER | beam WER | beam exact | best-path CER | best-path WER | epochs | train s |\n|---|---|---|---|---|---|---|---|---|');
  let example = '';
  for (const seed of seeds) {
    const split = splitAudioDataset(items, { seed });
    const held = new Set(split.heldOutSpeakers);
    const train = makeDigitStrings(clips.filter((c) => !held.has(c.speaker)), 8000, { count: Number(args['train-strings']), seed });
    const test = makeDigitStrings(clips.filter((c) => held.has(c.speaker)), 8000, { count: Number(args['test-strings']), seed: seed + 1 });
    const asr = new SpeechRecognizer({ ...options, seed, callbacks: progress(`speech seed ${seed}`) });
    const t = performance.now();
    const trainFrames = train.map((s) => asr.featuresOf(s.samples, 8000));
    const testFrames = test.map((s) => asr.featuresOf(s.samples, 8000));
    await asr.fit(trainFrames, train.map((s) => s.text));
    const seconds = (performance.now() - t) / 1000;
    const beam = asr.evaluate(testFrames, test.map((s) => s.text));
    const greedy = asr.evaluate(testFrames, test.map((s) => s.text), { beamWidth: 1 });
    const rates = (e: typeof beam): Rates => ({ cer: e.cer, wer: e.wer, exact: e.exact });
    const row = { seed, heldOut: split.heldOutSpeakers as string[], beam: rates(beam), greedy: rates(greedy), epochs: asr.history!.epochs.length, seconds };
    rows.push(row);
    console.log(`| ${seed} | ${row.heldOut.join(', ')} | ${pct(beam.cer)} | ${pct(beam.wer)} | ${pct(beam.exact)} | ${pct(greedy.cer)} | ${pct(greedy.wer)} | ${row.epochs} | ${seconds.toFixed(0)} |`);
    if (example === '') example = `seed ${seed}: ${train.length} training strings (${minutes(train).toFixed(1)} min) from ${[...new Set(train.map((s) => s.speaker))].sort().join(', ')}; ${test.length} test strings (${minutes(test).toFixed(1)} min); beam width ${asr.options.beamWidth}; e.g. ${beam.references.slice(0, 3).map((r, i) => `"${r}" → "${beam.transcripts[i].text}"`).join('; ')}`;
  }
  const mean = (get: (r: (typeof rows)[number]) => number) => meanStd(rows.map(get));
  const ms = (v: { mean: number; std: number }) => `${pct(v.mean)} ± ${pct(v.std)}`;
  const summary = {
    beam: { cer: mean((r) => r.beam.cer), wer: mean((r) => r.beam.wer), exact: mean((r) => r.beam.exact) },
    greedy: { cer: mean((r) => r.greedy.cer), wer: mean((r) => r.greedy.wer), exact: mean((r) => r.greedy.exact) },
  };
  if (rows.length > 1) console.log(`| mean ± sd | | ${ms(summary.beam.cer)} | ${ms(summary.beam.wer)} | ${ms(summary.beam.exact)} | ${ms(summary.greedy.cer)} | ${ms(summary.greedy.wer)} | | |`);
  console.log(`\n${example}`);
  results.speech = { options, trainStrings: Number(args['train-strings']), testStrings: Number(args['test-strings']), rows, ...summary };
}

mkdirSync(join('bench', 'out'), { recursive: true });
writeFileSync(join('bench', 'out', args.out!), JSON.stringify(results, null, 1) + '\n');
