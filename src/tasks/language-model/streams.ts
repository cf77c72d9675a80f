/**
 * A long token stream as B contiguous streams for truncated backpropagation through time (the
 * `batchify` of PyTorch's word_language_model): the stream is cut into B equal parts, the tail
 * that does not divide evenly is dropped, and stream b reads tokens b·N … b·N + N − 1. Chunk i
 * holds steps i·T … of every stream, time-major, with the targets one token ahead:
 *
 *   stream  ids [L]  →  streams [B, N]  (N = ⌊L / B⌋)
 *   chunk i:  x [T_i, B]  x[t, b] = streams[b, i·T + t]
 *             y [T_i, B]  y[t, b] = streams[b, i·T + t + 1]
 *
 * The last chunk may be shorter (T_i = N − 1 − i·T when that is below T). Carrying the state
 * from chunk i to chunk i + 1 continues each stream exactly where it stopped.
 */

import { ValueError } from '../../errors.js';

/** B contiguous streams of one token stream, row-major [B, N]. */
export interface BatchedStreams {
  /** Streams side by side (B). */
  readonly batch: number;
  /** Tokens per stream (N). */
  readonly length: number;
  /** streams[b·N + n] = ids[b·N + n]: stream b is the b-th contiguous part of the input. */
  readonly data: Int32Array;
}

/** One chunk of every stream, time-major. */
export interface StreamChunk {
  /** Steps in this chunk (T, or fewer for the last). */
  readonly steps: number;
  readonly batch: number;
  /** Inputs [T_i, B]. */
  readonly x: Int32Array;
  /** Targets [T_i, B], one token ahead of x. */
  readonly y: Int32Array;
}

/**
 * Cuts `ids` into `batch` contiguous streams of ⌊L / B⌋ tokens (the remainder is dropped).
 * A ValueError when the streams would be shorter than two tokens (no input–target pair).
 *
 * @example
 * const s = batchifyStream(Int32Array.from([0, 1, 2, 3, 4, 5, 6]), 2); // N = 3
 * s.data; // [0, 1, 2,  3, 4, 5]   (6 is dropped)
 */
export function batchifyStream(ids: Int32Array, batch: number): BatchedStreams {
  if (!Number.isInteger(batch) || batch < 1) throw new ValueError(`batchifyStream: batch must be a positive integer, got ${batch}`);
  const N = Math.floor(ids.length / batch);
  if (N < 2) {
    throw new ValueError(`batchifyStream: ${ids.length} tokens cut into ${batch} streams leave ${N} token(s) per stream; at least 2 are needed (fewer streams, or more text)`);
  }
  return { batch, length: N, data: ids.slice(0, N * batch) };
}

/** Number of chunks of `steps` tokens over the streams (the last may be shorter). */
export function chunkCount(s: BatchedStreams, steps: number): number {
  if (!Number.isInteger(steps) || steps < 1) throw new ValueError(`chunkCount: steps must be a positive integer, got ${steps}`);
  return Math.ceil((s.length - 1) / steps);
}

/** Chunk `index` (0 … chunkCount − 1) of `steps` tokens: x and y time-major [T_i, B]. */
export function streamChunk(s: BatchedStreams, index: number, steps: number): StreamChunk {
  const count = chunkCount(s, steps);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new ValueError(`streamChunk: index must be an integer in 0 … ${count - 1}, got ${index}`);
  const B = s.batch, N = s.length;
  const start = index * steps;
  const T = Math.min(steps, N - 1 - start);
  const x = new Int32Array(T * B);
  const y = new Int32Array(T * B);
  for (let b = 0; b < B; b++) {
    const row = b * N + start;
    for (let t = 0; t < T; t++) {
      x[t * B + b] = s.data[row + t];
      y[t * B + b] = s.data[row + t + 1];
    }
  }
  return { steps: T, batch: B, x, y };
}
