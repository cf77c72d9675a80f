import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addBusinessDays, businessDayIndex, isoDayOfWeek, isWeekday } from './business-days.js';

const DAY = 86_400_000;

/** Reference: walk day by day, counting only Monday–Friday (Date.getUTCDay: 0 = Sunday, 6 = Saturday). */
function walk(t: number, k: number): number {
  let u = t;
  for (let left = Math.abs(k); left > 0; ) {
    u += Math.sign(k) * DAY;
    const d = new Date(u).getUTCDay();
    if (d !== 0 && d !== 6) left--;
  }
  return u;
}

test('isoDayOfWeek counts Monday = 0 … Sunday = 6, before and after 1970', () => {
  assert.equal(isoDayOfWeek(Date.UTC(2024, 0, 1)), 0); // a Monday
  assert.equal(isoDayOfWeek(Date.UTC(2024, 0, 6)), 5);
  assert.equal(isoDayOfWeek(Date.UTC(2024, 0, 7, 23, 59)), 6);
  assert.equal(isoDayOfWeek(Date.UTC(1969, 11, 31)), 2); // a Wednesday
  assert.equal(isWeekday(Date.UTC(2024, 0, 5)), true);
  assert.equal(isWeekday(Date.UTC(2024, 0, 6)), false);
});

test('addBusinessDays skips weekends; agrees with a day-by-day walk across 1970', () => {
  assert.equal(addBusinessDays(Date.UTC(2024, 0, 5), 1), Date.UTC(2024, 0, 8)); // Fri → Mon
  assert.equal(addBusinessDays(Date.UTC(2024, 0, 8), -1), Date.UTC(2024, 0, 5)); // Mon → Fri
  assert.equal(addBusinessDays(Date.UTC(2024, 0, 3), 10), Date.UTC(2024, 0, 17)); // two weeks
  assert.equal(addBusinessDays(Date.UTC(2024, 0, 5, 15, 30), 1), Date.UTC(2024, 0, 8, 15, 30)); // time of day kept
  assert.equal(addBusinessDays(Date.UTC(2024, 0, 6), 1), Date.UTC(2024, 0, 8)); // Sat → Mon, as pandas BDay
  assert.equal(addBusinessDays(Date.UTC(2024, 0, 7), -1), Date.UTC(2024, 0, 5)); // Sun → Fri
  for (let d = -20; d < 20; d++) {
    const t = Date.UTC(1970, 0, 1) + d * DAY;
    for (let k = -12; k <= 12; k++) assert.equal(addBusinessDays(t, k), walk(t, k), `${new Date(t).toISOString()} ${k}`);
  }
});

test('businessDayIndex: consecutive weekdays are one apart, weekends have no index', () => {
  let t = Date.UTC(1969, 11, 1);
  for (let i = 0; i < 60; i++) {
    const next = walk(t, 1);
    if (isWeekday(t)) assert.equal(businessDayIndex(next) - businessDayIndex(t), 1);
    t += DAY;
  }
  assert.throws(() => businessDayIndex(Date.UTC(2024, 0, 6)), /Saturday/);
});
