import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarPeriod, chooseCalendarFeatures } from './calendar-choice.js';
import { Generator } from '../../random/generator.js';

const DAILY = { unit: 'ms', step: 86_400_000 } as const;

test('calendar auto: the features whose cycle the target shows, none for a random walk', () => {
  const g = new Generator(5);
  const n = 1500;
  const yearly = Float64Array.from({ length: n }, (_, t) => 10 * Math.sin((2 * Math.PI * t) / 365.25) + g.normal());
  const weekly = Float64Array.from({ length: n }, (_, t) => 3 * Math.sin((2 * Math.PI * t) / 7) + g.normal());
  let x = 0;
  const walk = Float64Array.from({ length: n }, () => (x += g.normal()));
  assert.deepEqual(chooseCalendarFeatures(yearly, DAILY), ['dayOfYear']);
  assert.deepEqual(chooseCalendarFeatures(weekly, DAILY), ['dayOfWeek']);
  assert.deepEqual(chooseCalendarFeatures(walk, DAILY), []);
  assert.deepEqual(chooseCalendarFeatures(walk, { unit: 'businessDay', step: 1 }), []);
  assert.deepEqual(chooseCalendarFeatures(yearly, null), []);
  const monthly = Float64Array.from({ length: 200 }, (_, t) => Math.cos((2 * Math.PI * t) / 12) + 0.2 * g.normal());
  assert.deepEqual(chooseCalendarFeatures(monthly, { unit: 'month', step: 1 }), ['month']);
});

test('calendar periods in rows', () => {
  assert.equal(calendarPeriod('dayOfWeek', DAILY), 7);
  assert.equal(calendarPeriod('hourOfDay', { unit: 'ms', step: 3_600_000 }), 24);
  assert.equal(calendarPeriod('dayOfWeek', { unit: 'businessDay', step: 1 }), 5);
  assert.equal(calendarPeriod('month', { unit: 'month', step: 3 }), 4);
});
