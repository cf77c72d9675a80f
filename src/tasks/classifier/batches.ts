/**
 * Batches of encoded texts for `fit` and for prediction: right-padded ids [B, T] with the
 * lengths, T the longest text of the batch. Training batches are bucketed by length (texts of
 * similar length together, so padding stays small) and re-drawn every epoch with a seed; the
 * TrainData maps `fit`'s in-order indices through the current bucketed order.
 */

import { padSequences } from '../../text/padding.js';
import { bucketByLength } from '../../text/buckets.js';
import type { TrainData } from '../../train/types.js';
import type { Callback } from '../../train/types.js';
import { PAD_ID } from './network.js';

/** One batch: ids [B, T] row-major, lengths [B], class ids [B]. */
export interface TextBatch {
  readonly ids: Int32Array;
  readonly shape: [number, number];
  readonly lengths: Int32Array;
  readonly y: Int32Array;
}

/** The batch of `seqs[i]` for i in `which`, padded to its longest. */
export function makeBatch(seqs: readonly Int32Array[], labels: ArrayLike<number> | null, which: ArrayLike<number>): TextBatch {
  const picked = Array.from(which, (i) => seqs[i]);
  const p = padSequences(picked, { padValue: PAD_ID });
  return { ids: p.ids, shape: p.shape, lengths: p.lengths, y: labels ? Int32Array.from(which, (i) => labels[i]) : new Int32Array(picked.length) };
}

/** `indices` sorted by length (then index): consecutive slices are batches with little padding. */
export function lengthOrder(seqs: readonly Int32Array[], indices: ArrayLike<number>): Int32Array {
  return Int32Array.from(indices).sort((a, b) => seqs[a].length - seqs[b].length || a - b);
}

/** Validation (or any evaluation) data: examples in length order, so `fit`'s in-order batches are buckets. */
export function orderedData(seqs: readonly Int32Array[], labels: ArrayLike<number>, indices: ArrayLike<number>): TrainData<TextBatch> {
  const order = lengthOrder(seqs, indices);
  return { length: order.length, batch: (ids) => makeBatch(seqs, labels, Array.from(ids, (i) => order[i])) };
}

/**
 * Training data whose order is re-bucketed at each epoch begin (use with `shuffle: false` and
 * the returned callback): pools of 50 batches are sorted by length and cut into batches, the
 * batches shuffled, and the short ones moved to the end so every slice of `batchSize` that
 * `fit` takes is one bucket.
 */
export function bucketedData(seqs: readonly Int32Array[], labels: ArrayLike<number>, indices: ArrayLike<number>, batchSize: number, seed: number): { data: TrainData<TextBatch>; callback: Callback } {
  return bucketedOrder((i) => seqs[i].length, indices, batchSize, seed, (which) => makeBatch(seqs, labels, which));
}

/**
 * The re-bucketed order of `bucketedData` over any items: `length(i)` of item i, `make` the batch
 * of the item indices it is given. The text classifier's and the audio tasks' training data.
 */
export function bucketedOrder<B>(length: (i: number) => number, indices: ArrayLike<number>, batchSize: number, seed: number, make: (which: Int32Array) => B): { data: TrainData<B>; callback: Callback } {
  const pool = Int32Array.from(indices);
  const lengths = Array.from(pool, length);
  let order = new Int32Array(pool.length);
  const reorder = (epoch: number) => {
    const buckets = bucketByLength(lengths, { batchSize, seed: seed * 1009 + epoch });
    const full = buckets.filter((b) => b.length === batchSize);
    const short = buckets.filter((b) => b.length < batchSize);
    order = Int32Array.from([...full, ...short].flat(), (k) => pool[k]);
  };
  reorder(0);
  return {
    data: { length: pool.length, batch: (ids) => make(Int32Array.from(ids, (i) => order[i])) },
    callback: { onEpochBegin: (epoch) => reorder(epoch) },
  };
}
