import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NonFiniteError, ShapeError, ValueError } from '../errors.js';
import { coverage, forecastMetrics, mae, mape, mase, meanIntervalWidth, pinball, rmse, smape } from './metrics.js';

const near = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('MAE and RMSE against hand-computed values', () => {
  near(mae([1, 2, 3], [2, 2, 5]), 1);
  near(rmse([1, 2, 3], [2, 2, 5]), Math.sqrt(5 / 3));
  near(mae(Float32Array.of(0.5), Float64Array.of(-0.5)), 1);
});

test('MAPE and sMAPE in percent', () => {
  near(mape([100, 200], [110, 180]), 10);
  near(smape([100, 200], [110, 180]), 100 * (10 / 210 + 20 / 380));
  near(smape([0, 1], [0, 3]), 100 * (0 + 2 / 4)); // 0/0 counts as a perfect forecast
  near(smape([1], [-1]), 200); // the upper bound
  assert.throws(() => mape([0, 1], [1, 1]), /index 0 is 0/);
});

test('MASE with the naive scale (m = 1)', () => {
  // insample diffs |2-1|,|4-2|,|7-4| = 1,2,3 → scale 2; MAE of forecast = (1 + 3)/2 = 2 → MASE 1
  near(mase([8, 9], [9, 6], [1, 2, 4, 7]), 1);
});

test('MASE with seasonality m = 4 uses lag-4 differences of the training series', () => {
  // two "years" of quarters; lag-4 diffs: 12-10, 22-20, 33-30, 16-15 = 2, 2, 3, 1 → scale 2
  const train = [10, 20, 30, 15, 12, 22, 33, 16];
  near(mase([14, 24], [15, 21], train, 4), 2 / 2);
  // the same data with m = 1 has scale mean(|diffs|) = (10+10+15+3+10+11+17)/7 = 76/7
  near(mase([14, 24], [15, 21], train, 1), 2 / (76 / 7));
  assert.throws(() => mase([1], [1], [1, 2, 3, 4], 4), /more than season = 4/);
  assert.throws(() => mase([1], [2], [5, 5, 5]), /constant/);
});

test('shapes, emptiness and non-finite values are clear errors', () => {
  assert.throws(() => mae([1, 2], [1]), ShapeError);
  assert.throws(() => rmse([], []), ValueError);
  assert.throws(() => mae([1, NaN], [1, 2]), NonFiniteError);
  assert.throws(() => mae([1, 2], [1, Infinity]), NonFiniteError);
});

test('forecastMetrics gathers all five; MAPE is NaN where undefined', () => {
  const m = forecastMetrics([0, 2], [1, 2], { insample: [0, 1, 2], season: 1 });
  near(m.mae, 0.5);
  near(m.rmse, Math.sqrt(0.5));
  assert.ok(Number.isNaN(m.mape));
  near(m.smape, 100);
  near(m.mase!, 0.5);
  assert.equal(forecastMetrics([1], [1]).mase, undefined);
});

test('coverage and mean interval width by hand; bounds are inclusive', () => {
  near(coverage([1, 5, 3], [0, 0, 0], [2, 2, 4]), 2 / 3);
  near(coverage([0, 2], [0, 0], [2, 2]), 1);
  near(meanIntervalWidth([0, 1], [2, 4]), 2.5);
  assert.throws(() => coverage([1, 2], [0, 3], [2, 2]), (e: unknown) => e instanceof ValueError && /lower 3 > upper 2 at index 1/.test(e.message));
  assert.throws(() => coverage([1, 2], [0], [2, 2]), (e: unknown) => e instanceof ShapeError && /lower/.test(e.message));
  assert.throws(() => meanIntervalWidth([0, NaN], [1, 1]), NonFiniteError);
  assert.throws(() => meanIntervalWidth([], []), ValueError);
});

test('pinball by hand; at q = 0.5 it is half the MAE', () => {
  near(pinball([10, 10], [8, 13], 0.9), (0.9 * 2 + 0.1 * 3) / 2);
  near(pinball([10, 10], [8, 13], 0.1), (0.1 * 2 + 0.9 * 3) / 2);
  near(pinball([1, 2, 3], [2, 2, 5], 0.5), mae([1, 2, 3], [2, 2, 5]) / 2);
  for (const q of [0, 1, -0.1, NaN]) assert.throws(() => pinball([1], [1], q), /strictly between 0 and 1/);
});
