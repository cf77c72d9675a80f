import { ValueError } from '../errors.js';
import { LRScheduler } from './lr-scheduler.js';
import type { OptimizerLike } from './optimizer.js';

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions {
  /** Epochs of a half cosine period, from lr₀ down to etaMin (a positive integer). */
  tMax: number;
  /** The lowest learning rate (default 0). */
  etaMin?: number;
}

/**
 * Cosine annealing, as `torch.optim.lr_scheduler.CosineAnnealingLR` (without restarts: past
 * `tMax` the rate climbs back along the cosine):
 *
 *   lr_e = η_min + (lr₀ − η_min) · (1 + cos(π e / T_max)) / 2
 *
 * computed recursively from the current rate as PyTorch does, so the values match it exactly.
 *
 * @example
 * const sched = new CosineAnnealingLR(opt, { tMax: epochs, etaMin: 1e-5 });
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: OptimizerLike, options: CosineAnnealingLROptions) {
    super(optimizer);
    if (!(Number.isInteger(options.tMax) && options.tMax > 0)) throw new ValueError(`CosineAnnealingLR: tMax must be a positive integer, got ${options.tMax}`);
    this.tMax = options.tMax;
    this.etaMin = options.etaMin ?? 0;
  }

  protected nextLr(current: number, i: number): number {
    const e = this.lastEpoch;
    const T = this.tMax;
    const eta = this.etaMin;
    if ((e - 1 - T) % (2 * T) === 0) {
      // the bottom of the cosine, where the ratio below would divide by zero
      return current + ((this.baseLrs[i] - eta) * (1 - Math.cos(Math.PI / T))) / 2;
    }
    return ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (current - eta) + eta;
  }
}
