/**
 * Sentiment benchmark: the 3000 labelled sentences of ../shared/data/sentiment-labelled-sentences
 * (Amazon, IMDb, Yelp) in five stratified folds (seed 0), the TextClassifier at the shipped
 * defaults against TF-IDF + logistic regression (word 1–2-grams, sublinear tf, C by inner CV) on
 * the same folds. Configurations:
 *
 *   learned    CLASSIFIER_DEFAULTS, embeddings learned from the training folds alone
 *   word2vec   the defaults with embeddings initialised from Word2Vec vectors trained, per fold,
 *              on the Gutenberg selections + WikiText-2 (valid, test) + that fold's training texts
 *              (never a held-out text); cached under bench/out/cache
 *
 * With --ensemble N each configuration trains N networks (seeds 0 … N−1) and the table shows the
 * first network alone and the ensembles of 1 … N, all from the same run.
 *
 *   npx tsx bench/sentiment.ts [--configs learned,word2vec] [--ensemble 5] [--folds 5] [--vector-epochs 5] [--options JSON]
 *
 * Prints a markdown table and writes bench/out/sentiment-<configs>-x<N>.json.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TextClassifier, CLASSIFIER_DEFAULTS, classificationMetrics, stratifiedFolds, trainWordVectors, type TextClassifierOptions } from '../src/index.js';
import { netProbabilities } from '../src/tasks/classifier/train-net.js';
import { encodeTexts } from '../src/tasks/classifier/encoding.js';
import { argmaxRow, meanStd } from '../src/tasks/classifier/metrics.js';
import { DATA, loadSentiment } from './sentiment/data.js';

const { values: args } = parseArgs({ options: { configs: { type: 'string', default: 'learned,word2vec' }, ensemble: { type: 'string', default: '1' }, folds: { type: 'string', default: '5' }, 'vector-epochs': { type: 'string', default: '5' }, options: { type: 'string', default: '{}' } } });
const data = loadSentiment();
if (!data) {
  console.log(`sentiment benchmark skipped: ${DATA}/sentiment-labelled-sentences is absent`);
  process.exit(0);
}
const K = Number(args.folds);
const N = Number(args.ensemble);
const extra = JSON.parse(args.options!) as TextClassifierOptions;
const OUT = join('bench', 'out');
const gut = join(DATA, 'gutenberg-selections');
const corpus = [...readdirSync(gut).filter((f) => f.endsWith('.txt')).sort().map((f) => join(gut, f)), join(DATA, 'wikitext-2-valid-test', 'valid.txt'), join(DATA, 'wikitext-2-valid-test', 'test.txt')];
const folds = stratifiedFolds(data.labels, K, 0);
const sources = [...new Set(data.sources)];

interface Row { name: string; acc: number[]; f1: number[]; bySource: Record<string, number[]>; seconds: number[] }
const rows = new Map<string, Row>();
const row = (name: string): Row => {
  if (!rows.has(name)) rows.set(name, { name, acc: [], f1: [], bySource: Object.fromEntries(sources.map((s) => [s, []])), seconds: [] });
  return rows.get(name)!;
};
function score(name: string, P: Float64Array, test: Int32Array, classes: string[], seconds: number): void {
  const actual = Int32Array.from(test, (i) => classes.indexOf(data!.labels[i]));
  const predicted = Int32Array.from(test, (_, r) => argmaxRow(P, r, classes.length));
  const m = classificationMetrics(actual, predicted, classes);
  const r = row(name);
  r.acc.push(m.accuracy);
  r.f1.push(m.macroF1);
  r.seconds.push(seconds);
  for (const s of sources) {
    const idx = Array.from(test, (i, k) => (data!.sources[i] === s ? k : -1)).filter((k) => k >= 0);
    r.bySource[s].push(idx.filter((k) => actual[k] === predicted[k]).length / idx.length);
  }
}

const t0 = performance.now();
for (const config of args.configs!.split(',')) {
  for (let f = 0; f < K; f++) {
    const held = new Set(folds[f]);
    const train = data.texts.map((_, i) => i).filter((i) => !held.has(i));
    const trainTexts = train.map((i) => data.texts[i]);
    const testTexts = Array.from(folds[f], (i) => data.texts[i]);
    const vectors = config === 'word2vec' ? (await trainWordVectors({ files: corpus, texts: trainTexts, size: CLASSIFIER_DEFAULTS.embeddingDim, epochs: Number(args['vector-epochs']), seed: 0, cacheDir: join(OUT, 'cache') })).vectors : undefined;
    const ft = performance.now(); // training only: the vectors are cached after the first run
    const clf = new TextClassifier({ ...extra, ensemble: N });
    await clf.fit(trainTexts, train.map((i) => data.labels[i]), vectors ? { vectors } : {});
    const seconds = (performance.now() - ft) / 1000;
    const classes = clf.classes!;
    const seqs = encodeTexts(testTexts, clf.encoding!, clf.options.maxLength);
    const members = clf.nets.map((n) => netProbabilities(n, seqs));
    const sumP = new Float64Array(members[0].length);
    members.forEach((p, k) => {
      p.forEach((v, i) => (sumP[i] += v));
      const upTo = clf.histories.slice(0, k + 1).reduce((a, h) => a + h.seconds, 0); // training seconds of networks 1 … k+1
      if (k === 0 || k === N - 1 || k === 2) score(`${config}${k ? `, ensemble of ${k + 1}` : ''}`, sumP.map((v) => v / (k + 1)), folds[f], classes, upTo);
    });
    if (config === args.configs!.split(',')[0]) score('TF-IDF + logistic regression', clf.baseline!.predictProba(testTexts), folds[f], classes, NaN);
    console.error(`${config} fold ${f + 1}/${K}: ${[...rows.values()].map((r) => `${r.name} ${r.acc[r.acc.length - 1].toFixed(3)}`).join(' | ')}  (${seconds.toFixed(0)} s)`);
  }
}

const pct = (v: number) => (100 * v).toFixed(1);
const fmt = (xs: number[]) => { const { mean, std } = meanStd(xs); return `${pct(mean)} ± ${pct(std)}`; };
const lines = [
  `| ${K} stratified folds, 3000 sentences | accuracy % | macro-F1 % | ${sources.map((s) => `${s} %`).join(' | ')} | training s per fold |`,
  `|---|---|---|${sources.map(() => '---').join('|')}|---|`,
  ...[...rows.values()].map((r) => `| ${r.name} | ${fmt(r.acc)} | ${fmt(r.f1)} | ${sources.map((s) => pct(meanStd(r.bySource[s]).mean)).join(' | ')} | ${Number.isNaN(r.seconds[0]) ? '—' : meanStd(r.seconds).mean.toFixed(0)} |`),
];
console.log(lines.join('\n'));
mkdirSync(OUT, { recursive: true });
const json = { folds: K, seed: 0, ensemble: N, options: { ...CLASSIFIER_DEFAULTS, ...extra }, seconds: (performance.now() - t0) / 1000, rows: [...rows.values()].map((r) => ({ ...r, accuracy: meanStd(r.acc), macroF1: meanStd(r.f1) })) };
const file = join(OUT, `sentiment-${args.configs!.replaceAll(',', '-')}-x${N}.json`);
writeFileSync(file, JSON.stringify(json, null, 1) + '\n');
console.error(`wrote ${file} in ${json.seconds.toFixed(0)} s`);
