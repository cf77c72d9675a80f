/** Energy-based trimming of leading and trailing silence (librosa.effects.trim's rule). */
import { ValueError } from '../errors.js';

/** How {@link trimSilence} measures energy. */
export interface TrimOptions {
  /** A frame is silent when its RMS is more than topDb below the loudest frame's. */
  topDb: number;
  /** Samples per energy frame (200 at 8 kHz is 25 ms). */
  frameLength: number;
  /** Samples between energy frames. */
  hopLength: number;
}

/**
 * The [start, end) sample range from the first to the last non-silent frame: frames of
 * `frameLength` samples every `hopLength` (the last one zero-padded), RMS in dB relative to the
 * loudest frame, non-silent when above −topDb. All-silent (or all-zero) audio gives [0, 0).
 *
 * @example
 * const { start, end } = trimSilence(x, { topDb: 40, frameLength: 200, hopLength: 80 });
 * const voiced = x.subarray(start, end);
 */
export function trimSilence(x: Float32Array, options: TrimOptions): { start: number; end: number } {
  const { topDb, frameLength, hopLength } = options;
  if (!(topDb > 0)) throw new ValueError(`trimSilence: topDb ${topDb}; expected a positive number of dB (40 or 60 are usual)`);
  if (!Number.isInteger(frameLength) || frameLength < 1 || !Number.isInteger(hopLength) || hopLength < 1) {
    throw new ValueError(`trimSilence: frameLength ${frameLength}, hopLength ${hopLength}; expected positive integers`);
  }
  const n = x.length;
  if (n === 0) return { start: 0, end: 0 };
  const frames = 1 + Math.max(0, Math.ceil((n - frameLength) / hopLength));
  const ms = new Float64Array(frames);
  let max = 0;
  for (let i = 0; i < frames; i++) {
    let s = 0;
    const a = i * hopLength;
    const b = Math.min(n, a + frameLength);
    for (let t = a; t < b; t++) s += x[t] * x[t];
    ms[i] = s / frameLength;
    if (ms[i] > max) max = ms[i];
  }
  if (max === 0) return { start: 0, end: 0 };
  const threshold = max * 10 ** (-topDb / 10); // mean square, so dB = 10 log10
  let first = -1;
  let last = -1;
  for (let i = 0; i < frames; i++) {
    if (ms[i] > threshold) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return { start: first * hopLength, end: Math.min(n, last * hopLength + frameLength) };
}
