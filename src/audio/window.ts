/** Window functions for framing, periodic as torch's `hann_window` / `hamming_window` default. */
import { ValueError } from '../errors.js';

/** The window shapes {@link makeWindow} builds. */
export type WindowKind = 'hann' | 'hamming' | 'rectangular';

/**
 * A window of `length` samples. Periodic (`periodic: true`, the default, as torch): the
 * symmetric window of length + 1 without its last sample, which is what an STFT wants:
 *
 *     hann[n]    = 0.5  − 0.5  cos(2πn / N)
 *     hamming[n] = 0.54 − 0.46 cos(2πn / N),   N = length (periodic) or length − 1 (symmetric)
 *
 * @example
 * makeWindow('hann', 4); // Float64Array [0, 0.5, 1, 0.5]
 */
export function makeWindow(kind: WindowKind, length: number, periodic = true): Float64Array {
  if (!Number.isInteger(length) || length < 1) throw new ValueError(`makeWindow: length ${length}; expected a positive integer`);
  if (kind !== 'hann' && kind !== 'hamming' && kind !== 'rectangular') throw new ValueError(`makeWindow: kind ${JSON.stringify(kind)}; expected 'hann', 'hamming' or 'rectangular'`);
  const w = new Float64Array(length);
  if (length === 1) return w.fill(1);
  const N = periodic ? length : length - 1;
  for (let n = 0; n < length; n++) {
    const c = Math.cos((2 * Math.PI * n) / N);
    w[n] = kind === 'hann' ? 0.5 - 0.5 * c : kind === 'hamming' ? 0.54 - 0.46 * c : 1;
  }
  return w;
}
