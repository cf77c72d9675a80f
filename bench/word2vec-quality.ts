/**
 * Quality against gensim: trains this library and gensim's Word2Vec (Debian python3-gensim,
 * one worker) on the Gutenberg + WikiText-2 text with the same options, then scores both sets
 * of vectors with this library's evaluator (WordSim-353 and SimLex-999 Spearman ρ, analogy
 * accuracy with 3CosAdd over the top 300 000 words, each over the covered items). gensim's own
 * evaluator's numbers for its vectors are printed too, as a check on ours.
 *
 *   node --import tsx bench/word2vec-quality.ts [--threads 2] [--only cbow,skipgram,skipgram15,cbow-hs]
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

const { values: args } = parseArgs({ options: { threads: { type: 'string', default: '2' }, only: { type: 'string' }, seed: { type: 'string', default: '1' } } });
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

function score(kv: KeyedVectors): { ws: string; sl: string; an: string; cov: string } {
  const w = kv.evaluateWordPairs(wordsim);
  const s = kv.evaluateWordPairs(simlex);
  const a = kv.evaluateAnalogies(analogies);
  return {
    ws: w.spearman.toFixed(3),
    sl: s.spearman.toFixed(3),
    an: (a.accuracy * 100).toFixed(1) + '%',
    cov: `${w.covered}/${w.total}, ${s.covered}/${s.total}, ${a.covered}/${a.total}`,
  };
}

const corpus = await readCorpus({ file: corpusPath }, { minCount: 5, lowercase: false });
console.log(`corpus ${corpusPath}: ${corpus.vocab.totalWords} in-vocabulary words, vocabulary ${corpus.vocab.words.length}`);
const rows: string[] = [];
const fmt = (n: number): string => `${Math.round(n / 1000)}k`;
for (const name of (args.only ?? Object.keys(configs).join(',')).split(',')) {
  const o = resolveOptions({ ...configs[name], seed: Number(args.seed), threads: Number(args.threads) });
  const out = join(OUT, `gensim-${name}.bin`);
  const g = JSON.parse(
    execFileSync('/usr/bin/python3', [join('bench', 'word2vec-quality.py'), JSON.stringify({ ...o, workers: 1, corpus: corpusPath, out, ...EVAL })], { encoding: 'utf8' }),
  );
  const gs = score(await readVectors(out, 'word2vec-binary'));
  const ge = g.gensimEval;
  const r = await trainOnCorpus(corpus, o);
  const ms = score(r.wv);
  const opt = `${name} (${o.epochs} ep)`;
  rows.push(`| ${opt} | recurrent, ${o.threads} thr | ${fmt(r.stats.wordsPerSecond)} | ${fmt(r.stats.effectiveWordsPerSecond)} | ${ms.ws} | ${ms.sl} | ${ms.an} | ${ms.cov} |`);
  rows.push(`| ${opt} | gensim, 1 worker | ${fmt(g.wordsPerSecond)} | ${fmt(g.effectiveWordsPerSecond)} | ${gs.ws} | ${gs.sl} | ${gs.an} | ${gs.cov} |`);
  console.log(rows.at(-2));
  console.log(rows.at(-1));
  console.log(`  gensim's own evaluator on its vectors: WS353 ${ge.wordsim.toFixed(3)} (oov ${ge.wordsimOov.toFixed(1)}%), SimLex ${ge.simlex.toFixed(3)} (oov ${ge.simlexOov.toFixed(1)}%), analogy ${(ge.analogy * 100).toFixed(1)}%`);
}
console.log('\n| options | trainer | words/s | effective words/s | WS-353 ρ | SimLex-999 ρ | analogy acc. | covered (WS, SL, analogy) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
