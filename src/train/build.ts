/**
 * The optimizer and the learning-rate schedule of a `fit` run, built from its options with the
 * classes of `src/optim` (chosen explicitly by name; no registry).
 */

import type { Module } from '../nn/module.js';
import { Adagrad, Adam, AdamW, CosineAnnealingLR, ExponentialLR, ReduceLROnPlateau, RMSprop, SGD, StepLR } from '../optim/index.js';
import { ValueError } from '../errors.js';
import { FIT_DEFAULTS, type CheckpointableOptimizer, type FitOptions, type OptimizerName, type ScheduleSpec } from './options.js';

/**
 * The optimizer `options.optimizer` names (with `lr` and `weightDecay`), or the one its
 * factory builds.
 *
 * @example
 * const opt = buildOptimizer(model, { loss, optimizer: 'sgd', lr: 0.1 });
 */
export function buildOptimizer<Batch, M extends Module>(model: M, options: FitOptions<Batch, M>): CheckpointableOptimizer {
  const spec = options.optimizer ?? FIT_DEFAULTS.optimizer;
  if (typeof spec === 'function') return spec(model);
  const hyper = { lr: options.lr ?? FIT_DEFAULTS.lr, weightDecay: options.weightDecay ?? FIT_DEFAULTS.weightDecay };
  const params = model.parameters();
  const byName: Record<OptimizerName, () => CheckpointableOptimizer> = {
    adam: () => new Adam(params, hyper),
    adamw: () => new AdamW(params, hyper),
    sgd: () => new SGD(params, hyper),
    rmsprop: () => new RMSprop(params, hyper),
    adagrad: () => new Adagrad(params, hyper),
  };
  if (!Object.hasOwn(byName, spec)) throw new ValueError(`fit: unknown optimizer '${String(spec)}', expected one of ${Object.keys(byName).join(', ')} or a function (model) => optimizer`);
  return byName[spec]();
}

/** A schedule stepped once per epoch; `step` receives the monitored value (used by 'plateau' only). */
export interface EpochSchedule {
  step(monitored: number): void;
  stateDict(): unknown;
  loadStateDict(state: never): void;
}

/**
 * The schedule of `spec` over `optimizer`, or null without one. `epochs` is cosine's default
 * period; `mode` is the monitor's direction, for 'plateau'.
 *
 * @example
 * const sched = buildSchedule({ kind: 'step', stepSize: 10 }, opt, 100, 'min');
 * sched?.step(valLoss); // once per epoch
 */
export function buildSchedule(spec: ScheduleSpec | null, optimizer: CheckpointableOptimizer, epochs: number, mode: 'min' | 'max'): EpochSchedule | null {
  if (!spec) return null;
  const everyEpoch = (s: StepLR | ExponentialLR | CosineAnnealingLR): EpochSchedule => ({
    step: () => s.step(),
    stateDict: () => s.stateDict(),
    loadStateDict: (state) => s.loadStateDict(state),
  });
  switch (spec.kind) {
    case 'step':
      return everyEpoch(new StepLR(optimizer, { stepSize: spec.stepSize, gamma: spec.gamma }));
    case 'exponential':
      return everyEpoch(new ExponentialLR(optimizer, { gamma: spec.gamma }));
    case 'cosine':
      return everyEpoch(new CosineAnnealingLR(optimizer, { tMax: spec.tMax ?? Math.max(1, epochs), etaMin: spec.etaMin }));
    case 'plateau': {
      const s = new ReduceLROnPlateau(optimizer, { mode, factor: spec.factor, patience: spec.patience, minLr: spec.minLr });
      return { step: (v) => s.step(v), stateDict: () => s.stateDict(), loadStateDict: (state) => s.loadStateDict(state) };
    }
    default:
      throw new ValueError(`fit: unknown schedule kind '${String((spec as { kind: unknown }).kind)}', expected step, exponential, cosine or plateau`);
  }
}
