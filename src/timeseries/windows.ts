/**
 * Sliding windows over a series, as in Keras's `timeseries_dataset_from_array` and Darts's
 * input/output chunks. A window is only arithmetic on row numbers; nothing is copied until
 * `windowBatches` materialises one batch at a time.
 *
 * Geometry (all in rows of the series; r = samplingRate):
 *
 *   start(i)      = i · stride
 *   inputRow(i,t) = start(i) + t·r                          t = 0 … T−1   (T = lookBack)
 *   last(i)       = start(i) + (T − 1)·r
 *   targetRow(i,k)= last(i) + (1 + shift + k)·r             k = 0 … H−1   (H = horizon)
 *   span          = (T + shift + H − 1)·r + 1               rows one window touches
 *   count         = ⌊(N − span) / stride⌋ + 1               (0 when N < span)
 *
 * So with the defaults (r = 1, shift = 0, H = 1) a window reads rows s … s+T−1 and predicts
 * row s+T. Known-future covariates are read at the target rows.
 */

import { NonFiniteError, ValueError } from '../errors.js';
import { columnIndex, seriesLength, type TimeSeries } from './series.js';

/** How windows are cut. Defaults in comments. */
export interface WindowOptions {
  /** T: input steps per window (Keras `sequence_length`, Darts `input_chunk_length`). */
  readonly lookBack: number;
  /** H: target steps per window. Default 1 (one-step-ahead). */
  readonly horizon?: number;
  /** C: columns to predict. */
  readonly targets: readonly string[];
  /** F: input columns (targets and past covariates). Default: the targets (autoregressive). */
  readonly features?: readonly string[];
  /** K: columns known in advance (calendar, planned values), read at the H target rows. Default none. */
  readonly futureCovariates?: readonly string[];
  /** Rows between the starts of consecutive windows (Keras `sequence_stride`). Default 1. */
  readonly stride?: number;
  /** Rows between consecutive steps inside a window, inputs and targets alike (Keras `sampling_rate`). Default 1. */
  readonly samplingRate?: number;
  /** Sampled steps skipped between the last input and the first target (Darts `output_chunk_shift`). Default 0. */
  readonly shift?: number;
}

function positiveInt(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new ValueError(`makeWindows: expected ${name} to be an integer >= ${min}, got ${v}`);
  return v;
}

/**
 * The windows of one series (one split). Holds references to the series' columns, not copies.
 */
export class SeriesWindows {
  readonly lookBack: number;
  readonly horizon: number;
  readonly stride: number;
  readonly samplingRate: number;
  readonly shift: number;
  readonly features: readonly string[];
  readonly targets: readonly string[];
  readonly futureCovariates: readonly string[];
  /** Columns of the series, by role (views of the series' buffers). */
  readonly featureValues: readonly Float64Array[];
  readonly targetValues: readonly Float64Array[];
  readonly futureValues: readonly Float64Array[];
  /** Rows one window touches, from its first input to its last target. */
  readonly span: number;
  /** Number of windows. */
  readonly count: number;

  constructor(
    readonly series: TimeSeries,
    options: WindowOptions,
  ) {
    this.lookBack = positiveInt('lookBack', options.lookBack, 1);
    this.horizon = positiveInt('horizon', options.horizon ?? 1, 1);
    this.stride = positiveInt('stride', options.stride ?? 1, 1);
    this.samplingRate = positiveInt('samplingRate', options.samplingRate ?? 1, 1);
    this.shift = positiveInt('shift', options.shift ?? 0, 0);
    if (options.targets.length === 0) throw new ValueError('makeWindows: expected at least one target column, got targets: []');
    this.targets = [...options.targets];
    this.features = [...(options.features ?? options.targets)];
    this.futureCovariates = [...(options.futureCovariates ?? [])];
    if (this.features.length === 0) throw new ValueError('makeWindows: expected at least one feature column, got features: []');
    const pick = (names: readonly string[], role: string) =>
      names.map((name) => {
        const col = series.values[columnIndex(series, name, `makeWindows ${role}`)];
        const bad = col.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) throw new NonFiniteError(`makeWindows ${role} column "${name}" at row ${bad} (apply a missing-value policy first)`, bad, col[bad]);
        return col;
      });
    this.featureValues = pick(this.features, 'features');
    this.targetValues = pick(this.targets, 'targets');
    this.futureValues = pick(this.futureCovariates, 'futureCovariates');

    const n = seriesLength(series);
    this.span = (this.lookBack + this.shift + this.horizon - 1) * this.samplingRate + 1;
    this.count = n >= this.span ? Math.floor((n - this.span) / this.stride) + 1 : 0;
  }

  /** First input row of window `i`. */
  start(i: number): number {
    return i * this.stride;
  }

  /** Row of input step `t` (0 … T−1) of window `i`. */
  inputRow(i: number, t: number): number {
    return i * this.stride + t * this.samplingRate;
  }

  /** Last input row of window `i`: the forecast origin. */
  lastInputRow(i: number): number {
    return this.inputRow(i, this.lookBack - 1);
  }

  /** Row of target step `k` (0 … H−1) of window `i`. */
  targetRow(i: number, k: number): number {
    return this.lastInputRow(i) + (1 + this.shift + k) * this.samplingRate;
  }

  /** Timestamps of the H target steps of window `i` (for plotting a forecast). */
  targetTimestamps(i: number): Float64Array {
    return Float64Array.from({ length: this.horizon }, (_, k) => this.series.timestamps[this.targetRow(i, k)]);
  }

  /** Throws a clear error when there is no window at all. */
  requireWindows(where: string): void {
    if (this.count > 0) return;
    const n = seriesLength(this.series);
    throw new ValueError(
      `${where}: a series of ${n} rows holds no window; each spans ${this.span} rows ` +
        `((lookBack ${this.lookBack} + shift ${this.shift} + horizon ${this.horizon} − 1) × samplingRate ${this.samplingRate} + 1). ` +
        `Fix: shorten lookBack or horizon, lower samplingRate, or give this split more rows.`,
    );
  }
}

/**
 * Cuts a series into windows (no copy). Build windows per split so that none crosses a boundary.
 *
 * @example
 * // 12 months in, the next 3 months out, predicting passengers from passengers
 * const w = makeWindows(split.train, { lookBack: 12, horizon: 3, targets: ['Passengers'] });
 * w.count;           // N − 14
 * w.targetRow(0, 0); // 12
 */
export function makeWindows(series: TimeSeries, options: WindowOptions): SeriesWindows {
  return new SeriesWindows(series, options);
}
