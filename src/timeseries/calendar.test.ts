import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NonFiniteError, ValueError } from '../errors.js';
import { calendarFeatures, defaultCalendarFeatures, futureTimestamps, withCalendarFeatures } from './calendar.js';
import { createTimeSeries } from './series.js';

const near = (a: number, b: number, msg = '') => assert.ok(Math.abs(a - b) < 1e-12, `${msg} ${a} vs ${b}`);
const DAY = 86_400_000;

test('calendarFeatures: sin/cos of the position in each cycle, UTC, by hand', () => {
  const t = Float64Array.of(
    Date.UTC(2024, 0, 1), //        Monday, Jan, 00:00, day 0 of 366
    Date.UTC(2024, 0, 7, 18), //    Sunday, 18:00, day 6
    Date.UTC(2024, 2, 1), //        Friday, March, day 31 + 29 = 60 of 366 (leap year)
    Date.UTC(2023, 11, 31, 23), //  Sunday, December, 23:00, day 364 of 365
  );
  const f = calendarFeatures(t, ['dayOfWeek', 'month', 'hourOfDay', 'dayOfYear']);
  assert.deepEqual(f.columns, ['dayOfWeek_sin', 'dayOfWeek_cos', 'month_sin', 'month_cos', 'hourOfDay_sin', 'hourOfDay_cos', 'dayOfYear_sin', 'dayOfYear_cos']);
  const col = (name: string) => f.values[f.columns.indexOf(name)];
  const expect: Record<string, number[]> = {
    dayOfWeek: [0, 6 / 7, 4 / 7, 6 / 7],
    month: [0, 0, 2 / 12, 11 / 12],
    hourOfDay: [0, 18 / 24, 0, 23 / 24],
    dayOfYear: [0, 6 / 366, 60 / 366, 364 / 365],
  };
  for (const [kind, turns] of Object.entries(expect)) {
    turns.forEach((u, i) => {
      near(col(`${kind}_sin`)[i], Math.sin(2 * Math.PI * u), `${kind}_sin[${i}]`);
      near(col(`${kind}_cos`)[i], Math.cos(2 * Math.PI * u), `${kind}_cos[${i}]`);
    });
  }
  // Dec 31 of a leap year sits just before Jan 1
  const dec31 = calendarFeatures(Float64Array.of(Date.UTC(2024, 11, 31)), ['dayOfYear']);
  near(dec31.values[0][0], Math.sin((2 * Math.PI * 365) / 366));
});

test('withCalendarFeatures appends columns and shares the old ones', () => {
  const s = createTimeSeries({ load: [1, 2, 3] }, [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
  const w = withCalendarFeatures(s, ['dayOfWeek']);
  assert.deepEqual(w.columns, ['load', 'dayOfWeek_sin', 'dayOfWeek_cos']);
  assert.equal(w.values[0], s.values[0]);
  assert.equal(w.timestamps, s.timestamps);
  near(w.values[1][1], Math.sin((2 * Math.PI) / 7)); // Tuesday
  assert.throws(() => withCalendarFeatures(w, ['dayOfWeek']), /already has a column "dayOfWeek_sin"/);
});

test('futureTimestamps continues the axis: business days skip weekends, months add months', () => {
  assert.deepEqual([...futureTimestamps(Date.UTC(2024, 0, 4), { unit: 'businessDay', step: 1 }, 3)], [Date.UTC(2024, 0, 5), Date.UTC(2024, 0, 8), Date.UTC(2024, 0, 9)]);
  assert.deepEqual([...futureTimestamps(Date.UTC(2020, 10, 1), { unit: 'month', step: 1 }, 3)], [Date.UTC(2020, 11, 1), Date.UTC(2021, 0, 1), Date.UTC(2021, 1, 1)]);
  assert.deepEqual([...futureTimestamps(Date.UTC(2024, 1, 28), { unit: 'ms', step: DAY }, 2)], [Date.UTC(2024, 1, 29), Date.UTC(2024, 2, 1)]);
  assert.deepEqual([...futureTimestamps(5, { unit: 'ms', step: 1 }, 2)], [6, 7]);
  assert.equal(futureTimestamps(0, { unit: 'ms', step: 1 }, 0).length, 0);
  assert.throws(() => futureTimestamps(0, { unit: 'ms', step: 1 }, -1), ValueError);
});

test('defaultCalendarFeatures follows the step; plain step numbers get none', () => {
  assert.deepEqual(defaultCalendarFeatures({ unit: 'ms', step: DAY }), ['dayOfYear', 'dayOfWeek']);
  assert.deepEqual(defaultCalendarFeatures({ unit: 'businessDay', step: 1 }), ['dayOfWeek', 'dayOfYear']);
  assert.deepEqual(defaultCalendarFeatures({ unit: 'month', step: 1 }), ['month']);
  assert.deepEqual(defaultCalendarFeatures({ unit: 'month', step: 3 }), ['month']);
  assert.deepEqual(defaultCalendarFeatures({ unit: 'month', step: 12 }), []);
  assert.deepEqual(defaultCalendarFeatures({ unit: 'ms', step: 3_600_000 }), ['hourOfDay', 'dayOfWeek']);
  assert.deepEqual(defaultCalendarFeatures({ unit: 'ms', step: 900_000 }), ['hourOfDay', 'dayOfWeek']);
  assert.deepEqual(defaultCalendarFeatures({ unit: 'ms', step: 7 * DAY }), ['dayOfYear']);
  assert.deepEqual(defaultCalendarFeatures({ unit: 'ms', step: 1 }), []);
  assert.deepEqual(defaultCalendarFeatures({ unit: 'ms', step: 5 }), []);
  assert.deepEqual(defaultCalendarFeatures(null), []);
});

test('calendarFeatures errors', () => {
  assert.throws(() => calendarFeatures(Float64Array.of(0), ['weekday' as 'dayOfWeek']), /unknown feature "weekday"/);
  assert.throws(() => calendarFeatures(Float64Array.of(0), ['month', 'month']), /each feature once/);
  assert.throws(() => calendarFeatures(Float64Array.of(0, NaN), ['month']), NonFiniteError);
});
