/**
 * Log compression and the cepstrum: log-mel as torchaudio's MFCC(log_mels=True) computes it
 * (natural log of power + 1e-6) or in decibels as AmplitudeToDB('power', top_db), the DCT-II with
 * orthonormal scaling (torchaudio's `create_dct(n_mfcc, n_mels, 'ortho')`), and HTK liftering.
 */
import { ValueError } from '../errors.js';

/**
 * In place on [T, F] mel power: `ln(x + floor)` ('log'), or `10 log10(max(x, 1e-10))` clipped
 * below at (max over the whole utterance − topDb) ('db', torchaudio's AmplitudeToDB for power with ref 1).
 *
 * @example
 * logCompress(mel, 'log');            // ln(mel + 1e-6)
 * logCompress(mel, 'db', { topDb: 80 });
 */
export function logCompress(x: Float32Array, scale: 'log' | 'db', options: { floor?: number; topDb?: number | null } = {}): Float32Array {
  if (scale === 'log') {
    const floor = options.floor ?? 1e-6;
    if (!(floor > 0)) throw new ValueError(`logCompress: floor ${floor}; expected a positive number (log of 0 is −∞)`);
    for (let i = 0; i < x.length; i++) x[i] = Math.log(x[i] + floor);
    return x;
  }
  if (scale !== 'db') throw new ValueError(`logCompress: scale ${JSON.stringify(scale)}; expected 'log' or 'db'`);
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    x[i] = 10 * Math.log10(Math.max(x[i], 1e-10));
    if (x[i] > max) max = x[i];
  }
  const topDb = options.topDb === undefined ? 80 : options.topDb;
  if (topDb !== null) {
    const lo = max - topDb;
    for (let i = 0; i < x.length; i++) if (x[i] < lo) x[i] = lo;
  }
  return x;
}

/**
 * The DCT-II matrix [nMels, nMfcc] with orthonormal scaling:
 *     D[n, k] = cos(π/N · (n + ½) · k) · √(2/N),  column k = 0 further times 1/√2.
 *
 * @example
 * const d = dctMatrix(13, 40); // Float64Array(40 * 13): mfcc[k] = Σ_n logMel[n] · d[n * 13 + k]
 */
export function dctMatrix(nMfcc: number, nMels: number): Float64Array {
  if (!Number.isInteger(nMfcc) || nMfcc < 1 || nMfcc > nMels) throw new ValueError(`dctMatrix: nMfcc ${nMfcc}; expected an integer in [1, nMels = ${nMels}]`);
  const d = new Float64Array(nMels * nMfcc);
  const s = Math.sqrt(2 / nMels);
  for (let n = 0; n < nMels; n++) {
    for (let k = 0; k < nMfcc; k++) d[n * nMfcc + k] = Math.cos((Math.PI / nMels) * (n + 0.5) * k) * s * (k === 0 ? Math.SQRT1_2 : 1);
  }
  return d;
}

/**
 * MFCC [T, nMfcc] from log-mel [T, nMels]: the orthonormal DCT-II of each frame, then, when
 * `lifter` L > 0, coefficient n multiplied by 1 + (L/2) sin(πn / L) (HTK's and Kaldi's cepstral
 * lifter; L = 22 is usual). With lifter 0 this equals torchaudio's `MFCC(dct_type=2, norm='ortho')`.
 *
 * @example
 * const c = mfccFromLogMel(logMel, T, 40, 13, 22);
 */
export function mfccFromLogMel(logMel: Float32Array, T: number, nMels: number, nMfcc: number, lifter = 0): Float32Array {
  if (!(lifter >= 0)) throw new ValueError(`mfccFromLogMel: lifter ${lifter}; expected ≥ 0 (0 is off)`);
  const d = dctMatrix(nMfcc, nMels);
  const lift = Float64Array.from({ length: nMfcc }, (_, n) => (lifter > 0 ? 1 + (lifter / 2) * Math.sin((Math.PI * n) / lifter) : 1));
  const out = new Float32Array(T * nMfcc);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < nMfcc; k++) {
      let acc = 0;
      for (let n = 0; n < nMels; n++) acc += logMel[t * nMels + n] * d[n * nMfcc + k];
      out[t * nMfcc + k] = acc * lift[k];
    }
  }
  return out;
}
