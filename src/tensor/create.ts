import type { Arr, DType } from './dtype.js';
import { alloc } from './dtype.js';
import { checkShape, fmtShape, sizeOf } from './shape.js';
import { Tensor } from './tensor.js';
import { ShapeError, ValueError } from '../errors.js';
import { defaultGenerator, type Generator } from '../random/generator.js';

/** Options of the tensor constructors: whether the tensor records gradients, and its dtype. */
export interface TensorOptions {
  requiresGrad?: boolean;
  /** Defaults to the dtype of a typed array passed in, else float32. */
  dtype?: DType;
}

type Nested = number | Nested[];

function flattenNested(v: Nested, out: number[], shape: number[], depth: number): void {
  if (typeof v === 'number') {
    if (depth !== shape.length && shape.length) throw new ValueError('tensor(): ragged nested array');
    out.push(v);
    return;
  }
  if (shape.length === depth) shape.push(v.length);
  else if (shape[depth] !== v.length) throw new ValueError(`tensor(): ragged nested array at depth ${depth}: expected ${shape[depth]} items, got ${v.length}`);
  for (const x of v) flattenNested(x, out, shape, depth + 1);
}

/**
 * Make a tensor from a typed array, a flat array with a shape, or nested arrays.
 * A Float32Array/Float64Array is used as is (not copied).
 * @example
 * const x = tensor(new Float32Array([1, 2, 3, 4]), [2, 2], { requiresGrad: true });
 * const y = tensor([[1, 2], [3, 4]]);
 */
export function tensor(values: Arr | Nested[] | number, shape?: readonly number[], options: TensorOptions = {}): Tensor {
  let data: Arr;
  let s: number[];
  if (values instanceof Float32Array || values instanceof Float64Array) {
    const want = options.dtype ?? (values instanceof Float64Array ? 'float64' : 'float32');
    data = (values instanceof Float64Array) === (want === 'float64') ? values : alloc(want, values.length);
    if (data !== values) data.set(values);
    s = shape ? [...shape] : [values.length];
  } else {
    const flat: number[] = [];
    const inferred: number[] = [];
    if (typeof values === 'number') flat.push(values);
    else flattenNested(values, flat, inferred, 0);
    data = alloc(options.dtype ?? 'float32', flat.length);
    data.set(flat);
    s = shape ? [...shape] : inferred;
  }
  checkShape(s, 'tensor()');
  if (sizeOf(s) !== data.length) throw new ShapeError('tensor()', `${data.length} elements`, `shape ${fmtShape(s)} with ${sizeOf(s)} elements`);
  return new Tensor(data, s, options.requiresGrad ?? false);
}

/**
 * A tensor of `shape` with every element `value` (float32 unless `options.dtype`).
 *
 * @example
 * full([2, 3], 0.5).toArray(); // [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
 */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  checkShape(shape, 'full()');
  const d = alloc(options.dtype ?? 'float32', sizeOf(shape));
  d.fill(value);
  return new Tensor(d, shape, options.requiresGrad ?? false);
}

/**
 * A tensor of `shape` filled with 0 (float32 unless `options.dtype`).
 *
 * @example
 * const h0 = zeros([1, 4, 32]); // [L·D, B, H]
 */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 0, options);
}

/**
 * A tensor of `shape` filled with 1 (float32 unless `options.dtype`).
 *
 * @example
 * const mask = ones([4, 10]); // [B, T]
 */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** Options of the random constructors: those of every tensor, and the generator to draw from (default: the global one). */
export interface RandomOptions extends TensorOptions {
  generator?: Generator;
}

/**
 * Samples of N(0, 1).
 *
 * @example
 * const x = randn([10, 4, 3]); // [T, B, I], from the default generator (manualSeed)
 */
export function randn(shape: readonly number[], options: RandomOptions = {}): Tensor {
  const g = options.generator ?? defaultGenerator();
  const t = zeros(shape, options);
  for (let i = 0; i < t.size; i++) t.data[i] = g.normal();
  return t;
}

/**
 * Samples of U(low, high).
 *
 * @example
 * const u = rand([4, 3], { low: -1, high: 1 });
 */
export function rand(shape: readonly number[], options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  const g = options.generator ?? defaultGenerator();
  const lo = options.low ?? 0, hi = options.high ?? 1;
  const t = zeros(shape, options);
  for (let i = 0; i < t.size; i++) t.data[i] = lo + (hi - lo) * g.uniform();
  return t;
}

/**
 * 0, 1, …, n−1 (or start, start+step, … < end).
 *
 * @example
 * arange(4).toArray();        // [0, 1, 2, 3]
 * arange(1, 2, 0.25).toArray(); // [1, 1.25, 1.5, 1.75]
 */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  const [s, e] = end === undefined ? [0, start] : [start, end];
  const n = Math.max(0, Math.ceil((e - s) / step));
  const t = zeros([n], options);
  for (let i = 0; i < n; i++) t.data[i] = s + i * step;
  return t;
}
