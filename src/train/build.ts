/**
 * The optimizer and the learning-rate schedule of a `fit` run, built from its options with the
 * classes of `src/optim` (chosen explicitly by name; no registry).
 */

import type { Module } from '../nn/module.js';
import { Adagrad, Adam, AdamW, CosineAnnealingLR, ExponentialLR, ReduceLROnPlateau, RMSprop, SGD, StepLR } from '../optim/index.js';
import { ValueError } from '../errors.js';
import { array, comparable, exactKeys, finite, integer, record, type Fail } from './checkpoint-fields.js';
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
  /** Throw `fail(field, problem)` unless `state` is one `loadStateDict` can restore (a checkpoint's, before a resume). */
  checkState(state: unknown, fail: Fail): void;
}

/** LRScheduler's state: the epochs stepped and each group's initial rate. */
function checkEpochState(state: unknown, groups: number, fail: Fail): void {
  const o = record(fail, 'the state', state);
  exactKeys(fail, 'the state', o, ['lastEpoch', 'baseLrs']);
  integer(fail, 'lastEpoch', o.lastEpoch);
  const lrs = array(fail, 'baseLrs', o.baseLrs);
  if (lrs.length !== groups) fail('baseLrs', `expected ${groups} rate${groups === 1 ? '' : 's'}, one per parameter group, got ${lrs.length}`);
  lrs.forEach((lr, i) => finite(fail, `baseLrs[${i}]`, lr, 0));
}

/** ReduceLROnPlateau's state, restored with Object.assign: exactly its four counters. */
function checkPlateauState(state: unknown, fail: Fail): void {
  const o = record(fail, 'the state', state);
  exactKeys(fail, 'the state', o, ['best', 'numBadEpochs', 'cooldownCounter', 'lastEpoch']);
  comparable(fail, 'best', o.best);
  for (const k of ['numBadEpochs', 'cooldownCounter', 'lastEpoch']) integer(fail, k, o[k]);
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
    checkState: (state, fail) => checkEpochState(state, optimizer.paramGroups.length, fail),
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
      return { step: (v) => s.step(v), stateDict: () => s.stateDict(), loadStateDict: (state) => s.loadStateDict(state), checkState: checkPlateauState };
    }
    default:
      throw new ValueError(`fit: unknown schedule kind '${String((spec as { kind: unknown }).kind)}', expected step, exponential, cosine or plateau`);
  }
}
