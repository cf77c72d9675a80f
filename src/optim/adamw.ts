import type { Tensor } from '../tensor/tensor.js';
import { AdamBase, type AdamOptions } from './adam.js';
import type { ParamGroupSpec } from './optimizer.js';

/**
 * AdamW, as `torch.optim.AdamW`: Adam with decoupled weight decay (default λ = 1e-2), which
 * shrinks the weights directly instead of passing through the moments:
 *
 *   p = p·(1 − lr·λ),   then Adam's update with λ = 0 (see {@link Adam})
 *
 * @example
 * const opt = new AdamW(model.parameters(), { lr: 3e-4, weightDecay: 0.05, amsgrad: true });
 */
export class AdamW extends AdamBase {
  protected readonly decoupled = true;

  constructor(params: Iterable<Tensor> | Iterable<ParamGroupSpec<AdamOptions>>, options: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, ...options });
  }
}
