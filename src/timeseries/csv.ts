/**
 * Reading a time series from CSV text with `csv-parse`: pick columns by header name, parse the
 * time column, sort by time, report duplicated and missing timestamps, and apply a
 * missing-value policy. Every problem is a RecurrentError that names the line and the column.
 */

import { parse } from 'csv-parse/sync';
import { FormatError, ioError, ValueError } from '../errors.js';
import { formatTimestamp, parseIsoTimestamp } from './dates.js';
import { countMissing, fillMissing, type MissingPolicy } from './missing.js';
import { listNames, nearMatchHint, type TimeSeries } from './series.js';
import { addSteps, auditTimeline, describeGaps, type TimelineReport } from './timeline.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
const nodeFsp = lazyBuiltin('fs/promises');

/** Options of {@link readCsvSeries}. Every field is optional; the defaults are in comments. */
export interface CsvSeriesOptions {
  /** Header name of the time column. Default: none, rows are steps 0, 1, 2, … in file order. */
  readonly timeColumn?: string;
  /** How to read the time column. Default 'iso' (UTC ms); 'number' keeps the number as is. */
  readonly timeFormat?: 'iso' | 'number' | ((text: string) => number);
  /** Value columns to keep, by header name, in this order. Default: every column but the time column. */
  readonly columns?: readonly string[];
  /** Field delimiter. Default ','. */
  readonly delimiter?: string;
  /** How bytes are decoded when the input is a Uint8Array. Default 'utf-8' (invalid bytes are an error). */
  readonly encoding?: 'utf-8' | 'latin1';
  /** What to do with missing values. Default 'error'. */
  readonly missing?: MissingPolicy;
  /** Field texts that mean "missing" (compared after trimming). Default: '', NA, N/A, NaN, nan, null, NULL, ?. */
  readonly missingTokens?: readonly string[];
  /** Rows sharing a timestamp: 'error' (default), keep the 'first' or 'last', or the 'mean' of each column. */
  readonly duplicates?: 'error' | 'first' | 'last' | 'mean';
  /** Insert rows (all values missing) at the timestamps absent from a regular axis. Default false. */
  readonly fillGaps?: boolean;
}

/** What {@link readCsvSeries} found and did, beside the series itself. */
export interface CsvReport extends TimelineReport {
  /** Data rows in the file (the header not counted). */
  readonly rows: number;
  /** True when the rows were not in time order in the file (they have been sorted). */
  readonly unsorted: boolean;
  /** Missing values per column, as read (before any policy; counts inserted gap rows). */
  readonly missing: Readonly<Record<string, number>>;
  /** Rows inserted by `fillGaps`, values filled by the policy, rows dropped by it. */
  readonly inserted: number;
  readonly filled: number;
  readonly dropped: number;
}

const DEFAULT_MISSING = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?'];
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses CSV text (or bytes) with a header row into a {@link TimeSeries} sorted by time.
 *
 * Steps: decode → csv-parse → pick columns → parse times and numbers → stable sort by time →
 * report duplicates, gaps and irregular steps → resolve duplicates → optionally insert the
 * missing timestamps → apply the missing-value policy.
 *
 * @example
 * const { series, report } = readCsvSeries(text, {
 *   timeColumn: 'Date', columns: ['Temp'], missing: 'interpolate', fillGaps: true,
 * });
 * report.gaps; // [{ after: 1984-12-30, before: 1985-01-01, missing: 1 }, …] (as UTC ms)
 */
export function readCsvSeries(input: string | Uint8Array, options: CsvSeriesOptions = {}): { series: TimeSeries; report: CsvReport } {
  const text = typeof input === 'string' ? input : decode(input, options.encoding ?? 'utf-8');
  const table = parseTable(text, options.delimiter ?? ',');
  const header = table[0].fields.map((h) => h.trim());
  const body = table.slice(1);
  if (body.length === 0) {
    throw new FormatError('CSV', `expected at least one data row after the header ${listNames(header)}, got none`, { line: table[0].line });
  }

  const timeIdx = options.timeColumn === undefined ? -1 : findHeader(header, options.timeColumn, 'timeColumn');
  const names = options.columns ?? header.filter((_, i) => i !== timeIdx);
  if (names.length === 0) throw new ValueError(`readCsvSeries: no value columns; the header is ${listNames(header)}. Fix: pass columns: [...] naming at least one.`);
  const colIdx = names.map((name) => findHeader(header, name, 'columns'));

  // Parse every row: n rows × C columns, plus the time and the source line of each row.
  const n = body.length;
  const missingSet = new Set(options.missingTokens ?? DEFAULT_MISSING);
  const time = new Float64Array(n);
  const values = names.map(() => new Float64Array(n));
  const lines = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const { fields, line } = body[r];
    lines[r] = line;
    time[r] = timeIdx < 0 ? r : parseTime(fields[timeIdx], options.timeFormat ?? 'iso', line, header[timeIdx]);
    for (let c = 0; c < names.length; c++) {
      const raw = fields[colIdx[c]].trim();
      if (missingSet.has(raw)) values[c][r] = NaN;
      else if (NUMBER.test(raw)) values[c][r] = Number(raw);
      else {
        throw new ValueError(
          `CSV line ${line}, column "${names[c]}": expected a number, got ${JSON.stringify(raw.slice(0, 40))}. ` +
            `Fix: leave the column out with columns: [...], or add the text to missingTokens if it means "missing".`,
        );
      }
    }
  }

  // Stable sort by time; ties keep file order, so 'first' and 'last' mean first/last in the file.
  const order = Array.from({ length: n }, (_, i) => i);
  const unsorted = time.some((t, i) => i > 0 && t < time[i - 1]);
  if (unsorted) order.sort((a, b) => time[a] - time[b] || a - b);
  let series: TimeSeries = {
    timestamps: Float64Array.from(order, (i) => time[i]),
    columns: [...names],
    values: values.map((col) => Float64Array.from(order, (i) => col[i])),
  };
  let rowLines = Int32Array.from(order, (i) => lines[i]);

  const timeline = auditTimeline(series.timestamps, rowLines);
  if (timeline.duplicates.length > 0) {
    const policy = options.duplicates ?? 'error';
    if (policy === 'error') {
      const shown = timeline.duplicates.slice(0, 5).map((d) => `${formatTimestamp(d.timestamp)} on lines ${d.lines.join(', ')}`);
      throw new ValueError(
        `CSV: expected one row per timestamp, got ${timeline.duplicates.length} duplicated timestamp(s): ${shown.join('; ')}${timeline.duplicates.length > 5 ? '; …' : ''}. ` +
          `Fix: remove them, or pass duplicates: 'first' | 'last' | 'mean'.`,
      );
    }
    ({ series, lines: rowLines } = mergeDuplicates(series, rowLines, policy));
  }

  let inserted = 0;
  if (options.fillGaps && timeline.gaps.length > 0) {
    if (timeline.irregular.length > 0) {
      const ex = timeline.irregular[0];
      throw new ValueError(
        `CSV: fillGaps needs a regular time axis, but rows at ${formatTimestamp(ex.after)} and ${formatTimestamp(ex.before)} are not a whole number of steps apart ` +
          `(step ${JSON.stringify(timeline.frequency)}). Fix: resample the data first, or leave fillGaps off.`,
      );
    }
    ({ series, lines: rowLines, inserted } = insertGapRows(series, rowLines, timeline));
  }

  const missingCounts = countMissing(series);
  const policy = options.missing ?? 'error';
  let result;
  try {
    result = fillMissing(series, policy, { lines: rowLines });
  } catch (err) {
    if (err instanceof ValueError && inserted > 0 && policy === 'error') {
      throw new ValueError(`${err.message} (fillGaps inserted ${inserted} rows for: ${describeGaps(timeline.gaps)}.)`);
    }
    throw err;
  }
  const report: CsvReport = {
    ...timeline,
    rows: n,
    unsorted,
    missing: Object.fromEntries(names.map((name, c) => [name, missingCounts[c]])),
    inserted,
    filled: result.filled,
    dropped: result.dropped,
  };
  return { series: result.series, report };
}

/**
 * Reads a CSV file and parses it with {@link readCsvSeries}.
 *
 * @example
 * const { series } = await readCsvSeriesFile('airline-passengers.csv', { timeColumn: 'Month' });
 */
export async function readCsvSeriesFile(path: string, options: CsvSeriesOptions = {}): Promise<{ series: TimeSeries; report: CsvReport }> {
  let bytes: Uint8Array;
  try {
    bytes = await nodeFsp.readFile(path);
  } catch (err) {
    throw ioError(err, path, 'read', 'readCsvSeriesFile');
  }
  return readCsvSeries(bytes, options);
}

function decode(bytes: Uint8Array, encoding: 'utf-8' | 'latin1'): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    let i = 0;
    while (i < bytes.length && bytes[i] < 0x80) i++;
    throw new FormatError('CSV', `expected UTF-8 text, got invalid bytes. Fix: pass encoding: 'latin1' if the file is Latin-1`, { offset: i });
  }
}

/** csv-parse with the source line of each record; its errors become FormatErrors. */
function parseTable(text: string, delimiter: string): { fields: string[]; line: number }[] {
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    throw new FormatError('CSV', 'the input is empty; expected a header row and at least one data row');
  }
  // trim: spaces around fields (also around quoted ones, `a, "b"`) are not part of the value.
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` each record comes as { record, info }; the typings do not say so.
    records = parse(text, { delimiter, bom: true, info: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { code?: string; message?: string; lines?: number };
    const hint = e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ? ' Fix: every row needs as many fields as the header; check for stray delimiters.' : '';
    throw new FormatError('CSV', `${e.message ?? String(err)}.${hint}`, typeof e.lines === 'number' ? { line: e.lines } : {});
  }
  if (records.length === 0) throw new FormatError('CSV', 'the input has no records; expected a header row and at least one data row');
  return records.map(({ record, info }) => ({ fields: record, line: info.lines }));
}

function findHeader(header: readonly string[], name: string, option: string): number {
  const first = header.indexOf(name);
  if (first < 0) {
    const delim = header.length === 1 && /[;\t|]/.test(header[0]) ? ` The header has a single field; is the delimiter right (delimiter: ';' or '\\t')?` : '';
    throw new ValueError(`readCsvSeries ${option}: no column named ${JSON.stringify(name)} in the header ${listNames(header)}${nearMatchHint(header, name)}.${delim}`);
  }
  if (header.indexOf(name, first + 1) >= 0) {
    throw new FormatError('CSV', `the header names ${JSON.stringify(name)} more than once (fields ${first + 1} and ${header.indexOf(name, first + 1) + 1}); rename one`, { line: 1 });
  }
  return first;
}

function parseTime(text: string, format: NonNullable<CsvSeriesOptions['timeFormat']>, line: number, column: string): number {
  const raw = text.trim();
  let t: number | undefined;
  if (typeof format === 'function') t = format(raw);
  else if (format === 'number') t = NUMBER.test(raw) ? Number(raw) : undefined;
  else t = parseIsoTimestamp(raw);
  if (t === undefined || !Number.isFinite(t)) {
    const expected = typeof format === 'function' ? 'a finite number from timeFormat' : format === 'number' ? 'a number' : 'an ISO date such as 2012-01-31, 1949-01 or 2012-01-31T06:00Z';
    throw new ValueError(
      `CSV line ${line}, column "${column}": expected ${expected}, got ${JSON.stringify(raw.slice(0, 40))}. ` +
        `Fix: pass timeFormat: 'number' or a function (text) => ms, or remove the row.`,
    );
  }
  return t;
}

/** Collapses rows with equal timestamps (the series is sorted) into one row each. */
function mergeDuplicates(series: TimeSeries, lines: Int32Array, policy: 'first' | 'last' | 'mean') {
  const t = series.timestamps;
  const groups: [number, number][] = []; // [start, end) of equal timestamps
  for (let i = 0; i < t.length; ) {
    let j = i + 1;
    while (j < t.length && t[j] === t[i]) j++;
    groups.push([i, j]);
    i = j;
  }
  const pickRow = ([a, b]: [number, number]) => (policy === 'last' ? b - 1 : a);
  const reduce = (col: Float64Array) =>
    Float64Array.from(groups, ([a, b]) => {
      if (policy !== 'mean') return col[pickRow([a, b])];
      let sum = 0;
      let k = 0;
      for (let i = a; i < b; i++) if (!Number.isNaN(col[i])) (sum += col[i]), k++;
      return k === 0 ? NaN : sum / k;
    });
  return {
    series: { timestamps: Float64Array.from(groups, ([a]) => t[a]), columns: series.columns, values: series.values.map(reduce) },
    lines: Int32Array.from(groups, (g) => lines[pickRow(g)]),
  };
}

/** Inserts all-NaN rows (line −1) at the missing timestamps of each gap. */
function insertGapRows(series: TimeSeries, lines: Int32Array, timeline: TimelineReport) {
  const freq = timeline.frequency!;
  const gapAfter = new Map(timeline.gaps.map((g) => [g.after, g.missing]));
  const t: number[] = [];
  const src: number[] = []; // source row, or −1 for an inserted row
  for (let i = 0; i < series.timestamps.length; i++) {
    t.push(series.timestamps[i]);
    src.push(i);
    const missing = gapAfter.get(series.timestamps[i]) ?? 0;
    for (let k = 1; k <= missing; k++) t.push(addSteps(series.timestamps[i], k, freq)), src.push(-1);
  }
  return {
    series: {
      timestamps: Float64Array.from(t),
      columns: series.columns,
      values: series.values.map((col) => Float64Array.from(src, (i) => (i < 0 ? NaN : col[i]))),
    },
    lines: Int32Array.from(src, (i) => (i < 0 ? -1 : lines[i])),
    inserted: src.length - series.timestamps.length,
  };
}
