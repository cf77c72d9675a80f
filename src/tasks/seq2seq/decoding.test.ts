// Decoding with excluded tokens (greedy, beam, sampling) and sampled decoding itself, on a
// decoder whose distributions are a fixed table, so the right answers are known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beamSearch, greedySearch, type StepDecoder } from './beam-search.js';
import { sampleSearch } from './sample-search.js';
import { resolveSampling } from '../language-model/sampling.js';
import { Generator } from '../../random/generator.js';
import { ValueError } from '../../errors.js';

// tokens: 0 = pad, 1 = unk, 2 = bos, 3 = eos, 4 = a, 5 = b
const V = 6;

/** Next-token probabilities by prefix (without the <bos>); records every prefix it saw. */
class TableDecoder implements StepDecoder {
  readonly vocabSize = V;
  readonly sourceLength = 2;
  prefixes: number[][];
  constructor(private readonly table: (prefix: number[]) => number[], batch: number) {
    this.prefixes = Array.from({ length: batch }, () => []);
  }
  step(tokens: Int32Array) {
    this.prefixes = this.prefixes.map((p, i) => [...p, tokens[i]]);
    const logProbs: number[] = [];
    for (const p of this.prefixes) logProbs.push(...this.table(p.slice(1)).map(Math.log));
    return { logProbs, attention: new Float32Array(tokens.length * 2).fill(0.5) };
  }
  select(rows: Int32Array) {
    this.prefixes = Array.from(rows, (r) => this.prefixes[r]);
  }
}

// <unk> is the likeliest token after every prefix; after two tokens <eos> is.
const unkFirst = (p: number[]): number[] => (p.length >= 2 ? [1e-9, 0.3, 1e-9, 0.6, 0.05, 0.05] : [0.05, 0.5, 0.05, 0.05, 0.25, 0.1]);
const search = { bos: 2, eos: 3, maxLength: 6, minLength: 1 };
const exclude = [0, 1, 2];

test('excluded tokens are never output by greedy, beam or sampled decoding (they are without exclusion)', () => {
  assert.deepEqual(greedySearch(new TableDecoder(unkFirst, 1), 1, search)[0].tokens, [1, 1], 'without exclusion greedy says <unk> <unk>');
  assert.deepEqual(greedySearch(new TableDecoder(unkFirst, 1), 1, { ...search, exclude })[0].tokens, [4, 4]);
  for (const K of [1, 2, 4]) {
    const r = beamSearch(new TableDecoder(unkFirst, 3), 3, K, { ...search, exclude });
    for (const hs of r.finished) for (const h of hs) for (const tok of h.tokens) assert.ok(!exclude.includes(tok), `beam ${K} output ${h.tokens}`);
    assert.deepEqual(r.best[0].tokens, [4, 4]);
  }
  const sampling = resolveSampling({ temperature: 1.5 });
  const drawn = sampleSearch(new TableDecoder(unkFirst, 500), 500, sampling, new Generator(1), { ...search, exclude });
  const seen = new Set(drawn.flatMap((h) => h.tokens));
  assert.deepEqual([...seen].sort(), [4, 5], 'only a and b are drawn');
  const free = sampleSearch(new TableDecoder(unkFirst, 500), 500, sampling, new Generator(1), search);
  assert.ok(free.some((h) => h.tokens.includes(1)), 'without exclusion <unk> is drawn');
  assert.throws(() => greedySearch(new TableDecoder(unkFirst, 1), 1, { ...search, exclude: [3] }), (e) => e instanceof ValueError && /<eos>/.test(e.message));
  assert.throws(() => beamSearch(new TableDecoder(unkFirst, 1), 1, 2, { ...search, exclude: [6] }), (e) => e instanceof ValueError && /exclude holds 6/.test(e.message));
  assert.throws(() => sampleSearch(new TableDecoder(unkFirst, 1), 1, sampling, new Generator(0), { ...search, exclude: [0, 1, 2, 4, 5] }), (e) => e instanceof ValueError && /no token/.test(e.message));
});

test('sampled decoding draws from the model: first-token frequencies, temperature 0 = greedy, the same seed the same outputs', () => {
  // first token: a 0.6, b 0.3, eos 0.1 (banned at step 0 by minLength 1 → a 2/3, b 1/3); then eos
  const table = (p: number[]): number[] => (p.length === 0 ? [1e-12, 1e-12, 1e-12, 0.1, 0.6, 0.3] : [1e-12, 1e-12, 1e-12, 1, 1e-12, 1e-12]);
  const N = 3000;
  const opts = { ...search, exclude };
  const hyps = sampleSearch(new TableDecoder(table, N), N, resolveSampling({}), new Generator(7), opts);
  const a = hyps.filter((h) => h.tokens[0] === 4).length / N;
  // binomial standard deviation √(p(1−p)/N) ≈ 0.0086: 5 of them
  assert.ok(Math.abs(a - 2 / 3) < 0.043, `share of a ${a}`);
  assert.ok(hyps.every((h) => h.tokens.length === 1 && h.finished));
  for (const h of hyps) assert.ok(Math.abs(h.logProb - Math.log(h.tokens[0] === 4 ? 0.6 : 0.3)) < 1e-6, 'log p under the model itself');
  // temperature 0 and top-k 1 are greedy
  for (const s of [{ temperature: 0 }, { topK: 1 }]) {
    const d = sampleSearch(new TableDecoder(unkFirst, 4), 4, resolveSampling(s), new Generator(3), opts);
    const g = greedySearch(new TableDecoder(unkFirst, 4), 4, opts);
    assert.deepEqual(d.map((h) => h.tokens), g.map((h) => h.tokens));
    d.forEach((h, i) => assert.ok(Math.abs(h.score - g[i].score) < 1e-12));
  }
  const again = (seed: number) => sampleSearch(new TableDecoder(unkFirst, 50), 50, resolveSampling({ temperature: 1.2 }), new Generator(seed), opts).map((h) => h.tokens);
  assert.deepEqual(again(5), again(5));
  assert.notDeepEqual(again(5), again(6));
  // the length limit and the checks
  const capped = sampleSearch(new TableDecoder(() => [1e-9, 1e-9, 1e-9, 1e-9, 0.5, 0.5], 2), 2, resolveSampling({}), new Generator(0), { ...opts, maxLength: [3, 5] });
  assert.deepEqual(capped.map((h) => [h.tokens.length, h.finished]), [[3, false], [5, false]]);
  assert.throws(() => sampleSearch(new TableDecoder(table, 1), 1, resolveSampling({}), new Generator(0), { ...opts, maxLength: 0 }), ValueError);
});
