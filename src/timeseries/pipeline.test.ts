// End to end on a real series: CSV → split → scale (train only) → windows → batches → baselines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as ts from './index.js';

const file = path.resolve(process.cwd(), '../shared/data/airline-passengers/airline-passengers.csv');

test('airline passengers: every step of the pipeline, with baselines a model has to beat', async (t) => {
  if (!existsSync(file)) return t.skip(`shared data not found at ${file}`);
  const { series } = await ts.readCsvSeriesFile(file, { timeColumn: 'Month' });
  const split = ts.splitChronological(series, { train: 0.7, validation: 0.15 });
  assert.deepEqual(split.boundaries, [0, 100, 121, 144]);

  const scaler = new ts.MinMaxScaler().fit(split.train);
  const test = scaler.transform(split.test);
  const restored = ts.scalerFromJSON(JSON.parse(JSON.stringify(scaler.toJSON())));

  const windows = ts.makeWindows(test, { lookBack: 12, targets: ['Passengers'] });
  assert.equal(windows.count, 23 - 12);
  const batches = [...ts.windowBatches(windows, { batchSize: 4, timeMajor: true })];
  assert.deepEqual(batches.map((b) => b.xShape), [[12, 4, 1], [12, 4, 1], [12, 3, 1]]);

  const ids = Int32Array.from({ length: windows.count }, (_, i) => i);
  const y = restored.inverseTransformValues(ts.gatherWindows(windows, ids).y, ['Passengers']);
  const raw = ts.seriesColumn(split.test, 'Passengers');
  y.forEach((v, i) => assert.ok(Math.abs(v - raw[12 + i]) < 1e-3)); // float32 round trip

  const inUnits = (m: ts.BaselineMethod) => restored.inverseTransformValues(ts.baselineForecast(windows, m), ['Passengers']);
  const naive = inUnits({ kind: 'naive' });
  const seasonal = inUnits({ kind: 'seasonalNaive', season: 12 });
  // naive by hand: |x_t − x_{t−1}| over the target rows 12 … 22 of the test split
  let hand = 0;
  for (let r = 12; r < 23; r++) hand += Math.abs(raw[r] - raw[r - 1]);
  assert.ok(Math.abs(ts.mae(y, naive) - hand / 11) < 1e-3);
  const train = ts.seriesColumn(split.train, 'Passengers');
  const mNaive = ts.forecastMetrics(y, naive, { insample: train, season: 12 });
  const mSeasonal = ts.forecastMetrics(y, seasonal, { insample: train, season: 12 });
  for (const m of [mNaive, mSeasonal]) for (const v of Object.values(m)) assert.ok(Number.isFinite(v) && v > 0);
  // seasonal naive at lag 12 is what MASE with m = 12 is scaled by; on the test years it still
  // lands near 1 (growth makes it a bit worse than on the training years)
  assert.ok(mSeasonal.mase! > 0.5 && mSeasonal.mase! < 3, `MASE ${mSeasonal.mase}`);
});

test('the public index exports each concept once under unambiguous names', () => {
  for (const name of ['readCsvSeries', 'fillMissing', 'StandardScaler', 'MinMaxScaler', 'RobustScaler', 'scalerFromJSON', 'splitChronological', 'makeWindows', 'windowBatches', 'gatherWindows', 'mae', 'rmse', 'mape', 'smape', 'mase', 'naiveForecast', 'seasonalNaiveForecast', 'movingAverageForecast', 'baselineForecast']) {
    assert.equal(typeof (ts as Record<string, unknown>)[name], 'function', name);
  }
});
