import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NonFiniteError, ValueError } from '../errors.js';
import { audioFeatures, DEFAULT_AUDIO_FEATURES, resolveAudioFeatures } from './features.js';

const tone = (n: number, rate: number, hz: number) => Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));

test('the defaults give 39 normalised MFCC+Δ+ΔΔ features at 100 frames a second', () => {
  const { frames, T, F } = audioFeatures(tone(8000, 8000, 440), 8000);
  assert.equal(F, 39);
  assert.equal(T, 1 + Math.floor(8000 / 80));
  assert.equal(frames.length, T * F);
  assert.ok(frames.every(Number.isFinite));
  for (const f of [0, 5, 20]) {
    let m = 0;
    for (let t = 0; t < T; t++) m += frames[t * F + f];
    assert.ok(Math.abs(m / T) < 1e-5, `feature ${f} mean ${m / T}`);
  }
});

test('deltas, log-mel and CMVN options shape the output as documented', () => {
  const x = tone(4000, 8000, 700);
  assert.equal(audioFeatures(x, 8000, { deltas: 0 }).F, 13);
  assert.equal(audioFeatures(x, 8000, { deltas: 1, nMfcc: 20 }).F, 40);
  assert.equal(audioFeatures(x, 8000, { kind: 'log-mel', nMels: 64 }).F, 192);
  const raw = audioFeatures(x, 8000, { kind: 'log-mel', deltas: 0, cmvn: null, preEmphasis: 0 });
  const db = audioFeatures(x, 8000, { kind: 'log-mel', deltas: 0, cmvn: null, preEmphasis: 0, logScale: 'db' });
  const i = 5 * 40 + 10; // a band near the tone: far above both floors, so dB = 10 log10(e) · ln
  assert.ok(Math.abs(db.frames[i] - (10 / Math.LN10) * raw.frames[i]) < 1e-3 * Math.abs(db.frames[i]));
});

test('sizes derive from the working rate: 25 ms windows, 10 ms hops, nFft the next power of two', () => {
  const o = resolveAudioFeatures({ sampleRate: 16000 }, 44100);
  assert.deepEqual([o.sampleRate, o.winLength, o.hopLength, o.nFft, o.fMax], [16000, 400, 160, 512, 8000]);
  assert.deepEqual([resolveAudioFeatures({ sampleRate: null }, 22050).sampleRate, DEFAULT_AUDIO_FEATURES.sampleRate], [22050, 8000]);
});

test('input at another rate is resampled first: 16 kHz input gives the frames of 8 kHz input', () => {
  const a = audioFeatures(tone(16000, 16000, 300), 16000, { kind: 'log-mel', deltas: 0, cmvn: null });
  const b = audioFeatures(tone(8000, 8000, 300), 8000, { kind: 'log-mel', deltas: 0, cmvn: null });
  assert.equal(a.T, b.T);
  assert.equal(a.F, 40);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.frames.length; i++) { num += (a.frames[i] - b.frames[i]) ** 2; den += b.frames[i] ** 2; }
  assert.ok(Math.sqrt(num / den) < 0.02, `relative difference ${Math.sqrt(num / den)}`);
});

test('silence trimming shortens padded audio; empty audio gives no frames; bad options are refused', () => {
  const padded = new Float32Array(8000 * 3);
  padded.set(tone(8000, 8000, 500), 8000);
  const full = audioFeatures(padded, 8000);
  const trimmed = audioFeatures(padded, 8000, { trimSilence: 40 });
  assert.ok(trimmed.T < full.T * 0.5 && trimmed.T > 90, `${trimmed.T} of ${full.T}`);
  assert.equal(audioFeatures(new Float32Array(0), 8000).T, 0);
  assert.equal(audioFeatures(new Float32Array(8000), 8000, { trimSilence: 40 }).T, 0);
  assert.throws(() => audioFeatures(padded, 8000, { kind: 'cqt' as 'mfcc' }), ValueError);
  assert.throws(() => audioFeatures(padded, 8000, { nFft: 300 }), /power of two/);
  assert.throws(() => audioFeatures(padded, 0), /sampleRate 0/);
  assert.throws(() => audioFeatures(Float32Array.of(0, NaN), 8000), (e: unknown) => e instanceof NonFiniteError && e.index === 1);
});
