import type { Arr } from '../../tensor/dtype.js';

/** A zeroed array of `n` elements in the precision of `a`. */
export function newLike(a: Arr, n: number): Arr {
  return a instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
}

/** Σ over rows of a [rows, cols] array into `out` [cols]. */
export function columnSums(src: Arr, rows: number, cols: number, out: Arr): void {
  out.fill(0);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) out[j] += src[r * cols + j];
}

/** out[t] = sqrt(Σ of src[t, :]²) over the rows of src [T, n], summed in float64. */
export function stepNorms(src: Arr, T: number, n: number, out: Float64Array): void {
  for (let t = 0; t < T; t++) {
    let sq = 0;
    for (let i = t * n; i < (t + 1) * n; i++) sq += src[i] * src[i];
    out[t] = Math.sqrt(sq);
  }
}
