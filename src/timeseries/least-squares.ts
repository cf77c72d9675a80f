/**
 * Small dense least squares in float64 through the normal equations, for the statistical
 * models of this folder (a few dozen unknowns at most, so a plain O(n³) Cholesky is right).
 */

/**
 * Solves `A β = b` for a symmetric positive definite `A` (n×n, row-major; only the lower
 * triangle is read) by Cholesky, `A = L Lᵀ`, then `L u = b` and `Lᵀ β = u`. Returns null
 * when `A` is not positive definite to working precision: a pivot `d_j ≤ n·ε·A_jj` means the
 * columns are (nearly) collinear and the solution would be rounding noise.
 *
 * @example
 * choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2); // Float64Array [0.5, 0]
 */
export function choleskySolve(A: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    if (!(d > n * Number.EPSILON * Math.abs(A[j * n + j]))) return null;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / ljj;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) x[i] -= L[i * n + k] * x[k];
    x[i] /= L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) x[i] -= L[k * n + i] * x[k];
    x[i] /= L[i * n + i];
  }
  return x;
}
