/** Pre-emphasis: a first-order high-pass that lifts the high frequencies speech loses energy in. */
import { ValueError } from '../errors.js';

/**
 * `y[0] = x[0]`, `y[t] = x[t] − coeff · x[t−1]` (torchaudio's `functional.preemphasis`).
 *
 * @example
 * preEmphasis(Float32Array.of(1, 1, 1), 0.97); // [1, 0.03, 0.03]
 */
export function preEmphasis(x: Float32Array, coeff = 0.97): Float32Array {
  if (!Number.isFinite(coeff)) throw new ValueError(`preEmphasis: coeff ${coeff}; expected a finite number (0.97 is usual)`);
  const y = new Float32Array(x.length);
  if (x.length) y[0] = x[0];
  for (let t = 1; t < x.length; t++) y[t] = x[t] - coeff * x[t - 1];
  return y;
}
