/**
 * The baseline every AudioClassifier is scored beside: each recording summarised by the mean and
 * the standard deviation of every feature over its frames (2F numbers, order of the frames
 * forgotten), standardised with the training part's statistics, then multinomial logistic
 * regression with L2 (fitLogistic, L-BFGS in float64). The classic "MFCC statistics" classifier.
 */

import { ShapeError, ValueError } from '../../errors.js';
import { fitLogistic, type SparseRows } from '../classifier/tfidf-logistic.js';

/** Frames of one recording, [T, F] row-major. */
export interface FrameMatrix {
  readonly frames: Float32Array;
  readonly T: number;
  readonly F: number;
}

/** The JSON form of a fitted baseline (saved in an audio-classifier folder). */
export interface FrameStatsLogisticJSON {
  readonly features: number;
  readonly classes: number;
  readonly C: number;
  /** Per statistic (2F): the training mean and standard deviation used to standardise. */
  readonly center: number[];
  readonly scale: number[];
  /** W [classes, 2F] row-major, then b [classes]. */
  readonly weights: number[];
}

/** [mean_0 … mean_{F−1}, std_0 … std_{F−1}] of the frames of one recording. */
export function frameStatistics(m: FrameMatrix): Float64Array {
  const { frames, T, F } = m;
  if (frames.length !== T * F || T < 1) throw new ShapeError('frameStatistics: frames', `[${T}, ${F}] with T ≥ 1`, `${frames.length} values`);
  const s = new Float64Array(2 * F);
  for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) s[f] += frames[t * F + f];
  for (let f = 0; f < F; f++) s[f] /= T;
  for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) s[F + f] += (frames[t * F + f] - s[f]) ** 2;
  for (let f = 0; f < F; f++) s[F + f] = Math.sqrt(s[F + f] / T);
  return s;
}

/** Mean + std of the frames → standardised → logistic regression; see the file comment. */
export class FrameStatsLogistic {
  private center: Float64Array = new Float64Array(0);
  private scale: Float64Array = new Float64Array(0);
  private W: Float64Array = new Float64Array(0);
  private classes = 0;
  private features = 0;

  /** @param C inverse L2 strength (scikit-learn's C). */
  constructor(readonly C = 1) {
    if (!(C > 0 && Number.isFinite(C))) throw new ValueError(`FrameStatsLogistic: C must be a positive number, got ${C}`);
  }

  get fitted(): boolean {
    return this.classes > 0;
  }

  /** Fits on recordings `items` with class ids `labels` in 0 … classes−1. */
  fit(items: readonly FrameMatrix[], labels: ArrayLike<number>, classes: number): this {
    if (items.length !== labels.length || items.length === 0) throw new ShapeError('FrameStatsLogistic.fit: labels', `${items.length} (one per recording, at least one)`, `${labels.length}`);
    const F = items[0].F;
    const D = 2 * F;
    const stats = items.map((m) => {
      if (m.F !== F) throw new ShapeError('FrameStatsLogistic.fit: features per frame', `${F}`, `${m.F}`);
      return frameStatistics(m);
    });
    const center = new Float64Array(D), scale = new Float64Array(D);
    for (const s of stats) for (let j = 0; j < D; j++) center[j] += s[j] / stats.length;
    for (const s of stats) for (let j = 0; j < D; j++) scale[j] += (s[j] - center[j]) ** 2 / stats.length;
    for (let j = 0; j < D; j++) scale[j] = Math.sqrt(scale[j]) || 1;
    this.center = center;
    this.scale = scale;
    this.features = F;
    this.classes = classes;
    this.W = fitLogistic(this.rows(stats), labels, classes, this.C);
    return this;
  }

  /** Dense standardised statistics as the compressed rows fitLogistic reads (every entry stored). */
  private rows(stats: readonly Float64Array[]): SparseRows {
    const D = 2 * this.features;
    const values = new Float64Array(stats.length * D);
    stats.forEach((s, i) => {
      for (let j = 0; j < D; j++) values[i * D + j] = (s[j] - this.center[j]) / this.scale[j];
    });
    const indices = Int32Array.from({ length: stats.length * D }, (_, k) => k % D);
    const indptr = Int32Array.from({ length: stats.length + 1 }, (_, i) => i * D);
    return { rows: stats.length, cols: D, indptr, indices, values };
  }

  /** Class probabilities [n, classes] row-major. */
  predictProba(items: readonly FrameMatrix[]): Float64Array {
    if (!this.fitted) throw new ValueError('FrameStatsLogistic.predictProba: not fitted; call fit first');
    const K = this.classes;
    const D = 2 * this.features;
    const P = new Float64Array(items.length * K);
    items.forEach((m, i) => {
      if (m.F !== this.features) throw new ShapeError('FrameStatsLogistic.predictProba: features per frame', `${this.features}`, `${m.F}`);
      const s = frameStatistics(m);
      let max = -Infinity;
      for (let c = 0; c < K; c++) {
        let z = this.W[K * D + c];
        for (let j = 0; j < D; j++) z += this.W[c * D + j] * ((s[j] - this.center[j]) / this.scale[j]);
        P[i * K + c] = z;
        max = Math.max(max, z);
      }
      let sum = 0;
      for (let c = 0; c < K; c++) sum += (P[i * K + c] = Math.exp(P[i * K + c] - max));
      for (let c = 0; c < K; c++) P[i * K + c] /= sum;
    });
    return P;
  }

  toJSON(): FrameStatsLogisticJSON {
    return { features: this.features, classes: this.classes, C: this.C, center: Array.from(this.center), scale: Array.from(this.scale), weights: Array.from(this.W) };
  }

  static fromJSON(j: FrameStatsLogisticJSON): FrameStatsLogistic {
    const m = new FrameStatsLogistic(j.C);
    const D = 2 * j.features;
    if (!(Number.isInteger(j.features) && j.features >= 1 && Number.isInteger(j.classes) && j.classes >= 2) || j.center.length !== D || j.scale.length !== D || j.weights.length !== j.classes * (D + 1)) {
      throw new ValueError(`FrameStatsLogistic.fromJSON: expected ${D} centers and scales and ${j.classes} × ${D + 1} weights, got ${j.center.length}, ${j.scale.length} and ${j.weights.length}`);
    }
    m.features = j.features;
    m.classes = j.classes;
    m.center = Float64Array.from(j.center);
    m.scale = Float64Array.from(j.scale);
    m.W = Float64Array.from(j.weights);
    return m;
  }
}
