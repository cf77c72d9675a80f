import type { OptimizerLike } from './optimizer.js';

/** What a scheduler's `stateDict()` holds. */
export interface LRSchedulerState {
  lastEpoch: number;
  baseLrs: number[];
}

/**
 * Base of the epoch-driven schedules (StepLR, ExponentialLR, CosineAnnealingLR), as PyTorch's
 * `LRScheduler`: construction counts as step 0 (learning rates unchanged), and each `step()`
 * after `optimizer.step()` moves to the next epoch and writes every group's `lr`. Subclasses
 * give the next rate from the current one (PyTorch's chainable form), so the values match it
 * exactly, including after a manual change of `lr`.
 *
 * @example
 * const sched = new StepLR(opt, { stepSize: 10 });  // any subclass
 * for (let epoch = 0; epoch < 30; epoch++) { trainOneEpoch(opt); sched.step(); }
 * sched.getLastLr(); // one rate per group
 */
export abstract class LRScheduler {
  /** Each group's learning rate when the scheduler was created. */
  readonly baseLrs: number[];
  /** Epochs stepped so far (0 right after construction). */
  lastEpoch = 0;

  constructor(readonly optimizer: OptimizerLike) {
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
  }

  /** The learning rate of group `i` at `this.lastEpoch`, given its current rate. */
  protected abstract nextLr(current: number, i: number): number;

  /** Advance one epoch and set every group's learning rate. */
  step(): void {
    this.lastEpoch += 1;
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = this.nextLr(g.lr, i)));
  }

  /** The learning rates now set, one per group. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  stateDict(): LRSchedulerState {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs] };
  }

  loadStateDict(s: LRSchedulerState): void {
    this.lastEpoch = s.lastEpoch;
    this.baseLrs.splice(0, this.baseLrs.length, ...s.baseLrs);
  }
}
