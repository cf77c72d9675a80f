/**
 * Materialising windows into float32 batches, one batch at a time, in the layouts the recurrent
 * layers take: batch-first `[B, T, F]` (default) or time-major `[T, B, F]`.
 *
 * Only the current batch is copied out of the series; the windows themselves are row arithmetic
 * (see windows.ts), so memory is O(B·T·F), not O(windows·T·F).
 */

import { ValueError } from '../errors.js';
import type { SeriesWindows } from './windows.js';

/**
 * One batch of B windows. Shapes (batch-first / time-major):
 * - `x`: inputs `[B, T, F]` / `[T, B, F]`
 * - `y`: targets `[B, H, C]` / `[H, B, C]`
 * - `future`: known-future covariates at the target steps `[B, H, K]` / `[H, B, K]`, only when
 *   the windows have `futureCovariates`.
 * - `indices`: which windows (0 … count−1) the B rows are, in batch order.
 */
export interface WindowBatch {
  readonly x: Float32Array;
  readonly xShape: number[];
  readonly y: Float32Array;
  readonly yShape: number[];
  readonly future?: Float32Array;
  readonly futureShape?: number[];
  readonly indices: Int32Array;
}

/** How windows are grouped into batches. Defaults in comments. */
export interface BatchOptions {
  /** Windows per batch. Default 128 (as Keras's `timeseries_dataset_from_array`). */
  readonly batchSize?: number;
  /** Visit windows in a seeded random order. Default false (chronological). */
  readonly shuffle?: boolean;
  /** Seed of the shuffle; pass a different one each epoch (e.g. the epoch number). Default 0. */
  readonly seed?: number;
  /** Lay batches out `[T, B, F]` instead of `[B, T, F]`. Default false. */
  readonly timeMajor?: boolean;
  /** Leave out a last batch smaller than `batchSize`. Default false. */
  readonly dropRemainder?: boolean;
}

/**
 * Copies the windows `indices` into one batch.
 *
 *   batch-first: x[(b·T + t)·F + f] = feature_f[inputRow(i_b, t)]
 *   time-major:  x[(t·B + b)·F + f] = feature_f[inputRow(i_b, t)]
 *   y likewise over (k, c) with targetRow(i_b, k).
 *
 * @example
 * const all = gatherWindows(w, Int32Array.from({ length: w.count }, (_, i) => i));
 * all.yShape; // [w.count, H, C]
 */
export function gatherWindows(windows: SeriesWindows, indices: ArrayLike<number>, timeMajor = false): WindowBatch {
  const B = indices.length;
  const { lookBack: T, horizon: H } = windows;
  for (let b = 0; b < B; b++) {
    const i = indices[b];
    if (!Number.isInteger(i) || i < 0 || i >= windows.count) {
      throw new ValueError(`gatherWindows: expected window indices in [0, ${windows.count}), got ${i} at position ${b}`);
    }
  }
  const rowsIn = (i: number, t: number) => windows.inputRow(i, t);
  const rowsOut = (i: number, k: number) => windows.targetRow(i, k);
  const x = fill(windows.featureValues, indices, T, rowsIn, timeMajor);
  const y = fill(windows.targetValues, indices, H, rowsOut, timeMajor);
  const shape = (steps: number, width: number) => (timeMajor ? [steps, B, width] : [B, steps, width]);
  const batch: WindowBatch = {
    x,
    xShape: shape(T, windows.featureValues.length),
    y,
    yShape: shape(H, windows.targetValues.length),
    indices: Int32Array.from(indices),
  };
  if (windows.futureValues.length === 0) return batch;
  return {
    ...batch,
    future: fill(windows.futureValues, indices, H, rowsOut, timeMajor),
    futureShape: shape(H, windows.futureValues.length),
  };
}

/** Gathers columns at rows row(i_b, s) for s < steps into a [B, S, W] or [S, B, W] float32 array. */
function fill(
  columns: readonly Float64Array[],
  indices: ArrayLike<number>,
  steps: number,
  row: (i: number, s: number) => number,
  timeMajor: boolean,
): Float32Array {
  const B = indices.length;
  const W = columns.length;
  const out = new Float32Array(B * steps * W);
  for (let b = 0; b < B; b++) {
    for (let s = 0; s < steps; s++) {
      const r = row(indices[b], s);
      const base = (timeMajor ? s * B + b : b * steps + s) * W;
      for (let w = 0; w < W; w++) out[base + w] = columns[w][r];
    }
  }
  return out;
}

/**
 * Number of batches `windowBatches` yields with these options:
 * `⌈count / batchSize⌉`, or `⌊count / batchSize⌋` with `dropRemainder`.
 *
 * @example
 * const stepsPerEpoch = batchCount(trainWindows, { batchSize: 32 });
 */
export function batchCount(windows: SeriesWindows, options: BatchOptions = {}): number {
  const size = checkBatchSize(options.batchSize ?? 128);
  return options.dropRemainder ? Math.floor(windows.count / size) : Math.ceil(windows.count / size);
}

/**
 * Yields the windows in batches of `batchSize`, chronologically or in a seeded shuffle.
 * Throws when the series holds no window at all, saying how long it would have to be.
 *
 * @example
 * for (const { x, xShape, y, yShape } of windowBatches(w, { batchSize: 32, shuffle: true, seed: epoch })) {
 *   // x: [32, T, F] float32, y: [32, H, C] float32
 * }
 */
export function* windowBatches(windows: SeriesWindows, options: BatchOptions = {}): Generator<WindowBatch> {
  const size = checkBatchSize(options.batchSize ?? 128);
  windows.requireWindows('windowBatches');
  const order = Int32Array.from({ length: windows.count }, (_, i) => i);
  if (options.shuffle) shuffleInPlace(order, options.seed ?? 0);
  for (let start = 0; start < order.length; start += size) {
    const end = Math.min(start + size, order.length);
    if (options.dropRemainder && end - start < size) return;
    yield gatherWindows(windows, order.subarray(start, end), options.timeMajor ?? false);
  }
}

function checkBatchSize(size: number): number {
  if (!Number.isInteger(size) || size < 1) throw new ValueError(`windowBatches: expected batchSize to be an integer >= 1, got ${size}`);
  return size;
}

/** Fisher–Yates with mulberry32, so a seed gives the same order on every platform. */
function shuffleInPlace(a: Int32Array, seed: number): void {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}
