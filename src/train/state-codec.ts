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
 * The inverse of {@link encodeState}: the value with its markers replaced by the file's
 * tensors (`$tensor`) and arrays (`$array`). A marker naming no tensor is a FormatError
 * naming `file`.
 */
export function decodeState(json: unknown, tensors: Record<string, Tensor>, file: string): unknown {
  if (Array.isArray(json)) return json.map((v) => decodeState(v, tensors, file));
  if (json === null || typeof json !== 'object') return json;
  const o = json as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && (keys[0] === '$tensor' || keys[0] === '$array') && typeof o[keys[0]] === 'string') {
    const t = tensors[o[keys[0]] as string];
    if (!t) throw new FormatError(file, `the checkpoint's state refers to tensor "${String(o[keys[0]])}", which the file does not hold`);
    return keys[0] === '$tensor' ? t : t.data;
  }
  if (keys.length === 1 && keys[0] === '$number') return Number(o.$number);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = decodeState(o[k], tensors, file);
  return out;
}
