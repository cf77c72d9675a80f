import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketByLength, paddingFraction } from './buckets.js';

function randomLengths(n: number): number[] {
  let s = 7;
  return Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648), 1 + (s % 200)));
}

test('every index once; sorted mode is shortest first and deterministic', () => {
  const lengths = [5, 1, 3, 1, 9];
  const b = bucketByLength(lengths, { batchSize: 2 });
  assert.deepEqual(b, [[1, 3], [2, 0], [4]]);
  assert.deepEqual(bucketByLength(lengths, { batchSize: 2, dropLast: true }), [[1, 3], [2, 0]]);
});

test('seeded shuffling: reproducible, covers all indices, padding stays small', () => {
  const lengths = randomLengths(2000);
  const a = bucketByLength(lengths, { batchSize: 32, seed: 1 });
  assert.deepEqual(a, bucketByLength(lengths, { batchSize: 32, seed: 1 }));
  assert.notDeepEqual(a, bucketByLength(lengths, { batchSize: 32, seed: 2 }));
  assert.deepEqual(a.flat().sort((x, y) => x - y), lengths.map((_, i) => i));
  const naive = Array.from({ length: Math.ceil(2000 / 32) }, (_, k) => lengths.map((_, i) => i).slice(k * 32, k * 32 + 32));
  const bucketed = paddingFraction(lengths, a);
  assert.ok(bucketed < 0.1, `padding fraction ${bucketed}`);
  assert.ok(paddingFraction(lengths, naive) > 0.3);
});

test('empty input and bad options', () => {
  assert.deepEqual(bucketByLength([], { batchSize: 4 }), []);
  assert.throws(() => bucketByLength([1], { batchSize: 0 }), /batchSize must be/);
  assert.throws(() => bucketByLength([1, -2], { batchSize: 1 }), /lengths\[1\] = -2/);
});
