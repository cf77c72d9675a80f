import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../errors.js';
import { frameCount, powerSpectrogram } from './stft.js';

/** |DFT|² of a windowed frame, the O(n²) definition, to check fft.js's use. */
function naivePower(frame: number[]): number[] {
  const n = frame.length;
  return Array.from({ length: n / 2 + 1 }, (_, k) => {
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) { re += frame[i] * Math.cos((2 * Math.PI * k * i) / n); im -= frame[i] * Math.sin((2 * Math.PI * k * i) / n); }
    return re * re + im * im;
  });
}

test('each frame is |DFT|² of the reflect-padded, Hann-windowed samples (window centred in nFft)', () => {
  const x = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i * 0.7) + 0.1 * i);
  const s = powerSpectrogram(x, { nFft: 16, winLength: 12, hopLength: 5 });
  assert.deepEqual([s.T, s.F], [11, 9]);
  const reflect = (i: number) => x[i < 0 ? -i : i >= 50 ? 98 - i : i];
  for (const t of [0, 4, 10]) {
    const frame = Array.from({ length: 16 }, (_, k) => {
      const w = k >= 2 && k < 14 ? 0.5 - 0.5 * Math.cos((2 * Math.PI * (k - 2)) / 12) : 0;
      return reflect(t * 5 - 8 + k) * w;
    });
    const want = naivePower(frame);
    want.forEach((v, f) => assert.ok(Math.abs(s.frames[t * 9 + f] - v) <= 1e-5 * Math.max(1, v), `t ${t} bin ${f}: ${s.frames[t * 9 + f]} vs ${v}`));
  }
});

test('a tone peaks in its bin; magnitude (power 1) is the square root; no centring drops the edges', () => {
  const x = Float32Array.from({ length: 2048 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 8000)); // bin 1000/8000·256 = 32
  const s = powerSpectrogram(x, { nFft: 256, hopLength: 128 });
  const row = Array.from(s.frames.subarray(5 * s.F, 6 * s.F));
  assert.equal(row.indexOf(Math.max(...row)), 32);
  const m = powerSpectrogram(x, { nFft: 256, hopLength: 128, power: 1 });
  assert.ok(Math.abs(m.frames[5 * s.F + 32] - Math.sqrt(s.frames[5 * s.F + 32])) < 1e-3);
  assert.equal(powerSpectrogram(x, { nFft: 256, hopLength: 128, center: false }).T, 1 + Math.floor((2048 - 256) / 128));
  assert.deepEqual([frameCount(0, 256, 80, true), frameCount(100, 256, 80, false), frameCount(100, 256, 80, true)], [0, 0, 2]);
});

test('signals shorter than the padding still frame (reflection repeats); zero padding is an option', () => {
  const x = Float32Array.of(0.5, -0.25, 0.125);
  const s = powerSpectrogram(x, { nFft: 8, hopLength: 2 });
  assert.equal(s.T, 2);
  assert.ok(s.frames.every(Number.isFinite));
  const z = powerSpectrogram(Float32Array.of(1), { nFft: 4, hopLength: 1, window: 'rectangular', padMode: 'constant' });
  assert.deepEqual(Array.from(z.frames), [1, 1, 1, 1, 1, 1]); // an impulse in each of the 2 frames: flat spectra
});

test('powerSpectrogram refuses sizes fft.js cannot take', () => {
  const x = new Float32Array(100);
  assert.throws(() => powerSpectrogram(x, { nFft: 200 }), (e: unknown) => e instanceof ValueError && /nFft 200; expected a power of two/.test(e.message));
  assert.throws(() => powerSpectrogram(x, { nFft: 256, winLength: 300 }), /winLength 300/);
  assert.throws(() => powerSpectrogram(x, { nFft: 256, hopLength: 0 }), /hopLength 0/);
});
