import type { Tensor } from '../tensor/tensor.js';
import { checkWeight, prepareElementwise, reduceLoss, type ElementwiseLossOptions } from './reduction.js';
import { logSigmoid } from './log-sigmoid.js';

/** Options of {@link bceWithLogits}: the reduction and element weights, and PyTorch's `pos_weight`. */
export interface BceWithLogitsOptions extends ElementwiseLossOptions {
  /**
   * Weight of the positive term, broadcast over the last dim (one per class, shape [C]); > 1
   * raises recall. As PyTorch's `pos_weight`.
   */
  posWeight?: Tensor;
}

/**
 * Binary cross-entropy on logits, as `torch.nn.functional.binary_cross_entropy_with_logits`,
 * computed without overflow for any finite logit:
 *
 *   l = −[p·y·log σ(x) + (1 − y)·log(1 − σ(x))]
 *     = (1 − y)·x − (1 + (p − 1)·y)·log σ(x)        (p = posWeight, 1 without it)
 *
 * Targets are probabilities in [0, 1] of the input's shape.
 *
 * @example
 * const loss = bceWithLogits(logits, labels, { posWeight: tensor([3]) });
 */
export function bceWithLogits(logits: Tensor, targets: Tensor, options: BceWithLogitsOptions = {}): Tensor {
  const where = 'bceWithLogits';
  const p = prepareElementwise(where, logits, targets, options);
  const weight = checkWeight(where, 'weight', options.weight, logits.shape, logits.dtype);
  const posWeight = checkWeight(where, 'posWeight', options.posWeight, logits.shape, logits.dtype);
  const x = p.input;
  const y = p.target;
  // log-weight of the positive term: 1 + (p − 1)·y
  const lw = posWeight ? posWeight.sub(1).mul(y).add(1) : null;
  const ls = logSigmoid(x);
  const l = y.neg().add(1).mul(x).sub(lw ? lw.mul(ls) : ls);
  return reduceLoss(l, options.reduction, p.mask, weight);
}
