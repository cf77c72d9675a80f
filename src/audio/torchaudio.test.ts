// The front end against torchaudio 0.13 on three FSDD recordings (test/fixtures/audio, made by
// scripts/fixtures/make_audio_fixtures.py in float64). Agreement is measured per array as
// ‖ours − torchaudio‖∞ / ‖torchaudio‖∞ (max-norm relative error) and must be ≤ 1e-4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeDeltas } from './deltas.js';
import { audioFeatures } from './features.js';
import { applyFilterbank, melFilterbank } from './mel.js';
import { logCompress, mfccFromLogMel } from './mfcc.js';
import { resample } from './resample.js';
import { powerSpectrogram } from './stft.js';
import { loadWav } from './wav-file.js';
import { toMono } from './channels.js';

const DIR = join(import.meta.dirname, '../../test/fixtures/audio');
interface FileFixture {
  name: string; samples: number;
  log_mel: number[][]; log_mel_db: number[][]; mfcc: number[][]; mfcc_lifter22: number[][]; deltas: number[][]; pipeline: number[][];
  spectrogram?: number[][]; spectrogram_hamming_nocenter?: number[][]; resample?: Record<string, number[]>;
}
const FX = JSON.parse(readFileSync(join(DIR, 'features.json'), 'utf8')) as {
  params: { sampleRate: number; nFft: number; winLength: number; hopLength: number; nMels: number; nMfcc: number };
  fbanks: Record<'htk' | 'slaney' | 'slaney_norm', number[][]>;
  files: FileFixture[];
};
const P = FX.params;
const TOL = 1e-4;

/** Max-norm relative error of `ours` (flat) against `ref` (rows); the shapes must agree. */
function relErr(ours: ArrayLike<number>, ref: number[][] | number[], where: string): number {
  const want = (ref as (number | number[])[]).flat();
  assert.equal(ours.length, want.length, `${where}: ${ours.length} values, torchaudio has ${want.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < want.length; i++) {
    num = Math.max(num, Math.abs(ours[i] - want[i]));
    den = Math.max(den, Math.abs(want[i]));
  }
  return num / den;
}
function agree(ours: ArrayLike<number>, ref: number[][] | number[], where: string): void {
  const e = relErr(ours, ref, where);
  assert.ok(e <= TOL, `${where}: relative error ${e.toExponential(2)} > ${TOL}`);
}

const audio = await Promise.all(FX.files.map(async (f) => toMono(await loadWav(join(DIR, f.name)))));
const spectrum = (x: Float32Array) => powerSpectrogram(x, { nFft: P.nFft, winLength: P.winLength, hopLength: P.hopLength });

test('the recordings read as torchaudio.load reads them', () => {
  FX.files.forEach((f, i) => assert.equal(audio[i].length, f.samples, f.name));
});

test('power spectrogram = torchaudio.functional.spectrogram (Hann with centre reflect padding; Hamming without)', () => {
  const s = spectrum(audio[0]);
  assert.equal(s.F, 129);
  agree(s.frames, FX.files[0].spectrogram!, 'spectrogram');
  const h = powerSpectrogram(audio[0], { nFft: P.nFft, winLength: P.winLength, hopLength: P.hopLength, window: 'hamming', center: false });
  agree(h.frames, FX.files[0].spectrogram_hamming_nocenter!, 'spectrogram, Hamming, no centring');
});

test('mel filterbanks = melscale_fbanks, HTK and Slaney scales, Slaney norm', () => {
  const base = { nFreqs: P.nFft / 2 + 1, nMels: P.nMels, sampleRate: P.sampleRate };
  agree(melFilterbank({ ...base, melScale: 'htk' }), FX.fbanks.htk, 'fbank htk');
  agree(melFilterbank({ ...base, melScale: 'slaney' }), FX.fbanks.slaney, 'fbank slaney');
  agree(melFilterbank({ ...base, melScale: 'slaney', norm: 'slaney' }), FX.fbanks.slaney_norm, 'fbank slaney norm');
  assert.ok(relErr(melFilterbank({ ...base, melScale: 'htk' }), FX.fbanks.slaney, 'htk vs slaney') > 0.01, 'the scales differ, so the check can fail');
});

test('log-mel (ln and dB), MFCC (DCT-II ortho), liftering and deltas = torchaudio on every recording', () => {
  const fb = melFilterbank({ nFreqs: P.nFft / 2 + 1, nMels: P.nMels, sampleRate: P.sampleRate });
  FX.files.forEach((f, i) => {
    const s = spectrum(audio[i]);
    const mel = applyFilterbank(s.frames, s.T, s.F, fb, P.nMels);
    const logMel = logCompress(Float32Array.from(mel), 'log');
    agree(logMel, f.log_mel, `${f.name} log-mel`);
    agree(logCompress(Float32Array.from(mel), 'db', { topDb: 80 }), f.log_mel_db, `${f.name} log-mel dB`);
    const mfcc = mfccFromLogMel(logMel, s.T, P.nMels, P.nMfcc);
    agree(mfcc, f.mfcc, `${f.name} mfcc`);
    agree(mfccFromLogMel(logMel, s.T, P.nMels, P.nMfcc, 22), f.mfcc_lifter22, `${f.name} mfcc lifter 22`);
    agree(computeDeltas(mfcc, s.T, P.nMfcc, 5), f.deltas, `${f.name} deltas`);
  });
});

test('audioFeatures with its defaults = pre-emphasis → MFCC → Δ → ΔΔ → CMVN through torchaudio', () => {
  FX.files.forEach((f, i) => {
    const got = audioFeatures(audio[i], 8000);
    assert.deepEqual([got.T, got.F], [f.pipeline.length, 39], f.name);
    agree(got.frames, f.pipeline, `${f.name} pipeline`);
  });
});

test('resample = torchaudio.functional.resample (Hann and Kaiser sinc) to 16000, 11025 and 6000 Hz', () => {
  const r = FX.files[0].resample!;
  for (const rate of [16000, 11025, 6000]) agree(resample(audio[0], 8000, rate), r[String(rate)], `resample to ${rate}`);
  agree(resample(audio[0], 8000, 16000, { window: 'kaiser' }), r['16000_kaiser'], 'resample kaiser');
});
