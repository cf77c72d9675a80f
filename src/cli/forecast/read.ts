/**
 * Reading the CSV a forecasting command is given, with the checks a person needs before any
 * training: the file is there, is comma-separated (or says which delimiter), has the columns
 * asked for, and holds numbers in them.
 */

import { RecurrentError, ValueError } from '../../errors.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { readCsvSeries } from '../../timeseries/csv.js';
import type { MissingPolicy } from '../../timeseries/missing.js';
import type { TimeSeries } from '../../timeseries/series.js';
import type { Frequency } from '../../timeseries/timeline.js';

const fsp = lazyBuiltin('fs/promises');

/** How the CSV is read. */
export interface ReadOptions {
  /** Header name of the time column; without it rows are steps 0, 1, 2, … */
  readonly time?: string;
  /** Field delimiter. Default ','. */
  readonly delimiter?: string;
  /** Missing values: interpolated by default, so a few blanks do not stop a run (the count is reported). */
  readonly missing?: MissingPolicy;
  /** Rows sharing a timestamp: an error unless 'first', 'last' or 'mean'. */
  readonly duplicates?: 'error' | 'first' | 'last' | 'mean';
  /** Insert the timestamps missing from a regular axis, filled by the missing-value policy. */
  readonly fillGaps?: boolean;
}

/** The forecasting CLI's missing-value default. */
export const MISSING_DEFAULT: MissingPolicy = 'interpolate';

/** Reads `columns` (and the time column) of a CSV file. */
export async function readSeries(file: string, columns: readonly string[], o: ReadOptions): Promise<{ series: TimeSeries; frequency: Frequency | null; timeIsDate: boolean; note: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await fsp.readFile(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new RecurrentError('IO', code === 'ENOENT' ? `${file}: no such file` : code === 'EISDIR' ? `${file}: is a folder, expected a CSV file` : `${file}: cannot read it (${code ?? String(e)})`);
  }
  const delimiter = o.delimiter ?? ',';
  const firstLine = new TextDecoder().decode(bytes.subarray(0, 4096)).split(/\r?\n/)[0] ?? '';
  if (delimiter === ',' && !firstLine.includes(',')) {
    for (const [d, name] of [[';', 'semicolon'], ['\t', 'tab'], ['|', 'pipe']] as const) {
      if (firstLine.includes(d)) throw new ValueError(`${file}: the header ${JSON.stringify(firstLine.slice(0, 80))} looks ${name}-separated; pass --delimiter '${d === '\t' ? '\\t' : d}'`);
    }
  }
  const { series, report } = readCsvSeries(bytes, { timeColumn: o.time, columns: [...new Set(columns)], delimiter: delimiter === '\\t' ? '\t' : delimiter, missing: o.missing ?? MISSING_DEFAULT, duplicates: o.duplicates, fillGaps: o.fillGaps });
  const missing = Object.values(report.missing).reduce((a, b) => a + b, 0);
  const notes = [];
  if (missing > 0) notes.push(`${missing} missing value${missing > 1 ? 's' : ''} ${report.dropped ? `dropped (${report.dropped} rows)` : 'filled'} (--missing ${o.missing ?? MISSING_DEFAULT})`);
  if (report.unsorted) notes.push('rows sorted by time');
  if (report.inserted) notes.push(`${report.inserted} missing timestamp${report.inserted > 1 ? 's' : ''} inserted`);
  return { series, frequency: o.time === undefined ? null : report.frequency, timeIsDate: o.time !== undefined, note: notes.join('; ') };
}
