/**
 * CTC batches of utterances: frames x [Tmax, B, F] with their lengths (frameBatch), and the
 * batch's transcripts as CTC labels concatenated in batch order (as torch's CTCLoss takes them)
 * with one target length each. Training batches pass each utterance through the augmentation
 * (frameAugmenter) every time it enters one; speed perturbation changes an utterance's number of
 * frames, and the lengths, which are CTC's input lengths, are those of the stretched frames.
 */

import type { FrameMatrix } from '../audio-classifier/baseline.js';
import { frameBatch, type FrameBatch } from '../audio-classifier/frames.js';

/** One batch for `ctcLoss(logProbs, targets, lengths, targetLengths)`. */
export type CtcBatch = FrameBatch & {
  /** Σ targetLengths labels: the batch's transcripts one after another. */
  readonly targets: Int32Array;
  /** [B] labels of each transcript. */
  readonly targetLengths: Int32Array;
};

/**
 * The batch builder over `items` (standardised frames) and their CTC `labels`: `which` → the
 * batch of those utterances, each through `augment` when given (null for validation batches).
 *
 * @example
 * const make = ctcBatches(scaled, labels, frameAugmenter(o));
 * const b = make(Int32Array.of(3, 7)); // b.lengths: the frames of utterances 3 and 7 as augmented
 */
export function ctcBatches(items: readonly FrameMatrix[], labels: readonly Int32Array[], augment: ((m: FrameMatrix) => FrameMatrix) | null): (which: Int32Array) => CtcBatch {
  return (which) => {
    const b = frameBatch(items, which, augment);
    const targetLengths = Int32Array.from(which, (i) => labels[i].length);
    const targets = new Int32Array(targetLengths.reduce((s, n) => s + n, 0));
    let at = 0;
    for (const i of which) {
      targets.set(labels[i], at);
      at += labels[i].length;
    }
    return { ...b, targets, targetLengths };
  };
}
