import type { Tensor } from '../tensor/tensor.js';
import { checkWeight, prepareElementwise, reduceLoss, type ElementwiseLossOptions } from './reduction.js';

/**
 * Mean absolute error, as `torch.nn.functional.l1_loss`:
 *
 *   l_i = |x_i − y_i|,   ∂l_i/∂x_i = sign(x_i − y_i)  (0 at a tie)
 *
 * @example
 * const loss = l1Loss(pred, target, { reduction: 'sum' });
 */
export function l1Loss(input: Tensor, target: Tensor, options: ElementwiseLossOptions = {}): Tensor {
  const where = 'l1Loss';
  const p = prepareElementwise(where, input, target, options);
  const weight = checkWeight(where, 'weight', options.weight, input.shape, input.dtype);
  const l = p.input.sub(p.target).abs();
  return reduceLoss(l, options.reduction, p.mask, weight);
}
