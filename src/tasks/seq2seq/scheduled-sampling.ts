/**
 * Scheduled sampling (Bengio et al. 2015) in the parallel two-pass form of Mihaylova & Liu
 * (2019): a teacher-forced pass without gradients gives the model's prediction of every target
 * position; the training pass then reads, at each position after <bos>, the model's prediction
 * of the previous token with probability p, the true previous token otherwise. Both passes are
 * one fused recurrent call each, so sampling costs one extra forward pass, not a per-step loop.
 */

import type { Generator } from '../../random/generator.js';

/** p at a 1-based epoch: a linear rise from 0 (epoch 1) to `max` at epoch 1 + `rampEpochs`. */
export function samplingProbabilityAt(epoch: number, max: number, rampEpochs: number): number {
  return max * Math.min(1, Math.max(0, epoch - 1) / rampEpochs);
}

/**
 * The decoder input with sampled tokens: tgtIn [B, T] (<bos> y_1 … y_{T−1}), tgtOut [B, T]
 * (y_1 … <eos>, −100 on padding), pred [B, T] (the model's argmax at each position). Position
 * t ≥ 1 of a real (non-padding) step reads pred[t − 1] with probability p.
 */
export function mixPredictions(tgtIn: Int32Array, tgtOut: Int32Array, pred: ArrayLike<number>, shape: readonly [number, number], p: number, bos: number, g: Generator): Int32Array {
  const [B, T] = shape;
  const out = Int32Array.from(tgtIn);
  for (let b = 0; b < B; b++) {
    out[b * T] = bos;
    for (let t = 1; t < T; t++) {
      if (tgtOut[b * T + t] === -100) break; // padding from here on
      if (g.uniform() < p) out[b * T + t] = pred[b * T + t - 1];
    }
  }
  return out;
}
