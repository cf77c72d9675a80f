/**
 * Checks of layer options, shared by every constructor and by the model-file loader (which runs
 * them on a saved config before anything is allocated). Each check throws a ValueError that
 * names the layer, the option, what was expected and what came; values in messages are
 * previews (`preview` of io/json-preview.ts), never whole values.
 */
import type { DType } from '../tensor/dtype.js';
import { ResourceError, ValueError } from '../errors.js';
import { preview } from '../io/json-preview.js';

/**
 * Largest size of one dimension a layer accepts (features, hidden units, vocabulary): 2²⁴. Far
 * above any trained recurrent network, low enough that an edited or corrupt config is refused
 * before it asks for terabytes.
 */
export const MAX_SIZE = 1 << 24;
/** Most stacked layers a recurrent layer accepts. */
export const MAX_LAYERS = 1024;
/**
 * Most elements of one parameter: 2³⁰ (4 GiB of float32), within what a typed array can hold
 * on every 64-bit engine; a bigger weight is a ResourceError instead of a RangeError.
 */
export const MAX_ELEMENTS = 2 ** 30;

/** A shape for a message, `[2, 3]`; past `max` dimensions the rest is counted, not listed. */
export function shapeText(shape: readonly number[], max = 8): string {
  return shape.length > max ? `[${shape.slice(0, max).join(', ')}, … (${shape.length} dims)]` : `[${shape.join(', ')}]`;
}

/** An integer option in [min, max]: sizes (≥ 1, at most MAX_SIZE) by default. */
export function checkInt(where: string, name: string, v: unknown, range: { min?: number; max?: number } = {}): number {
  const min = range.min ?? 1;
  const max = range.max ?? MAX_SIZE;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ValueError(`${where}: ${name} must be an integer in ${min} … ${max}, got ${preview(v)}`);
  }
  return v;
}

/** An optional boolean option (undefined gives `fallback`). */
export function checkBool(where: string, name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new ValueError(`${where}: ${name} must be true or false, got ${preview(v)}`);
  return v;
}

/** An optional dropout probability in [0, 1) (undefined gives 0). */
export function checkDropout(where: string, name: string, v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new ValueError(`${where}: ${name} must be a number in [0, 1), got ${preview(v)}`);
  return v;
}

/** An optional option among `allowed` (undefined gives `fallback`). */
export function checkOneOf<T extends string>(where: string, name: string, v: unknown, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ValueError(`${where}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${preview(v)}`);
  }
  return v as T;
}

/** An optional parameter dtype (undefined gives 'float32'). */
export function checkDType(where: string, v: unknown): DType {
  return checkOneOf<DType>(where, 'dtype', v, ['float32', 'float64'], 'float32');
}

/** An options argument: undefined gives `{}`; anything but a plain object is a ValueError. */
export function checkOptions<T extends object>(where: string, v: T | undefined): Partial<Record<keyof T, unknown>> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ValueError(`${where}: options must be an object, got ${preview(v)}`);
  return v as Partial<Record<keyof T, unknown>>;
}

/** Refuses a parameter of more than MAX_ELEMENTS elements, before it is allocated. */
export function checkElements(where: string, name: string, shape: readonly number[]): void {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n > MAX_ELEMENTS) {
    throw new ResourceError(`${where}: ${name} [${shape.join(', ')}]`, n, MAX_ELEMENTS, { unit: 'elements', hint: 'use smaller sizes' });
  }
}

/** Parameter shapes keyed as a module's stateDict, in registration order. */
export type ParameterShapes = Record<string, readonly number[]>;

/** `shapes` with every key prefixed by `prefix` (a child module's name and a dot). */
export function prefixed(prefix: string, shapes: ParameterShapes): ParameterShapes {
  const out: ParameterShapes = {};
  for (const [k, s] of Object.entries(shapes)) out[prefix + k] = s;
  return out;
}
