import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baselineForecast, movingAverageForecast, naiveForecast, seasonalNaiveForecast } from './baselines.js';
import { gatherWindows } from './batches.js';
import { mae } from './metrics.js';
import { createTimeSeries } from './series.js';
import { makeWindows } from './windows.js';

test('series baselines: naive, seasonal naive, moving average', () => {
  assert.deepEqual([...naiveForecast([3, 5, 4], 2)], [4, 4]);
  assert.deepEqual([...seasonalNaiveForecast([1, 2, 3, 10, 20, 30], 7, 3)], [10, 20, 30, 10, 20, 30, 10]);
  assert.deepEqual([...movingAverageForecast([1, 2, 3, 4], 2, 3)], [3, 3]);
  assert.throws(() => naiveForecast([], 1), /at least 1 past value/);
  assert.throws(() => seasonalNaiveForecast([1, 2], 1, 3), /one full season/);
  assert.throws(() => movingAverageForecast([1], 1, 0), /window to be an integer/);
});

test('window baselines use only the window’s past, laid out like y', () => {
  // season of 3: 1 2 3 | 11 12 13 | 21 22 23 | …
  const v = Array.from({ length: 15 }, (_, i) => 10 * Math.floor(i / 3) + (i % 3) + 1);
  const s = createTimeSeries({ v, w: v.map((x) => -x) });
  const w = makeWindows(s, { lookBack: 4, horizon: 4, targets: ['v', 'w'] });
  // window 0: inputs rows 0..3 = 1 2 3 11, targets rows 4..7 = 12 13 21 22
  const naive = baselineForecast(w, { kind: 'naive' }, [0]);
  assert.deepEqual([...naive], [11, -11, 11, -11, 11, -11, 11, -11]);
  const seasonal = baselineForecast(w, { kind: 'seasonalNaive', season: 3 }, [0]);
  // target rows 4, 5, 6, 7 read rows 4−3, 5−3, 6−3, 7−6 = 1, 2, 3, 1, whose values are 2, 3, 11, 2
  assert.deepEqual([...seasonal].filter((_, i) => i % 2 === 0), [2, 3, 11, 2]);
  const ma = baselineForecast(w, { kind: 'movingAverage', window: 2 }, [0]);
  assert.deepEqual([...ma].filter((_, i) => i % 2 === 0), [7, 7, 7, 7]);
  const allIds = Int32Array.from({ length: w.count }, (_, i) => i);
  assert.equal(baselineForecast(w, { kind: 'naive' }).length, gatherWindows(w, allIds).y.length);
});

test('seasonal naive is exact on a purely seasonal series; window limits are checked', () => {
  const v = Array.from({ length: 48 }, (_, i) => [5, 9, 2, 7][i % 4]);
  const w = makeWindows(createTimeSeries({ v }), { lookBack: 4, horizon: 6, targets: ['v'] });
  const y = gatherWindows(w, Int32Array.from({ length: w.count }, (_, i) => i)).y;
  assert.equal(mae(y, baselineForecast(w, { kind: 'seasonalNaive', season: 4 })), 0);
  assert.ok(mae(y, baselineForecast(w, { kind: 'naive' })) > 0);
  assert.throws(() => baselineForecast(w, { kind: 'seasonalNaive', season: 5 }), /lookBack >= 5/);
  assert.throws(() => baselineForecast(w, { kind: 'movingAverage', window: 5 }), /window <= lookBack/);
  assert.throws(() => baselineForecast(w, { kind: 'naive' }, [w.count]), /indices/);
});
