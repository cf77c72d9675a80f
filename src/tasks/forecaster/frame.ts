/**
 * The scaled table a Forecaster reads: the series' columns the network uses (targets, past
 * covariates, known-future covariates) after the training part's scaler, plus the generated
 * calendar columns, optionally extended past the end of the data by future timestamps.
 *
 * Rows are addressed by forecast origin L (the last observed row):
 *
 *   inputs   x[b, t, f] = col_f[L_b − T + 1 + t]        t = 0 … T−1
 *   future   u[b, k, j] = col_j[L_b + 1 + k]            k = 0 … H−1
 *   targets  y[b, k, c] = col_c[L_b + 1 + k]
 */

import { ValueError } from '../../errors.js';
import { calendarFeatures, type CalendarFeature } from '../../timeseries/calendar.js';
import type { AffineScaler } from '../../timeseries/scalers.js';
import { columnIndex, type TimeSeries } from '../../timeseries/series.js';

/** Scaled columns by name over one time axis. */
export interface Frame {
  readonly timestamps: Float64Array;
  /** Rows holding observed data; rows past it (future timestamps) hold only known-future values. */
  readonly observed: number;
  readonly columns: ReadonlyMap<string, Float64Array>;
}

/** What a frame is built from: which columns, the fitted scaler and the calendar. */
export interface FrameSpec {
  /** Series columns the network reads (targets first), scaled by `scaler`. */
  readonly seriesColumns: readonly string[];
  readonly calendar: readonly CalendarFeature[];
  readonly scaler: AffineScaler;
}

/**
 * Builds the frame of `series`, extended by `futureTimes` (timestamps past its end) whose
 * known-future columns come from `future` (a series over exactly those timestamps) or the
 * calendar; other columns are NaN there.
 */
export function buildFrame(
  spec: FrameSpec,
  series: TimeSeries,
  futureTimes: Float64Array = new Float64Array(0),
  future: TimeSeries | null = null,
  futureColumns: readonly string[] = [],
  /**
   * How many of the future rows must hold real known-future values (from `future`); the rest are
   * 0 (the scaled mean). Evaluation passes 0: its leads past the end are computed, never scored.
   */
  required = futureTimes.length,
): Frame {
  const n = series.timestamps.length;
  const total = n + futureTimes.length;
  const timestamps = new Float64Array(total);
  timestamps.set(series.timestamps);
  timestamps.set(futureTimes, n);
  const columns = new Map<string, Float64Array>();
  for (const name of spec.seriesColumns) {
    const col = new Float64Array(total).fill(NaN);
    col.set(series.values[columnIndex(series, name, 'Forecaster')]);
    let known = n;
    if (futureTimes.length > 0 && futureColumns.includes(name) && required > 0) {
      if (!future) throw new ValueError(`Forecaster.predict: the known-future covariate "${name}" is needed for the ${required} forecast steps; pass { future: series } holding it at those timestamps`);
      const v = future.values[columnIndex(future, name, 'Forecaster.predict future')];
      if (v.length < required) throw new ValueError(`Forecaster.predict: the future series holds ${v.length} rows of "${name}", expected ${required} (one per forecast step)`);
      const take = Math.min(v.length, futureTimes.length);
      col.set(v.subarray(0, take), n);
      known = n + take;
    }
    const scaled = spec.scaler.columns.includes(name) ? spec.scaler.transformValues(col, [name]) : col;
    if (futureColumns.includes(name)) scaled.fill(0, known);
    columns.set(name, scaled);
  }
  if (spec.calendar.length) {
    const cal = calendarFeatures(timestamps, spec.calendar);
    cal.columns.forEach((name, i) => columns.set(name, cal.values[i]));
  }
  return { timestamps, observed: n, columns };
}

function cols(frame: Frame, names: readonly string[]): Float64Array[] {
  return names.map((name) => {
    const c = frame.columns.get(name);
    if (!c) throw new ValueError(`Forecaster: the frame has no column "${name}"`);
    return c;
  });
}

/** Inputs x [B, T, F] of the origins (float32). */
export function inputsAt(frame: Frame, origins: ArrayLike<number>, T: number, names: readonly string[]): Float32Array {
  const c = cols(frame, names);
  const F = c.length, B = origins.length;
  const x = new Float32Array(B * T * F);
  for (let b = 0; b < B; b++) {
    const first = origins[b] - T + 1;
    for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) x[(b * T + t) * F + f] = c[f][first + t];
  }
  return x;
}

/** Values [B, H, K] at the H rows after each origin (float32): known-future covariates or targets. */
export function aheadAt(frame: Frame, origins: ArrayLike<number>, H: number, names: readonly string[]): Float32Array {
  const c = cols(frame, names);
  const K = c.length, B = origins.length;
  const u = new Float32Array(B * H * K);
  for (let b = 0; b < B; b++) for (let k = 0; k < H; k++) for (let j = 0; j < K; j++) u[(b * H + k) * K + j] = c[j][origins[b] + 1 + k];
  return u;
}
