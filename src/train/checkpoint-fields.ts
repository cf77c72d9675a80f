/**
 * Typed reading of a checkpoint's decoded state (see state-codec.ts): every field fit reads
 * back is checked for its type and range before a resume applies anything, so a damaged file
 * ends in an error naming the field, not in a TypeError deep inside the optimizer or the loop.
 * Each check calls `fail(field, problem)`, which throws the caller's error (a FormatError
 * naming the file for the file's structure, a StateDictError for a mismatch with the run).
 */

import { Tensor } from '../tensor/tensor.js';
import { fmtShape } from '../tensor/shape.js';
import { previewJson } from '../io/json-preview.js';
import type { EpochLog } from './types.js';
import type { MonitorState } from './monitor.js';

/** Throws the caller's error for `field` (a dotted path such as `run.progress.batch`). */
export type Fail = (field: string, problem: string) => never;

/** A field's value in a message: tensors and typed arrays by shape and length, the rest by {@link previewJson}. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v instanceof Tensor) return `a tensor of shape ${fmtShape(v.shape)}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of ${(v as unknown as ArrayLike<number>).length} values`;
  return previewJson(v, 100);
}

/** A JSON object (not an array, tensor or typed array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Tensor) && !ArrayBuffer.isView(v);
}

/** `o[k]` if `o` has it as its own key (never an inherited `constructor` or `toString`). */
export function own(o: Record<string, unknown>, k: string): unknown {
  return Object.hasOwn(o, k) ? o[k] : undefined;
}

export function record(fail: Fail, field: string, v: unknown): Record<string, unknown> {
  if (!isRecord(v)) fail(field, `expected an object, got ${describe(v)}`);
  return v;
}

export function array(fail: Fail, field: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) fail(field, `expected an array, got ${describe(v)}`);
  return v;
}

/** An integer in `min … max`. */
export function integer(fail: Fail, field: string, v: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max)) {
    const range = min === max ? `${min}` : max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in ${min} … ${max}`;
    fail(field, `expected ${range}, got ${describe(v)}`);
  }
  return v;
}

/** A finite number ≥ `min`. */
export function finite(fail: Fail, field: string, v: unknown, min = -Infinity): number {
  if (!(typeof v === 'number' && Number.isFinite(v) && v >= min)) fail(field, `expected a finite number${min > -Infinity ? ` ≥ ${min}` : ''}, got ${describe(v)}`);
  return v;
}

/** Any number, NaN and ±Infinity included (logged values, which fit keeps as they came). */
export function number(fail: Fail, field: string, v: unknown): number {
  if (typeof v !== 'number') fail(field, `expected a number, got ${describe(v)}`);
  return v;
}

/** A number other than NaN (a best-so-far, which starts at ±Infinity). */
export function comparable(fail: Fail, field: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) fail(field, `expected a number (±Infinity allowed, not NaN), got ${describe(v)}`);
  return v;
}

export function boolean(fail: Fail, field: string, v: unknown): boolean {
  if (typeof v !== 'boolean') fail(field, `expected true or false, got ${describe(v)}`);
  return v;
}

/** `o` has exactly the keys `keys` (an object restored with Object.assign must hold nothing else). */
export function exactKeys(fail: Fail, field: string, o: Record<string, unknown>, keys: readonly string[]): void {
  const missing = keys.filter((k) => !Object.hasOwn(o, k));
  if (missing.length) fail(field, `lacks ${someNames(missing)}`);
  const unexpected = Object.keys(o).filter((k) => !keys.includes(k));
  if (unexpected.length) fail(field, `has unexpected ${someNames(unexpected)}; expected only ${someNames(keys)}`);
}

/** Up to 5 key names, each cut to 40 characters, then how many more. */
export function someNames(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map((k) => previewJson(k, 40)).join(', ');
  return `${keys.length === 1 ? 'key' : 'keys'} ${shown}${keys.length > 5 ? ` and ${keys.length - 5} more` : ''}`;
}

/** A state of `Generator.getState`: 4 uint32 words not all 0, a 0/1 flag and a finite spare. */
export function generatorState(fail: Fail, field: string, v: unknown): number[] {
  const ok = Array.isArray(v) && v.length === 6 && v.every((x) => typeof x === 'number')
    && v.slice(0, 4).every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff) && v.slice(0, 4).some((w) => w !== 0)
    && (v[4] === 0 || v[4] === 1) && Number.isFinite(v[5]);
  if (!ok) fail(field, `expected a generator state (4 uint32 words not all 0, a 0/1 flag and a finite number), got ${describe(v)}`);
  return v as number[];
}

/** Entry `epoch` (1-based) of the epoch logs; values as logged, so NaN and ±Infinity pass. */
export function epochLog(fail: Fail, field: string, v: unknown, epoch: number): EpochLog {
  const o = record(fail, field, v);
  integer(fail, `${field}.epoch`, own(o, 'epoch'), epoch, epoch);
  integer(fail, `${field}.step`, own(o, 'step'));
  for (const k of ['loss', 'gradNorm', 'maxGradNorm', 'clippedFraction', 'lr', 'seconds']) number(fail, `${field}.${k}`, own(o, k));
  if (own(o, 'valLoss') !== undefined) number(fail, `${field}.valLoss`, own(o, 'valLoss'));
  // clipRatio is absent from the logs of checkpoints written before it was logged: unknown
  if (own(o, 'clipRatio') === undefined) o.clipRatio = NaN;
  else number(fail, `${field}.clipRatio`, own(o, 'clipRatio'));
  const metrics = record(fail, `${field}.metrics`, own(o, 'metrics'));
  for (const k of Object.keys(metrics)) number(fail, `${field}.metrics[${previewJson(k, 40)}]`, metrics[k]);
  boolean(fail, `${field}.best`, own(o, 'best'));
  return o as unknown as EpochLog;
}

/** The early-stopping monitor after `epochs` epochs. */
export function monitorState(fail: Fail, field: string, v: unknown, epochs: number): MonitorState {
  const o = record(fail, field, v);
  return {
    best: comparable(fail, `${field}.best`, own(o, 'best')),
    bestEpoch: integer(fail, `${field}.bestEpoch`, own(o, 'bestEpoch'), 0, epochs),
    wait: integer(fail, `${field}.wait`, own(o, 'wait'), 0, epochs),
  };
}

/** A history of `length` per-step values, stored as a float64 tensor. */
export function stepValues(fail: Fail, field: string, v: unknown, length: number): number[] {
  if (!(v instanceof Float64Array)) fail(field, `expected a float64 array, got ${describe(v)}`);
  if (v.length !== length) fail(field, `expected ${length} values (one per step, run.step ${length}), got ${v.length}`);
  return Array.from(v);
}
