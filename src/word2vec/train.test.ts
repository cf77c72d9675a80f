import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainWord2Vec } from './train.js';
import { plantedCorpus, topicMargin } from './test-helpers/planted.js';
import { ValueError } from '../errors.js';

const text = plantedCorpus();
const small = { size: 16, minCount: 1, sample: 0, epochs: 3, seed: 3 };

for (const kernel of ['wasm', 'js'] as const)
for (const model of ['cbow', 'skipgram'] as const) {
  for (const objective of ['negative', 'hs'] as const) {
    test(`${kernel} kernel: ${model} with ${objective === 'hs' ? 'hierarchical softmax' : 'negative sampling'} puts words of one topic nearer`, async () => {
      const o = objective === 'hs' ? { hs: true, negative: 0 } : { negative: 5 };
      const { wv, stats } = await trainWord2Vec({ text }, { ...small, ...o, model, threads: 1, kernel });
      assert.equal(stats.vocabSize, 32);
      assert.equal(stats.corpusWords, 30000);
      const margin = topicMargin((a, b) => wv.similarity(a, b));
      assert.ok(margin > 0.3, `expected within-topic minus across-topic cosine > 0.3, got ${margin}`);
      const near = wv.mostSimilar('g0w0', 5).map((n) => n.word);
      assert.ok(near.every((w) => w.startsWith('g0')), `expected g0 neighbours of g0w0, got ${near.join(' ')}`);
    });
  }
}

test('the WebAssembly kernel follows the JavaScript reference (same random stream, float32 sums)', async () => {
  for (const model of ['cbow', 'skipgram'] as const) {
    const o = { ...small, epochs: 1, sample: 1e-3, hs: true, model, threads: 1 };
    const js = await trainWord2Vec({ text: plantedCorpus(300) }, { ...o, kernel: 'js' });
    const wasm = await trainWord2Vec({ text: plantedCorpus(300) }, { ...o, kernel: 'wasm' });
    let maxDiff = 0;
    for (let i = 0; i < js.wv.vectors.length; i++) maxDiff = Math.max(maxDiff, Math.abs(js.wv.vectors[i] - wasm.wv.vectors[i]));
    assert.ok(maxDiff < 1e-4, `${model}: max |js − wasm| = ${maxDiff}`);
  }
});

test('one thread and a fixed seed give identical vectors', async () => {
  const a = await trainWord2Vec({ text }, { ...small, sample: 1e-3, threads: 1 });
  const b = await trainWord2Vec({ text }, { ...small, sample: 1e-3, threads: 1 });
  assert.deepEqual(a.wv.words, b.wv.words);
  assert.deepEqual(a.wv.vectors, b.wv.vectors);
  const c = await trainWord2Vec({ text }, { ...small, sample: 1e-3, threads: 1, seed: 4 });
  assert.notDeepEqual(a.wv.vectors, c.wv.vectors);
});

test('two worker threads share the weights and learn the structure', async () => {
  const seen: number[] = [];
  const { wv, stats } = await trainWord2Vec({ text }, { ...small, model: 'skipgram', threads: 2, epochs: 4, onProgress: (p) => seen.push(p.wordsDone) });
  assert.equal(stats.threads, 2);
  assert.equal(seen.at(-1), 4 * 30000);
  assert.ok(topicMargin((a, b) => wv.similarity(a, b)) > 0.3);
});

test('sentences input, minCount and subsampling', async () => {
  const sentences = [['a', 'b', 'a'], ['a', 'c'], ['b', 'a']];
  const { wv, vocab } = await trainWord2Vec({ sentences }, { size: 4, minCount: 2, threads: 1 });
  assert.deepEqual(vocab.words, ['a', 'b']);
  assert.deepEqual([...vocab.counts], [4, 2]);
  assert.equal(wv.vectors.length, 8);
});

test('options are checked', async () => {
  await assert.rejects(trainWord2Vec({ text }, { negative: 0, hs: false }), ValueError);
  await assert.rejects(trainWord2Vec({ text }, { size: 0 }), /size: expected an integer >= 1, got 0/);
  await assert.rejects(trainWord2Vec({ text: 'a b c' }, { minCount: 5 }), /vocabulary is empty/);
});
