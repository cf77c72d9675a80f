import { ValueError } from '../errors.js';
import { LRScheduler } from './lr-scheduler.js';
import type { OptimizerLike } from './optimizer.js';

/** Options of {@link StepLR}. */
export interface StepLROptions {
  /** Epochs between decays (a positive integer). */
  stepSize: number;
  /** Factor applied every `stepSize` epochs (default 0.1). */
  gamma?: number;
}

/**
 * Multiply the learning rate by γ every `stepSize` epochs, as `torch.optim.lr_scheduler.StepLR`:
 *
 *   lr_e = lr₀ · γ^⌊e / stepSize⌋
 *
 * @example
 * const sched = new StepLR(opt, { stepSize: 30, gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); sched.step(); }
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: OptimizerLike, options: StepLROptions) {
    super(optimizer);
    if (!(Number.isInteger(options.stepSize) && options.stepSize > 0)) throw new ValueError(`StepLR: stepSize must be a positive integer, got ${options.stepSize}`);
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
  }

  protected nextLr(current: number): number {
    return this.lastEpoch % this.stepSize === 0 ? current * this.gamma : current;
  }
}
