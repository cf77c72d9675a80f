/**
 * One-hot encoding of integer ids into a Float32Array, for character-level models that feed
 * one-hot vectors (size V) straight into a recurrent layer.
 */
import { ShapeError, ValueError } from '../errors.js';

/** Options of {@link oneHotEncode}. */
export interface OneHotOptions {
  /** Shape of `ids` (its product must equal `ids.length`). Default `[ids.length]`. */
  shape?: readonly number[];
  /** Ids that become all-zero rows instead of a one (typically the `<pad>` id). Default none. */
  zeroIds?: readonly number[];
}

/**
 * Turns ids of shape S into one-hot vectors of shape [...S, depth].
 *
 * @example
 * const { data, shape } = oneHotEncode(Int32Array.of(2, 0), 3); // shape [2, 3]
 * data; // Float32Array [0, 0, 1,  1, 0, 0]
 * oneHotEncode(batch.ids, vocab.size, { shape: batch.shape, zeroIds: [vocab.padId] }); // [B, T, V]
 */
export function oneHotEncode(ids: ArrayLike<number>, depth: number, options: OneHotOptions = {}): { data: Float32Array; shape: number[] } {
  if (!Number.isInteger(depth) || depth < 1) throw new ValueError(`oneHotEncode: depth must be an integer >= 1, got ${depth}`);
  const inShape = options.shape ? [...options.shape] : [ids.length];
  const n = inShape.reduce((a, b) => a * b, 1);
  if (n !== ids.length) throw new ShapeError('oneHotEncode', `${ids.length} ids`, inShape, 'shape must multiply to the number of ids');
  const zero = new Set(options.zeroIds ?? []);
  const data = new Float32Array(ids.length * depth);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (zero.has(id)) continue;
    if (!Number.isInteger(id) || id < 0 || id >= depth) {
      throw new ValueError(`oneHotEncode: id ${id} at flat index ${i} is outside [0, ${depth}); is depth the vocabulary size?`);
    }
    data[i * depth + id] = 1;
  }
  return { data, shape: [...inShape, depth] };
}
