/**
 * Which calendar features `calendar: 'auto'` gives a Forecaster: those of the series' frequency
 * (daily data: day of year and day of week; monthly: month; …) whose cycle the training target
 * actually shows. A cycle of period p counts when the autocorrelation of the detrended target
 * at lag p is positive (> 0.1) and higher than at lag p/2 — a real seasonal peak; a persistent
 * series without a season (a random walk, a sunspot cycle that is not yearly) has an
 * autocorrelation that only decays, and gets no calendar feature, which would only add noise.
 */

import { defaultCalendarFeatures, type CalendarFeature } from '../../timeseries/calendar.js';
import { autocorrelation, detrend } from '../../timeseries/season.js';
import type { Frequency } from '../../timeseries/timeline.js';

const DAY = 86_400_000;

/** The period in rows of a calendar feature at a frequency, or null when it has none there. */
export function calendarPeriod(kind: CalendarFeature, f: Frequency): number | null {
  if (f.unit === 'businessDay') return kind === 'dayOfWeek' ? 5 : kind === 'dayOfYear' ? 261 : null;
  if (f.unit === 'month') return kind === 'month' || kind === 'dayOfYear' ? 12 / f.step : null;
  const ms = { dayOfYear: 365.25 * DAY, dayOfWeek: 7 * DAY, month: 30.44 * DAY, hourOfDay: DAY }[kind];
  return ms / f.step;
}

/** The calendar features of `frequency` whose cycle `target` shows (see the file comment). */
export function chooseCalendarFeatures(target: Float64Array, frequency: Frequency | null): CalendarFeature[] {
  if (!frequency) return [];
  const y = detrend(target);
  return defaultCalendarFeatures(frequency).filter((kind) => {
    const p = calendarPeriod(kind, frequency);
    if (p === null || p < 2) return false;
    const lag = Math.round(p);
    if (lag > y.length / 2) return false;
    const r = autocorrelation(y, lag);
    if (!r) return false;
    return r[lag] > 0.1 && r[lag] > r[Math.round(lag / 2)];
  });
}
