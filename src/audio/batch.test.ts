import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../errors.js';
import { featureBatch } from './batch.js';

const utt = (T: number, F: number, base: number) => ({ frames: Float32Array.from({ length: T * F }, (_, i) => base + i), T, F });

test('featureBatch pads to [Tmax, B, F] time-major with zeros after each end, and gives lengths', () => {
  const { x, lengths } = featureBatch([utt(2, 3, 0), utt(3, 3, 100), utt(0, 3, 0)]);
  assert.deepEqual(x.shape, [3, 3, 3]);
  assert.deepEqual(Array.from(lengths), [2, 3, 0]);
  const at = (t: number, b: number) => Array.from(x.data.subarray((t * 3 + b) * 3, (t * 3 + b + 1) * 3));
  assert.deepEqual(at(0, 0), [0, 1, 2]);
  assert.deepEqual(at(1, 0), [3, 4, 5]);
  assert.deepEqual(at(2, 0), [0, 0, 0]);
  assert.deepEqual(at(2, 1), [106, 107, 108]);
  assert.deepEqual(at(0, 2), [0, 0, 0]);
});

test('featureBatch refuses an empty list and mismatched feature sizes', () => {
  assert.throws(() => featureBatch([]), ValueError);
  assert.throws(() => featureBatch([utt(2, 3, 0), utt(2, 4, 0)]), (e: unknown) => e instanceof ShapeError && /utterance 1: expected shape \[T, 3\]/.test(e.message));
  assert.throws(() => featureBatch([{ frames: new Float32Array(5), T: 2, F: 3 }]), ShapeError);
});
