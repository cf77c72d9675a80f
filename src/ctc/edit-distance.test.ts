import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../random/generator.js';
import { ShapeError, ValueError } from '../errors.js';
import { editDistance, errorRate } from './index.js';

/** Levenshtein distance by the plain recursion, the oracle for short inputs. */
function naive(a: readonly unknown[], b: readonly unknown[]): number {
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  const cost = a[a.length - 1] === b[b.length - 1] ? 0 : 1;
  return Math.min(naive(a.slice(0, -1), b) + 1, naive(a, b.slice(0, -1)) + 1, naive(a.slice(0, -1), b.slice(0, -1)) + cost);
}

describe('editDistance', () => {
  test('known cases', () => {
    assert.equal(editDistance([...'kitten'], [...'sitting']), 3);
    assert.equal(editDistance([...'flaw'], [...'lawn']), 2);
    assert.equal(editDistance([], [...'abc']), 3);
    assert.equal(editDistance([...'abc'], []), 3);
    assert.equal(editDistance([], []), 0);
    assert.equal(editDistance('four one seven'.split(' '), 'for one seven'.split(' ')), 1);
    assert.equal(editDistance([1, 2, 3], [3, 2, 1]), 2);
  });

  test('agrees with the plain recursion on random short sequences, and is symmetric', () => {
    const g = new Generator(1);
    for (let trial = 0; trial < 200; trial++) {
      const a = Array.from({ length: g.int(7) }, () => g.int(3));
      const b = Array.from({ length: g.int(7) }, () => g.int(3));
      assert.equal(editDistance(a, b), naive(a, b), `[${a}] vs [${b}]`);
      assert.equal(editDistance(a, b), editDistance(b, a));
    }
  });
});

describe('errorRate', () => {
  test('pools edits and reference lengths over the corpus (CER on characters, WER on words)', () => {
    const refs = ['four one seven', 'two'];
    const hyps = ['for one seven', 'two two'];
    // words: 1 substitution + 1 insertion over 4 reference words
    assert.equal(errorRate(refs.map((r) => r.split(' ')), hyps.map((h) => h.split(' '))), 2 / 4);
    // characters: 'four one seven' → 'for one seven' 1, 'two' → 'two two' 4, over 14 + 3
    assert.equal(errorRate(refs.map((r) => [...r]), hyps.map((h) => [...h])), 5 / 17);
    assert.equal(errorRate([['a']], [['a', 'b', 'c']]), 2);
  });

  test('checks', () => {
    assert.throws(() => errorRate([['a']], []), ShapeError);
    assert.throws(() => errorRate([[]], [['a']]), ValueError);
  });
});
