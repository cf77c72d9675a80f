/**
 * The optimizer state a checkpoint restores, checked against the run's optimizer before its
 * `loadStateDict` sees it. `Optimizer.loadStateDict` takes what `stateDict()` returned and
 * trusts its shape; a damaged file would reach the step kernels as a missing moment or a
 * number where an array belongs. The state of an optimizer of the library (a subclass of
 * `Optimizer`) is PyTorch's:
 *
 *   state        { "<index>": { <slot>: count | tensor of the parameter's shape } }
 *   paramGroups  [ { params: [index, …], <hyperparameter>: value, … } ]   one per group
 *
 * indices 0 … P−1 over all groups, each listed once. The slots each optimizer keeps are in
 * `SLOTS`; hyperparameters must have the keys and kinds (finite number, boolean, array of
 * them) of the run's own groups. An optimizer that is not an `Optimizer` has its own format,
 * which only its `loadStateDict` can judge.
 */

import { Tensor } from '../tensor/tensor.js';
import { fmtShape } from '../tensor/shape.js';
import { Adagrad, Adam, AdamW, Optimizer, RMSprop, SGD, type BaseHyper } from '../optim/index.js';
import { previewJson } from '../io/json-preview.js';
import type { CheckpointableOptimizer } from './options.js';
import { array, boolean, describe, exactKeys, finite, integer, number, own, record, someNames, type Fail } from './checkpoint-fields.js';

/** A slot of per-parameter state: a step counter or a moment tensor; `?` when the next step creates it if absent. */
type Slot = 'count' | 'tensor' | 'tensor?';

/** The per-parameter state each optimizer of the library keeps (see its `initState` and `update`). */
const SLOTS = new Map<unknown, Readonly<Record<string, Slot>>>([
  [Adam, { step: 'count', expAvg: 'tensor', expAvgSq: 'tensor', maxExpAvgSq: 'tensor?' }],
  [AdamW, { step: 'count', expAvg: 'tensor', expAvgSq: 'tensor', maxExpAvgSq: 'tensor?' }],
  [SGD, { momentumBuffer: 'tensor?' }],
  [RMSprop, { step: 'count', squareAvg: 'tensor', momentumBuffer: 'tensor?', gradAvg: 'tensor?' }],
  [Adagrad, { step: 'count', sum: 'tensor' }],
]);

/** A key in a field path: itself when short and plain, else previewed. */
const keyText = (k: string): string => (/^[\w$]{1,40}$/.test(k) ? k : previewJson(k, 40));

/**
 * Throw `fail(field, problem)` unless `saved` is a state dict `optimizer.loadStateDict` can
 * restore (fields are named as `paramGroups[0].lr`, `state.3.expAvg`). Does nothing for an
 * optimizer that is not an `Optimizer`.
 *
 * @example
 * checkOptimizerState(c.optimizer.state, optimizer, (field, problem) => { throw new StateDictError(`${file}: ${field}: ${problem}`); });
 */
export function checkOptimizerState(saved: unknown, optimizer: CheckpointableOptimizer, fail: Fail): void {
  if (!(optimizer instanceof Optimizer)) return;
  const live = (optimizer as Optimizer<BaseHyper>).paramGroups;
  const d = record(fail, 'the state dict', saved);
  exactKeys(fail, 'the state dict', d, ['state', 'paramGroups']);
  const groups = array(fail, 'paramGroups', own(d, 'paramGroups'));
  if (groups.length !== live.length) fail('paramGroups', `expected ${live.length} parameter group${live.length === 1 ? '' : 's'}, got ${groups.length}`);
  const total = live.reduce((n, g) => n + g.params.length, 0);

  // Which parameter each index names, as loadStateDict maps them.
  const byIndex: Tensor[] = [];
  groups.forEach((v, gi) => {
    const field = `paramGroups[${gi}]`;
    const g = record(fail, field, v);
    const { params, ...hyper } = live[gi];
    exactKeys(fail, field, g, ['params', ...Object.keys(hyper)]);
    const ids = array(fail, `${field}.params`, own(g, 'params'));
    if (ids.length !== params.length) fail(`${field}.params`, `expected ${params.length} parameter indices, got ${ids.length}`);
    ids.forEach((id, j) => {
      const i = integer(fail, `${field}.params[${j}]`, id, 0, total - 1);
      if (byIndex[i]) fail(`${field}.params[${j}]`, `parameter index ${i} is listed twice`);
      byIndex[i] = params[j];
    });
    for (const [k, want] of Object.entries(hyper)) hyperparameter(fail, `${field}.${keyText(k)}`, own(g, k), want);
    finite(fail, `${field}.lr`, own(g, 'lr'), 0);
  });

  const state = record(fail, 'state', own(d, 'state'));
  const slots = SLOTS.get(optimizer.constructor);
  for (const key of Object.keys(state)) {
    const field = `state.${keyText(key)}`;
    const p = /^(0|[1-9]\d{0,15})$/.test(key) ? byIndex[Number(key)] : undefined;
    if (!p) fail(field, `expected the index of a parameter listed in paramGroups (0 … ${total - 1})`);
    const entry = record(fail, field, state[key]);
    if (slots) {
      const required = Object.keys(slots).filter((k) => slots[k] !== 'tensor?');
      const missing = required.filter((k) => !Object.hasOwn(entry, k));
      if (missing.length) fail(field, `lacks ${someNames(missing)} of ${optimizer.constructor.name}'s state`);
      const unexpected = Object.keys(entry).filter((k) => !Object.hasOwn(slots, k));
      if (unexpected.length) fail(field, `has unexpected ${someNames(unexpected)}; ${optimizer.constructor.name} keeps ${someNames(Object.keys(slots))}`);
    }
    for (const [k, v] of Object.entries(entry)) {
      const slot = slots?.[k];
      const at = `${field}.${keyText(k)}`;
      if (slot === 'count') integer(fail, at, v);
      else if (slot || v instanceof Tensor) moment(fail, at, v, p);
      else finite(fail, at, v);
    }
  }
}

/** A moment tensor of `p`'s shape. */
function moment(fail: Fail, field: string, v: unknown, p: Tensor): void {
  if (!(v instanceof Tensor)) fail(field, `expected a tensor of shape ${fmtShape(p.shape)}, got ${describe(v)}`);
  if (v.shape.length !== p.shape.length || v.shape.some((n, i) => n !== p.shape[i])) fail(field, `expected shape ${fmtShape(p.shape)} (its parameter's), got ${fmtShape(v.shape)}`);
}

/** A hyperparameter of the kind of the run's own value `want`: a finite number, a boolean, a string, or an array of them. */
function hyperparameter(fail: Fail, field: string, v: unknown, want: unknown): void {
  if (typeof want === 'number') {
    if (Number.isFinite(want)) finite(fail, field, v);
    else number(fail, field, v);
  } else if (typeof want === 'boolean') {
    boolean(fail, field, v);
  } else if (Array.isArray(want)) {
    const a = array(fail, field, v);
    if (a.length !== want.length) fail(field, `expected ${want.length} values, got ${a.length}`);
    want.forEach((w, i) => hyperparameter(fail, `${field}[${i}]`, a[i], w));
  } else if (want === null ? v !== null : typeof v !== typeof want) {
    fail(field, `expected ${want === null ? 'null' : `a ${typeof want}`}, got ${describe(v)}`);
  }
}
