/**
 * The time axis of a series: its step (frequency), and where it has duplicated or missing
 * timestamps. Calendar months are a unit of their own because their length in ms varies;
 * business days are one because a weekend is not a gap.
 */

import { formatTimestamp } from './dates.js';
import { addBusinessDays, businessDayIndex, isWeekday } from './business-days.js';

/**
 * The regular step between rows: `step` milliseconds (or plain step numbers), `step`
 * calendar months when every timestamp is midnight UTC on the first of a month, or one
 * business day (Monday–Friday, Friday → Monday is one step) for trading-day data.
 */
export type Frequency =
  | { readonly unit: 'ms'; readonly step: number }
  | { readonly unit: 'month'; readonly step: number }
  | { readonly unit: 'businessDay'; readonly step: 1 };

/** Timestamps that occur more than once; `lines` are the CSV lines (or row positions) holding it. */
export interface DuplicateTimestamp {
  readonly timestamp: number;
  readonly lines: readonly number[];
}

/** A run of `missing` steps absent between the rows at `after` and `before`. */
export interface TimestampGap {
  readonly after: number;
  readonly before: number;
  readonly missing: number;
}

/** What is wrong or notable on a sorted time axis. */
export interface TimelineReport {
  /** The step most consecutive rows are apart, or null with fewer than two distinct times. */
  readonly frequency: Frequency | null;
  readonly duplicates: readonly DuplicateTimestamp[];
  /** Whole steps missing: `before − after` is a multiple of the step, larger than one step. */
  readonly gaps: readonly TimestampGap[];
  /** Consecutive rows apart by something that is not a whole number of steps. */
  readonly irregular: readonly { readonly after: number; readonly before: number }[];
}

const DAY = 86_400_000;

function isMonthStart(t: number): boolean {
  const d = new Date(t);
  return d.getUTCDate() === 1 && t % DAY === 0;
}

function monthIndex(t: number): number {
  const d = new Date(t);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Distance between two timestamps in units of the frequency (months, business days or ms). */
function unitsBetween(a: number, b: number, unit: Frequency['unit']): number {
  if (unit === 'month') return monthIndex(b) - monthIndex(a);
  if (unit === 'businessDay') return businessDayIndex(b) - businessDayIndex(a);
  return b - a;
}

/** The most common positive difference in `unit` (the smaller on a tie), or 0 with none. */
function modalStep(sorted: Float64Array, unit: Frequency['unit']): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < sorted.length; i++) {
    const d = unitsBetween(sorted[i - 1], sorted[i], unit);
    if (d > 0) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [d, c] of counts) {
    if (c > bestCount || (c === bestCount && d < best)) [best, bestCount] = [d, c];
  }
  return best;
}

/**
 * Business days when every timestamp is midnight UTC on Monday–Friday, the axis spans at
 * least one weekend (without one, plain days say the same), and the most common step is one
 * business day. Weekly data on Mondays (5 business days apart) stay plain 7-day steps.
 */
function isBusinessDaily(sorted: Float64Array): boolean {
  const n = sorted.length;
  if (!sorted.every((t) => t % DAY === 0 && isWeekday(t))) return false;
  const days = (sorted[n - 1] - sorted[0]) / DAY;
  const spansWeekend = businessDayIndex(sorted[n - 1]) - businessDayIndex(sorted[0]) < days;
  return spansWeekend && modalStep(sorted, 'businessDay') === 1;
}

/**
 * The most common positive difference between consecutive sorted timestamps (the smaller on a
 * tie). With real dates (not all 0), in calendar months when every timestamp starts a month,
 * else in business days when the rows are Monday–Friday dates one business day apart (see
 * `isBusinessDaily`), else in ms.
 *
 * @example
 * inferFrequency(Float64Array.of(0, 1, 2, 4)); // { unit: 'ms', step: 1 }
 * inferFrequency(mondayToFridayDates);         // { unit: 'businessDay', step: 1 }
 */
export function inferFrequency(sorted: Float64Array): Frequency | null {
  const dated = sorted.length > 1 && sorted.some((t) => t !== 0);
  if (dated && sorted.every(isMonthStart)) {
    const step = modalStep(sorted, 'month');
    return step === 0 ? null : { unit: 'month', step };
  }
  if (dated && isBusinessDaily(sorted)) return { unit: 'businessDay', step: 1 };
  const step = modalStep(sorted, 'ms');
  return step === 0 ? null : { unit: 'ms', step };
}

/**
 * The timestamp `k` steps after `t`: `t + k·step` in ms, `k·step` calendar months later, or
 * `k` business days later (weekends skipped, time of day kept).
 *
 * @example
 * addSteps(Date.UTC(2020, 10, 1), 3, { unit: 'month', step: 1 }); // Date.UTC(2021, 1, 1)
 * addSteps(Date.UTC(2024, 0, 5), 1, { unit: 'businessDay', step: 1 }); // Fri → Mon Date.UTC(2024, 0, 8)
 */
export function addSteps(t: number, k: number, freq: Frequency): number {
  if (freq.unit === 'ms') return t + k * freq.step;
  if (freq.unit === 'businessDay') return addBusinessDays(t, k * freq.step);
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k * freq.step, 1);
}

/**
 * Finds duplicated timestamps, gaps of whole missing steps, and irregular spacing on a time
 * axis that is already sorted. `lines[i]` says where row `i` came from (for the report).
 *
 * @example
 * const r = auditTimeline(Float64Array.of(0, 1, 1, 4), [2, 3, 4, 5]);
 * r.duplicates; // [{ timestamp: 1, lines: [3, 4] }]
 * r.gaps;       // [{ after: 1, before: 4, missing: 2 }]
 */
export function auditTimeline(sorted: Float64Array, lines: ArrayLike<number>): TimelineReport {
  const frequency = inferFrequency(sorted);
  const duplicates: DuplicateTimestamp[] = [];
  const gaps: TimestampGap[] = [];
  const irregular: { after: number; before: number }[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    if (a === b) {
      const last = duplicates[duplicates.length - 1];
      if (last !== undefined && last.timestamp === a) (last.lines as number[]).push(lines[i]);
      else duplicates.push({ timestamp: a, lines: [lines[i - 1], lines[i]] });
      continue;
    }
    if (frequency === null) continue;
    const d = unitsBetween(a, b, frequency.unit);
    if (d === frequency.step) continue;
    if (d % frequency.step === 0) gaps.push({ after: a, before: b, missing: d / frequency.step - 1 });
    else irregular.push({ after: a, before: b });
  }
  return { frequency, duplicates, gaps, irregular };
}

/** One line per problem, for error messages: `1984-12-30 → 1985-01-01 (1 missing)`. */
export function describeGaps(gaps: readonly TimestampGap[], max = 5): string {
  const shown = gaps.slice(0, max).map((g) => `${formatTimestamp(g.after)} → ${formatTimestamp(g.before)} (${g.missing} missing)`);
  return shown.join('; ') + (gaps.length > max ? `; … ${gaps.length - max} more` : '');
}
