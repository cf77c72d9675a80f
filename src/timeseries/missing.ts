/**
 * Missing values (NaN) in a series: an error unless the user picks what to do with them.
 */

import { ValueError } from '../errors.js';
import { formatTimestamp } from './dates.js';
import { seriesLength, type TimeSeries } from './series.js';

/**
 * What to do with missing values:
 * - `'error'`: throw, naming the column and the first line (the default everywhere).
 * - `'drop'`: remove every row where any column is missing.
 * - `'ffill'`: carry the last observed value forward; leading gaps take the first observed value.
 * - `'interpolate'`: linear in time between the observed neighbours,
 *   `x(t) = x(t₀) + (x(t₁) − x(t₀))·(t − t₀)/(t₁ − t₀)`; leading and trailing gaps take the
 *   nearest observed value.
 */
export type MissingPolicy = 'error' | 'drop' | 'ffill' | 'interpolate';

/** Where the rows came from, so that errors can point at them. */
export interface RowOrigin {
  /** `lines[i]`: source line of row `i`, or −1 for a row that was inserted (a filled gap). */
  readonly lines?: ArrayLike<number>;
}

/** A series after a missing-value policy, with what was done to it. */
export interface MissingResult {
  readonly series: TimeSeries;
  /** Values that were filled in (ffill / interpolate). */
  readonly filled: number;
  /** Rows that were removed (drop). */
  readonly dropped: number;
  /** `lines` of the rows kept, when lines were given. */
  readonly lines?: Int32Array;
}

/**
 * Number of NaN values in each column.
 *
 * @example
 * countMissing(createTimeSeries({ a: [1, NaN], b: [NaN, NaN] })); // [1, 2]
 */
export function countMissing(series: TimeSeries): number[] {
  return series.values.map((col) => col.reduce((n, v) => (Number.isNaN(v) ? n + 1 : n), 0));
}

/** A column name as messages show it: quoted, at most 40 characters. */
function quoted(name: string): string {
  return `"${name.length > 40 ? `${name.slice(0, 40)}…` : name}"`;
}

function where(series: TimeSeries, row: number, origin: RowOrigin): string {
  const line = origin.lines?.[row];
  if (line === undefined) return `row ${row} (time ${formatTimestamp(series.timestamps[row])})`;
  if (line < 0) return `the row inserted for missing timestamp ${formatTimestamp(series.timestamps[row])}`;
  return `line ${line}`;
}

/**
 * Applies a missing-value policy to every column; returns a new series (inputs are not changed).
 *
 * @example
 * const s = createTimeSeries({ temp: [1, NaN, 3] }, [0, 1, 2]);
 * fillMissing(s, 'interpolate').series.values[0]; // Float64Array [1, 2, 3]
 * fillMissing(s, 'drop').series.timestamps;       // Float64Array [0, 2]
 * fillMissing(s, 'error');                        // throws ValueError naming column "temp", row 1
 */
export function fillMissing(series: TimeSeries, policy: MissingPolicy, origin: RowOrigin = {}): MissingResult {
  const n = seriesLength(series);
  const counts = countMissing(series);
  const total = counts.reduce((a, b) => a + b, 0);
  const lines = origin.lines === undefined ? undefined : Int32Array.from(origin.lines);
  if (total === 0) return { series, filled: 0, dropped: 0, lines };

  if (policy === 'error') {
    const c = counts.findIndex((k) => k > 0);
    const row = series.values[c].findIndex((v) => Number.isNaN(v));
    const all = series.columns.flatMap((name, i) => (counts[i] > 0 ? [`${quoted(name)}: ${counts[i]}`] : []));
    const shown = all.length > 10 ? `${all.slice(0, 10).join(', ')}, … ${all.length - 10} more columns` : all.join(', ');
    throw new ValueError(
      `missing values: expected a number in every row, got ${total} missing (${shown}); the first is column ${quoted(series.columns[c])} at ${where(series, row, origin)}. ` +
        `Fix: choose a policy with missing: 'drop' | 'ffill' | 'interpolate'.`,
    );
  }

  if (policy === 'drop') {
    const keep: number[] = [];
    for (let i = 0; i < n; i++) if (series.values.every((col) => !Number.isNaN(col[i]))) keep.push(i);
    if (keep.length === 0) {
      throw new ValueError(`missing values: policy 'drop' removed all ${n} rows, since every row has a missing value. Fix: use 'ffill' or 'interpolate', or select fewer columns.`);
    }
    const pick = (src: Float64Array) => Float64Array.from(keep, (i) => src[i]);
    return {
      series: { timestamps: pick(series.timestamps), columns: series.columns, values: series.values.map(pick) },
      filled: 0,
      dropped: n - keep.length,
      lines: lines && Int32Array.from(keep, (i) => lines[i]),
    };
  }

  const values = series.values.map((col, c) => {
    if (counts[c] === 0) return col;
    if (counts[c] === n) {
      throw new ValueError(`missing values: column ${quoted(series.columns[c])} has no value at all in its ${n} rows, so '${policy}' has nothing to fill from. Fix: leave the column out.`);
    }
    return policy === 'ffill' ? forwardFill(col) : interpolateLinear(col, series.timestamps);
  });
  return { series: { timestamps: series.timestamps, columns: series.columns, values }, filled: total, dropped: 0, lines };
}

/** Last observed value carried forward; leading NaNs take the first observed value. */
function forwardFill(col: Float64Array): Float64Array {
  const out = Float64Array.from(col);
  let last = out.find((v) => !Number.isNaN(v)) as number;
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i])) out[i] = last;
    else last = out[i];
  }
  return out;
}

/** Linear in time between observed neighbours; constant beyond the first and last observation. */
function interpolateLinear(col: Float64Array, t: Float64Array): Float64Array {
  const out = Float64Array.from(col);
  let prev = -1; // index of the last observed value
  for (let i = 0; i <= out.length; i++) {
    if (i < out.length && Number.isNaN(out[i])) continue;
    // rows prev+1 … i−1 are missing; fill them from prev and/or i
    for (let j = prev + 1; j < i; j++) {
      if (prev < 0) out[j] = out[i];
      else if (i === out.length) out[j] = out[prev];
      else out[j] = out[prev] + ((out[i] - out[prev]) * (t[j] - t[prev])) / (t[i] - t[prev]);
    }
    prev = i;
  }
  return out;
}
