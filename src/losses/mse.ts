import type { Tensor } from '../tensor/tensor.js';
import { checkWeight, prepareElementwise, reduceLoss, type ElementwiseLossOptions } from './reduction.js';

/**
 * Mean squared error, as `torch.nn.functional.mse_loss`:
 *
 *   l_i = (x_i − y_i)²,   reduced as described in {@link ElementwiseLossOptions}
 *
 * `input` and `target` must have the same shape. Gradients flow to both.
 *
 * @example
 * const loss = mseLoss(pred, target);                         // mean over all elements
 * const seq = mseLoss(pred, target, { mask: validSteps });    // pred [B, T, F], mask [B, T]
 */
export function mseLoss(input: Tensor, target: Tensor, options: ElementwiseLossOptions = {}): Tensor {
  const where = 'mseLoss';
  const p = prepareElementwise(where, input, target, options);
  const weight = checkWeight(where, 'weight', options.weight, input.shape, input.dtype);
  const l = p.input.sub(p.target).square();
  return reduceLoss(l, options.reduction, p.mask, weight);
}
