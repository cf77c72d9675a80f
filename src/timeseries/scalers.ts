/**
 * Per-column scalers for series: standard (z-score), min-max and robust (median / IQR).
 *
 * Each is an affine map fitted on the training split only and then applied to every split:
 *
 *   transform:        z = (x − center) / scale
 *   inverseTransform: x = z · scale + center
 *
 * Constant columns get `scale = 1` (as in scikit-learn), so they map to a constant instead
 * of dividing by zero. The fitted numbers serialise with `toJSON` / `scalerFromJSON`.
 */

import { FormatError, NonFiniteError, ShapeError, ValueError } from '../errors.js';
import { columnIndex, listNames, type TimeSeries } from './series.js';
import { preview } from '../io/json-preview.js';

/** The serialised form of any scaler: plain numbers, safe for JSON.stringify. */
export type ScalerJSON =
  | { readonly kind: 'standard'; readonly columns: string[]; readonly center: number[]; readonly scale: number[] }
  | { readonly kind: 'minmax'; readonly columns: string[]; readonly center: number[]; readonly scale: number[]; readonly featureRange: [number, number] }
  | { readonly kind: 'robust'; readonly columns: string[]; readonly center: number[]; readonly scale: number[]; readonly quantileRange: [number, number] };

/**
 * Shared fitted state and the affine transform; subclasses only say how `center` and `scale`
 * come from a column of training data.
 */
export abstract class AffineScaler {
  /** Names of the fitted columns; other columns pass through `transform` unchanged. */
  columns: string[] = [];
  center = new Float64Array(0);
  scale = new Float64Array(0);

  protected abstract fitColumn(values: Float64Array): [center: number, scale: number];
  abstract toJSON(): ScalerJSON;

  /**
   * Fits on the given columns (default: all) of a series — pass the training split only.
   * Throws NonFiniteError on NaN/Infinity (apply a missing-value policy first).
   */
  fit(train: TimeSeries, columns: readonly string[] = train.columns): this {
    if (train.timestamps.length === 0) throw new ValueError(`${this.constructor.name}.fit: expected a series with at least one row, got 0 rows`);
    const fitted = columns.map((name) => {
      const values = train.values[columnIndex(train, name, `${this.constructor.name}.fit`)];
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new NonFiniteError(`${this.constructor.name}.fit column "${name}" (apply a missing-value policy first)`, bad, values[bad]);
      const [c, s] = this.fitColumn(values);
      return [c, s === 0 || !Number.isFinite(s) ? 1 : s];
    });
    this.columns = [...columns];
    this.center = Float64Array.from(fitted, (f) => f[0]);
    this.scale = Float64Array.from(fitted, (f) => f[1]);
    return this;
  }

  /** `z = (x − center) / scale` on the fitted columns; returns a new series. */
  transform(series: TimeSeries): TimeSeries {
    return this.map(series, 'transform', (x, c, s) => (x - c) / s);
  }

  /** `x = z · scale + center` on the fitted columns; returns a new series. */
  inverseTransform(series: TimeSeries): TimeSeries {
    return this.map(series, 'inverseTransform', (z, c, s) => z * s + c);
  }

  /**
   * Inverse transform of a flat array whose last axis runs over `columns` (e.g. a `y` batch
   * `[B, H, C]` for target columns `C`, or predictions of one column). Returns float64.
   *
   * @example
   * const yDegrees = scaler.inverseTransformValues(batch.y, ['temp']);
   */
  inverseTransformValues(values: ArrayLike<number>, columns: readonly string[]): Float64Array {
    return this.mapValues(values, columns, (z, c, s) => z * s + c);
  }

  /** Transform of a flat array whose last axis runs over `columns`. Returns float64. */
  transformValues(values: ArrayLike<number>, columns: readonly string[]): Float64Array {
    return this.mapValues(values, columns, (x, c, s) => (x - c) / s);
  }

  protected stateJSON() {
    return { columns: [...this.columns], center: Array.from(this.center), scale: Array.from(this.scale) };
  }

  /** Takes the fitted state of a checked ScalerJSON (see checkScalerJSON). */
  protected loadState(json: ScalerJSON): this {
    this.columns = [...json.columns];
    this.center = Float64Array.from(json.center);
    this.scale = Float64Array.from(json.scale);
    return this;
  }

  private requireFitted(op: string): void {
    if (this.columns.length === 0) throw new ValueError(`${this.constructor.name}.${op}: the scaler is not fitted. Fix: call fit(trainSeries) first.`);
  }

  private map(series: TimeSeries, op: string, f: (x: number, center: number, scale: number) => number): TimeSeries {
    this.requireFitted(op);
    const k = this.columns.map((name) => columnIndex(series, name, `${this.constructor.name}.${op}`));
    const values = series.values.map((col, c) => {
      const j = k.indexOf(c);
      if (j < 0) return col;
      const [center, scale] = [this.center[j], this.scale[j]];
      return col.map((x) => f(x, center, scale));
    });
    return { timestamps: series.timestamps, columns: series.columns, values };
  }

  private mapValues(values: ArrayLike<number>, columns: readonly string[], f: (x: number, center: number, scale: number) => number): Float64Array {
    this.requireFitted('inverseTransformValues');
    const idx = columns.map((name) => {
      const j = this.columns.indexOf(name);
      if (j < 0) throw new ValueError(`${this.constructor.name}: column ${JSON.stringify(name)} was not fitted; fitted columns are ${listNames(this.columns)}`);
      return j;
    });
    const C = idx.length;
    if (C === 0 || values.length % C !== 0) {
      throw new ShapeError(`${this.constructor.name} values`, `[…, ${C}] (length a multiple of ${C})`, `length ${values.length}`);
    }
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const j = idx[i % C];
      out[i] = f(values[i], this.center[j], this.scale[j]);
    }
    return out;
  }
}

/**
 * Z-score: `center = mean`, `scale = std` (population, ddof = 0, as scikit-learn).
 *
 *   μ = (1/N) Σ xᵢ,   σ = √((1/N) Σ (xᵢ − μ)²),   z = (x − μ) / σ
 *
 * @example
 * const scaler = new StandardScaler().fit(train);
 * const [tr, va] = [scaler.transform(train), scaler.transform(validation)];
 */
export class StandardScaler extends AffineScaler {
  protected fitColumn(x: Float64Array): [number, number] {
    let mean = 0;
    for (let i = 0; i < x.length; i++) mean += (x[i] - mean) / (i + 1); // running mean, stable
    let ss = 0;
    for (let i = 0; i < x.length; i++) ss += (x[i] - mean) ** 2;
    return [mean, Math.sqrt(ss / x.length)];
  }

  toJSON(): ScalerJSON {
    return { kind: 'standard', ...this.stateJSON() };
  }

  /** Rebuilds a scaler from `toJSON()`; FormatError naming the field if `json` is not a valid 'standard' one. */
  static fromJSON(json: unknown): StandardScaler {
    return new StandardScaler().loadState(checkScalerJSON(json, 'standard'));
  }
}

/**
 * Min-max to `featureRange = [a, b]` (default [0, 1]):
 *
 *   z = a + (x − min)·(b − a)/(max − min),  i.e. center = min − a·s, scale s = (max − min)/(b − a)
 *
 * Values outside the training range map outside [a, b]; nothing is clipped.
 *
 * @example
 * const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit(train);
 */
export class MinMaxScaler extends AffineScaler {
  readonly featureRange: [number, number];

  constructor(options: { featureRange?: [number, number] } = {}) {
    super();
    this.featureRange = options.featureRange ?? [0, 1]; // scikit-learn's default
    const [a, b] = this.featureRange;
    if (!(a < b)) throw new ValueError(`MinMaxScaler: expected featureRange [a, b] with a < b, got [${a}, ${b}]`);
  }

  protected fitColumn(x: Float64Array): [number, number] {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of x) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
    const [a, b] = this.featureRange;
    const s = hi === lo ? 1 : (hi - lo) / (b - a);
    return [lo - a * s, s];
  }

  toJSON(): ScalerJSON {
    return { kind: 'minmax', ...this.stateJSON(), featureRange: [...this.featureRange] };
  }

  /** Rebuilds a scaler from `toJSON()`; FormatError naming the field if `json` is not a valid 'minmax' one. */
  static fromJSON(json: unknown): MinMaxScaler {
    const checked = checkScalerJSON(json, 'minmax') as Extract<ScalerJSON, { kind: 'minmax' }>;
    return new MinMaxScaler({ featureRange: checked.featureRange }).loadState(checked);
  }
}

/**
 * Robust to outliers: `center = median`, `scale = Q(q₂) − Q(q₁)` (the IQR by default,
 * `quantileRange = [25, 75]`), quantiles linearly interpolated as NumPy's default:
 *
 *   Q(p) = x₍ₖ₎ + (h − k)(x₍ₖ₊₁₎ − x₍ₖ₎),   h = (N − 1)·p/100,  k = ⌊h⌋  (x₍ᵢ₎ sorted)
 *
 * @example
 * const scaler = new RobustScaler().fit(train);
 */
export class RobustScaler extends AffineScaler {
  readonly quantileRange: [number, number];

  constructor(options: { quantileRange?: [number, number] } = {}) {
    super();
    this.quantileRange = options.quantileRange ?? [25, 75]; // scikit-learn's default
    const [q1, q2] = this.quantileRange;
    if (!(q1 >= 0 && q1 < q2 && q2 <= 100)) throw new ValueError(`RobustScaler: expected quantileRange [q1, q2] with 0 <= q1 < q2 <= 100, got [${q1}, ${q2}]`);
  }

  protected fitColumn(x: Float64Array): [number, number] {
    const sorted = Float64Array.from(x).sort();
    const [q1, q2] = this.quantileRange;
    return [quantile(sorted, 50), quantile(sorted, q2) - quantile(sorted, q1)];
  }

  toJSON(): ScalerJSON {
    return { kind: 'robust', ...this.stateJSON(), quantileRange: [...this.quantileRange] };
  }

  /** Rebuilds a scaler from `toJSON()`; FormatError naming the field if `json` is not a valid 'robust' one. */
  static fromJSON(json: unknown): RobustScaler {
    const checked = checkScalerJSON(json, 'robust') as Extract<ScalerJSON, { kind: 'robust' }>;
    return new RobustScaler({ quantileRange: checked.quantileRange }).loadState(checked);
  }
}

/** Percentile `p` (0–100) of sorted data, linear interpolation between closest ranks. */
export function quantile(sorted: Float64Array, p: number): number {
  const h = ((sorted.length - 1) * p) / 100;
  const k = Math.floor(h);
  return k + 1 < sorted.length ? sorted[k] + (h - k) * (sorted[k + 1] - sorted[k]) : sorted[k];
}

/** Any of the three scalers. */
export type SeriesScaler = StandardScaler | MinMaxScaler | RobustScaler;

/** The scaler kinds, as `toJSON` writes them. */
const KINDS = ['standard', 'minmax', 'robust'] as const;

/**
 * Checks a scaler's JSON form field by field and returns it typed, or throws a FormatError
 * naming the field: `kind` one of 'standard' | 'minmax' | 'robust' (and `expected` if given),
 * `columns` an array of strings, `center` and `scale` arrays of finite numbers, one per column,
 * every scale > 0, and for minmax `featureRange` [a, b] with a < b, for robust
 * `quantileRange` [q1, q2] with 0 ≤ q1 < q2 ≤ 100.
 */
export function checkScalerJSON(json: unknown, expected?: ScalerJSON['kind']): ScalerJSON {
  const fail = (detail: string): never => {
    throw new FormatError('scaler JSON', detail);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail(`expected an object {kind, columns, center, scale}, got ${preview(json, 60)}`);
  const j = json as Record<string, unknown>;
  const kind = j.kind;
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) return fail(`expected kind 'standard' | 'minmax' | 'robust', got ${preview(kind, 60)}`);
  if (expected !== undefined && kind !== expected) return fail(`expected kind '${expected}', got '${kind}'`);
  const { columns, center, scale } = j;
  if (!Array.isArray(columns)) return fail(`columns must be an array of column names, got ${preview(columns, 60)}`);
  const badName = columns.findIndex((c) => typeof c !== 'string');
  if (badName >= 0) fail(`columns[${badName}] must be a column name (a string), got ${preview(columns[badName], 60)}`);
  const numbers = (field: string, v: unknown, positive: boolean): number[] => {
    if (!Array.isArray(v)) return fail(`${field} must be an array of numbers, one per column, got ${preview(v, 60)}`);
    if (v.length !== columns.length) fail(`${field} has ${v.length} values for ${columns.length} columns; expected one per column`);
    v.forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${field}[${i}] (column ${preview(columns[i], 60)}) must be a finite number, got ${preview(x, 60)}`);
      if (positive && !(x > 0)) fail(`${field}[${i}] (column ${preview(columns[i], 60)}) must be > 0, got ${x}`);
    });
    return v as number[];
  };
  numbers('center', center, false);
  numbers('scale', scale, true);
  const range = (field: string, lo: number, hi: number, inclusive: boolean) => {
    const r = j[field];
    if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => typeof x === 'number' && Number.isFinite(x))) return fail(`${field} must be [a, b], two finite numbers, got ${preview(r, 60)}`);
    const [a, b] = r as number[];
    if (!(a < b) || (inclusive && (a < lo || b > hi))) fail(`${field} must be [a, b] with ${inclusive ? `${lo} <= a < b <= ${hi}` : 'a < b'}, got [${a}, ${b}]`);
  };
  if (kind === 'minmax') range('featureRange', -Infinity, Infinity, false);
  if (kind === 'robust') range('quantileRange', 0, 100, true);
  return json as ScalerJSON;
}

/**
 * Rebuilds a scaler from its `toJSON()` form, choosing the class by `kind`. Everything is
 * checked first (see checkScalerJSON): a FormatError names the field that is wrong.
 *
 * @example
 * const saved = JSON.stringify(scaler.toJSON());
 * const again = scalerFromJSON(JSON.parse(saved));
 */
export function scalerFromJSON(json: unknown): SeriesScaler {
  const checked = checkScalerJSON(json);
  if (checked.kind === 'minmax') return MinMaxScaler.fromJSON(checked);
  if (checked.kind === 'robust') return RobustScaler.fromJSON(checked);
  return StandardScaler.fromJSON(checked);
}
