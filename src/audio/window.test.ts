import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../errors.js';
import { makeWindow } from './window.js';

const close = (a: ArrayLike<number>, b: number[]) => assert.ok(b.every((v, i) => Math.abs(a[i] - v) < 1e-12), `${Array.from(a)} vs ${b}`);

test('periodic Hann and Hamming as torch.hann_window / hamming_window (periodic=True)', () => {
  close(makeWindow('hann', 4), [0, 0.5, 1, 0.5]);
  close(makeWindow('hamming', 4), [0.08, 0.54, 1, 0.54]);
  close(makeWindow('hann', 5, false), [0, 0.5, 1, 0.5, 0]);
  close(makeWindow('rectangular', 3), [1, 1, 1]);
  close(makeWindow('hann', 1), [1]);
});

test('makeWindow refuses a bad length or kind', () => {
  assert.throws(() => makeWindow('hann', 0), ValueError);
  assert.throws(() => makeWindow('blackman' as 'hann', 4), /kind "blackman"/);
});
