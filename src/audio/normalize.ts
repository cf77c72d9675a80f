/** Per-utterance cepstral mean and variance normalisation (CMVN). */

/**
 * In place on [T, F] frames: each feature minus its mean over the T frames, and (unless
 * `variance` is false) divided by its standard deviation (population, + `eps` so that a constant
 * feature becomes 0 rather than NaN). An empty utterance is left as it is.
 *
 * @example
 * cmvn(frames, T, 39);               // zero mean, unit variance per feature
 * cmvn(frames, T, 39, { variance: false }); // mean only
 */
export function cmvn(frames: Float32Array, T: number, F: number, options: { variance?: boolean; eps?: number } = {}): Float32Array {
  if (T === 0) return frames;
  const eps = options.eps ?? 1e-8;
  for (let f = 0; f < F; f++) {
    let s = 0;
    for (let t = 0; t < T; t++) s += frames[t * F + f];
    const mean = s / T;
    let v = 0;
    for (let t = 0; t < T; t++) v += (frames[t * F + f] - mean) ** 2;
    const scale = options.variance === false ? 1 : 1 / (Math.sqrt(v / T) + eps);
    for (let t = 0; t < T; t++) frames[t * F + f] = (frames[t * F + f] - mean) * scale;
  }
  return frames;
}
