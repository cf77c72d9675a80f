/**
 * The linear autoregressive model a statistician fits first, as the baseline a recurrent
 * network must beat: each future value is a weighted sum of the last p values plus a constant,
 * fitted by least squares on the training rows only.
 *
 * Multi-step forecasts use the DIRECT strategy: one regression per horizon step k, so errors
 * of step 1 are not fed back into step 2 (the recursive strategy would), and every step is
 * fitted for what it is scored on.
 */

import { FormatError, NonFiniteError, ValueError } from '../errors.js';
import { previewJson } from '../io/json-preview.js';
import { choleskySolve } from './least-squares.js';

/** Options of {@link LinearAR}. Defaults in comments. */
export interface LinearAROptions {
  /** p: past values per regression, x_t … x_{t−p+1}. */
  readonly lags: number;
  /** H: steps ahead, one regression each. */
  readonly horizon: number;
  /**
   * λ/mean(diag): ridge penalty on the lag weights relative to the mean diagonal of the normal
   * matrix XᵀX (so it does not depend on the data's units; the constant is not penalised).
   * Default 1e-8: too small to move a well-posed fit (≈1e-8 relative), large enough that a
   * constant stretch or an exactly collinear set of lags (a series that obeys a shorter
   * recurrence) still gives a solution instead of a singular matrix. 0 asks for plain least
   * squares and makes a singular system an error.
   */
  readonly ridge?: number;
}

/** Default of {@link LinearAROptions.ridge}; see there why. */
const DEFAULT_RIDGE = 1e-8;

/** The fitted model as plain JSON (`LinearAR.fromJSON` reads it back). */
export interface LinearARJSON {
  readonly type: 'LinearAR';
  readonly lags: number;
  readonly horizon: number;
  readonly ridge: number;
  /** c_k, k = 1 … H. */
  readonly intercepts: readonly number[];
  /** a_{k,j}, laid out [H, p] row-major. */
  readonly coefficients: readonly number[];
}

function checkInt(where: string, name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new ValueError(`${where}: expected ${name} to be an integer >= ${min}, got ${v}`);
  return v;
}

function checkEnd(where: string, values: Float64Array, end: number): number {
  if (!Number.isInteger(end) || end < 0 || end > values.length) {
    throw new ValueError(`${where}: expected end to be an integer in [0, ${values.length}] (rows [0, end) are the training part), got ${end}`);
  }
  for (let i = 0; i < end; i++) {
    if (!Number.isFinite(values[i])) throw new NonFiniteError(`${where}: training row ${i} (apply a missing-value policy first)`, i, values[i]);
  }
  return end;
}

function mean(values: Float64Array, end: number): number {
  let s = 0;
  for (let i = 0; i < end; i++) s += values[i];
  return s / end;
}

/** Adds f fᵀ to the (p+1)² Gram matrix G for f = [1, z_t, z_{t−1}, …, z_{t−p+1}]. */
function addRow(G: Float64Array, z: Float64Array, t: number, p: number): void {
  const n = p + 1;
  for (let i = 0; i < n; i++) {
    const fi = i === 0 ? 1 : z[t - i + 1];
    for (let j = 0; j <= i; j++) G[i * n + j] += fi * (j === 0 ? 1 : z[t - j + 1]);
  }
}

/**
 * Solves (G + λ·diag(0, 1, …, 1)) β = b with λ = ridge · trace(G)/(p+1), on the leading
 * `m = p+1` block of an `n`-wide G. Throws when the system is singular.
 */
function ridgeSolve(where: string, G: Float64Array, n: number, b: Float64Array, m: number, ridge: number): Float64Array {
  const A = new Float64Array(m * m);
  let trace = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) A[i * m + j] = G[i * n + j];
    trace += G[i * n + i];
  }
  const lambda = (ridge * trace) / m;
  for (let i = 1; i < m; i++) A[i * m + i] += lambda;
  const beta = choleskySolve(A, b.subarray(0, m), m);
  if (beta === null) {
    throw new ValueError(`${where}: the normal equations with ${m - 1} lags are singular (the lags are collinear, e.g. a constant stretch of the series). Fix: pass ridge > 0 (the default is ${DEFAULT_RIDGE}), or fewer lags.`);
  }
  return beta;
}

/**
 * Linear autoregression fitted by least squares, one regression per step ahead (direct):
 *
 *   x_{t+k} ≈ c_k + Σ_{j=0..p−1} a_{k,j} · x_{t−j}          k = 1 … H
 *
 * over every t with all p lags and the target x_{t+k} inside the training rows [0, end).
 * The normal equations ((p+1)×(p+1)) are solved by Cholesky in float64 on the series minus
 * its training mean (for conditioning), with a tiny ridge on the lag weights.
 *
 * @example
 * const ar = new LinearAR({ lags: 12, horizon: 6 }).fit(passengers, trainRows);
 * const f = ar.predict(passengers, testOrigins); // [N, 6], from rows ≤ each origin
 * mae(actual, f);
 */
export class LinearAR {
  readonly lags: number;
  readonly horizon: number;
  readonly ridge: number;
  /** c_k, [H]; empty before `fit`. */
  intercepts = new Float64Array(0);
  /** a_{k,j}, [H, p] row-major; empty before `fit`. */
  coefficients = new Float64Array(0);

  constructor(options: LinearAROptions) {
    this.lags = checkInt('LinearAR', 'lags', options.lags, 1);
    this.horizon = checkInt('LinearAR', 'horizon', options.horizon, 1);
    this.ridge = options.ridge ?? DEFAULT_RIDGE;
    if (!(this.ridge >= 0) || !Number.isFinite(this.ridge)) throw new ValueError(`LinearAR: expected ridge to be a finite number >= 0, got ${this.ridge}`);
  }

  /**
   * Fits on rows [0, end) of `values` (default: all of them) and returns the model.
   * Needs end ≥ 2p + H, so that the last step's regression has at least p + 1 samples.
   */
  fit(values: Float64Array, end = values.length): this {
    const where = 'LinearAR.fit';
    const { lags: p, horizon: H } = this;
    checkEnd(where, values, end);
    if (end < 2 * p + H) {
      throw new ValueError(`${where}: ${end} training rows are too few for lags = ${p} and horizon = ${H}; needs at least 2·lags + horizon = ${2 * p + H}. Fix: fewer lags, a shorter horizon, or a longer training part.`);
    }
    const mu = mean(values, end);
    const z = Float64Array.from(values.subarray(0, end), (v) => v - mu);
    const n = p + 1;
    const G = new Float64Array(n * n);
    // Samples of step k are t = p−1 … end−1−k: build G for k = H, then add one row per smaller k.
    for (let t = p - 1; t <= end - 1 - H; t++) addRow(G, z, t, p);
    this.intercepts = new Float64Array(H);
    this.coefficients = new Float64Array(H * p);
    for (let k = H; k >= 1; k--) {
      if (k < H) addRow(G, z, end - 1 - k, p);
      const b = new Float64Array(n);
      for (let t = p - 1; t <= end - 1 - k; t++) {
        const y = z[t + k];
        b[0] += y;
        for (let j = 0; j < p; j++) b[j + 1] += z[t - j] * y;
      }
      const beta = ridgeSolve(where, G, n, b, n, this.ridge);
      // back from centred units: x − μ = c' + Σ a (x_lag − μ)  ⇒  c = c' + μ(1 − Σ a)
      let sumA = 0;
      for (let j = 0; j < p; j++) {
        this.coefficients[(k - 1) * p + j] = beta[j + 1];
        sumA += beta[j + 1];
      }
      this.intercepts[k - 1] = beta[0] + mu * (1 - sumA);
    }
    return this;
  }

  /**
   * Forecasts `[N, H]` (origin-major): row n holds x̂_{L+1} … x̂_{L+H} for L = origins[n],
   * computed from rows L−p+1 … L of `values` only (rows after L may be absent).
   */
  predict(values: Float64Array, origins: ArrayLike<number>): Float64Array {
    const where = 'LinearAR.predict';
    const { lags: p, horizon: H } = this;
    if (this.intercepts.length !== H) throw new ValueError(`${where}: the model is not fitted. Fix: call fit(values, end) first, or load one with LinearAR.fromJSON.`);
    const out = new Float64Array(origins.length * H);
    for (let n = 0; n < origins.length; n++) {
      const L = origins[n];
      if (!Number.isInteger(L) || L < 0 || L >= values.length) {
        throw new ValueError(`${where}: origin ${L} (origins[${n}]) is not a row of the series; expected an integer in [0, ${values.length - 1}]`);
      }
      if (L + 1 < p) throw new ValueError(`${where}: origin ${L} (origins[${n}]) has ${L + 1} rows of history, needs lags = ${p}. Fix: start the origins at row ${p - 1} or later.`);
      for (let j = 0; j < p; j++) {
        if (!Number.isFinite(values[L - j])) throw new NonFiniteError(`${where}: row ${L - j} (read for origin ${L})`, L - j, values[L - j]);
      }
      for (let k = 0; k < H; k++) {
        let s = this.intercepts[k];
        for (let j = 0; j < p; j++) s += this.coefficients[k * p + j] * values[L - j];
        out[n * H + k] = s;
      }
    }
    return out;
  }

  toJSON(): LinearARJSON {
    return {
      type: 'LinearAR',
      lags: this.lags,
      horizon: this.horizon,
      ridge: this.ridge,
      intercepts: [...this.intercepts],
      coefficients: [...this.coefficients],
    };
  }

  /**
   * Rebuilds a fitted model from `toJSON()`. Every field is checked first: a FormatError names
   * the field that is missing, of the wrong type, out of range or not finite.
   *
   * @example
   * const again = LinearAR.fromJSON(JSON.parse(JSON.stringify(ar)));
   */
  static fromJSON(json: unknown): LinearAR {
    const j = checkLinearARJSON(json);
    const m = new LinearAR({ lags: j.lags, horizon: j.horizon, ridge: j.ridge });
    m.intercepts = Float64Array.from(j.intercepts);
    m.coefficients = Float64Array.from(j.coefficients);
    return m;
  }
}

/**
 * Largest lags or horizon a saved model may declare: 2²⁴, far above any fitted one, so that a
 * corrupt value is named as such instead of as a length mismatch of a huge product.
 */
const MAX_JSON_ORDER = 1 << 24;

/** `json` as a {@link LinearARJSON} whose arrays have the lengths lags and horizon imply, all finite; else a FormatError naming the field. */
function checkLinearARJSON(json: unknown): LinearARJSON {
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new FormatError('LinearAR JSON', `${field} must be ${expected}, got ${previewJson(got)}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('the value', 'an object {type, lags, horizon, ridge, intercepts, coefficients}', json);
  const j = json as Record<string, unknown>;
  if (j.type !== 'LinearAR') fail('type', "'LinearAR'", j.type);
  const int = (field: 'lags' | 'horizon'): number => {
    const v = j[field];
    return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_JSON_ORDER ? v : fail(field, `an integer in 1 … ${MAX_JSON_ORDER}`, v);
  };
  const lags = int('lags');
  const horizon = int('horizon');
  const ridge = j.ridge;
  if (typeof ridge !== 'number' || !Number.isFinite(ridge) || ridge < 0) fail('ridge', 'a finite number >= 0', ridge);
  const finite = (field: 'intercepts' | 'coefficients', n: number, shape: string): void => {
    const v = j[field];
    if (!Array.isArray(v)) return fail(field, `an array of ${n} finite numbers (${shape})`, v);
    if (v.length !== n) throw new FormatError('LinearAR JSON', `expected ${n} ${field} (${shape}), got ${v.length}`);
    for (let i = 0; i < n; i++) if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) fail(`${field}[${i}]`, 'a finite number', v[i]);
  };
  finite('intercepts', horizon, `horizon = ${horizon}`);
  finite('coefficients', horizon * lags, `horizon × lags = ${horizon} × ${lags}`);
  return json as LinearARJSON;
}

/** Options of {@link chooseArLags} and {@link arLagAic}. */
export interface ArLagOptions {
  /** Most lags tried (before the ⌊end/10⌋ cap). */
  readonly maxLags: number;
  /** The season in rows, if known (e.g. from `detectSeason`): the search then reaches one season back. Default none. */
  readonly season?: number;
}

/**
 * Picks the number of lags p of a {@link LinearAR} by Akaike's information criterion on the
 * one-step regression over the training rows [0, end):
 *
 *   AIC(p) = n·ln(RSS_p / n) + 2(p + 1),     p = 1 … P,   P = min(max(maxLags, season), ⌊end/10⌋)
 *
 * Every p is fitted on the same n = end − P targets (rows P … end−1), so the criteria are
 * comparable. AIC rather than a validation split: it uses the whole training part, needs no
 * second split of an often short series and no refits, and is what R's `ar()` does; it
 * targets forecast error (BIC would target the "true" order and pick fewer lags). The cap
 * ⌊end/10⌋ keeps at least ten rows per lag. `season` (e.g. from `detectSeason`) lifts the
 * cap to reach one season back, when the data allow it.
 *
 * @example
 * const lags = chooseArLags(passengers, trainRows, { maxLags: 24, season: 12 });
 * const ar = new LinearAR({ lags, horizon: 6 }).fit(passengers, trainRows);
 */
export function chooseArLags(values: Float64Array, end: number, options: ArLagOptions): number {
  const aic = lagCriteria('chooseArLags', values, end, options);
  let best = 1;
  for (let p = 2; p <= aic.length; p++) if (aic[p - 1] < aic[best - 1]) best = p;
  return best;
}

/**
 * The criteria {@link chooseArLags} compares: aic[p − 1] = AIC(p) for p = 1 … P (see there),
 * for reports that show why a number of lags was chosen.
 *
 * @example
 * arLagAic(passengers, trainRows, { maxLags: 24 }); // Float64Array of P values, lowest = chosen
 */
export function arLagAic(values: Float64Array, end: number, options: ArLagOptions): Float64Array {
  return lagCriteria('arLagAic', values, end, options);
}

function lagCriteria(where: string, values: Float64Array, end: number, options: ArLagOptions): Float64Array {
  checkEnd(where, values, end);
  checkInt(where, 'maxLags', options.maxLags, 1);
  if (options.season !== undefined) checkInt(where, 'season', options.season, 1);
  const P = Math.min(Math.max(options.maxLags, options.season ?? 0), Math.floor(end / 10));
  if (P < 1) throw new ValueError(`${where}: ${end} training rows are too few; at least 10 rows per lag are needed, so end >= 10. Fix: a longer training part.`);
  const mu = mean(values, end);
  const z = Float64Array.from(values.subarray(0, end), (v) => v - mu);
  const m = P + 1;
  const G = new Float64Array(m * m);
  const b = new Float64Array(m);
  let yy = 0;
  for (let t = P - 1; t <= end - 2; t++) {
    addRow(G, z, t, P);
    const y = z[t + 1];
    b[0] += y;
    for (let j = 0; j < P; j++) b[j + 1] += z[t - j] * y;
    yy += y * y;
  }
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) G[i * m + j] = G[j * m + i];
  const n = end - P;
  const aic = new Float64Array(P);
  for (let p = 1; p <= P; p++) {
    const beta = ridgeSolve(where, G, m, b, p + 1, DEFAULT_RIDGE);
    // RSS = yᵀy − 2βᵀb + βᵀGβ (G without the ridge)
    let rss = yy;
    for (let i = 0; i <= p; i++) {
      rss -= 2 * beta[i] * b[i];
      for (let j = 0; j <= p; j++) rss += beta[i] * G[i * m + j] * beta[j];
    }
    // An exact recurrence leaves RSS at rounding level; the floor keeps ln finite and ties equal.
    rss = Math.max(rss, 1e-14 * yy, Number.MIN_VALUE);
    aic[p - 1] = n * Math.log(rss / n) + 2 * (p + 1);
  }
  return aic;
}
