/**
 * Word2Vec training speed on the Gutenberg + WikiText-2 text (../shared/data, lower-cased):
 * words/s for CBOW and skip-gram with 1 and 2 threads (C-tool defaults otherwise), the
 * JavaScript reference kernel for comparison, and the σ lookup table against exact Math.exp.
 * Skips with a message when the data is absent.
 *
 *   node --import tsx bench/word2vec.ts [--epochs 1] [--repeat 2] [--kernels wasm,js]
 *
 * The machine may be shared: a busy second core shows up as 2 threads being no faster than 1.
 *
 * "words/s" counts in-vocabulary words before subsampling, as the C tool's progress line does;
 * "effective" counts the words left after subsampling, as gensim's log does.
 */
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { prepareCorpus } from './word2vec-corpus.js';
import { readCorpus } from '../src/word2vec/corpus.js';
import { trainOnCorpus } from '../src/word2vec/train.js';
import { EXP_TABLE, EXP_TABLE_SIZE, MAX_EXP } from '../src/word2vec/kernel.js';

const { values: args } = parseArgs({ options: { epochs: { type: 'string', default: '1' }, repeat: { type: 'string', default: '2' }, kernels: { type: 'string', default: 'wasm,js' } } });
const path = prepareCorpus();
if (!path) {
  console.log('word2vec bench: ../shared/data (gutenberg-selections, wikitext-2-valid-test) is missing; skipped');
  process.exit(0);
}
let t = performance.now();
const corpus = await readCorpus({ file: path }, { minCount: 5, lowercase: false });
const readS = (performance.now() - t) / 1000;
console.log(`corpus: ${corpus.vocab.totalWords.toLocaleString('en-US')} in-vocabulary words, vocabulary ${corpus.vocab.words.length}, read in ${readS.toFixed(2)} s`);
console.log(`machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, Node ${process.version}\n`);

const k = (n: number): string => `${Math.round(n / 1000)}k`.padStart(6);
console.log('model     kernel threads  words/s  effective  (best of ' + args.repeat + ', ' + args.epochs + ' epoch)');
const runs: [('cbow' | 'skipgram'), 'wasm' | 'js', number][] = [
  ['cbow', 'wasm', 1], ['cbow', 'wasm', 2], ['skipgram', 'wasm', 1], ['skipgram', 'wasm', 2], ['cbow', 'js', 1], ['skipgram', 'js', 1],
];
for (const [model, kernel, threads] of runs.filter(([, k]) => args.kernels.split(',').includes(k))) {
  let best = { wordsPerSecond: 0, effectiveWordsPerSecond: 0 };
  for (let r = 0; r < Number(args.repeat); r++) {
    const { stats } = await trainOnCorpus(corpus, { model, kernel, threads, epochs: Number(args.epochs) });
    if (stats.wordsPerSecond > best.wordsPerSecond) best = stats;
  }
  console.log(`${model.padEnd(9)} ${kernel.padEnd(6)} ${String(threads).padStart(7)}  ${k(best.wordsPerSecond)}  ${k(best.effectiveWordsPerSecond)}`);
}

// σ: the C tool's 1000-entry table against 1 / (1 + exp(−f)), on the kernel's scores.
const n = 1 << 22;
const xs = new Float64Array(n);
for (let i = 0; i < n; i++) xs[i] = (Math.random() * 2 - 1) * MAX_EXP * 0.999;
const scale = EXP_TABLE_SIZE / MAX_EXP / 2;
let sum = 0;
let maxErr = 0;
const time = (f: () => void): number => { const s = performance.now(); f(); return performance.now() - s; };
for (let pass = 0; pass < 3; pass++) {
  const tTable = time(() => { for (let i = 0; i < n; i++) sum += EXP_TABLE[((xs[i] + MAX_EXP) * scale) | 0]; });
  const tExp = time(() => { for (let i = 0; i < n; i++) sum += 1 / (1 + Math.exp(-xs[i])); });
  if (pass === 2) {
    for (let i = 0; i < n; i++) maxErr = Math.max(maxErr, Math.abs(EXP_TABLE[((xs[i] + MAX_EXP) * scale) | 0] - 1 / (1 + Math.exp(-xs[i]))));
    console.log(`\nsigma: table ${(tTable * 1e6 / n).toFixed(2)} ns, Math.exp ${(tExp * 1e6 / n).toFixed(2)} ns per call; table max error ${maxErr.toFixed(4)} (checksum ${sum.toFixed(0)})`);
  }
}
