/**
 * Chronological train / validation / test splits. The splits are consecutive, disjoint row
 * ranges (views of the same buffers), in that order: no shuffling, so the model is always
 * validated and tested on a future it has not seen.
 *
 * Windows are built on each split separately (`makeWindows(split.train, …)`), so no window
 * reaches across a boundary, and a scaler is fitted on `split.train` alone.
 */

import { ValueError } from '../errors.js';
import { formatTimestamp } from './dates.js';
import { seriesLength, sliceSeries, type TimeSeries } from './series.js';

/** Fractions of the rows for each split. `test` defaults to what is left; the sum must be ≤ 1. */
export interface SplitFractions {
  readonly train: number;
  readonly validation?: number;
  readonly test?: number;
}

/** The three splits and the row boundaries `[0, trainEnd, validationEnd, testEnd]` they came from. */
export interface ChronologicalSplit {
  readonly train: TimeSeries;
  readonly validation: TimeSeries;
  readonly test: TimeSeries;
  readonly boundaries: readonly [0, number, number, number];
}

/**
 * Splits rows `[0, n)` into train `[0, a)`, validation `[a, b)`, test `[b, c)` with
 *
 *   a = ⌊n·train⌋,  b = a + ⌊n·validation⌋,  c = b + ⌊n·test⌋  (c = n when test is omitted).
 *
 * @example
 * const { train, validation, test } = splitChronological(series, { train: 0.7, validation: 0.15 });
 */
export function splitChronological(series: TimeSeries, fractions: SplitFractions): ChronologicalSplit {
  const { train, validation = 0, test } = fractions;
  const parts = { train, validation, test: test ?? Math.max(0, 1 - train - validation) };
  for (const [name, f] of Object.entries(parts)) {
    if (!(f >= 0 && f <= 1)) throw new ValueError(`splitChronological: expected ${name} to be a fraction in [0, 1], got ${f}`);
  }
  const total = parts.train + parts.validation + parts.test;
  if (total > 1 + 1e-9) throw new ValueError(`splitChronological: fractions add up to ${total}, expected at most 1 (train ${train}, validation ${validation}, test ${test})`);
  const n = seriesLength(series);
  const a = Math.floor(n * parts.train + 1e-9);
  const b = a + Math.floor(n * parts.validation + 1e-9);
  const c = test === undefined ? n : Math.min(n, b + Math.floor(n * parts.test + 1e-9));
  return splitAtRows(series, a, b, c);
}

/**
 * Splits at explicit row boundaries: train `[0, trainEnd)`, validation `[trainEnd, validationEnd)`,
 * test `[validationEnd, testEnd)`.
 *
 * @example
 * const s = splitAtRows(monthly, 120, 132); // 10 years train, 1 validation, the rest test
 */
export function splitAtRows(series: TimeSeries, trainEnd: number, validationEnd = trainEnd, testEnd = seriesLength(series)): ChronologicalSplit {
  const n = seriesLength(series);
  if (!(0 < trainEnd && trainEnd <= validationEnd && validationEnd <= testEnd && testEnd <= n)) {
    throw new ValueError(`splitAtRows: expected 0 < trainEnd <= validationEnd <= testEnd <= ${n}, got ${trainEnd}, ${validationEnd}, ${testEnd}. The train split needs at least one row.`);
  }
  return {
    train: sliceSeries(series, 0, trainEnd),
    validation: sliceSeries(series, trainEnd, validationEnd),
    test: sliceSeries(series, validationEnd, testEnd),
    boundaries: [0, trainEnd, validationEnd, testEnd],
  };
}

/**
 * Splits by time: train is every row before `validationStart`, validation the rows before
 * `testStart`, test the rest (times in the series' own unit: UTC ms for dates).
 *
 * @example
 * splitAtTimes(daily, Date.UTC(1989, 0, 1), Date.UTC(1990, 0, 1));
 */
export function splitAtTimes(series: TimeSeries, validationStart: number, testStart = validationStart): ChronologicalSplit {
  const t = series.timestamps;
  const firstAtOrAfter = (x: number) => {
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const a = firstAtOrAfter(validationStart);
  if (a === 0) throw new ValueError(`splitAtTimes: no row before ${formatTimestamp(validationStart)}; the series starts at ${formatTimestamp(t[0])}`);
  return splitAtRows(series, a, Math.max(a, firstAtOrAfter(testStart)));
}
