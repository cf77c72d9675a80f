/**
 * Mel filterbanks with torchaudio's `functional.melscale_fbanks` semantics: nMels triangles whose
 * corners are nMels + 2 points equally spaced on the mel scale between fMin and fMax, evaluated at
 * the STFT bin frequencies linspace(0, ⌊sampleRate/2⌋, nFreqs), optionally area-normalised
 * (Slaney: each triangle scaled by 2 / (f[m+2] − f[m])).
 */
import { ValueError } from '../errors.js';

/** 'htk': 2595 log10(1 + f/700). 'slaney': linear below 1 kHz (f / (200/3)), logarithmic above (step ln 6.4 / 27). */
export type MelScale = 'htk' | 'slaney';

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

/**
 * Hertz to mels on `scale`.
 *
 * @example
 * hzToMel(1000);            // ≈ 1000 (HTK)
 * hzToMel(1000, 'slaney');  // 15
 */
export function hzToMel(f: number, scale: MelScale = 'htk'): number {
  if (scale === 'htk') return 2595 * Math.log10(1 + f / 700);
  return f >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(f / MIN_LOG_HZ) / LOG_STEP : f / F_SP;
}

/**
 * Mels to hertz on `scale`, the inverse of {@link hzToMel}.
 *
 * @example
 * melToHz(hzToMel(440)); // 440
 */
export function melToHz(m: number, scale: MelScale = 'htk'): number {
  if (scale === 'htk') return 700 * (10 ** (m / 2595) - 1);
  return m >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (m - MIN_LOG_MEL)) : F_SP * m;
}

/** What {@link melFilterbank} builds. */
export interface MelFilterbankOptions {
  /** Frequency bins of the spectrogram, nFft/2 + 1. */
  nFreqs: number;
  /** Number of mel bands. */
  nMels: number;
  /** Sample rate of the audio, Hz. */
  sampleRate: number;
  /** Lowest corner, Hz. Default 0. */
  fMin?: number;
  /** Highest corner, Hz. Default sampleRate / 2. */
  fMax?: number;
  /** Default 'htk' (torchaudio's default). */
  melScale?: MelScale;
  /** 'slaney': divide each triangle by its width in Hz / 2 (constant energy per band); null: peak 1. Default null. */
  norm?: 'slaney' | null;
}

/**
 * The filterbank as a row-major [nFreqs, nMels] matrix (torchaudio's layout), so that
 * mel[t, m] = Σ_f power[t, f] · fb[f, m].
 *
 * @example
 * const fb = melFilterbank({ nFreqs: 129, nMels: 40, sampleRate: 8000 }); // Float64Array(129 * 40)
 */
export function melFilterbank(options: MelFilterbankOptions): Float64Array {
  const { nFreqs, nMels, sampleRate } = options;
  const scale = options.melScale ?? 'htk';
  const fMin = options.fMin ?? 0;
  const fMax = options.fMax ?? sampleRate / 2;
  if (!Number.isInteger(nFreqs) || nFreqs < 2) throw new ValueError(`melFilterbank: nFreqs ${nFreqs}; expected an integer ≥ 2 (nFft / 2 + 1)`);
  if (!Number.isInteger(nMels) || nMels < 1) throw new ValueError(`melFilterbank: nMels ${nMels}; expected a positive integer`);
  if (!(sampleRate > 0)) throw new ValueError(`melFilterbank: sampleRate ${sampleRate}; expected a positive number of Hz`);
  if (!(fMin >= 0 && fMin < fMax && fMax <= sampleRate / 2)) {
    throw new ValueError(`melFilterbank: fMin ${fMin}, fMax ${fMax}; expected 0 ≤ fMin < fMax ≤ sampleRate / 2 = ${sampleRate / 2}`);
  }
  if (scale !== 'htk' && scale !== 'slaney') throw new ValueError(`melFilterbank: melScale ${JSON.stringify(scale)}; expected 'htk' or 'slaney'`);
  const top = Math.floor(sampleRate / 2);
  const freqs = Float64Array.from({ length: nFreqs }, (_, i) => (top * i) / (nFreqs - 1));
  const mMin = hzToMel(fMin, scale);
  const mMax = hzToMel(fMax, scale);
  const pts = Float64Array.from({ length: nMels + 2 }, (_, i) => melToHz(mMin + ((mMax - mMin) * i) / (nMels + 1), scale));
  const fb = new Float64Array(nFreqs * nMels);
  for (let m = 0; m < nMels; m++) {
    const lo = pts[m];
    const mid = pts[m + 1];
    const hi = pts[m + 2];
    const enorm = options.norm === 'slaney' ? 2 / (hi - lo) : 1;
    for (let f = 0; f < nFreqs; f++) {
      const down = (freqs[f] - lo) / (mid - lo);
      const up = (hi - freqs[f]) / (hi - mid);
      fb[f * nMels + m] = Math.max(0, Math.min(down, up)) * enorm;
    }
  }
  return fb;
}

/**
 * Mel energies of a time-major spectrogram [T, nFreqs] through `fb` [nFreqs, nMels]: [T, nMels].
 *
 * @example
 * const mel = applyFilterbank(spec.frames, spec.T, spec.F, fb, 40);
 */
export function applyFilterbank(spec: Float32Array, T: number, nFreqs: number, fb: Float64Array, nMels: number): Float32Array {
  if (fb.length !== nFreqs * nMels) throw new ValueError(`applyFilterbank: filterbank has ${fb.length} weights; expected nFreqs × nMels = ${nFreqs * nMels}`);
  const out = new Float32Array(T * nMels);
  const acc = new Float64Array(nMels);
  for (let t = 0; t < T; t++) {
    acc.fill(0);
    for (let f = 0; f < nFreqs; f++) {
      const p = spec[t * nFreqs + f];
      if (p === 0) continue;
      const row = f * nMels;
      for (let m = 0; m < nMels; m++) acc[m] += p * fb[row + m];
    }
    for (let m = 0; m < nMels; m++) out[t * nMels + m] = acc[m];
  }
  return out;
}
