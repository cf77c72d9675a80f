/**
 * Quality against gensim: trains this library and gensim's Word2Vec (Debian python3-gensim,
 * one worker) on the Gutenberg + WikiText-2 text with the same options, then scores both sets
 * of vectors with this library's evaluator (WordSim-353 and SimLex-999 Spearman ρ, analogy
 * accuracy with 3CosAdd over the top 300 000 words, each over the covered items). gensim's own
 * evaluator's numbers for its vectors are printed too, as a check on ours.
 *
 *   node --import tsx bench/word2vec-quality.ts [--threads 1] [--seeds 1,2,3] [--only cbow,skipgram,skipgram15,cbow-hs]
 *
 * Each cell is the mean over the seeds (± the standard deviation when there are several).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EVAL, OUT, prepareCorpus } from './word2vec-corpus.js';
import { readCorpus } from '../src/word2vec/corpus.js';
import { trainOnCorpus } from '../src/word2vec/train.js';
import { readVectors } from '../src/word2vec/formats.js';
import { parseAnalogies, parseWordPairs } from '../src/word2vec/evaluate.js';
import { resolveOptions, type Word2VecOptions } from '../src/word2vec/options.js';
import type { KeyedVectors } from '../src/word2vec/keyed-vectors.js';

const { values: args } = parseArgs({ options: { threads: { type: 'string', default: '1' }, only: { type: 'string' }, seeds: { type: 'string', default: '1,2,3' } } });
const configs: Record<string, Word2VecOptions> = {
  cbow: { model: 'cbow' },
  skipgram: { model: 'skipgram' },
  skipgram15: { model: 'skipgram', epochs: 15 },
  'cbow-hs': { model: 'cbow', hs: true, negative: 0 },
};

const corpusPath = prepareCorpus();
if (!corpusPath || !existsSync(EVAL.wordsim)) {
  console.log('word2vec-quality: ../shared/data is missing; skipped');
  process.exit(0);
}
const wordsim = parseWordPairs(readFileSync(EVAL.wordsim, 'utf8'));
const simlex = parseWordPairs(readFileSync(EVAL.simlex, 'utf8'));
const analogies = parseAnalogies(readFileSync(EVAL.analogies, 'utf8'));

interface Scores { wps: number; eff: number; ws: number; sl: number; an: number; cov: string }

function score(kv: KeyedVectors, wps: number, eff: number): Scores {
  const w = kv.evaluateWordPairs(wordsim);
  const s = kv.evaluateWordPairs(simlex);
  const a = kv.evaluateAnalogies(analogies);
  return { wps, eff, ws: w.spearman, sl: s.spearman, an: a.accuracy * 100, cov: `${w.covered}/${w.total}, ${s.covered}/${s.total}, ${a.covered}/${a.total}` };
}

/** "mean ± sd" of one field over runs. */
function cell(runs: Scores[], f: (s: Scores) => number, digits: number, unit = ''): string {
  const x = runs.map(f);
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  if (x.length < 2) return m.toFixed(digits) + unit;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
  return `${m.toFixed(digits)}${unit} ± ${sd.toFixed(digits)}${unit}`;
}

const corpus = await readCorpus({ file: corpusPath }, { minCount: 5, lowercase: false });
console.log(`corpus ${corpusPath}: ${corpus.vocab.totalWords} in-vocabulary words, vocabulary ${corpus.vocab.words.length}`);
const seeds = args.seeds.split(',').map(Number);
const rows: string[] = [];
const row = (opt: string, who: string, runs: Scores[]): string =>
  `| ${opt} | ${who} | ${cell(runs, (r) => r.wps / 1000, 0, 'k')} | ${cell(runs, (r) => r.eff / 1000, 0, 'k')} | ${cell(runs, (r) => r.ws, 3)} | ${cell(runs, (r) => r.sl, 3)} | ${cell(runs, (r) => r.an, 1, '%')} | ${runs[0].cov} |`;
for (const name of (args.only ?? Object.keys(configs).join(',')).split(',')) {
  const ours: Scores[] = [];
  const theirs: Scores[] = [];
  let o = resolveOptions({ ...configs[name], threads: Number(args.threads) });
  for (const seed of seeds) {
    o = resolveOptions({ ...configs[name], seed, threads: Number(args.threads) });
    const out = join(OUT, `gensim-${name}.bin`);
    const g = JSON.parse(
      execFileSync('/usr/bin/python3', [join('bench', 'word2vec-quality.py'), JSON.stringify({ ...o, workers: 1, corpus: corpusPath, out, ...EVAL })], { encoding: 'utf8' }),
    );
    theirs.push(score(await readVectors(out, 'word2vec-binary'), g.wordsPerSecond, g.effectiveWordsPerSecond));
    const ge = g.gensimEval;
    console.log(`  ${name} seed ${seed}: gensim's own evaluator on its vectors: WS353 ${ge.wordsim.toFixed(3)} (oov ${ge.wordsimOov.toFixed(1)}%), SimLex ${ge.simlex.toFixed(3)} (oov ${ge.simlexOov.toFixed(1)}%), analogy ${(ge.analogy * 100).toFixed(1)}%; ours on them: ${theirs.at(-1)!.ws.toFixed(3)}, ${theirs.at(-1)!.sl.toFixed(3)}, ${theirs.at(-1)!.an.toFixed(1)}%`);
    const r = await trainOnCorpus(corpus, o);
    ours.push(score(r.wv, r.stats.wordsPerSecond, r.stats.effectiveWordsPerSecond));
    const m = ours.at(-1)!;
    console.log(`  ${name} seed ${seed}: recurrent: ${m.ws.toFixed(3)}, ${m.sl.toFixed(3)}, ${m.an.toFixed(1)}%, ${Math.round(m.wps / 1000)}k words/s; gensim ${Math.round(g.wordsPerSecond / 1000)}k words/s`);
  }
  const opt = `${name} (${o.epochs} ep)`;
  rows.push(row(opt, `recurrent, ${o.threads} thread${o.threads > 1 ? 's' : ''}`, ours));
  rows.push(row(opt, 'gensim 4, 1 worker', theirs));
  console.log(rows.at(-2));
  console.log(rows.at(-1));
}
console.log(`\n${seeds.length} seed(s): ${seeds.join(', ')}`);
console.log('| options | trainer | words/s | effective words/s | WS-353 ρ | SimLex-999 ρ | analogy acc. (3CosAdd) | covered (WS, SL, analogy) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
