/**
 * Small dense linear algebra in float64 for the diagnostics: singular values by one-sided
 * Jacobi and eigenvalues of a general (non-symmetric) matrix by Householder reduction to
 * Hessenberg form and Francis double-shift QR. Matrices are row-major `Float64Array`s of
 * n·n values; the sizes here are a recurrent layer's hidden size (tens to a few hundred), so
 * O(n³) reference loops are fast enough and stay readable.
 */

import { ShapeError, ValueError } from '../errors.js';

/** Eigenvalues λ = re + i·im, in no particular order (complex pairs next to each other). */
export interface Eigenvalues {
  readonly re: Float64Array; // [n]
  readonly im: Float64Array; // [n]
}

function square(a: ArrayLike<number>, n: number, where: string): Float64Array {
  if (!(Number.isInteger(n) && n >= 1)) throw new ValueError(`${where}: n must be a positive integer, got ${n}`);
  if (a.length !== n * n) throw new ShapeError(`${where} matrix`, `${n * n} values (${n}×${n})`, `${a.length} values`);
  const m = Float64Array.from(a);
  for (let i = 0; i < m.length; i++) if (!Number.isFinite(m[i])) throw new ValueError(`${where}: the matrix has ${m[i]} at [${Math.floor(i / n)}, ${i % n}]; expected finite values`);
  return m;
}

/**
 * Singular values of the m×n row-major matrix `a`, descending (min(m, n) of them), by
 * one-sided Jacobi (Hestenes): rotate pairs of columns until all are mutually orthogonal; the
 * column norms are then the singular values. Accurate to a few ulps relative to σ_max.
 *
 * @example
 * singularValues([3, 0, 0, -2], 2, 2); // Float64Array [3, 2]
 */
export function singularValues(a: ArrayLike<number>, rows: number, cols = rows): Float64Array {
  if (a.length !== rows * cols) throw new ShapeError('singularValues matrix', `${rows * cols} values (${rows}×${cols})`, `${a.length} values`);
  // Work on the orientation with the fewer columns: σ(A) = σ(Aᵀ).
  const tall = rows >= cols;
  const m = tall ? rows : cols, n = tall ? cols : rows;
  const u = new Float64Array(m * n); // column-major: column j at u[j·m …]
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    const v = +a[r * cols + c];
    if (!Number.isFinite(v)) throw new ValueError(`singularValues: the matrix has ${v} at [${r}, ${c}]; expected finite values`);
    if (tall) u[c * m + r] = v;
    else u[r * m + c] = v;
  }
  const eps = 2.220446049250313e-16;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let i = 0; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let k = 0; k < m; k++) {
          const x = u[i * m + k], y = u[j * m + k];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // The rotation that zeroes the (i, j) entry of the 2×2 Gram matrix [[α, γ], [γ, β]].
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        for (let k = 0; k < m; k++) {
          const x = u[i * m + k], y = u[j * m + k];
          u[i * m + k] = c * x - s * y;
          u[j * m + k] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const sv = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += u[j * m + k] * u[j * m + k];
    sv[j] = Math.sqrt(s);
  }
  return sv.sort().reverse();
}

/** Reduce the n×n row-major `h` in place to upper Hessenberg form by Householder similarities. */
function hessenberg(h: Float64Array, n: number): void {
  const v = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let norm = 0;
    for (let i = k + 1; i < n; i++) norm += h[i * n + k] * h[i * n + k];
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const x0 = h[(k + 1) * n + k];
    const alpha = x0 > 0 ? -norm : norm;
    // v = x − α·e₁, normalised; H ← (I − 2vvᵀ) H (I − 2vvᵀ)
    let vn = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = h[i * n + k] - (i === k + 1 ? alpha : 0);
      vn += v[i] * v[i];
    }
    vn = Math.sqrt(vn);
    if (vn === 0) continue;
    for (let i = k + 1; i < n; i++) v[i] /= vn;
    for (let j = 0; j < n; j++) {
      let d = 0;
      for (let i = k + 1; i < n; i++) d += v[i] * h[i * n + j];
      for (let i = k + 1; i < n; i++) h[i * n + j] -= 2 * v[i] * d;
    }
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let j = k + 1; j < n; j++) d += h[i * n + j] * v[j];
      for (let j = k + 1; j < n; j++) h[i * n + j] -= 2 * d * v[j];
    }
    for (let i = k + 2; i < n; i++) h[i * n + k] = 0;
  }
}

/**
 * All eigenvalues of the n×n row-major matrix `a` (not necessarily symmetric): Householder
 * reduction to upper Hessenberg form, then the Francis double-shift QR iteration with
 * deflation and exceptional shifts (EISPACK's hqr, as in Numerical Recipes §11.6), all in
 * float64. Throws a ValueError for non-finite entries or if the iteration does not converge.
 *
 * @example
 * const { re, im } = eigenvalues([0, -1, 1, 0], 2); // a 90° rotation: ±i
 */
export function eigenvalues(a: ArrayLike<number>, n: number): Eigenvalues {
  const h = square(a, n, 'eigenvalues');
  hessenberg(h, n);
  const at = (i: number, j: number) => h[i * n + j];
  const wr = new Float64Array(n), wi = new Float64Array(n);
  let anorm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) anorm += Math.abs(at(i, j));
  let nn = n - 1;
  let t = 0; // accumulated exceptional shifts
  let p = 0, q = 0, r = 0, s = 0, w = 0, x = 0, y = 0, z = 0;
  while (nn >= 0) {
    let its = 0;
    let l: number;
    do {
      // Look for a single small subdiagonal element to split the matrix.
      for (l = nn; l >= 1; l--) {
        s = Math.abs(at(l - 1, l - 1)) + Math.abs(at(l, l));
        if (s === 0) s = anorm;
        if (Math.abs(at(l, l - 1)) + s === s) {
          h[l * n + l - 1] = 0;
          break;
        }
      }
      x = at(nn, nn);
      if (l === nn) { // one root found
        wr[nn] = x + t;
        wi[nn--] = 0;
      } else {
        y = at(nn - 1, nn - 1);
        w = at(nn, nn - 1) * at(nn - 1, nn);
        if (l === nn - 1) { // two roots found
          p = 0.5 * (y - x);
          q = p * p + w;
          z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) { // a real pair
            z = p + (p >= 0 ? Math.abs(z) : -Math.abs(z));
            wr[nn - 1] = wr[nn] = x + z;
            if (z) wr[nn] = x - w / z;
            wi[nn - 1] = wi[nn] = 0;
          } else { // a complex pair
            wr[nn - 1] = wr[nn] = x + p;
            wi[nn - 1] = -(wi[nn] = z);
          }
          nn -= 2;
        } else { // no root yet: a double-shift QR sweep on rows/columns l … nn
          if (its === 60) throw new ValueError(`eigenvalues: the QR iteration did not converge for the ${n}×${n} matrix after ${its} iterations`);
          if (its === 10 || its === 20 || its === 40) { // exceptional shift
            t += x;
            for (let i = 0; i <= nn; i++) h[i * n + i] -= x;
            s = Math.abs(at(nn, nn - 1)) + Math.abs(at(nn - 1, nn - 2));
            y = x = 0.75 * s;
            w = -0.4375 * s * s;
          }
          ++its;
          let m: number;
          for (m = nn - 2; m >= l; m--) { // two consecutive small subdiagonal elements
            z = at(m, m);
            r = x - z;
            s = y - z;
            p = (r * s - w) / at(m + 1, m) + at(m, m + 1);
            q = at(m + 1, m + 1) - z - r - s;
            r = at(m + 2, m + 1);
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s;
            q /= s;
            r /= s;
            if (m === l) break;
            const u = Math.abs(at(m, m - 1)) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) * (Math.abs(at(m - 1, m - 1)) + Math.abs(z) + Math.abs(at(m + 1, m + 1)));
            if (u + v === v) break;
          }
          for (let i = m + 2; i <= nn; i++) {
            h[i * n + i - 2] = 0;
            if (i !== m + 2) h[i * n + i - 3] = 0;
          }
          for (let k = m; k <= nn - 1; k++) {
            if (k !== m) {
              p = at(k, k - 1);
              q = at(k + 1, k - 1);
              r = k !== nn - 1 ? at(k + 2, k - 1) : 0;
              x = Math.abs(p) + Math.abs(q) + Math.abs(r);
              if (x !== 0) {
                p /= x;
                q /= x;
                r /= x;
              }
            }
            const norm = Math.sqrt(p * p + q * q + r * r);
            s = p >= 0 ? norm : -norm;
            if (s !== 0) {
              if (k === m) {
                if (l !== m) h[k * n + k - 1] = -at(k, k - 1);
              } else {
                h[k * n + k - 1] = -s * x;
              }
              p += s;
              x = p / s;
              y = q / s;
              z = r / s;
              q /= p;
              r /= p;
              for (let j = k; j <= nn; j++) { // row modification
                p = at(k, j) + q * at(k + 1, j);
                if (k !== nn - 1) {
                  p += r * at(k + 2, j);
                  h[(k + 2) * n + j] -= p * z;
                }
                h[(k + 1) * n + j] -= p * y;
                h[k * n + j] -= p * x;
              }
              const mmin = nn < k + 3 ? nn : k + 3;
              for (let i = l; i <= mmin; i++) { // column modification
                p = x * at(i, k) + y * at(i, k + 1);
                if (k !== nn - 1) {
                  p += z * at(i, k + 2);
                  h[i * n + k + 2] -= p * r;
                }
                h[i * n + k + 1] -= p * q;
                h[i * n + k] -= p;
              }
            }
          }
        }
      }
    } while (l < nn - 1);
  }
  return { re: wr, im: wi };
}

/**
 * ρ(A) = max |λ| over the eigenvalues of the n×n row-major `a`: the factor by which a linear
 * recurrence h ← A·h grows or shrinks per step in the long run (‖Aᵏ‖^(1/k) → ρ).
 */
export function spectralRadius(a: ArrayLike<number>, n: number): number {
  const { re, im } = eigenvalues(a, n);
  let rho = 0;
  for (let i = 0; i < n; i++) rho = Math.max(rho, Math.hypot(re[i], im[i]));
  return rho;
}
