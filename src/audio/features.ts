/**
 * `audioFeatures`: a mono waveform to frames for the recurrent layers, composing
 * resample → trim silence → pre-emphasis → power spectrogram → mel filterbank → log →
 * (MFCC → lifter) → deltas → CMVN. Every default lives in {@link DEFAULT_AUDIO_FEATURES}.
 */
import { NonFiniteError, ValueError } from '../errors.js';
import { computeDeltas } from './deltas.js';
import { applyFilterbank, melFilterbank, type MelScale } from './mel.js';
import { logCompress, mfccFromLogMel } from './mfcc.js';
import { cmvn } from './normalize.js';
import { preEmphasis } from './preemphasis.js';
import { resample } from './resample.js';
import { powerSpectrogram, type FeatureFrames } from './stft.js';
import { trimSilence } from './trim.js';
import type { WindowKind } from './window.js';

/** Options of {@link audioFeatures}; each unset field takes its value from {@link DEFAULT_AUDIO_FEATURES}. */
export interface AudioFeatureOptions {
  /** Rate the audio is resampled to before framing, Hz; null keeps the input's rate. */
  sampleRate?: number | null;
  /** FFT size (power of two); null: the smallest power of two ≥ winLength. */
  nFft?: number | null;
  /** Window length in samples; null: 25 ms at the working rate. */
  winLength?: number | null;
  /** Hop in samples; null: 10 ms at the working rate. */
  hopLength?: number | null;
  /** Window shape. */
  window?: WindowKind;
  /** Centre frames on t·hop with reflect padding (torch.stft center=True). */
  center?: boolean;
  /** Pre-emphasis coefficient; 0 turns it off. */
  preEmphasis?: number;
  /** Mel bands. */
  nMels?: number;
  /** Lowest filterbank corner, Hz. */
  fMin?: number;
  /** Highest filterbank corner, Hz; null: the Nyquist frequency of the working rate. */
  fMax?: number | null;
  /** Mel scale of the filterbank corners. */
  melScale?: MelScale;
  /** Slaney area normalisation of the triangles, or none. */
  melNorm?: 'slaney' | null;
  /** Log compression: natural log of power + logFloor ('log'), or decibels with an 80 dB range ('db'). */
  logScale?: 'log' | 'db';
  /** Added to mel power before the natural log. */
  logFloor?: number;
  /** Log-mel frames, or MFCC computed from them. */
  kind?: 'log-mel' | 'mfcc';
  /** Cepstral coefficients kept (kind 'mfcc'). */
  nMfcc?: number;
  /** Cepstral lifter L (kind 'mfcc'); 0 is off. */
  lifter?: number;
  /** 0: the features alone; 1: with deltas; 2: with deltas and delta-deltas (F triples). */
  deltas?: 0 | 1 | 2;
  /** Window of the delta regression, frames. */
  deltaWindow?: number;
  /** Per-utterance normalisation of every output feature: mean and variance, mean only, or none. */
  cmvn?: 'mean-variance' | 'mean' | null;
  /** Trim leading and trailing frames more than this many dB below the loudest; null keeps all. */
  trimSilence?: number | null;
}

/**
 * The defaults, chosen for speech such as FSDD (8 kHz recordings of spoken digits): the classic
 * 39-dimensional MFCC + Δ + ΔΔ front end, normalised per utterance.
 *
 * @example
 * audioFeatures(x, 22050, { ...DEFAULT_AUDIO_FEATURES, sampleRate: 22050, nMels: 64, kind: 'log-mel' }); // music
 */
export const DEFAULT_AUDIO_FEATURES: Readonly<Required<AudioFeatureOptions>> = Object.freeze({
  sampleRate: 8000, // telephone band: all of FSDD's content, and half the work of 16 kHz
  nFft: null, // 256 at 8 kHz (winLength 200), 512 at 16 kHz (400)
  winLength: null, // 25 ms, the usual speech frame
  hopLength: null, // 10 ms, 100 frames a second
  window: 'hann', // torchaudio's default
  center: true, // torchaudio's default; frame t describes the sound around t · hop
  preEmphasis: 0.97, // Kaldi's and HTK's value
  nMels: 40, // enough bands below 4 kHz; 64–80 suit 16 kHz and music
  fMin: 0,
  fMax: null, // the Nyquist frequency
  melScale: 'htk', // torchaudio's default
  melNorm: null, // torchaudio's default: triangles of peak 1
  logScale: 'log', // as torchaudio's MFCC(log_mels=True): ln(power + 1e-6)
  logFloor: 1e-6, // torchaudio's log_offset
  kind: 'mfcc',
  nMfcc: 13,
  lifter: 0, // off, as torchaudio; 22 is HTK's choice
  deltas: 2, // MFCC + Δ + ΔΔ
  deltaWindow: 5, // torchaudio's compute_deltas default
  cmvn: 'mean-variance', // removes the channel and the speaker's loudness
  trimSilence: null, // keep all; 40 trims FSDD's quiet lead-in and tail
});

/**
 * The options with every default applied and every derived size computed for input at
 * `inputRate` Hz: the working rate, window, hop, FFT size and top frequency.
 *
 * @example
 * resolveAudioFeatures({ sampleRate: 16000 }, 44100); // { sampleRate: 16000, winLength: 400, hopLength: 160, nFft: 512, fMax: 8000, … }
 */
export function resolveAudioFeatures(options: AudioFeatureOptions, inputRate: number): Required<AudioFeatureOptions> & { sampleRate: number; nFft: number; winLength: number; hopLength: number; fMax: number } {
  const o = { ...DEFAULT_AUDIO_FEATURES, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<AudioFeatureOptions>;
  const sampleRate = o.sampleRate ?? inputRate;
  const winLength = o.winLength ?? Math.round(0.025 * sampleRate);
  const hopLength = o.hopLength ?? Math.round(0.01 * sampleRate);
  const nFft = o.nFft ?? 2 ** Math.ceil(Math.log2(Math.max(2, winLength)));
  const fMax = o.fMax ?? sampleRate / 2;
  if (o.kind !== 'mfcc' && o.kind !== 'log-mel') throw new ValueError(`audioFeatures: kind ${JSON.stringify(o.kind)}; expected 'mfcc' or 'log-mel'`);
  if (![0, 1, 2].includes(o.deltas)) throw new ValueError(`audioFeatures: deltas ${o.deltas}; expected 0, 1 or 2`);
  if (o.cmvn !== null && o.cmvn !== 'mean' && o.cmvn !== 'mean-variance') throw new ValueError(`audioFeatures: cmvn ${JSON.stringify(o.cmvn)}; expected 'mean-variance', 'mean' or null`);
  return { ...o, sampleRate, winLength, hopLength, nFft, fMax };
}

/**
 * Frames of features from a mono waveform at `sampleRate` Hz: [T, F] row-major, T time steps of
 * F = (nMfcc or nMels) × (1 + deltas) features. Audio shorter than one hop still gives one frame
 * (centre padding); empty audio, or audio that silence trimming removes entirely, gives T = 0.
 *
 * @example
 * const audio = await loadWav('0_george_0.wav');
 * const { frames, T, F } = audioFeatures(toMono(audio), audio.sampleRate); // F = 39
 * const logMel = audioFeatures(toMono(audio), audio.sampleRate, { kind: 'log-mel', nMels: 64, deltas: 0 });
 */
export function audioFeatures(x: Float32Array, sampleRate: number, options: AudioFeatureOptions = {}): FeatureFrames {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new ValueError(`audioFeatures: sampleRate ${sampleRate}; expected the input's rate as a positive integer number of Hz`);
  const bad = x.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new NonFiniteError('audioFeatures: waveform', bad, x[bad]);
  const o = resolveAudioFeatures(options, sampleRate);
  let y = o.sampleRate === sampleRate ? x : resample(x, sampleRate, o.sampleRate);
  if (o.trimSilence !== null) {
    const { start, end } = trimSilence(y, { topDb: o.trimSilence, frameLength: o.winLength, hopLength: o.hopLength });
    y = y.subarray(start, end);
  }
  if (o.preEmphasis !== 0) y = preEmphasis(y, o.preEmphasis);
  const spec = powerSpectrogram(y, { nFft: o.nFft, winLength: o.winLength, hopLength: o.hopLength, window: o.window, center: o.center });
  const fb = melFilterbank({ nFreqs: spec.F, nMels: o.nMels, sampleRate: o.sampleRate, fMin: o.fMin, fMax: o.fMax, melScale: o.melScale, norm: o.melNorm });
  const T = spec.T;
  let base = logCompress(applyFilterbank(spec.frames, T, spec.F, fb, o.nMels), o.logScale, { floor: o.logFloor });
  let F0 = o.nMels;
  if (o.kind === 'mfcc') {
    base = mfccFromLogMel(base, T, o.nMels, o.nMfcc, o.lifter);
    F0 = o.nMfcc;
  }
  const parts = [base];
  for (let d = 0; d < o.deltas; d++) parts.push(computeDeltas(parts[d], T, F0, o.deltaWindow));
  const F = F0 * parts.length;
  const frames = new Float32Array(T * F);
  for (let t = 0; t < T; t++) parts.forEach((p, i) => frames.set(p.subarray(t * F0, (t + 1) * F0), t * F + i * F0));
  if (o.cmvn !== null) cmvn(frames, T, F, { variance: o.cmvn === 'mean-variance' });
  return { frames, T, F };
}
