/**
 * The series every other time-series module works on: named columns of float64 numbers that
 * share one timestamps array. Rows are time steps, columns are variables.
 *
 * A series is a plain object, so slicing it (`sliceSeries`) is cheap: the columns are
 * `subarray` views of the same buffers, never copies.
 */

import { ShapeError, ValueError } from '../errors.js';
import { clip } from '../io/json-preview.js';

/**
 * Columns of numbers sharing one time axis.
 *
 * - `timestamps[i]`: time of row `i`, in milliseconds since the Unix epoch (UTC) when the
 *   series came from dates, or plain step numbers (0, 1, 2, …) when it has no time column.
 * - `columns[c]`: name of column `c`.
 * - `values[c][i]`: value of column `c` at row `i`; `values[c].length === timestamps.length`.
 */
export interface TimeSeries {
  readonly timestamps: Float64Array;
  readonly columns: readonly string[];
  readonly values: readonly Float64Array[];
}

/**
 * Builds a series from a timestamps array and a record of columns, copying into float64.
 *
 * Timestamps default to the step numbers 0 … N−1. Every column must have N values.
 *
 * @example
 * const s = createTimeSeries({ passengers: [112, 118, 132] }, [0, 1, 2]);
 * s.columns; // ['passengers']
 */
export function createTimeSeries(
  columns: Record<string, ArrayLike<number>>,
  timestamps?: ArrayLike<number>,
): TimeSeries {
  const names = Object.keys(columns);
  if (names.length === 0) {
    throw new ValueError('createTimeSeries: expected at least one column, got none. Pass e.g. { value: [1, 2, 3] }.');
  }
  const n = timestamps?.length ?? columns[names[0]].length;
  const values = names.map((name) => {
    const col = columns[name];
    if (col.length !== n) {
      throw new ShapeError(`createTimeSeries: column ${quoted(name)}`, [n], [col.length], 'Every column needs one value per timestamp.');
    }
    return Float64Array.from(col);
  });
  const time = timestamps ? Float64Array.from(timestamps) : stepNumbers(n);
  return { timestamps: time, columns: names, values };
}

/**
 * The step numbers 0 … n−1 as float64, the timestamps of a series without a time column.
 *
 * @example
 * stepNumbers(3); // Float64Array [0, 1, 2]
 */
export function stepNumbers(n: number): Float64Array {
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = i;
  return t;
}

/**
 * Number of rows (time steps) of a series.
 *
 * @example
 * seriesLength(createTimeSeries({ v: [1, 2, 3] })); // 3
 */
export function seriesLength(series: TimeSeries): number {
  return series.timestamps.length;
}

/**
 * Position of a column by name; throws a ValueError that lists the names there are, and a
 * near match (same name up to case and surrounding spaces) when there is one.
 *
 * @example
 * columnIndex(s, 'passengers'); // 0
 */
export function columnIndex(series: Pick<TimeSeries, 'columns'>, name: string, where = 'column'): number {
  const i = series.columns.indexOf(name);
  if (i >= 0) return i;
  throw new ValueError(`${where}: no column named ${quoted(name)}; the columns are ${listNames(series.columns)}${nearMatchHint(series.columns, name)}`);
}

/**
 * The values of one column, by name (a view, not a copy).
 *
 * @example
 * const passengers = seriesColumn(series, 'Passengers'); // Float64Array
 */
export function seriesColumn(series: TimeSeries, name: string): Float64Array {
  return series.values[columnIndex(series, name, 'seriesColumn')];
}

/**
 * Rows `start` (inclusive) to `end` (exclusive) of a series, as views of the same buffers.
 *
 * @example
 * const firstYear = sliceSeries(monthly, 0, 12);
 */
export function sliceSeries(series: TimeSeries, start: number, end = seriesLength(series)): TimeSeries {
  const n = seriesLength(series);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > n || start > end) {
    throw new ValueError(`sliceSeries: expected integers 0 <= start <= end <= ${n}, got start=${start}, end=${end}`);
  }
  return {
    timestamps: series.timestamps.subarray(start, end),
    columns: series.columns,
    values: series.values.map((v) => v.subarray(start, end)),
  };
}

/**
 * A series holding only the named columns, in the order given (views, not copies).
 *
 * @example
 * const temps = selectColumns(weather, ['temp_max', 'temp_min']);
 */
export function selectColumns(series: TimeSeries, names: readonly string[]): TimeSeries {
  const idx = names.map((name) => columnIndex(series, name, 'selectColumns'));
  return { timestamps: series.timestamps, columns: [...names], values: idx.map((i) => series.values[i]) };
}

/** Characters of one column name shown in a message; a name from a file can be megabytes long. */
const NAME_CHARS = 60;

/** A column name for a message: quoted, cut to 60 characters (`"abc…"`). */
function quoted(name: string): string {
  return JSON.stringify(clip(name, NAME_CHARS));
}

/** `["a", "b"]`, shortened past 12 names (each cut to 60 characters), for error messages. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 12).map(quoted);
  return `[${shown.join(', ')}${names.length > 12 ? `, … (${names.length} in all)` : ''}]`;
}

/** ` (did you mean "Temp"?)` when a name differs from one there only by case or spaces. */
export function nearMatchHint(names: readonly string[], name: string): string {
  const norm = (s: string) => s.trim().toLowerCase();
  const near = names.find((n) => norm(n) === norm(name));
  return near === undefined ? '' : ` (did you mean ${quoted(near)}?)`;
}
