/** Delta (time-derivative) features, torchaudio's `functional.compute_deltas`. */
import { ValueError } from '../errors.js';

/**
 * Deltas of [T, F] frames along time: with N = ⌊(winLength − 1)/2⌋,
 *
 *     d[t] = Σ_{k=1..N} k · (x[t+k] − x[t−k]) / (2 Σ_{k=1..N} k²)
 *
 * where indices past either end repeat the edge frame (torchaudio's mode="replicate").
 *
 * @example
 * const d1 = computeDeltas(mfcc, T, 13);       // [T, 13]
 * const d2 = computeDeltas(d1, T, 13);         // acceleration
 */
export function computeDeltas(x: Float32Array, T: number, F: number, winLength = 5): Float32Array {
  if (!Number.isInteger(winLength) || winLength < 3) throw new ValueError(`computeDeltas: winLength ${winLength}; expected an integer ≥ 3`);
  const N = Math.floor((winLength - 1) / 2);
  const denom = (N * (N + 1) * (2 * N + 1)) / 3;
  const out = new Float32Array(T * F);
  for (let t = 0; t < T; t++) {
    for (let f = 0; f < F; f++) {
      let acc = 0;
      for (let k = 1; k <= N; k++) acc += k * (x[Math.min(T - 1, t + k) * F + f] - x[Math.max(0, t - k) * F + f]);
      out[t * F + f] = acc / denom;
    }
  }
  return out;
}
