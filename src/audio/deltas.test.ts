import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../errors.js';
import { computeDeltas } from './deltas.js';

test('deltas of a ramp are its slope inside, edges replicate; a constant has none', () => {
  // two features: 3t and the constant 7, T = 6
  const x = Float32Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 3 * (i / 2) : 7));
  const d = computeDeltas(x, 6, 2);
  assert.deepEqual([d[4], d[6]], [3, 3]);
  // t = 0 with N = 2: (1·(x1 − x0) + 2·(x2 − x0)) / 10 where x−1 = x−2 = x0 → (3 + 12) / 10
  assert.ok(Math.abs(d[0] - 1.5) < 1e-6);
  assert.ok([1, 3, 5, 7, 9, 11].every((i) => d[i] === 0));
  assert.deepEqual(Array.from(computeDeltas(new Float32Array(0), 0, 3)), []);
  assert.throws(() => computeDeltas(x, 6, 2, 1), ValueError);
});
