/**
 * Business-day arithmetic in UTC: Monday to Friday are business days, Saturday and Sunday are
 * not, and there is no holiday calendar (a weekday holiday is a missing business day, which
 * is what a timeline audit should report).
 *
 * Business days are numbered consecutively across weekends:
 *
 *   m     = ⌊t / 1 day⌋ + 3           days since Monday 1969-12-29 (1970-01-01 was a Thursday)
 *   dow   = m mod 7                   0 = Monday … 6 = Sunday
 *   index = 5·⌊m / 7⌋ + dow           for a weekday (dow < 5)
 *
 * so Friday → Monday is one step, as a weekday → the next weekday.
 */

import { ValueError } from '../errors.js';

const DAY = 86_400_000;

/** Day of the week in UTC, 0 = Monday … 6 = Sunday (ISO order, unlike `Date.getUTCDay`). */
export function isoDayOfWeek(t: number): number {
  const m = Math.floor(t / DAY) + 3;
  return ((m % 7) + 7) % 7;
}

/** True when `t` falls on Monday to Friday (UTC). */
export function isWeekday(t: number): boolean {
  return isoDayOfWeek(t) < 5;
}

/**
 * Position of a weekday on the business-day axis (see the module comment). A weekend day has
 * no position; it throws.
 *
 * @example
 * businessDayIndex(Date.UTC(2024, 0, 8)) - businessDayIndex(Date.UTC(2024, 0, 5)); // Fri → Mon: 1
 */
export function businessDayIndex(t: number): number {
  const m = Math.floor(t / DAY) + 3;
  const dow = ((m % 7) + 7) % 7;
  if (dow >= 5) throw new ValueError(`businessDayIndex: expected a Monday–Friday timestamp, got ${new Date(t).toISOString()} (a ${dow === 5 ? 'Saturday' : 'Sunday'})`);
  return 5 * Math.floor(m / 7) + dow;
}

/**
 * The timestamp `k` business days after `t` (before it for k < 0), keeping the time of day.
 * From a weekend day, as pandas' `BDay`: +1 is the next Monday and −1 the previous Friday.
 *
 * @example
 * addBusinessDays(Date.UTC(2024, 0, 5), 1);  // Friday → Monday Date.UTC(2024, 0, 8)
 * addBusinessDays(Date.UTC(2024, 0, 8), -1); // Monday → Friday Date.UTC(2024, 0, 5)
 */
export function addBusinessDays(t: number, k: number): number {
  if (k === 0) return t;
  const day = Math.floor(t / DAY);
  const timeOfDay = t - day * DAY;
  const m = day + 3;
  const week = Math.floor(m / 7);
  const dow = m - 7 * week;
  // A weekend day counts as Friday going forward and as the next Monday going back.
  const start = dow < 5 ? 5 * week + dow : k > 0 ? 5 * week + 4 : 5 * week + 5;
  const target = start + k;
  const targetWeek = Math.floor(target / 5);
  const targetDay = 7 * targetWeek + (target - 5 * targetWeek) - 3;
  return targetDay * DAY + timeOfDay;
}
