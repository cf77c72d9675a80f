/**
 * The last rows of the data a forecaster was trained and tested on, kept in its folder
 * (context.json) so `forecast predict --model DIR` forecasts past the end of that data without
 * the file.
 */

import { FormatError } from '../../errors.js';
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

/** Reads DIR/context.json. */
export async function loadContext(dir: string): Promise<TimeSeries> {
  const file = nodePath.join(dir, 'context.json');
  let j: { timestamps?: unknown; columns?: unknown; values?: unknown };
  try {
    j = JSON.parse(await fsp.readFile(file, 'utf8'));
  } catch (e) {
    throw new FormatError(file, `cannot read the stored context (${(e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e))}); pass the data file: forecast predict --model ${dir} FILE.csv`);
  }
  const ok = Array.isArray(j.timestamps) && Array.isArray(j.columns) && Array.isArray(j.values) && j.values.length === j.columns.length &&
    (j.values as unknown[]).every((v) => Array.isArray(v) && v.length === (j.timestamps as unknown[]).length);
  if (!ok) throw new FormatError(file, 'expected { timestamps, columns, values } with one value per timestamp in every column');
  return { timestamps: Float64Array.from(j.timestamps as number[]), columns: j.columns as string[], values: (j.values as number[][]).map((v) => Float64Array.from(v)) };
}
