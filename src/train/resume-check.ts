/**
 * What a resume checks before it applies anything: that a checkpoint read by `readCheckpoint`
 * belongs to this run (same data and batching, same optimizer class) and that the states it
 * restores fit the run's own optimizer, schedule and model. A damaged state then ends in an
 * error naming the file and the field, and the run's objects are left as they were.
 */

import type { Module } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';
import { fmtShape } from '../tensor/shape.js';
import { StateDictError, ValueError } from '../errors.js';
import { previewJson } from '../io/json-preview.js';
import type { CheckpointData, RunSetup } from './checkpoint.js';
import type { EpochSchedule } from './build.js';
import type { CheckpointableOptimizer } from './options.js';
import { describe, someNames, type Fail } from './checkpoint-fields.js';
import { checkOptimizerState } from './optimizer-state.js';

/** This run's setup and the objects a checkpoint is restored into. */
export interface ResumeTarget {
  setup: RunSetup;
  model: Module;
  optimizer: CheckpointableOptimizer;
  schedule: EpochSchedule | null;
  /** Whether the run keeps the best epoch's weights (restoreBestWeights), and so reads them. */
  keepBest: boolean;
}

/**
 * Check that checkpoint `c`, read from `file`, can be restored into `to`, before anything is
 * applied: the same data and batching, weights that fit the model (its own and, when kept, the
 * best epoch's), the same optimizer class with a state of its shape (see optimizer-state.ts)
 * and a schedule state of the run's schedule. A StateDictError (ValueError for another
 * optimizer class) names the file.
 *
 * @example
 * checkResume(file, c, { setup, model, optimizer, schedule, keepBest: true });
 */
export function checkResume(file: string, c: CheckpointData, to: ResumeTarget): void {
  for (const k of ['examples', 'validationExamples', 'batchSize', 'shuffle'] as const) {
    if (c.setup[k] !== to.setup[k]) {
      throw new StateDictError(`checkpoint ${file}: written by a run with ${k} ${c.setup[k]}, this run has ${k} ${to.setup[k]}; resume needs the same data and batching to replay the same batches`);
    }
  }
  const type = to.optimizer.constructor.name;
  if (c.optimizer.type !== type) throw new ValueError(`fit: checkpoint ${file} was written with optimizer ${previewJson(c.optimizer.type, 100)}, this run uses ${type}`);
  const fail = (what: string): Fail => (field, problem) => {
    throw new StateDictError(`checkpoint ${file}: the ${what} does not match this run: ${field}: ${problem}`);
  };
  checkWeights(c.model, to.model, 'model', fail('model'));
  checkOptimizerState(c.optimizer.state, to.optimizer, fail('optimizer state'));
  if (to.schedule && c.schedule !== null) to.schedule.checkState(c.schedule, fail('schedule state'));
  if (to.keepBest && c.best) checkWeights(c.best, to.model, 'best', fail('best weights'));
}

/** `weights` (tensors `<prefix>.<key>` of the file) has exactly the model's parameter keys, each of its parameter's shape. */
function checkWeights(weights: Record<string, Tensor>, model: Module, prefix: string, fail: Fail): void {
  const own = new Map(model.namedParameters());
  const missing = [...own.keys()].filter((k) => !Object.hasOwn(weights, k));
  if (missing.length) fail(`${prefix}.*`, `lacks ${someNames(missing)}`);
  const unexpected = Object.keys(weights).filter((k) => !own.has(k));
  if (unexpected.length) fail(`${prefix}.*`, `has unexpected ${someNames(unexpected)}`);
  for (const [k, p] of own) {
    const w = weights[k];
    if (w.size !== p.size || w.shape.length !== p.shape.length || w.shape.some((d, i) => d !== p.shape[i])) {
      fail(`${prefix}.${k}`, `expected shape ${fmtShape(p.shape)}, got ${describe(w)}`);
    }
  }
}
