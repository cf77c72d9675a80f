/**
 * Framing and the power spectrogram, as torch.stft + torchaudio's `Spectrogram(power=2)`:
 * optional centre padding of nFft/2 samples each side (reflect, torch's `pad_mode` default),
 * frames of nFft samples every hopLength, each multiplied by the window (winLength samples,
 * zero-padded to nFft on both sides, left pad ⌊(nFft − winLength)/2⌋ as torch does), then
 * |FFT|² of bins 0 … nFft/2. The FFT is fft.js's radix-4 real transform (dev/fft-lab.ts measured
 * it against a plain DFT and a radix-2: see there).
 */
import FFT from 'fft.js';
import { ValueError } from '../errors.js';
import { makeWindow, type WindowKind } from './window.js';

/** How {@link powerSpectrogram} frames the signal; defaults are those of {@link DEFAULT_AUDIO_FEATURES}. */
export interface SpectrogramOptions {
  /** FFT size, a power of two ≥ 2. */
  nFft: number;
  /** Window length in samples, ≤ nFft. Default nFft. */
  winLength?: number;
  /** Samples between frame starts. Default ⌊winLength / 2⌋. */
  hopLength?: number;
  /** Window shape. Default 'hann'. */
  window?: WindowKind;
  /** Pad nFft/2 samples each side so frame t is centred on sample t·hop (torch's center=True). Default true. */
  center?: boolean;
  /** How centre padding is filled: mirror without the edge sample (torch 'reflect') or zeros. Default 'reflect'. */
  padMode?: 'reflect' | 'constant';
  /** 2 for power, 1 for magnitude. Default 2. */
  power?: 1 | 2;
}

/** Frames of features, time-major: `frames[t * F + f]`. */
export interface FeatureFrames {
  frames: Float32Array;
  /** Number of frames (time steps). */
  T: number;
  /** Features per frame. */
  F: number;
}

/** Index into x for a padded position `i` (may be < 0 or ≥ n), mirrored about the end samples (numpy's 'reflect', repeated for long pads). */
function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let m = ((i % period) + period) % period;
  if (m >= n) m = period - m;
  return m;
}

const ffts = new Map<number, FFT>();
function fftOf(n: number): FFT {
  let f = ffts.get(n);
  if (!f) ffts.set(n, (f = new FFT(n)));
  return f;
}

/**
 * Number of frames {@link powerSpectrogram} makes from `n` samples: 1 + ⌊n / hop⌋ centred,
 * 1 + ⌊(n − nFft) / hop⌋ otherwise (0 when n < nFft).
 *
 * @example
 * frameCount(8000, 256, 80, true); // 101
 */
export function frameCount(n: number, nFft: number, hop: number, center: boolean): number {
  if (n === 0) return 0;
  if (center) return 1 + Math.floor(n / hop);
  return n < nFft ? 0 : 1 + Math.floor((n - nFft) / hop);
}

/**
 * The power (or magnitude) spectrogram of `x`, time-major [T, nFft/2 + 1].
 *
 * @example
 * const { frames, T, F } = powerSpectrogram(x, { nFft: 256, winLength: 200, hopLength: 80 });
 * // F === 129; frames[t * F + k] = |X_t[k]|²
 */
export function powerSpectrogram(x: Float32Array, options: SpectrogramOptions): FeatureFrames {
  const nFft = options.nFft;
  if (!Number.isInteger(nFft) || nFft < 2 || (nFft & (nFft - 1)) !== 0) {
    throw new ValueError(`powerSpectrogram: nFft ${nFft}; expected a power of two ≥ 2 (256 for 8 kHz, 512 for 16 kHz)`);
  }
  const win = options.winLength ?? nFft;
  if (!Number.isInteger(win) || win < 1 || win > nFft) throw new ValueError(`powerSpectrogram: winLength ${win}; expected an integer in [1, nFft = ${nFft}]`);
  const hop = options.hopLength ?? Math.floor(win / 2);
  if (!Number.isInteger(hop) || hop < 1) throw new ValueError(`powerSpectrogram: hopLength ${hop}; expected a positive integer`);
  const center = options.center ?? true;
  const reflect = (options.padMode ?? 'reflect') === 'reflect';
  const power = options.power ?? 2;
  const w = new Float64Array(nFft);
  w.set(makeWindow(options.window ?? 'hann', win), Math.floor((nFft - win) / 2));
  const n = x.length;
  const T = frameCount(n, nFft, hop, center);
  const F = nFft / 2 + 1;
  const frames = new Float32Array(T * F);
  const fft = fftOf(nFft);
  const buf = new Float64Array(nFft);
  const spec = new Float64Array(2 * nFft);
  const offset = center ? nFft / 2 : 0;
  for (let t = 0; t < T; t++) {
    const s = t * hop - offset;
    for (let k = 0; k < nFft; k++) {
      const i = s + k;
      const v = i >= 0 && i < n ? x[i] : reflect ? x[reflectIndex(i, n)] : 0;
      buf[k] = v * w[k];
    }
    fft.realTransform(spec, buf);
    for (let f = 0; f < F; f++) {
      const p = spec[2 * f] ** 2 + spec[2 * f + 1] ** 2;
      frames[t * F + f] = power === 2 ? p : Math.sqrt(p);
    }
  }
  return { frames, T, F };
}
