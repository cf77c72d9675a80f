import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../errors.js';
import { applyFilterbank, hzToMel, melFilterbank, melToHz } from './mel.js';

test('mel scales: HTK puts 1000 Hz near 1000 mel, Slaney is linear below 1 kHz; both invert', () => {
  assert.ok(Math.abs(hzToMel(1000, 'htk') - 999.99) < 0.01);
  assert.ok(Math.abs(hzToMel(500, 'slaney') - 7.5) < 1e-12);
  assert.ok(Math.abs(hzToMel(1000, 'slaney') - 15) < 1e-12);
  for (const s of ['htk', 'slaney'] as const) for (const f of [0, 300, 999, 1000, 3999, 22050]) assert.ok(Math.abs(melToHz(hzToMel(f, s), s) - f) < 1e-9);
});

test('HTK triangles peak at 1 and overlap so that the inner bins sum to 1; Slaney norm scales by 2 / width', () => {
  const fb = melFilterbank({ nFreqs: 257, nMels: 20, sampleRate: 16000 });
  let peak = 0;
  for (const v of fb) peak = Math.max(peak, v);
  assert.ok(peak > 0.9 && peak <= 1);
  const rowSum = (f: number) => fb.subarray(f * 20, f * 20 + 20).reduce((a, b) => a + b, 0);
  for (const f of [40, 100, 200]) assert.ok(Math.abs(rowSum(f) - 1) < 1e-9, `bin ${f}`);
  const plain = melFilterbank({ nFreqs: 257, nMels: 20, sampleRate: 16000, melScale: 'slaney' });
  const normed = melFilterbank({ nFreqs: 257, nMels: 20, sampleRate: 16000, melScale: 'slaney', norm: 'slaney' });
  const lo = 0;
  const hi = melToHz(hzToMel(8000, 'slaney') * 2 / 21, 'slaney');
  assert.ok(Math.abs(normed[5 * 20] / plain[5 * 20] - 2 / (hi - lo)) < 1e-12);
});

test('applyFilterbank is the product [T, F] × [F, M]; bad options are refused', () => {
  const fb = Float64Array.of(1, 0, 0.5, 0.5, 0, 2); // [3, 2]
  assert.deepEqual(Array.from(applyFilterbank(Float32Array.of(1, 2, 3, 0, 0, 1), 2, 3, fb, 2)), [2, 7, 0, 2]);
  assert.throws(() => applyFilterbank(new Float32Array(3), 1, 3, fb, 3), ValueError);
  assert.throws(() => melFilterbank({ nFreqs: 129, nMels: 40, sampleRate: 8000, fMax: 5000 }), /fMax 5000; expected 0 ≤ fMin < fMax ≤ sampleRate \/ 2 = 4000/);
  assert.throws(() => melFilterbank({ nFreqs: 129, nMels: 0, sampleRate: 8000 }), /nMels 0/);
  assert.throws(() => melFilterbank({ nFreqs: 129, nMels: 4, sampleRate: 8000, melScale: 'bark' as 'htk' }), /melScale "bark"/);
});
