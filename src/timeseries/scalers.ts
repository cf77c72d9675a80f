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

import { NonFiniteError, ShapeError, ValueError } from '../errors.js';
import { columnIndex, listNames, type TimeSeries } from './series.js';

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

  protected loadState(json: { columns: string[]; center: number[]; scale: number[] }): this {
    const k = json.columns.length;
    if (json.center.length !== k || json.scale.length !== k) {
      throw new ShapeError(`${this.constructor.name}.fromJSON center/scale`, [k], [json.center.length, json.scale.length], 'One center and one scale per column.');
    }
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

  static fromJSON(json: ScalerJSON): StandardScaler {
    return new StandardScaler().loadState(json);
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

  static fromJSON(json: ScalerJSON): MinMaxScaler {
    const range = json.kind === 'minmax' ? json.featureRange : undefined;
    return new MinMaxScaler({ featureRange: range }).loadState(json);
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

  static fromJSON(json: ScalerJSON): RobustScaler {
    const range = json.kind === 'robust' ? json.quantileRange : undefined;
    return new RobustScaler({ quantileRange: range }).loadState(json);
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

/**
 * Rebuilds a scaler from its `toJSON()` form, choosing the class by `kind`.
 *
 * @example
 * const saved = JSON.stringify(scaler.toJSON());
 * const again = scalerFromJSON(JSON.parse(saved));
 */
export function scalerFromJSON(json: ScalerJSON): SeriesScaler {
  switch (json?.kind) {
    case 'standard':
      return StandardScaler.fromJSON(json);
    case 'minmax':
      return MinMaxScaler.fromJSON(json);
    case 'robust':
      return RobustScaler.fromJSON(json);
    default:
      throw new ValueError(`scalerFromJSON: expected kind 'standard' | 'minmax' | 'robust', got ${JSON.stringify((json as { kind?: unknown })?.kind)}`);
  }
}
