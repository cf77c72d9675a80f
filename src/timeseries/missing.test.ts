import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../errors.js';
import { countMissing, fillMissing } from './missing.js';
import { createTimeSeries } from './series.js';

const series = () => createTimeSeries({ a: [NaN, 2, NaN, NaN, 8, NaN], b: [1, 2, 3, 4, 5, 6] }, [0, 1, 2, 4, 5, 6]);

test('countMissing counts NaN per column', () => {
  assert.deepEqual(countMissing(series()), [4, 0]);
});

test("'error' throws a ValueError naming column, row and the policies", () => {
  assert.throws(() => fillMissing(series(), 'error'), (e: Error) => e instanceof ValueError && /column "a" at row 0/.test(e.message) && /'ffill'/.test(e.message));
  assert.throws(() => fillMissing(series(), 'error', { lines: [2, 3, 4, 5, 6, 7] }), /column "a" at line 2/);
});

test("'drop' removes every row with a missing value, in every column", () => {
  const r = fillMissing(series(), 'drop', { lines: [2, 3, 4, 5, 6, 7] });
  assert.deepEqual([...r.series.timestamps], [1, 5]);
  assert.deepEqual([...r.series.values[1]], [2, 5]);
  assert.deepEqual([...r.lines!], [3, 6]);
  assert.equal(r.dropped, 4);
});

test("'ffill' carries values forward; a leading gap takes the first observed value", () => {
  const r = fillMissing(series(), 'ffill');
  assert.deepEqual([...r.series.values[0]], [2, 2, 2, 2, 8, 8]);
  assert.equal(r.filled, 4);
});

test("'interpolate' is linear in time, not in row number, and constant at the ends", () => {
  // observed (t=1, 2) and (t=5, 8): slope 1.5 per unit of time; t=2 → 3.5, t=4 → 6.5
  const r = fillMissing(series(), 'interpolate');
  assert.deepEqual([...r.series.values[0]], [2, 2, 3.5, 6.5, 8, 8]);
  assert.deepEqual([...r.series.values[1]], [1, 2, 3, 4, 5, 6]);
});

test('the input series is left untouched and a complete series comes back as is', () => {
  const s = series();
  fillMissing(s, 'interpolate');
  assert.ok(Number.isNaN(s.values[0][0]));
  const full = createTimeSeries({ x: [1, 2] });
  assert.equal(fillMissing(full, 'error').series, full);
});

test('a column with no value at all cannot be filled; drop of everything is an error', () => {
  const s = createTimeSeries({ x: [NaN, NaN], y: [1, NaN] });
  assert.throws(() => fillMissing(s, 'ffill'), /column "x" has no value at all/);
  assert.throws(() => fillMissing(s, 'drop'), /removed all 2 rows/);
});

test('messages cut long column names and list at most 10 columns', () => {
  const cols = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${'c'.repeat(10_000)}${i}`, [NaN, 1]]));
  assert.throws(() => fillMissing(createTimeSeries(cols), 'error'), (e: Error) => e instanceof ValueError && e.message.length < 1000 && /… 40 more columns/.test(e.message));
  const empty = createTimeSeries({ ['x'.repeat(10_000)]: [NaN, NaN] });
  assert.throws(() => fillMissing(empty, 'ffill'), (e: Error) => e instanceof ValueError && e.message.length < 300);
});
