/**
 * Padding of variable-length id sequences into one rectangular batch, with the `lengths` and
 * mask the recurrent layers need (PyTorch `pad_sequence` + Keras `pad_sequences`).
 */
import { ValueError } from '../errors.js';

/** Options of {@link padSequences}. */
export interface PadOptions {
  /** Time length T of the result. Default: the longest sequence. Longer sequences are truncated. */
  length?: number;
  /** Value written in padded steps. Default 0 (the vocabulary's `<pad>` id). */
  padValue?: number;
  /** Where padding goes: 'right' (default; PyTorch, packing-friendly) or 'left' (Keras 'pre'). */
  paddingSide?: 'right' | 'left';
  /** Which end is cut when a sequence is longer than `length`: 'right' (default, keep the start) or 'left' (keep the end). */
  truncationSide?: 'right' | 'left';
  /** Layout: true (default) gives [B, T], false gives [T, B] as PyTorch's `batch_first=False`. */
  batchFirst?: boolean;
}

/** A padded batch. `ids` and `mask` share `shape`; `lengths[b]` counts the real steps of sequence b. */
export interface PaddedBatch {
  /** Token ids, row-major in `shape`. */
  ids: Int32Array;
  /** 1 at real steps, 0 at padding; same layout as `ids`. */
  mask: Float32Array;
  /** [B] number of real (non-pad) steps of each sequence after truncation. */
  lengths: Int32Array;
  /** [B, T] when `batchFirst`, else [T, B]. */
  shape: [number, number];
  /** Which side holds the padding, so that a consumer of `lengths` knows where the real steps are. */
  paddingSide: 'right' | 'left';
}

/**
 * Pads (and truncates) sequences of ids to one length.
 *
 * @example
 * const b = padSequences([[5, 6, 7], [8]], { length: 4 });
 * b.ids;     // Int32Array [5, 6, 7, 0,  8, 0, 0, 0], b.shape = [2, 4]
 * b.lengths; // Int32Array [3, 1]
 * b.mask;    // Float32Array [1, 1, 1, 0,  1, 0, 0, 0]
 */
export function padSequences(sequences: readonly ArrayLike<number>[], options: PadOptions = {}): PaddedBatch {
  const paddingSide = options.paddingSide ?? 'right';
  const truncationSide = options.truncationSide ?? 'right';
  const padValue = options.padValue ?? 0;
  const batchFirst = options.batchFirst ?? true;
  if (paddingSide !== 'right' && paddingSide !== 'left') throw new ValueError(`padSequences: paddingSide must be 'right' or 'left', got ${JSON.stringify(paddingSide)}`);
  if (truncationSide !== 'right' && truncationSide !== 'left') throw new ValueError(`padSequences: truncationSide must be 'right' or 'left', got ${JSON.stringify(truncationSide)}`);
  if (!Number.isInteger(padValue) || padValue !== (padValue | 0)) throw new ValueError(`padSequences: padValue must be an int32, got ${padValue}`);

  const B = sequences.length;
  let T = options.length ?? 0;
  if (options.length === undefined) for (const s of sequences) T = Math.max(T, s.length);
  else if (!Number.isInteger(T) || T < 0) throw new ValueError(`padSequences: length must be an integer >= 0, got ${T}`);

  const ids = new Int32Array(B * T).fill(padValue);
  const mask = new Float32Array(B * T);
  const lengths = new Int32Array(B);
  // (b, t) → flat index for either layout.
  const at = batchFirst ? (b: number, t: number) => b * T + t : (b: number, t: number) => t * B + b;
  for (let b = 0; b < B; b++) {
    const s = sequences[b];
    const n = Math.min(s.length, T);
    const from = truncationSide === 'left' ? s.length - n : 0; // first kept element of s
    const to = paddingSide === 'left' ? T - n : 0; // first real step in the row
    for (let i = 0; i < n; i++) {
      const v = s[from + i];
      if (!Number.isInteger(v) || v !== (v | 0)) {
        throw new ValueError(`padSequences: sequence ${b} position ${from + i} holds ${v}; ids must be int32 integers`);
      }
      const k = at(b, to + i);
      ids[k] = v;
      mask[k] = 1;
    }
    lengths[b] = n;
  }
  return { ids, mask, lengths, shape: batchFirst ? [B, T] : [T, B], paddingSide };
}
