/**
 * Frame sequences on their way into a recurrent network: a per-feature standardiser fitted on
 * the training recordings (so no coefficient dominates the first layer's input by its scale),
 * and training data bucketed by length (recordings of similar duration in one batch, so padding
 * stays small), re-drawn every epoch with a seed. Batches are `featureBatch`'s: x [Tmax, B, F]
 * time-major, zero padded, with the lengths.
 */

import { featureBatch } from '../../audio/index.js';
import { bucketedOrder } from '../classifier/batches.js';
import { ShapeError, ValueError } from '../../errors.js';
import type { Callback, TrainData } from '../../train/types.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FrameMatrix } from './baseline.js';

/** Per-feature mean and standard deviation over every training frame. */
export interface FrameScaler {
  readonly mean: number[];
  readonly std: number[];
}

/** The scaler of `items` (all with F features); a constant feature gets std 1. */
export function fitFrameScaler(items: readonly FrameMatrix[]): FrameScaler {
  if (items.length === 0) throw new ValueError('fitFrameScaler: no recordings');
  const F = items[0].F;
  const sum = new Float64Array(F), sq = new Float64Array(F);
  let n = 0;
  for (const m of items) {
    if (m.F !== F) throw new ShapeError('fitFrameScaler: features per frame', `${F}`, `${m.F}`);
    for (let t = 0; t < m.T; t++) for (let f = 0; f < F; f++) {
      const v = m.frames[t * F + f];
      sum[f] += v;
      sq[f] += v * v;
    }
    n += m.T;
  }
  const mean = Array.from(sum, (s) => s / n);
  const std = Array.from(sq, (s, f) => Math.sqrt(Math.max(0, s / n - mean[f] ** 2)) || 1);
  return { mean, std };
}

/** `m` standardised by `scaler` (a new matrix). */
export function scaleFrames(m: FrameMatrix, scaler: FrameScaler): FrameMatrix {
  const F = scaler.mean.length;
  if (m.F !== F) throw new ShapeError('scaleFrames: features per frame', `${F} (as the scaler was fitted)`, `${m.F}`);
  const out = new Float32Array(m.frames.length);
  for (let i = 0; i < out.length; i++) out[i] = (m.frames[i] - scaler.mean[i % F]) / scaler.std[i % F];
  return { frames: out, T: m.T, F };
}

/** One batch of recordings: x [Tmax, B, F], lengths [B], and the indices (into the item list) it holds. */
export interface FrameBatch {
  readonly x: Tensor;
  readonly lengths: Int32Array;
  readonly which: Int32Array;
}

/** The batch of `items[i]` (through `map`, when given) for i in `which`. */
export function frameBatch(items: readonly FrameMatrix[], which: ArrayLike<number>, map: ((m: FrameMatrix) => FrameMatrix) | null = null): FrameBatch {
  const w = Int32Array.from(which);
  const b = featureBatch(Array.from(w, (i) => (map === null ? items[i] : map(items[i]))));
  return { x: b.x, lengths: b.lengths, which: w };
}

/** `indices` sorted by length (then index): consecutive slices are batches with little padding. */
export function lengthOrder(items: readonly FrameMatrix[], indices: ArrayLike<number>): Int32Array {
  return Int32Array.from(indices).sort((a, b) => items[a].T - items[b].T || a - b);
}

/** Evaluation data: recordings in length order, so `fit`'s in-order batches are buckets. */
export function orderedFrames<B>(items: readonly FrameMatrix[], indices: ArrayLike<number>, make: (which: Int32Array) => B): TrainData<B> {
  const order = lengthOrder(items, indices);
  return { length: order.length, batch: (ids) => make(Int32Array.from(ids, (i) => order[i])) };
}

/**
 * Training data re-bucketed at each epoch begin (use with `shuffle: false` and the returned
 * callback): full buckets first, in a seeded random order, the short ones last, so every slice
 * of `batchSize` that `fit` takes is one bucket.
 */
export function bucketedFrames<B>(items: readonly FrameMatrix[], indices: ArrayLike<number>, batchSize: number, seed: number, make: (which: Int32Array) => B): { data: TrainData<B>; callback: Callback } {
  return bucketedOrder((i) => items[i].T, indices, batchSize, seed, make);
}
