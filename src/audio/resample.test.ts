import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../errors.js';
import { resample, sincResampleKernel } from './resample.js';

const sine = (n: number, rate: number, hz: number, amp = 1) => Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / rate));

/** Amplitude of the `hz` component of x[a, b) at `rate` (a single DFT bin with a Hann window, normalised so a unit sine gives 1). */
function amplitude(x: Float32Array, rate: number, hz: number, a: number, b: number): number {
  let re = 0;
  let im = 0;
  let wsum = 0;
  for (let i = a; i < b; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i - a)) / (b - a));
    re += w * x[i] * Math.cos((2 * Math.PI * hz * i) / rate);
    im += w * x[i] * Math.sin((2 * Math.PI * hz * i) / rate);
    wsum += w;
  }
  return (2 * Math.hypot(re, im)) / wsum;
}

/** Linear interpolation: the method the issue rules out, as a control that aliases. */
function linear(x: Float32Array, from: number, to: number): Float32Array {
  return Float32Array.from({ length: Math.ceil((x.length * to) / from) }, (_, j) => {
    const p = (j * from) / to;
    const i = Math.floor(p);
    return i + 1 < x.length ? x[i] + (p - i) * (x[i + 1] - x[i]) : x[Math.min(i, x.length - 1)];
  });
}

test('downsampling keeps a tone below the new Nyquist and removes one above it (no aliasing)', () => {
  // 16 kHz → 8 kHz: 1 kHz stays; 6 kHz would fold to 2 kHz.
  const x = sine(16000, 16000, 1000, 0.5).map((v, i) => v + 0.5 * Math.sin((2 * Math.PI * 6000 * i) / 16000));
  const y = resample(x, 16000, 8000);
  assert.equal(y.length, 8000);
  const keep = amplitude(y, 8000, 1000, 1000, 7000);
  const alias = amplitude(y, 8000, 2000, 1000, 7000);
  assert.ok(Math.abs(keep - 0.5) < 0.005, `1 kHz amplitude ${keep}`);
  // torchaudio's filter (Hann, 6 zero crossings) is about −55 dB here; −50 dB leaves a margin
  assert.ok(20 * Math.log10(alias / 0.5) < -50, `alias at 2 kHz: ${alias} (${(20 * Math.log10(alias / 0.5)).toFixed(1)} dB)`);
  // the control: linear interpolation lets the 6 kHz tone through as a loud 2 kHz alias
  assert.ok(amplitude(linear(x, 16000, 8000), 8000, 2000, 1000, 7000) > 0.1);
});

test('44.1 kHz → 16 kHz: a 5 kHz tone passes, 12 and 14 kHz tones (above 8 kHz) are gone', () => {
  const n = 44100;
  const x = sine(n, 44100, 5000, 0.3).map((v, i) => v + 0.3 * Math.sin((2 * Math.PI * 14000 * i) / 44100) + 0.3 * Math.sin((2 * Math.PI * 12000 * i) / 44100));
  const y = resample(x, 44100, 16000);
  assert.equal(y.length, Math.ceil((n * 160) / 441));
  assert.ok(Math.abs(amplitude(y, 16000, 5000, 2000, 14000) - 0.3) < 0.003);
  for (const alias of [16000 - 14000, 16000 - 12000]) {
    const db = 20 * Math.log10(amplitude(y, 16000, alias, 2000, 14000) / 0.3);
    assert.ok(db < -50, `alias at ${alias} Hz: ${db.toFixed(1)} dB`);
  }
});

test('upsampling a tone reproduces the tone at the new rate (away from the edges)', () => {
  const y = resample(sine(4000, 8000, 440), 8000, 16000);
  const want = sine(8000, 16000, 440);
  let err = 0;
  for (let i = 200; i < 7800; i++) err = Math.max(err, Math.abs(y[i] - want[i]));
  assert.ok(err < 5e-3, `max error ${err}`);
  assert.equal(resample(sine(4001, 8000, 440), 8000, 16000).length, 8002);
});

test('resample: same rate copies, the kernel rows sum to about 1 (unit DC gain), bad rates are refused', () => {
  const x = sine(10, 8000, 100);
  const c = resample(x, 8000, 8000);
  assert.deepEqual(c, x);
  assert.notEqual(c, x);
  const { kernel, taps } = sincResampleKernel(2, 3);
  for (let i = 0; i < 3; i++) {
    const s = kernel.subarray(i * taps, (i + 1) * taps).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(s - 1) < 0.02, `row ${i} sums to ${s}`);
  }
  assert.throws(() => resample(x, 8000, 5512.5), (e: unknown) => e instanceof ValueError && /toRate is 5512.5; expected a positive integer/.test(e.message));
  assert.throws(() => resample(x, 0, 8000), ValueError);
  assert.throws(() => resample(x, 8000, 16000, { rolloff: 1.5 }), /rolloff/);
  assert.deepEqual(resample(new Float32Array(0), 8000, 16000), new Float32Array(0));
});
