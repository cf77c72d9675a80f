/**
 * The last rows of the data a forecaster was trained and tested on, kept in its folder
 * (context.json) so `forecast predict --model DIR` forecasts past the end of that data without
 * the file.
 */

import { FormatError, IOError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { readJsonFile } from '../../text/json-file.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { seriesLength, type TimeSeries } from '../../timeseries/series.js';

const fsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');

/** How the data file was read, so later commands read it the same way without the flags again. */
export interface ReadDefaults {
  readonly time?: string;
  readonly delimiter?: string;
}

/** Writes the last `rows` rows of `series` as DIR/context.json, with how the file was read. */
export async function saveContext(dir: string, series: TimeSeries, rows: number, read: ReadDefaults = {}): Promise<void> {
  const n = seriesLength(series);
  const from = Math.max(0, n - rows);
  const json = { read, timestamps: Array.from(series.timestamps.subarray(from)), columns: series.columns, values: series.values.map((v) => Array.from(v.subarray(from))) };
  await atomicWriteFile(nodePath.join(dir, 'context.json'), JSON.stringify(json) + '\n');
}

/** How the training file was read (empty when the folder has no context). */
export async function loadReadDefaults(dir: string): Promise<ReadDefaults> {
  try {
    const j = JSON.parse(await fsp.readFile(nodePath.join(dir, 'context.json'), 'utf8'));
    const r = j?.read ?? {};
    return { time: typeof r.time === 'string' ? r.time : undefined, delimiter: typeof r.delimiter === 'string' ? r.delimiter : undefined };
  } catch {
    return {};
  }
}

/** Reads DIR/context.json, checking every value (finite numbers, one per timestamp, column names). */
export async function loadContext(dir: string): Promise<TimeSeries> {
  const file = nodePath.join(dir, 'context.json');
  let j: unknown;
  try {
    j = await readJsonFile(file, 'context.json');
  } catch (e) {
    if (e instanceof IOError && e.cause === 'ENOENT') throw new FormatError(file, `no stored context; pass the data file: forecast predict --model ${dir} FILE.csv`);
    throw e;
  }
  const bad = (what: string, got: unknown): never => {
    throw new FormatError(file, `${what}, got ${previewJson(got, 80)}; pass the data file instead: forecast predict --model ${dir} FILE.csv`);
  };
  if (typeof j !== 'object' || j === null || Array.isArray(j)) return bad('expected { timestamps, columns, values }', j);
  const { timestamps, columns, values } = j as Record<string, unknown>;
  const finiteList = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!finiteList(timestamps) || timestamps.length === 0) return bad('timestamps must be a non-empty list of finite numbers', timestamps);
  if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === 'string' && c.length > 0 && c.length <= 256)) return bad('columns must be a list of column names', columns);
  if (!Array.isArray(values) || values.length !== columns.length) return bad(`values must hold one list per column (${columns.length})`, values);
  values.forEach((v, i) => {
    if (!finiteList(v) || v.length !== timestamps.length) bad(`values[${i}] must be ${timestamps.length} finite numbers (one per timestamp)`, v);
  });
  return { timestamps: Float64Array.from(timestamps), columns: columns as string[], values: (values as number[][]).map((v) => Float64Array.from(v)) };
}
