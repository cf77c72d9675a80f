/**
 * L-BFGS (Nocedal & Wright, Numerical Optimization, alg. 7.4 and 7.5) in float64 for smooth
 * convex problems such as L2-regularised logistic regression: the two-loop recursion over the
 * last `memory` steps gives the search direction, a backtracking line search with the Armijo
 * condition the step. Deterministic: the same problem gives the same iterates.
 */

/** f(x) and its gradient, written into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link lbfgs}. */
export interface LbfgsOptions {
  /** Pairs (s, y) kept. Default 10 (scikit-learn's and SciPy's). */
  readonly memory?: number;
  /** Most iterations. Default 1000. */
  readonly maxIterations?: number;
  /** Stop when max |∇f| ≤ tolerance · max(1, |f|). Default 1e-8. */
  readonly tolerance?: number;
}

/** Where {@link lbfgs} stopped: the point x, f(x), the iterations taken, and whether it converged. */
export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  /** max |∇f| at the end. */
  readonly gradMax: number;
  readonly converged: boolean;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const maxAbs = (a: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

/** Minimises `f` from `x0` (not modified). */
export function lbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const m = options.memory ?? 10;
  const maxIt = options.maxIterations ?? 1000;
  const tol = options.tolerance ?? 1e-8;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let fx = f(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const alpha = new Float64Array(m);
  let it = 0;
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  for (; it < maxIt; it++) {
    if (maxAbs(g) <= tol * Math.max(1, Math.abs(fx))) return { x, value: fx, iterations: it, gradMax: maxAbs(g), converged: true };
    // Two-loop recursion: d = −H·g.
    for (let i = 0; i < n; i++) d[i] = -g[i];
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], d);
      const y = Y[k];
      for (let i = 0; i < n; i++) d[i] -= alpha[k] * y[i];
    }
    const gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1 / Math.max(1, maxAbs(g));
    for (let i = 0; i < n; i++) d[i] *= gamma;
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], d);
      const s = S[k];
      for (let i = 0; i < n; i++) d[i] += (alpha[k] - beta) * s[i];
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (curvature lost to rounding): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i] / Math.max(1, maxAbs(g));
      slope = dot(g, d);
    }
    // Backtracking line search with the Armijo condition f(x + t·d) ≤ f(x) + 1e-4·t·gᵀd.
    let t = 1;
    let fNew = Infinity;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + t * d[i];
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * t * slope) break;
      t *= 0.5;
    }
    if (!(fNew <= fx)) return { x, value: fx, iterations: it, gradMax: maxAbs(g), converged: false };
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const decrease = fx - fNew;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    fx = fNew;
    if (decrease <= 1e-15 * Math.max(1, Math.abs(fx)) && maxAbs(g) <= 1e-5 * Math.max(1, Math.abs(fx))) {
      return { x, value: fx, iterations: it + 1, gradMax: maxAbs(g), converged: true };
    }
  }
  return { x, value: fx, iterations: it, gradMax: maxAbs(g), converged: maxAbs(g) <= tol * Math.max(1, Math.abs(fx)) };
}
