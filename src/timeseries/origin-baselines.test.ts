import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NonFiniteError, ValueError } from '../errors.js';
import { baselineForecast, movingAverageForecast, seasonalNaiveForecast } from './baselines.js';
import { originForecast } from './origin-baselines.js';
import { createTimeSeries } from './series.js';
import { makeWindows } from './windows.js';

const x = Float64Array.of(1, 2, 3, 10, 20, 30, 100);

test('originForecast by hand: naive, seasonal naive, moving average, laid out [N, H]', () => {
  assert.deepEqual([...originForecast(x, [3, 5], 4, { kind: 'naive' })], [10, 10, 10, 10, 30, 30, 30, 30]);
  // L = 3: rows 4…7 read rows 1, 2, 3, 1 → 2, 3, 10, 2;  L = 5: rows 3, 4, 5, 3 → 10, 20, 30, 10
  assert.deepEqual([...originForecast(x, [3, 5], 4, { kind: 'seasonalNaive', season: 3 })], [2, 3, 10, 2, 10, 20, 30, 10]);
  assert.deepEqual([...originForecast(x, [3, 5], 2, { kind: 'movingAverage', window: 2 })], [6.5, 6.5, 25, 25]);
  // the last row is an origin too: forecasts past the end of the data
  assert.deepEqual([...originForecast(x, [6], 2, { kind: 'seasonalNaive', season: 2 })], [30, 100]);
});

test('originForecast agrees with the history baselines on each prefix', () => {
  const v = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i / 3) * 10 + i);
  const origins = [11, 17, 39];
  const seasonal = originForecast(v, origins, 5, { kind: 'seasonalNaive', season: 12 });
  const ma = originForecast(v, origins, 5, { kind: 'movingAverage', window: 7 });
  origins.forEach((L, n) => {
    const past = v.subarray(0, L + 1);
    assert.deepEqual([...seasonal.subarray(n * 5, n * 5 + 5)], [...seasonalNaiveForecast(past, 5, 12)]);
    assert.deepEqual([...ma.subarray(n * 5, n * 5 + 5)], [...movingAverageForecast(past, 5, 7)]);
  });
});

test('originForecast matches baselineForecast at the windows’ origins (same formulas, float64)', () => {
  const v = Array.from({ length: 30 }, (_, i) => [4, 8, 15, 16, 23][i % 5] + 0.5 * i);
  const w = makeWindows(createTimeSeries({ v }), { lookBack: 6, horizon: 3, targets: ['v'] });
  const origins = Int32Array.from({ length: w.count }, (_, i) => w.lastInputRow(i));
  for (const method of [{ kind: 'naive' }, { kind: 'seasonalNaive', season: 5 }, { kind: 'movingAverage', window: 4 }] as const) {
    const a = originForecast(Float64Array.from(v), origins, 3, method);
    assert.deepEqual([...a], [...baselineForecast(w, method)], method.kind);
  }
});

test('too little history, bad origins and missing values are clear errors', () => {
  assert.throws(
    () => originForecast(x, [2, 1], 1, { kind: 'seasonalNaive', season: 3 }),
    (e: unknown) => e instanceof ValueError && /origin 1 \(origins\[1\]\) has 2 rows of history/.test(e.message) && /needs at least 3/.test(e.message),
  );
  assert.throws(() => originForecast(x, [0], 1, { kind: 'movingAverage', window: 2 }), /needs at least 2 \(a window of 2 rows\)/);
  assert.throws(() => originForecast(x, [7], 1, { kind: 'naive' }), /origin 7 .* not a row/);
  assert.throws(() => originForecast(x, [1.5], 1, { kind: 'naive' }), ValueError);
  assert.throws(() => originForecast(x, [3], 0, { kind: 'naive' }), /horizon/);
  const gappy = Float64Array.of(1, NaN, 3, 4);
  assert.deepEqual([...originForecast(gappy, [3], 1, { kind: 'movingAverage', window: 2 })], [3.5]); // NaN row not read
  assert.throws(() => originForecast(gappy, [2], 1, { kind: 'movingAverage', window: 2 }), NonFiniteError);
});
