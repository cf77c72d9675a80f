import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../errors.js';
import { preEmphasis } from './preemphasis.js';

test('preEmphasis: y[0] = x[0], y[t] = x[t] − a·x[t−1]', () => {
  assert.deepEqual(Array.from(preEmphasis(Float32Array.of(1, 2, 4), 0.5)), [1, 1.5, 3]);
  assert.deepEqual(preEmphasis(new Float32Array(0)).length, 0);
  assert.throws(() => preEmphasis(new Float32Array(2), NaN), ValueError);
});
