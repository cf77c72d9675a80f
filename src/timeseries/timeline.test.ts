import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTimestamp, parseIsoTimestamp } from './dates.js';
import { readCsvSeries } from './csv.js';
import { addSteps, auditTimeline, describeGaps, inferFrequency } from './timeline.js';

test('parseIsoTimestamp reads ISO dates in UTC and rejects impossible ones', () => {
  assert.equal(parseIsoTimestamp('1949-01'), Date.UTC(1949, 0, 1));
  assert.equal(parseIsoTimestamp('1981'), Date.UTC(1981, 0, 1));
  assert.equal(parseIsoTimestamp('2012-01-01T10:00'), Date.UTC(2012, 0, 1, 10)); // UTC, not local time
  assert.equal(parseIsoTimestamp('2012-01-01 06:30:15.250+01:00'), Date.UTC(2012, 0, 1, 5, 30, 15, 250));
  assert.equal(parseIsoTimestamp('2012-01-01T00:00Z'), Date.UTC(2012, 0, 1));
  assert.equal(parseIsoTimestamp('2020-02-29'), Date.UTC(2020, 1, 29));
  for (const bad of ['2021-02-30', '2021-13-01', '2021-1-1', '12/31/2020', 'x', '', '2020-01-01T25:00']) {
    assert.equal(parseIsoTimestamp(bad), undefined, bad);
  }
  assert.equal(parseIsoTimestamp('0050-06-01'), Date.parse('0050-06-01T00:00:00Z'));
});

test('formatTimestamp writes dates, date-times and plain steps', () => {
  assert.equal(formatTimestamp(Date.UTC(1984, 11, 31)), '1984-12-31');
  assert.equal(formatTimestamp(Date.UTC(1984, 11, 31, 6)), '1984-12-31T06:00:00.000Z');
  assert.equal(formatTimestamp(7), '7');
});

test('inferFrequency: steps, days, calendar months, none', () => {
  assert.deepEqual(inferFrequency(Float64Array.of(0, 1, 2, 4)), { unit: 'ms', step: 1 });
  const months = Float64Array.of(Date.UTC(2020, 0, 1), Date.UTC(2020, 1, 1), Date.UTC(2020, 2, 1));
  assert.deepEqual(inferFrequency(months), { unit: 'month', step: 1 });
  const quarters = Float64Array.of(Date.UTC(2020, 0, 1), Date.UTC(2020, 3, 1), Date.UTC(2020, 6, 1));
  assert.deepEqual(inferFrequency(quarters), { unit: 'month', step: 3 });
  assert.equal(inferFrequency(Float64Array.of(5)), null);
  assert.equal(inferFrequency(Float64Array.of(5, 5)), null);
});

test('addSteps moves by ms or by calendar months', () => {
  assert.equal(addSteps(Date.UTC(2020, 10, 1), 3, { unit: 'month', step: 1 }), Date.UTC(2021, 1, 1));
  assert.equal(addSteps(10, 2, { unit: 'ms', step: 5 }), 20);
});

test('auditTimeline finds duplicates (with all their lines), gaps and irregular steps', () => {
  const r = auditTimeline(Float64Array.of(0, 2, 2, 2, 4, 10, 11), [2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(r.frequency, { unit: 'ms', step: 2 });
  assert.deepEqual(r.duplicates, [{ timestamp: 2, lines: [3, 4, 5] }]);
  assert.deepEqual(r.gaps, [{ after: 4, before: 10, missing: 2 }]);
  assert.deepEqual(r.irregular, [{ after: 10, before: 11 }]);
});

/** Monday–Friday dates from `start` for `n` weeks, leaving out the dates in `skip`. */
function businessDates(start: number, weeks: number, skip: number[] = []): Float64Array {
  const out: number[] = [];
  for (let d = 0; d < 7 * weeks; d++) {
    const t = start + d * 86_400_000;
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6 && !skip.includes(t)) out.push(t);
  }
  return Float64Array.from(out);
}

test('business days: Mon–Fri dates are one business day apart; a weekday holiday is the only gap', () => {
  const holiday = Date.UTC(2024, 0, 17); // a Wednesday
  const t = businessDates(Date.UTC(2024, 0, 1), 4, [holiday]);
  assert.deepEqual(inferFrequency(t), { unit: 'businessDay', step: 1 });
  const r = auditTimeline(t, Array.from(t, (_, i) => i + 2));
  assert.deepEqual(r.gaps, [{ after: Date.UTC(2024, 0, 16), before: Date.UTC(2024, 0, 18), missing: 1 }]);
  assert.deepEqual(r.irregular, []);
  assert.equal(describeGaps(r.gaps), '2024-01-16 → 2024-01-18 (1 missing)');
  assert.equal(addSteps(Date.UTC(2024, 0, 5), 1, { unit: 'businessDay', step: 1 }), Date.UTC(2024, 0, 8));
  assert.equal(addSteps(Date.UTC(2024, 0, 5), 6, { unit: 'businessDay', step: 1 }), Date.UTC(2024, 0, 15));
});

test('business days are inferred only with the evidence: plain days otherwise', () => {
  const DAY = 86_400_000;
  // seven consecutive days, weekend included: plain daily steps
  const week = Float64Array.from({ length: 7 }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY);
  assert.deepEqual(inferFrequency(week), { unit: 'ms', step: DAY });
  // Monday to Friday of one week spans no weekend: nothing says the weekend is closed
  assert.deepEqual(inferFrequency(week.subarray(0, 5)), { unit: 'ms', step: DAY });
  // weekly on Mondays: 5 business days apart, so 7-day steps
  const mondays = Float64Array.from({ length: 6 }, (_, i) => Date.UTC(2024, 0, 1) + 7 * i * DAY);
  assert.deepEqual(inferFrequency(mondays), { unit: 'ms', step: 7 * DAY });
  // weekdays at 09:30 are not dates: plain steps (the weekend becomes gaps of the 1-day step)
  const morning = businessDates(Date.UTC(2024, 0, 1, 9, 30), 2);
  assert.deepEqual(inferFrequency(morning), { unit: 'ms', step: DAY });
});

test('readCsvSeries fillGaps on business days inserts the holiday, not weekends', () => {
  const holiday = Date.UTC(2024, 0, 17);
  const t = businessDates(Date.UTC(2024, 0, 1), 3, [holiday]);
  const csv = 'Date,Close\n' + Array.from(t, (v, i) => `${formatTimestamp(v)},${100 + i}`).join('\n');
  const { series, report } = readCsvSeries(csv, { timeColumn: 'Date', fillGaps: true, missing: 'interpolate' });
  assert.deepEqual(report.frequency, { unit: 'businessDay', step: 1 });
  assert.equal(report.inserted, 1);
  assert.deepEqual([...series.timestamps], [...businessDates(Date.UTC(2024, 0, 1), 3)]);
  const i = series.timestamps.indexOf(holiday);
  assert.equal(series.values[0][i], (series.values[0][i - 1] + series.values[0][i + 1]) / 2);
  assert.throws(() => readCsvSeries(csv, { timeColumn: 'Date', fillGaps: true }), /2024-01-16 → 2024-01-18 \(1 missing\)/);
});
