import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../errors.js';
import { checkWeight, prepareElementwise, reduceLoss, type ElementwiseLossOptions } from './reduction.js';

/** Options of {@link huberLoss}: the reduction and element weights, and δ. */
export interface HuberLossOptions extends ElementwiseLossOptions {
  /** Where the loss turns from quadratic to linear (default 1, as PyTorch); must be > 0. */
  delta?: number;
}

/**
 * Huber loss, as `torch.nn.functional.huber_loss`: quadratic near 0, linear beyond `delta`.
 *
 *   a = |x − y|,   l = ½a²           if a ≤ δ
 *                  l = δ(a − ½δ)     otherwise
 *
 * computed as ½q² + δ(a − q) with q = min(a, δ), which is both branches at once.
 *
 * @example
 * const loss = huberLoss(pred, target, { delta: 0.5, mask });
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  const where = 'huberLoss';
  const delta = options.delta ?? 1;
  if (!(delta > 0) || !Number.isFinite(delta)) throw new ValueError(`${where}: delta must be a positive finite number, got ${delta}`);
  const p = prepareElementwise(where, input, target, options);
  const weight = checkWeight(where, 'weight', options.weight, input.shape, input.dtype);
  const a = p.input.sub(p.target).abs();
  const q = a.clamp(0, delta);
  const l = q.square().mul(0.5).add(a.sub(q).mul(delta));
  return reduceLoss(l, options.reduction, p.mask, weight);
}
