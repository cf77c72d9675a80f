/**
 * Strict ISO 8601 date parsing to milliseconds since the Unix epoch, always in UTC.
 *
 * `Date.parse` is not used on its own because it reads "2012-01-01" as UTC but
 * "2012-01-01T10:00" as local time, and it silently rolls "2021-02-30" over to March 2nd.
 * Here a time without a zone is UTC, and an impossible calendar date is an error.
 */

const ISO =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/** Days in a month of a year (month 1–12), with the Gregorian leap rule. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses an ISO 8601 date or date-time, returning ms since the epoch (UTC), or `undefined`
 * when the text is not one.
 *
 * Accepted forms: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, then optionally `T` or a space,
 * `hh:mm[:ss[.fff…]]` and a zone `Z` / `±hh:mm` / `±hhmm`. No zone means UTC.
 *
 * @example
 * parseIsoTimestamp('1949-01');              // Date.UTC(1949, 0, 1)
 * parseIsoTimestamp('2012-01-01 06:30+01:00'); // Date.UTC(2012, 0, 1, 5, 30)
 * parseIsoTimestamp('2021-02-30');           // undefined
 */
export function parseIsoTimestamp(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 24 || minute > 59 || second > 59 || (hour === 24 && (minute | second) !== 0)) return undefined;
  let t = Date.UTC(year, month - 1, day, hour, minute, second) + ms;
  // Date.UTC maps years 0–99 to 1900–1999; put them back where ISO says they are.
  if (year < 100) t = new Date(t).setUTCFullYear(year);
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    if (Number(digits.slice(0, 2)) > 23 || Number(digits.slice(2, 4)) > 59) return undefined;
    t -= sign * offsetMin * 60_000;
  }
  return t;
}

/**
 * Writes a timestamp for messages: ISO date-time in UTC for dates, the plain number for step
 * numbers (values below one day are taken as step numbers).
 *
 * @example
 * formatTimestamp(Date.UTC(1984, 11, 31)); // '1984-12-31'
 * formatTimestamp(7);                      // '7'
 */
export function formatTimestamp(t: number): string {
  if (!Number.isFinite(t) || Math.abs(t) < 86_400_000 || Math.abs(t) > 8.64e15) return String(t);
  const iso = new Date(t).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
