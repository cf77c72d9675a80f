import { LRScheduler } from './lr-scheduler.js';
import type { OptimizerLike } from './optimizer.js';

/** Options of {@link ExponentialLR}. */
export interface ExponentialLROptions {
  /** Factor applied every epoch. */
  gamma: number;
}

/**
 * Multiply the learning rate by γ every epoch, as `torch.optim.lr_scheduler.ExponentialLR`:
 *
 *   lr_e = lr₀ · γ^e
 *
 * @example
 * const sched = new ExponentialLR(opt, { gamma: 0.95 });
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: OptimizerLike, options: ExponentialLROptions) {
    super(optimizer);
    this.gamma = options.gamma;
  }

  protected nextLr(current: number): number {
    return current * this.gamma;
  }
}
