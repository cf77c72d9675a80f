import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTimestamp, parseIsoTimestamp } from './dates.js';
import { addSteps, auditTimeline, inferFrequency } from './timeline.js';

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
