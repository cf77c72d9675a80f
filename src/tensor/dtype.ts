/** Element types. float32 is the working type; float64 exists for gradient checks. */
export type DType = 'float32' | 'float64';

/** The typed array behind a tensor of each dtype. */
export type Arr = Float32Array | Float64Array;

/** Allocate a zeroed array of `n` elements of `dtype`. */
export function alloc(dtype: DType, n: number): Arr {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** The dtype of a typed array. */
export function dtypeOf(a: Arr): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}
