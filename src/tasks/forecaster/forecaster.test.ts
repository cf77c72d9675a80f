import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Forecaster } from './forecaster.js';
import { Generator } from '../../random/generator.js';
import { createTimeSeries, sliceSeries, type TimeSeries } from '../../timeseries/series.js';
import { RecurrentError, ValueError } from '../../errors.js';

const DAY = 86_400_000;

/** A daily series: weekly cycle + slow wave + AR noise, and a covariate that leads it by one day. */
function daily(n: number, seed = 1): TimeSeries {
  const g = new Generator(seed);
  const y = new Float64Array(n), lead = new Float64Array(n);
  let e = 0;
  for (let t = 0; t < n; t++) {
    e = 0.6 * e + 0.3 * g.normal();
    y[t] = 10 + 3 * Math.sin((2 * Math.PI * t) / 7) + 2 * Math.sin((2 * Math.PI * t) / 90) + e;
  }
  for (let t = 0; t < n; t++) lead[t] = t + 1 < n ? y[t + 1] + 0.1 * g.normal() : y[t];
  return createTimeSeries({ y, lead }, Array.from({ length: n }, (_, t) => Date.UTC(2020, 0, 1) + t * DAY));
}

const small = { targets: ['y'], lookBack: 14, hiddenSize: 16, epochs: 8, patience: 3, seed: 3 } as const;

test('Forecaster: evaluate scores every test point, the baselines on the same points, from rows before each origin', async () => {
  const s = daily(300);
  const start = 240;
  const f = new Forecaster(small);
  const h = await f.fit(sliceSeries(s, 0, start));
  assert.ok(h.epochs.length >= 1);
  const ev = f.evaluate(s);
  assert.equal(ev.start, start, 'default start: the first row after the training data');
  assert.equal(ev.n, 60);
  assert.equal(ev.metrics.model.n, 60);
  for (const b of ['naive', 'movingAverage', 'linear'] as const) assert.equal(ev.metrics.baselines[b]!.n, 60, b);
  const y = s.values[0];
  const t = ev.targets.y;
  // naive at lead 1 is exactly the previous row
  for (let r = 0; r < ev.n; r++) assert.equal(t.leads[0].baselines.naive![r], y[start + r - 1]);
  assert.deepEqual(Array.from(t.actual), Array.from(y.subarray(start)));
  // each model forecast equals a forecast made from the data up to its origin only
  for (const r of [0, 17, 59]) {
    const p = f.predict(sliceSeries(s, 0, start + r), { horizon: 1 });
    assert.ok(Math.abs(p.values.y[0] - t.leads[0].model[r]) < 1e-5, `row ${r}: ${p.values.y[0]} vs ${t.leads[0].model[r]}`);
  }
  // quantiles never cross
  for (let r = 0; r < ev.n; r++) assert.ok(t.leads[0].lower![r] <= t.leads[0].model[r] && t.leads[0].model[r] <= t.leads[0].upper![r]);
  assert.ok(ev.metrics.model.coverage! > 0.3, `coverage ${ev.metrics.model.coverage}`);
});

test('Forecaster: learns a seasonal series better than the naive forecast', async () => {
  const s = daily(500, 2);
  const f = new Forecaster({ ...small, epochs: 30, patience: 8 });
  await f.fit(sliceSeries(s, 0, 400));
  const ev = f.evaluate(s);
  assert.ok(ev.metrics.model.mae < 0.8 * ev.metrics.baselines.naive!.mae, `model ${ev.metrics.model.mae} vs naive ${ev.metrics.baselines.naive!.mae}`);
});

test('Forecaster: the scaler and baselines come from the training part only', async () => {
  const s = daily(260);
  const f = new Forecaster({ ...small, epochs: 1 });
  await f.fit(sliceSeries(s, 0, 200));
  const y = s.values[0].subarray(0, 200);
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const json = f.state!.scaler as { center: number[] };
  assert.ok(Math.abs(json.center[0] - mean) < 1e-9);
  assert.equal(f.state!.trainRows, 200);
});

test('Forecaster: save and load give identical forecasts and refuse a series without the columns', async () => {
  const s = daily(220);
  const f = new Forecaster({ ...small, targets: ['y'], features: ['lead'], epochs: 2, horizon: 3 });
  await f.fit(sliceSeries(s, 0, 180));
  const dir = mkdtempSync(path.join(tmpdir(), 'forecaster-'));
  try {
    await f.save(dir);
    const g = await Forecaster.load(dir);
    const a = f.predict(s), b = g.predict(s);
    assert.deepEqual(Array.from(b.values.y), Array.from(a.values.y));
    assert.deepEqual(Array.from(b.upper!.y), Array.from(a.upper!.y));
    assert.deepEqual(g.evaluate(s).metrics.model, f.evaluate(s).metrics.model);
    const without = createTimeSeries({ y: s.values[0] }, s.timestamps);
    assert.throws(() => g.predict(without), (e: unknown) => e instanceof ValueError && /"lead"/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Forecaster: load names what is wrong with a folder', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'forecaster-empty-'));
  try {
    await assert.rejects(Forecaster.load(dir), (e: unknown) => e instanceof RecurrentError && /forecaster\.json/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const strategy of ['direct', 'recursive', 'encoderDecoder'] as const) {
  test(`Forecaster: ${strategy} strategy forecasts every lead of a horizon of 4`, async () => {
    const s = daily(240);
    const f = new Forecaster({ ...small, strategy, horizon: 4, epochs: 2, calendar: 'auto' });
    await f.fit(sliceSeries(s, 0, 200));
    assert.deepEqual(f.state!.calendar, ['dayOfWeek'], 'the weekly cycle the series shows, not the yearly one it does not');
    const ev = f.evaluate(s);
    assert.equal(ev.targets.y.leads.length, 4);
    assert.equal(ev.targets.y.byLead.length, 4);
    for (const l of ev.targets.y.leads) assert.ok(l.model.every(Number.isFinite));
    const p = f.predict(s, { horizon: 6 });
    assert.equal(p.timestamps.length, 6);
    assert.equal(p.timestamps[0], s.timestamps[239] + DAY, 'the next day');
    assert.ok(p.values.y.every(Number.isFinite));
  });
}

test('Forecaster: options and data are checked before training', async () => {
  assert.throws(() => new Forecaster({ targets: [] }), ValueError);
  assert.throws(() => new Forecaster({ targets: ['y'], quantiles: [0.9, 0.1] }), /strictly increasing/);
  assert.throws(() => new Forecaster({ targets: ['y'], lookBack: 0 }), /lookBack/);
  const s = daily(100);
  await assert.rejects(new Forecaster({ targets: ['nope'] }).fit(s), /no column named "nope"/);
  await assert.rejects(new Forecaster({ targets: ['y'], lookBack: 90 }).fit(s), /windows/);
  await assert.rejects(new Forecaster({ targets: ['y'], features: ['lead'], strategy: 'recursive' }).fit(s), /feeds forecasts back/);
  const f = new Forecaster({ ...small, epochs: 1 });
  await f.fit(sliceSeries(s, 0, 80));
  assert.throws(() => f.evaluate(s, { start: 5 }), /context/);
  assert.throws(() => f.predict(s, { horizon: 0 }), /horizon/);
});

test('Forecaster: backtest scores rolling origins after the training data, or retrains before each', async () => {
  const s = daily(260);
  const f = new Forecaster({ ...small, horizon: 2, epochs: 1 });
  await f.fit(sliceSeries(s, 0, 220));
  const folds = await f.backtest(s, { folds: 3, stride: 5 });
  assert.deepEqual(folds.map((e) => e.start), [248, 253, 258]);
  for (const e of folds) assert.equal(e.n, 2);
  await assert.rejects(f.backtest(s, { folds: 10, stride: 5 }), /in-sample/);
  const re = await f.backtest(s, { folds: 2, stride: 30, retrain: true });
  assert.deepEqual(re.map((e) => e.start), [228, 258]);
});
