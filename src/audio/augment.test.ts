// Frame augmentation: SpecAugment's masks and the frame-level speed perturbation are
// reproducible under a seed, leave their input alone, and change only what they say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskFrames, stretchFrames } from './augment.js';
import { Generator } from '../random/generator.js';

const T = 40, F = 6;
const frames = () => ({ frames: Float32Array.from({ length: T * F }, (_, i) => 1 + (i % 7)), T, F });

test('maskFrames: the same seed gives the same masks; masked cells are whole bands and whole frames', () => {
  const m = frames();
  const o = { freqMasks: 1, freqWidth: 3, timeMasks: 2, timeWidth: 5 };
  const a = maskFrames(m, o, new Generator(3)), b = maskFrames(m, o, new Generator(3));
  assert.deepEqual(a.frames, b.frames);
  assert.deepEqual(m.frames, frames().frames, 'the input is left alone');
  const zeroFrames = Array.from({ length: T }, (_, t) => a.frames.subarray(t * F, (t + 1) * F).every((v) => v === 0)).filter(Boolean).length;
  assert.ok(zeroFrames <= 2 * Math.floor(T / 5), `at most two spans of ≤ T/5 frames, got ${zeroFrames} masked frames`);
  for (let f = 0; f < F; f++) {
    const zeros = Array.from({ length: T }, (_, t) => a.frames[t * F + f] === 0).filter(Boolean).length;
    assert.ok(zeros === zeroFrames || zeros === T, `coefficient ${f}: masked in every frame or only in the masked frames`);
  }
  assert.deepEqual(maskFrames(m, { freqMasks: 0, freqWidth: 3, timeMasks: 0, timeWidth: 5 }, new Generator(0)).frames, m.frames, 'no masks, no change');
  assert.throws(() => maskFrames(m, { ...o, freqMasks: -1 }, new Generator(0)), /freqMasks/);
});

test('stretchFrames: T changes by the drawn factor, the ends are kept, the seed decides', () => {
  const m = { frames: Float32Array.from({ length: T * 2 }, (_, i) => Math.floor(i / 2)), T, F: 2 }; // frame t holds t, t
  const a = stretchFrames(m, 0.1, new Generator(5));
  assert.ok(a.T >= Math.round(T / 1.1) && a.T <= Math.round(T / 0.9), `T' = ${a.T}`);
  assert.equal(a.frames[0], 0);
  assert.ok(Math.abs(a.frames[(a.T - 1) * 2] - (T - 1)) < 1e-5, 'the last frame stays the last');
  for (let j = 1; j < a.T; j++) assert.ok(a.frames[j * 2] >= a.frames[(j - 1) * 2], 'a ramp stays a ramp');
  assert.deepEqual(stretchFrames(m, 0.1, new Generator(5)).frames, a.frames);
  assert.deepEqual(stretchFrames(m, 0, new Generator(5)).frames, m.frames);
  assert.throws(() => stretchFrames(m, 1, new Generator(0)), /rate/);
});
