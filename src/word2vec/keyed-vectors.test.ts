import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedVectors } from './keyed-vectors.js';
import { parseAnalogies, parseWordPairs, pearson, rank, spearman } from './evaluate.js';
import { FormatError, ShapeError, ValueError } from '../errors.js';

// Axes: gender (−1 woman … +1 man), royalty, fruit.
const words = ['man', 'woman', 'king', 'queen', 'apple', 'pear', 'prince'];
const rows = [
  [1, 0, 0.1], [-1, 0, 0.1], [1, 1, 0.1], [-1, 1, 0.1], [0, 0, 1], [0.1, 0, 1], [1, 0.9, 0],
];
const kv = new KeyedVectors(words, Float32Array.from(rows.flat()), 3);

test('get, similarity and mostSimilar use cosine similarity', () => {
  assert.deepEqual([...kv.get('king')], [1, 1, Math.fround(0.1)]);
  assert.ok(Math.abs(kv.similarity('apple', 'apple') - 1) < 1e-6);
  assert.ok(Math.abs(kv.similarity('man', 'woman') - (-1 + 0.01) / 1.01) < 1e-6);
  const near = kv.mostSimilar('king', 2);
  assert.deepEqual(near.map((n) => n.word), ['prince', 'man']);
  assert.ok(near[0].similarity >= near[1].similarity);
  assert.deepEqual(kv.mostSimilar('king', 1, { exclude: ['prince'] }).map((n) => n.word), ['man']);
  assert.deepEqual(kv.mostSimilar([0, 0, 5], 2).map((n) => n.word), ['apple', 'pear']);
  assert.deepEqual(kv.mostSimilar('king', 3, { restrictVocab: 3 }).map((n) => n.word), ['man', 'woman']);
  assert.throws(() => kv.get('banana'), (e: ValueError) => /'banana' is not in the vocabulary/.test(e.message));
  assert.throws(() => kv.mostSimilar([1, 2]), ShapeError);
  assert.throws(() => new KeyedVectors(['a'], new Float32Array(3), 2), ShapeError);
});

for (const method of ['3CosAdd', '3CosMul'] as const) {
  test(`analogy with ${method}: man is to king as woman is to queen`, () => {
    const r = kv.analogy('man', 'king', 'woman', { method, topN: 3 });
    assert.equal(r[0].word, 'queen');
    assert.ok(!r.some((n) => ['man', 'king', 'woman'].includes(n.word)));
  });
}

test('ranks, Spearman and Pearson match scipy', () => {
  assert.deepEqual(rank([10, 20, 20, 5]), [2, 3.5, 3.5, 1]);
  // scipy.stats.spearmanr / pearsonr([1,2,3,4,5], [5,6,7,8,7])
  assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) - 0.8207826816681233) < 1e-12);
  assert.ok(Math.abs(pearson([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) - 0.8320502943378436) < 1e-12);
});

test('word pairs: parsing, case-insensitive lookup and coverage', () => {
  const pairs = parseWordPairs('# comment\nKing\tqueen\t8\nman\twoman\t7\napple\tpear\t9\nking\tbanana\t1\n');
  assert.equal(pairs.length, 4);
  const r = kv.evaluateWordPairs(pairs);
  assert.equal(r.covered, 3);
  assert.equal(r.total, 4);
  assert.equal(r.coverage, 0.75);
  assert.ok(Number.isFinite(r.spearman));
  assert.throws(() => parseWordPairs('a\tb\n'), (e: FormatError) => e.line === 1);
});

test('analogies: parsing, accuracy and coverage per section', () => {
  const sections = parseAnalogies(': royal\nman king woman queen\nMAN KING WOMAN QUEEN\nman king woman banana\n: fruit\nking queen man woman\n');
  assert.deepEqual(sections.map((s) => s.questions.length), [3, 1]);
  const r = kv.evaluateAnalogies(sections);
  assert.equal(r.total, 4);
  assert.equal(r.covered, 3);
  assert.equal(r.sections[0].correct, 2);
  assert.equal(r.correct, 3);
  assert.equal(r.accuracy, 1);
  assert.throws(() => parseAnalogies('a b c\n'), (e: FormatError) => e.line === 1);
});

test('mostSimilar and analogy refuse bad counts and non-finite queries; long unknown words are cut in messages', () => {
  for (const bad of [-1, 1.5, NaN]) {
    assert.throws(() => kv.mostSimilar('king', bad), (e: Error) => e instanceof ValueError && /topN must be an integer >= 0/.test(e.message), String(bad));
    assert.throws(() => kv.mostSimilar('king', 2, { restrictVocab: bad }), (e: Error) => e instanceof ValueError && /restrictVocab/.test(e.message));
    assert.throws(() => kv.analogy('man', 'king', 'woman', { topN: bad }), ValueError);
  }
  assert.deepEqual(kv.mostSimilar('king', 2, { restrictVocab: Infinity }).map((n) => n.word), ['prince', 'man']);
  assert.throws(() => kv.mostSimilar([0, NaN, 1]), (e: Error) => e instanceof ValueError && /NaN at index 1/.test(e.message));
  assert.throws(() => kv.get('x'.repeat(10_000)), (e: Error) => e instanceof ValueError && e.message.length < 200);
});
