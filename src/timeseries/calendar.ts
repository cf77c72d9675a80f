/**
 * Calendar features: where each timestamp sits in the day, week and year, as sin/cos pairs so
 * that the end of a cycle lies next to its start (December beside January, Sunday beside
 * Monday). They are known in advance, so a forecaster can read them at the target rows as
 * future covariates (`makeWindows({ futureCovariates })`), with `futureTimestamps` giving the
 * rows past the end of the data. Everything is in UTC.
 */

import { NonFiniteError, ValueError } from '../errors.js';
import { isoDayOfWeek } from './business-days.js';
import { listNames, type TimeSeries } from './series.js';
import { addSteps, type Frequency } from './timeline.js';

/**
 * One cyclic calendar position, each as an integer `a` out of a period `P`:
 * - `dayOfYear`: a = day of the year − 1 (0 … 364/365), P = days in that year (365 or 366)
 * - `dayOfWeek`: a = 0 (Monday) … 6 (Sunday), P = 7
 * - `month`:     a = 0 (January) … 11, P = 12
 * - `hourOfDay`: a = 0 … 23, P = 24
 */
export type CalendarFeature = 'dayOfYear' | 'dayOfWeek' | 'month' | 'hourOfDay';

/** Every calendar feature, in the order reports list them. */
export const CALENDAR_FEATURES: readonly CalendarFeature[] = ['dayOfYear', 'dayOfWeek', 'month', 'hourOfDay'];
const KINDS = CALENDAR_FEATURES;
const DAY = 86_400_000;
const MINUTE = 60_000;

/** Position `a` and period `P` of one timestamp for one kind (see {@link CalendarFeature}). */
function position(t: number, kind: CalendarFeature): [number, number] {
  const d = new Date(t);
  switch (kind) {
    case 'dayOfYear': {
      const year = d.getUTCFullYear();
      const start = new Date(0).setUTCFullYear(year, 0, 1);
      const end = new Date(0).setUTCFullYear(year + 1, 0, 1);
      return [Math.floor((t - start) / DAY), Math.round((end - start) / DAY)];
    }
    case 'dayOfWeek':
      return [isoDayOfWeek(t), 7];
    case 'month':
      return [d.getUTCMonth(), 12];
    case 'hourOfDay':
      return [d.getUTCHours(), 24];
  }
}

/**
 * Sin/cos columns of calendar positions, one pair per kind, in the order given:
 *
 *   <kind>_sin = sin(2π·a/P),   <kind>_cos = cos(2π·a/P)      (a, P as in {@link CalendarFeature})
 *
 * Timestamps are ms since the epoch (UTC); on plain step numbers the values mean nothing,
 * so use {@link defaultCalendarFeatures} to decide whether a series has a calendar at all.
 *
 * @example
 * const f = calendarFeatures(series.timestamps, ['dayOfWeek']);
 * f.columns;   // ['dayOfWeek_sin', 'dayOfWeek_cos']
 * f.values[0]; // Float64Array, sin(2π·weekday/7) per row
 */
export function calendarFeatures(timestamps: Float64Array, kinds: readonly CalendarFeature[]): { columns: string[]; values: Float64Array[] } {
  for (const kind of kinds) {
    if (!KINDS.includes(kind)) throw new ValueError(`calendarFeatures: unknown feature ${JSON.stringify(kind)}; expected one of ${listNames(KINDS)}`);
  }
  if (new Set(kinds).size !== kinds.length) throw new ValueError(`calendarFeatures: each feature once, got ${listNames(kinds)}`);
  const bad = timestamps.findIndex((t) => !Number.isFinite(t));
  if (bad >= 0) throw new NonFiniteError('calendarFeatures timestamps', bad, timestamps[bad]);
  const columns: string[] = [];
  const values: Float64Array[] = [];
  for (const kind of kinds) {
    const sin = new Float64Array(timestamps.length);
    const cos = new Float64Array(timestamps.length);
    for (let i = 0; i < timestamps.length; i++) {
      const [a, P] = position(timestamps[i], kind);
      const angle = (2 * Math.PI * a) / P;
      sin[i] = Math.sin(angle);
      cos[i] = Math.cos(angle);
    }
    columns.push(`${kind}_sin`, `${kind}_cos`);
    values.push(sin, cos);
  }
  return { columns, values };
}

/**
 * A new series with the calendar columns of {@link calendarFeatures} appended after the
 * existing ones (which are shared, not copied).
 *
 * @example
 * const s = withCalendarFeatures(daily, defaultCalendarFeatures(report.frequency));
 * makeWindows(s, { lookBack: 28, horizon: 7, targets: ['load'], futureCovariates: s.columns.slice(1) });
 */
export function withCalendarFeatures(series: TimeSeries, kinds: readonly CalendarFeature[]): TimeSeries {
  const f = calendarFeatures(series.timestamps, kinds);
  const clash = f.columns.find((c) => series.columns.includes(c));
  if (clash !== undefined) {
    throw new ValueError(`withCalendarFeatures: the series already has a column ${JSON.stringify(clash)}. Fix: leave that feature out, or rename the column.`);
  }
  return { timestamps: series.timestamps, columns: [...series.columns, ...f.columns], values: [...series.values, ...f.values] };
}

/**
 * The `n` timestamps after `lastTimestamp` on the series' axis, `addSteps(last, k, freq)` for
 * k = 1 … n: business days skip weekends, months add calendar months.
 *
 * @example
 * futureTimestamps(Date.UTC(2024, 0, 5), { unit: 'businessDay', step: 1 }, 2);
 * // Float64Array [Date.UTC(2024, 0, 8), Date.UTC(2024, 0, 9)]   (Fri → Mon, Tue)
 */
export function futureTimestamps(lastTimestamp: number, frequency: Frequency, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`futureTimestamps: expected n to be an integer >= 0, got ${n}`);
  if (!Number.isFinite(lastTimestamp)) throw new NonFiniteError('futureTimestamps lastTimestamp', -1, lastTimestamp);
  return Float64Array.from({ length: n }, (_, k) => addSteps(lastTimestamp, k + 1, frequency));
}

/**
 * The calendar features that vary on an axis of this frequency:
 * - business days: dayOfWeek, dayOfYear
 * - calendar months: month (none when the step is a whole number of years)
 * - steps of whole minutes below one day (hourly, 15-minute, …): hourOfDay, dayOfWeek
 * - whole days below a week: dayOfYear, dayOfWeek; longer whole-day steps below a year:
 *   dayOfYear (a 7-day step always lands on the same weekday)
 * - anything else, plain step numbers among them (a step that is not a whole number of
 *   minutes), and null: none.
 *
 * @example
 * defaultCalendarFeatures({ unit: 'ms', step: 86_400_000 }); // ['dayOfYear', 'dayOfWeek']
 * defaultCalendarFeatures({ unit: 'ms', step: 1 });          // []   (step numbers)
 */
export function defaultCalendarFeatures(frequency: Frequency | null): CalendarFeature[] {
  if (frequency === null) return [];
  if (frequency.unit === 'businessDay') return ['dayOfWeek', 'dayOfYear'];
  if (frequency.unit === 'month') return frequency.step % 12 === 0 ? [] : ['month'];
  const step = frequency.step;
  if (step <= 0 || step % MINUTE !== 0) return [];
  if (step < DAY) return ['hourOfDay', 'dayOfWeek'];
  if (step % DAY !== 0 || step >= 365 * DAY) return [];
  return step < 7 * DAY ? ['dayOfYear', 'dayOfWeek'] : ['dayOfYear'];
}

