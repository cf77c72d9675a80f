/**
 * Reading a time series from CSV text with `csv-parse`: pick columns by header name, parse the
 * time column, sort by time, report duplicated and missing timestamps, and apply a
 * missing-value policy. Every problem is a RecurrentError that names the line and the column.
 * The parse itself streams into typed columns (`csv-columns.ts`).
 */

import { FormatError, ioError, ValueError } from '../errors.js';
import { readCsvColumns } from './csv-columns.js';
import { formatTimestamp } from './dates.js';
import { countMissing, fillMissing, type MissingPolicy } from './missing.js';
import type { TimeSeries } from './series.js';
import { addSteps, auditTimeline, describeGaps, type TimelineReport, type TimestampGap } from './timeline.js';
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
  /**
   * Most rows `fillGaps` may insert. Default max(1000, 10 × the rows read): more than that is
   * almost always one wrong timestamp (a typo, a unit mix-up), and filling it would allocate
   * without bound, so it is refused with the gap that asked for it.
   */
  readonly maxInsertedRows?: number;
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
  const maxInserted = options.maxInsertedRows;
  if (maxInserted !== undefined && !(Number.isInteger(maxInserted) && maxInserted >= 0)) {
    throw new ValueError(`readCsvSeries: maxInsertedRows must be an integer >= 0, got ${maxInserted}`);
  }
  const { names, time, values, lines } = readCsvColumns(input, options);
  const n = time.length;

  // Stable sort by time; ties keep file order, so 'first' and 'last' mean first/last in the file.
  // Sorted input (the usual case) is used as read, without copies.
  let unsorted = false;
  for (let i = 1; i < n && !unsorted; i++) unsorted = time[i] < time[i - 1];
  let series: TimeSeries = { timestamps: time, columns: [...names], values };
  let rowLines = lines;
  if (unsorted) {
    const order = new Uint32Array(n).map((_, i) => i).sort((a, b) => time[a] - time[b] || a - b);
    const permute = <A extends Float64Array | Int32Array>(col: A): A => col.map((_, i) => col[order[i]]) as A;
    series = { timestamps: permute(time), columns: series.columns, values: values.map(permute) };
    rowLines = permute(lines);
  }

  const timeline = auditTimeline(series.timestamps, rowLines);
  if (timeline.duplicates.length > 0) {
    const policy = options.duplicates ?? 'error';
    if (policy === 'error') {
      const shown = timeline.duplicates.slice(0, 5).map((d) => `${formatTimestamp(d.timestamp)} on lines ${d.lines.slice(0, 10).join(', ')}${d.lines.length > 10 ? ', …' : ''}`);
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
    checkGapBudget(timeline.gaps, series.timestamps, rowLines, n, maxInserted ?? Math.max(1000, 10 * n), maxInserted === undefined);
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

/** Collapses rows with equal timestamps (the series is sorted) into one row each. */
function mergeDuplicates(series: TimeSeries, lines: Int32Array, policy: 'first' | 'last' | 'mean') {
  const t = series.timestamps;
  // Group g holds rows [starts[g], starts[g + 1]) of equal timestamps.
  const all = new Int32Array(t.length + 1);
  let groups = 0;
  for (let i = 0; i < t.length; i++) if (i === 0 || t[i] !== t[i - 1]) all[groups++] = i;
  all[groups] = t.length;
  const starts = all.subarray(0, groups + 1);
  const pick = new Int32Array(groups).map((_, g) => (policy === 'last' ? starts[g + 1] - 1 : starts[g]));
  const reduce = (col: Float64Array) =>
    new Float64Array(groups).map((_, g) => {
      if (policy !== 'mean') return col[pick[g]];
      let sum = 0;
      let k = 0;
      for (let i = starts[g]; i < starts[g + 1]; i++) if (!Number.isNaN(col[i])) (sum += col[i]), k++;
      return k === 0 ? NaN : sum / k;
    });
  return {
    series: { timestamps: new Float64Array(groups).map((_, g) => t[starts[g]]), columns: series.columns, values: series.values.map(reduce) },
    lines: pick.map((i) => lines[i]),
  };
}

/**
 * Refuses, before anything is allocated, a fill that would insert more than `limit` rows. One
 * far-away timestamp (a typo, seconds read as milliseconds) makes a gap of millions of steps,
 * so the message names the largest gap and the lines of its two ends.
 */
function checkGapBudget(gaps: readonly TimestampGap[], t: Float64Array, lines: Int32Array, rowsRead: number, limit: number, isDefault: boolean): void {
  let total = 0;
  let largest = gaps[0];
  for (const g of gaps) {
    total += g.missing;
    if (g.missing > largest.missing) largest = g;
  }
  if (total <= limit) return;
  const lineOf = (ts: number) => lines[lowerBound(t, ts)];
  const [after, before] = [lineOf(largest.after), lineOf(largest.before)];
  throw new FormatError(
    'CSV',
    `fillGaps would insert ${total} rows, more than the limit of ${limit}${isDefault ? ` (max(1000, 10 × ${rowsRead} rows read))` : ''}; ` +
      `the largest gap, ${formatTimestamp(largest.after)} (line ${after}) → ${formatTimestamp(largest.before)} (line ${before}), alone needs ${largest.missing}. ` +
      `Fix: check those two timestamps (a typo, or a mix of units?), or pass maxInsertedRows: ${total} to fill anyway`,
    { line: before },
  );
}

/** The first index `i` with `sorted[i] >= x`. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts all-NaN rows (line −1) at the missing timestamps of each gap. */
function insertGapRows(series: TimeSeries, lines: Int32Array, timeline: TimelineReport) {
  const freq = timeline.frequency!;
  const gapAfter = new Map(timeline.gaps.map((g) => [g.after, g.missing]));
  const n = series.timestamps.length;
  const inserted = timeline.gaps.reduce((sum, g) => sum + g.missing, 0);
  const t = new Float64Array(n + inserted);
  const src = new Int32Array(n + inserted); // source row, or −1 for an inserted row
  let o = 0;
  for (let i = 0; i < n; i++) {
    const ti = series.timestamps[i];
    t[o] = ti;
    src[o++] = i;
    const missing = gapAfter.get(ti) ?? 0;
    for (let k = 1; k <= missing; k++) {
      t[o] = addSteps(ti, k, freq);
      src[o++] = -1;
    }
  }
  return {
    series: {
      timestamps: t,
      columns: series.columns,
      values: series.values.map((col) => new Float64Array(src.length).map((_, j) => (src[j] < 0 ? NaN : col[src[j]]))),
    },
    lines: src.map((i) => (i < 0 ? -1 : lines[i])),
    inserted,
  };
}
