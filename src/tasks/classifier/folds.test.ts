import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../errors.js';
import { stratifiedFolds, stratifiedSplit } from './folds.js';
import { classificationMetrics, meanStd } from './metrics.js';

// 70 'a', 20 'b', 10 'c', interleaved.
const labels = Array.from({ length: 100 }, (_, i) => (i % 10 < 7 ? 'a' : i % 10 < 9 ? 'b' : 'c'));

test('stratifiedFolds: every example in exactly one fold, class ratios kept, sizes within one', () => {
  const folds = stratifiedFolds(labels, 5, 42);
  const seen = new Int32Array(labels.length);
  for (const f of folds) for (const i of f) seen[i]++;
  assert.ok(seen.every((c) => c === 1), 'each index once');
  for (const f of folds) {
    assert.equal(f.length, 20);
    const count = (c: string) => Array.from(f).filter((i) => labels[i] === c).length;
    assert.deepEqual([count('a'), count('b'), count('c')], [14, 4, 2]);
    assert.ok(f.every((v, k) => k === 0 || v > f[k - 1]), 'sorted');
  }
  assert.deepEqual(stratifiedFolds(labels, 5, 42), folds, 'same seed, same folds');
  assert.notDeepEqual(stratifiedFolds(labels, 5, 43), folds, 'another seed, other folds');
  assert.throws(() => stratifiedFolds(labels, 1), ValueError);
  assert.throws(() => stratifiedFolds(['a', 'b'], 3), ValueError);
});

test('stratifiedSplit: about the fraction of each class held out, at least one of each', () => {
  const { train, heldOut } = stratifiedSplit(labels, 0.1, 0);
  assert.equal(train.length + heldOut.length, 100);
  assert.equal(new Set([...train, ...heldOut]).size, 100);
  const held = (c: string) => Array.from(heldOut).filter((i) => labels[i] === c).length;
  assert.deepEqual([held('a'), held('b'), held('c')], [7, 2, 1]);
});

test('classificationMetrics: accuracy, per-class P/R/F1, macro-F1 and the confusion matrix', () => {
  // actual:    0 0 0 0 1 1 2 2
  // predicted: 0 0 1 2 1 1 2 0
  const m = classificationMetrics(Int32Array.of(0, 0, 0, 0, 1, 1, 2, 2), Int32Array.of(0, 0, 1, 2, 1, 1, 2, 0), ['x', 'y', 'z']);
  assert.equal(m.accuracy, 5 / 8);
  assert.deepEqual(m.confusion, [[2, 1, 1], [0, 2, 0], [1, 0, 1]]);
  const [x, y, z] = m.perClass;
  assert.deepEqual([x.precision, x.recall, x.support], [2 / 3, 0.5, 4]);
  assert.deepEqual([y.precision, y.recall], [2 / 3, 1]);
  assert.deepEqual([z.precision, z.recall], [0.5, 0.5]);
  const f1 = (p: number, r: number) => (2 * p * r) / (p + r);
  assert.ok(Math.abs(m.macroF1 - (f1(2 / 3, 0.5) + f1(2 / 3, 1) + 0.5) / 3) < 1e-12);
  const never = classificationMetrics(Int32Array.of(0, 1), Int32Array.of(0, 0), ['a', 'b']);
  assert.equal(never.perClass[1].f1, 0, 'a class never predicted has F1 0');
  assert.throws(() => classificationMetrics(Int32Array.of(0), Int32Array.of(3), ['a', 'b']), ValueError);
  assert.deepEqual(meanStd([1, 3]), { mean: 2, std: Math.SQRT2 });
});
