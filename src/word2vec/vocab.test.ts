import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHuffman } from './vocab.js';
import { readCorpus } from './corpus.js';
import { drawNoise, fillAliasTable } from './noise.js';

test('tokenising splits on ASCII whitespace, ends sentences at newlines, sorts the vocabulary by count', async () => {
  const c = await readCorpus({ text: 'b a\tc\r\na  a\n\n\nb Z\fa\n' }, { minCount: 1, lowercase: true });
  assert.deepEqual(c.vocab.words, ['a', 'b', 'c', 'z']);
  assert.deepEqual([...c.vocab.counts], [4, 2, 1, 1]);
  assert.equal(c.vocab.totalWords, 8);
  assert.deepEqual([...c.ids], [1, 0, 2, -1, 0, 0, -1, 1, 3, 0, -1]);
  const pruned = await readCorpus({ text: 'b a c\na a\nc\n' }, { minCount: 2, lowercase: false });
  assert.deepEqual(pruned.vocab.words, ['a', 'c']);
  assert.deepEqual([...pruned.ids], [0, 1, -1, 0, 0, -1, 1, -1]);
});

test('a streamed file equals the same text in memory, words spanning chunk boundaries included', async () => {
  const words = Array.from({ length: 700000 }, (_, i) => `w${(i * 7919) % 5003}${i % 13 === 0 ? '\n' : ' '}`).join('');
  const dir = mkdtempSync(join(tmpdir(), 'w2v-corpus-'));
  try {
    const path = join(dir, 'c.txt');
    writeFileSync(path, words + 'Ünïcödé é\xe9');
    const a = await readCorpus({ file: path }, { minCount: 1, lowercase: false });
    const b = await readCorpus({ text: new TextEncoder().encode(words + 'Ünïcödé é\xe9') }, { minCount: 1, lowercase: false });
    assert.ok(a.ids.length > 700000);
    assert.deepEqual(a.vocab.words, b.vocab.words);
    assert.deepEqual([...a.ids], [...b.ids]);
    assert.ok(a.vocab.words.includes('Ünïcödé'));
  } finally {
    rmSync(dir, { recursive: true });
  }
  // Latin-1 bytes that are not UTF-8 decode as Latin-1 instead of a replacement character.
  const latin = await readCorpus({ text: new Uint8Array([0xe9, 0x20, 0x63, 0x61, 0x66, 0xe9]) }, { minCount: 1, lowercase: false });
  assert.deepEqual(latin.vocab.words, ['é', 'café']);
});

test('Huffman codes: prefix-free, frequent words get short codes, inner nodes in range', () => {
  const counts = new Float64Array([50, 20, 10, 10, 5, 3, 1, 1]);
  const t = buildHuffman(counts);
  const V = counts.length;
  const code = (w: number): string => [...t.codes.subarray(t.start[w], t.start[w + 1])].join('');
  const all = Array.from({ length: V }, (_, w) => code(w));
  for (let i = 0; i < V; i++) for (let j = 0; j < V; j++) if (i !== j) assert.ok(!all[j].startsWith(all[i]), `${all[i]} is a prefix of ${all[j]}`);
  for (let w = 1; w < V; w++) assert.ok(all[w].length >= all[w - 1].length);
  // Kraft equality for a full binary tree.
  assert.equal(all.reduce((s, c) => s + 2 ** -c.length, 0), 1);
  for (let w = 0; w < V; w++) {
    assert.equal(t.points[t.start[w]], V - 2, 'every path starts at the root');
    for (let d = t.start[w]; d < t.start[w + 1]; d++) assert.ok(t.points[d] >= 0 && t.points[d] < V - 1);
  }
  assert.equal(buildHuffman(new Float64Array([3])).codes.length, 0);
});

test('the alias table draws from count^0.75 exactly', () => {
  const counts = new Float64Array([81, 16, 1, 0.0001]);
  const table = fillAliasTable(new Int32Array(8), counts, 0.75);
  const z = 27 + 8 + 1 + 0.001;
  const n = 1 << 20;
  const share = [0, 0, 0, 0];
  // Evenly spaced 32-bit draws: the shares equal the probabilities up to 1/n.
  for (let k = 0; k < n; k++) share[drawNoise(table, Math.floor(((k + 0.5) / n) * 4294967296))]++;
  [27 / z, 8 / z, 1 / z, 0.001 / z].forEach((p, w) => assert.ok(Math.abs(share[w] / n - p) < 2e-5, `word ${w}: ${share[w] / n} vs ${p}`));
});
