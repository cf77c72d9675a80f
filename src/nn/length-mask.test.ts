import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lengthMask } from './length-mask.js';
import { ShapeError, ValueError } from '../errors.js';

test('lengthMask: real values before each length, pad after, in [b][t] order and the shape asked for', () => {
  const m = lengthMask('t', [2, 3, 1], 3, 3, { real: 1, pad: 0, dtype: 'float64', shape: [3, 3, 1] });
  assert.deepEqual(m.shape, [3, 3, 1]);
  assert.deepEqual([...m.data], [1, 1, 0, 1, 1, 1, 1, 0, 0]);
  const bias = lengthMask('t', Int32Array.of(1, 2), 2, 2, { real: 0, pad: -1e30, dtype: 'float32', shape: [2, 1, 2] });
  assert.deepEqual(bias.shape, [2, 1, 2]);
  assert.equal(bias.data[1], Math.fround(-1e30));
  assert.equal(bias.data[3], 0);
  assert.throws(() => lengthMask('pool', [1, 4], 2, 3, { real: 1, pad: 0, dtype: 'float32', shape: [2, 3] }), (e) => e instanceof ValueError && /pool: lengths\[1\] = 4; expected an integer in 1 … 3/.test(e.message));
  assert.throws(() => lengthMask('pool', [0], 1, 3, { real: 1, pad: 0, dtype: 'float32', shape: [1, 3] }), ValueError);
  assert.throws(() => lengthMask('pool', [1], 2, 3, { real: 1, pad: 0, dtype: 'float32', shape: [2, 3] }, 'text'), (e) => e instanceof ShapeError && /one per text/.test(e.message));
});
