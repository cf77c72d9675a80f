import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../errors.js';
import { trimSilence } from './trim.js';

test('trimSilence keeps the frames within topDb of the loudest, from the first to the last', () => {
  const x = new Float32Array(1000);
  for (let i = 300; i < 600; i++) x[i] = Math.sin(i);
  for (let i = 0; i < 1000; i++) x[i] += 1e-4 * Math.sin(3 * i); // −80 dB hiss
  assert.deepEqual(trimSilence(x, { topDb: 40, frameLength: 100, hopLength: 50 }), { start: 250, end: 650 });
  assert.deepEqual(trimSilence(x, { topDb: 100, frameLength: 100, hopLength: 50 }), { start: 0, end: 1000 });
  assert.deepEqual(trimSilence(new Float32Array(10), { topDb: 40, frameLength: 4, hopLength: 2 }), { start: 0, end: 0 });
  assert.deepEqual(trimSilence(new Float32Array(0), { topDb: 40, frameLength: 4, hopLength: 2 }), { start: 0, end: 0 });
  assert.throws(() => trimSilence(x, { topDb: -3, frameLength: 4, hopLength: 2 }), ValueError);
});
