/**
 * Splitting a state object (optimizer, scheduler, counters, history) into JSON and tensors, so
 * that one safetensors file holds it exactly: tensors and float arrays go to the file's tensors
 * under a dotted key and leave `{ "$tensor": key }` / `{ "$array": key }` in the JSON; numbers
 * that JSON cannot write (NaN, ±Infinity, −0) become `{ "$number": "NaN" }`. Every other
 * number is written in the shortest form that reads back to the same double, so the round trip
 * is exact.
 */

import { Tensor } from '../tensor/tensor.js';
import { FormatError, ValueError } from '../errors.js';
import { previewJson } from '../io/json-preview.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * The JSON of `value`, with its tensors and float arrays moved into `tensors` under keys
 * starting with `prefix`.
 *
 * @example
 * const tensors: Record<string, Tensor> = {};
 * const json = JSON.stringify(encodeState(opt.stateDict(), 'optim', tensors));
 */
export function encodeState(value: unknown, prefix: string, tensors: Record<string, Tensor>): Json {
  if (value instanceof Tensor) {
    tensors[prefix] = value;
    return { $tensor: prefix };
  }
  if (value instanceof Float32Array || value instanceof Float64Array) {
    tensors[prefix] = new Tensor(value, [value.length]);
    return { $array: prefix };
  }
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : { $number: String(Object.is(value, -0) ? '-0' : value) };
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map((v, i) => encodeState(v, `${prefix}.${i}`, tensors));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encodeState(v, `${prefix}.${k}`, tensors);
    return out;
  }
  throw new ValueError(`checkpoint: cannot store ${prefix} (${Object.prototype.toString.call(value)}); state must be plain objects, arrays, numbers, strings, booleans, Tensors or float arrays`);
}

/**
 * Deepest nesting {@link decodeState} accepts. What fit writes nests at most 6 levels
 * (`optimizer.state.state.0.expAvg.$tensor`); the bound keeps a corrupt file's 30 000-deep
 * state from overflowing the stack.
 */
export const MAX_STATE_DEPTH = 64;

/**
 * The inverse of {@link encodeState}: the value with its markers replaced by the file's
 * tensors (`$tensor`) and arrays (`$array`). A marker naming no tensor, or nesting deeper than
 * {@link MAX_STATE_DEPTH}, is a FormatError naming `file`. Keys are copied as own data
 * properties, so a key `__proto__` stays a key (and is refused by the checks that follow).
 *
 * @example
 * const state = decodeState(JSON.parse(metadata.state), tensors, path);
 */
export function decodeState(json: unknown, tensors: Record<string, Tensor>, file: string): unknown {
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (depth >= MAX_STATE_DEPTH) throw new FormatError(file, `the checkpoint's state nests deeper than ${MAX_STATE_DEPTH} levels; fit writes at most 6, so the file is damaged or from another program`);
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && (keys[0] === '$tensor' || keys[0] === '$array') && typeof o[keys[0]] === 'string') {
      const name = o[keys[0]] as string;
      const t = Object.hasOwn(tensors, name) ? tensors[name] : undefined;
      if (!t) throw new FormatError(file, `the checkpoint's state refers to tensor ${previewJson(name, 100)}, which the file does not hold`);
      return keys[0] === '$tensor' ? t : t.data;
    }
    if (keys.length === 1 && keys[0] === '$number' && typeof o.$number === 'string') return Number(o.$number);
    const out: Record<string, unknown> = {};
    for (const k of keys) Object.defineProperty(out, k, { value: walk(o[k], depth + 1), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return walk(json, 0);
}
