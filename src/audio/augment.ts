/**
 * Training-time augmentation of feature frames [T, F] (row-major), each a pure function of the
 * frames and a seeded Generator, so a run is reproducible:
 *
 *   maskFrames   SpecAugment's masks (Park et al., 2019): a few bands of consecutive coefficients
 *                and a few spans of consecutive frames set to `value` (0: the mean of frames
 *                already standardised per feature)
 *   stretchFrames  the frame-level speed perturbation: the frames resampled along time by a
 *                factor drawn in [1 − r, 1 + r] (linear interpolation between neighbouring
 *                frames), so a word is heard a little faster or slower
 *
 * Both return a new matrix and leave the input alone.
 */

import { ValueError } from '../errors.js';
import type { Generator } from '../random/generator.js';
import type { FeatureFrames } from './stft.js';

/** SpecAugment's masks; see {@link maskFrames}. */
export interface FrameMaskOptions {
  /** Number of frequency masks (bands of coefficients). */
  readonly freqMasks: number;
  /** Each band's width is drawn uniformly in 0 … freqWidth coefficients. */
  readonly freqWidth: number;
  /** Number of time masks (spans of frames). */
  readonly timeMasks: number;
  /** Each span's width is drawn uniformly in 0 … timeWidth frames, and at most a fifth of T. */
  readonly timeWidth: number;
  /** What masked cells become; 0 is the mean of standardised frames. */
  readonly value?: number;
}

function checkCount(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ValueError(`${where}: expected ${name} to be an integer ≥ 0, got ${String(v)}`);
  return v;
}

function checkFrames(where: string, m: FeatureFrames): void {
  if (!(m.frames instanceof Float32Array) || !(m.T >= 1) || !(m.F >= 1) || m.frames.length !== m.T * m.F) {
    throw new ValueError(`${where}: expected [T ≥ 1, F ≥ 1] frames with frames.length = T·F, got T = ${m.T}, F = ${m.F}, length ${m.frames?.length}`);
  }
}

/**
 * SpecAugment's frequency and time masks on frames [T, F]:
 *
 *   for each of freqMasks: w ~ U{0 … freqWidth}, f0 ~ U{0 … F − w}, cells [·, f0, f0 + w) = value
 *   for each of timeMasks: w ~ U{0 … min(timeWidth, ⌊T/5⌋)}, t0 ~ U{0 … T − w}, frames [t0, t0 + w) = value
 *
 * @example
 * const g = new Generator(0);
 * const masked = maskFrames({ frames, T, F }, { freqMasks: 2, freqWidth: 3, timeMasks: 2, timeWidth: 8 }, g);
 */
export function maskFrames(m: FeatureFrames, options: FrameMaskOptions, generator: Generator): FeatureFrames {
  const where = 'maskFrames';
  checkFrames(where, m);
  const freqMasks = checkCount(where, 'freqMasks', options.freqMasks);
  const freqWidth = checkCount(where, 'freqWidth', options.freqWidth);
  const timeMasks = checkCount(where, 'timeMasks', options.timeMasks);
  const timeWidth = checkCount(where, 'timeWidth', options.timeWidth);
  const value = options.value ?? 0;
  const { T, F } = m;
  const out = Float32Array.from(m.frames);
  for (let k = 0; k < freqMasks; k++) {
    const w = generator.int(Math.min(freqWidth, F) + 1);
    const f0 = generator.int(F - w + 1);
    for (let t = 0; t < T; t++) out.fill(value, t * F + f0, t * F + f0 + w);
  }
  const maxT = Math.min(timeWidth, Math.floor(T / 5));
  for (let k = 0; k < timeMasks; k++) {
    const w = generator.int(maxT + 1);
    const t0 = generator.int(T - w + 1);
    out.fill(value, t0 * F, (t0 + w) * F);
  }
  return { frames: out, T, F };
}

/**
 * Frames [T, F] resampled along time by a speed factor s drawn uniformly in [1 − rate, 1 + rate]:
 * T' = max(1, round(T / s)) frames, frame j read at position j·(T − 1)/(T' − 1) with linear
 * interpolation between its two neighbours. rate = 0 returns a copy.
 *
 * @example
 * const faster = stretchFrames({ frames, T, F }, 0.1, new Generator(0)); // T' in ≈ T/1.1 … T/0.9
 */
export function stretchFrames(m: FeatureFrames, rate: number, generator: Generator): FeatureFrames {
  const where = 'stretchFrames';
  checkFrames(where, m);
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw new ValueError(`${where}: expected rate to be a number in [0, 1), got ${String(rate)}`);
  const { T, F } = m;
  if (rate === 0) return { frames: Float32Array.from(m.frames), T, F };
  const speed = 1 - rate + 2 * rate * generator.uniform();
  const T2 = Math.max(1, Math.round(T / speed));
  const out = new Float32Array(T2 * F);
  const step = T2 > 1 ? (T - 1) / (T2 - 1) : 0;
  for (let j = 0; j < T2; j++) {
    const pos = j * step;
    const t = Math.min(Math.floor(pos), T - 1);
    const a = pos - t;
    const next = Math.min(t + 1, T - 1);
    for (let f = 0; f < F; f++) out[j * F + f] = (1 - a) * m.frames[t * F + f] + a * m.frames[next * F + f];
  }
  return { frames: out, T: T2, F };
}
