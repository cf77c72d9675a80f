/**
 * Catching divergence where it starts: a non-finite batch loss, or the first parameter whose
 * gradient holds NaN or ±Infinity, named by its state-dict key and the layer that owns it.
 */

import type { Module } from '../nn/module.js';
import { backend } from '../backend/current.js';
import { DivergenceError } from '../errors.js';

const FIX = 'Fix: lower lr, keep clipNorm on, check the inputs for extreme values';

function describe(v: number): string {
  return Number.isNaN(v) ? 'NaN' : `infinite (${v})`;
}

/** The DivergenceError of a non-finite batch loss at `step` (1-based) of `epoch`. */
export function lossDiverged(loss: number, step: number, epoch: number): DivergenceError {
  return new DivergenceError(`training diverged at step ${step} (epoch ${epoch}): the loss is ${describe(loss)}. ${FIX}`, { step, epoch });
}

/** The DivergenceError of a loss function that threw a NonFiniteError (a NaN reached a loss that checks its inputs). */
export function lossFailed(error: Error, step: number, epoch: number): DivergenceError {
  const e = new DivergenceError(`training diverged at step ${step} (epoch ${epoch}): the loss could not be computed: ${error.message}. ${FIX}`, { step, epoch });
  (e as { cause?: unknown }).cause = error;
  return e;
}

/**
 * The DivergenceError for a non-finite gradient norm at `step` of `epoch`: finds the first
 * parameter (in `namedParameters()` order) whose Σg² is not finite and the module owning it,
 * the one at the key's path without its last segment (`recurrent.weight_hh_l0` → `recurrent`).
 */
export function gradientDiverged(model: Module, norm: number, step: number, epoch: number): DivergenceError {
  for (const [key, p] of model.namedParameters()) {
    if (!p.grad) continue;
    const ss = backend().sumSquares(p.grad.data);
    if (Number.isFinite(ss)) continue;
    const path = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '';
    let owner: Module = model;
    for (const [name, m] of model.namedModules()) if (name === path) owner = m;
    const cls = owner.constructor.name;
    const layer = path ? `${path} (${cls})` : `(${cls})`;
    const where = path ? `layer ${path}, ${cls}` : `layer ${cls}`;
    return new DivergenceError(`training diverged at step ${step} (epoch ${epoch}): the gradient of "${key}" (${where}) is ${describe(ss)}. ${FIX}`, { step, epoch, parameter: key, layer });
  }
  return new DivergenceError(`training diverged at step ${step} (epoch ${epoch}): the gradient norm is ${describe(norm)}. ${FIX}`, { step, epoch });
}
