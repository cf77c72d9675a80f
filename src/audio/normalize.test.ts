import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cmvn } from './normalize.js';

test('cmvn gives each feature zero mean and unit variance over the utterance; a constant feature becomes 0', () => {
  const x = Float32Array.of(1, 5, 2, 5, 3, 5, 6, 5); // [4, 2]
  cmvn(x, 4, 2);
  const col = (f: number) => [0, 1, 2, 3].map((t) => x[t * 2 + f]);
  const mean = col(0).reduce((a, b) => a + b) / 4;
  const variance = col(0).reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
  assert.ok(Math.abs(mean) < 1e-6 && Math.abs(variance - 1) < 1e-5);
  assert.deepEqual(col(1), [0, 0, 0, 0]);
  const m = cmvn(Float32Array.of(1, 3), 2, 1, { variance: false });
  assert.deepEqual(Array.from(m), [-1, 1]);
  assert.deepEqual(cmvn(new Float32Array(0), 0, 3).length, 0);
});
