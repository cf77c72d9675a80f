/**
 * Pooling of recurrent outputs over the steps of each text, with padding masked out. Every
 * function is a composition of differentiable ops (add, max, sum, div, softmax, linear, tanh),
 * so gradients come from their own backward passes; the padded steps are excluded by an additive
 * mask (−1e9 before a max or a softmax, which exp turns into exactly 0) or a multiplicative one.
 *
 * Shapes: out [B, T, F] (batch-first outputs of the recurrent layer), lengths [B] with
 * 1 ≤ lengths[b] ≤ T; the real steps of text b are t < lengths[b] (right padding).
 */

import { Tensor } from '../../tensor/tensor.js';
import { alloc } from '../../tensor/dtype.js';
import { linear } from '../../ops/linear.js';
import { ShapeError } from '../../errors.js';
import { lengthMask } from '../../nn/length-mask.js';

/** Added to the scores of padded steps: far below any real score, and exp(−1e9 − m) is exactly 0. */
const MASKED = -1e9;

function checkOut(where: string, out: Tensor): void {
  if (out.ndim !== 3) throw new ShapeError(`${where}: out`, '[B, T, F]', out.shape);
}

/** [B, T, 1]: `real` at t < lengths[b], `pad` after (lengths checked: integers in 1 … T, one per text). */
function stepMask(where: string, out: Tensor, lengths: Int32Array, real: number, pad: number): Tensor {
  const [B, T] = out.shape;
  return lengthMask(where, lengths, B, T, { real, pad, dtype: out.dtype, shape: [B, T, 1] }, 'text');
}

/** Max over the real steps of each feature: [B, T, F] → [B, F]. The gradient reaches the chosen step only. */
export function maskedMax(out: Tensor, lengths: Int32Array): Tensor {
  checkOut('maskedMax', out);
  return out.add(stepMask('maskedMax', out, lengths, 0, MASKED)).max(1);
}

/** Mean over the real steps: Σ_{t < L_b} out[b, t] / L_b, [B, T, F] → [B, F]. */
export function maskedMean(out: Tensor, lengths: Int32Array): Tensor {
  checkOut('maskedMean', out);
  const mask = stepMask('maskedMean', out, lengths, 1, 0);
  const B = out.shape[0];
  const len = alloc(out.dtype, B);
  for (let b = 0; b < B; b++) len[b] = lengths[b];
  return out.mul(mask).sum(1).div(new Tensor(len, [B, 1]));
}

/** The learned parts of attention pooling: a projection W [A, F], b [A] and a query q [A]. */
export interface AttentionScorer {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  /** [A, 1] */
  readonly query: Tensor;
}

/**
 * Attention pooling (Yang et al. 2016): each step is scored against a learned query,
 *
 *   s_t = qᵀ tanh(W h_t + b),   α = softmax over the real steps of s,   pooled = Σ_t α_t h_t,
 *
 * with the scores of padded steps set to −1e9 first, so their weights are exactly 0 and the
 * real weights of each text sum to 1. Returns pooled [B, F] and the weights α [B, T].
 */
export function attentionPool(out: Tensor, lengths: Int32Array, scorer: AttentionScorer): { pooled: Tensor; weights: Tensor } {
  checkOut('attentionPool', out);
  const mask = stepMask('attentionPool', out, lengths, 0, MASKED);
  const [B, T] = out.shape;
  const scores = linear(out, scorer.weight, scorer.bias).tanh().matmul(scorer.query); // [B, T, A] · [A, 1] → [B, T, 1]
  const alpha = scores.add(mask).softmax(1); // [B, T, 1]
  return { pooled: out.mul(alpha).sum(1), weights: alpha.reshape([B, T]) };
}
