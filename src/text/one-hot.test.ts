import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oneHotEncode } from './one-hot.js';
import { ShapeError, ValueError } from '../errors.js';

test('one-hot of a [B, T] batch gives [B, T, V]; pad rows can be zero', () => {
  const { data, shape } = oneHotEncode(Int32Array.of(2, 1, 0, 0), 3, { shape: [2, 2], zeroIds: [0] });
  assert.deepEqual(shape, [2, 2, 3]);
  assert.ok(data instanceof Float32Array);
  assert.deepEqual([...data], [0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
});

test('empty input, out-of-range ids, shape mismatch', () => {
  assert.deepEqual(oneHotEncode([], 4).shape, [0, 4]);
  assert.throws(() => oneHotEncode([0, 5], 4), (e: unknown) => e instanceof ValueError && /id 5 at flat index 1/.test(e.message));
  assert.throws(() => oneHotEncode([0, 1, 2], 4, { shape: [2, 2] }), ShapeError);
  assert.throws(() => oneHotEncode([0], 0), /depth must be/);
});
