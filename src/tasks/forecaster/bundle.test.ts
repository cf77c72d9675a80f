// A forecaster folder whose files were edited is refused before anything is used: the network's
// config against its stored weights before the network is built, the scaler field by field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FormatError, StateDictError } from '../../errors.js';
import { loadSafetensorsWithMetadata, saveSafetensors } from '../../io/safetensors-file.js';
import { createTimeSeries } from '../../timeseries/series.js';
import { Forecaster } from './forecaster.js';
import { ForecastNet, forecastNetSpec, type ForecastNetOptions } from './network.js';
import { loadForecaster } from './bundle.js';

test('forecastNetSpec tells exactly the parameter shapes of the ForecastNet it builds', () => {
  const base: ForecastNetOptions = { cell: 'lstm', inputSize: 3, hiddenSize: 5, numLayers: 2, dropout: 0, strategy: 'direct', horizon: 4, targets: 2, quantiles: 3, futureSize: 2, forgetBias: 1 };
  for (const o of [base, { ...base, cell: 'gru' as const, strategy: 'encoderDecoder' as const }, { ...base, cell: 'rnn' as const, strategy: 'recursive' as const, horizon: 1, futureSize: 0, numLayers: 1 }]) {
    const config = new ForecastNet(o).config();
    const built = Object.fromEntries(Object.entries(forecastNetSpec.build(config, { children: () => [] }).stateDict()).map(([k, t]) => [k, t.shape]));
    assert.deepEqual(forecastNetSpec.shapes(config, { children: () => [] }), built, `${o.cell} ${o.strategy}`);
  }
});

/** A forecaster trained for one epoch on 80 days of a sine. */
async function smallForecaster(): Promise<Forecaster> {
  const n = 80;
  const y = Float64Array.from({ length: n }, (_, t) => 10 + Math.sin(t / 3));
  const s = createTimeSeries({ y }, Array.from({ length: n }, (_, t) => Date.UTC(2020, 0, 1) + t * 86_400_000));
  const f = new Forecaster({ targets: ['y'], lookBack: 7, hiddenSize: 4, epochs: 1, seed: 1 });
  await f.fit(s);
  return f;
}

test('loadForecaster refuses an edited network config before building it, and a bad scaler naming the field', async () => {
  const f = await smallForecaster();
  const dir = mkdtempSync(path.join(tmpdir(), 'forecaster-bundle-'));
  try {
    await f.save(dir);
    const modelFile = path.join(dir, 'model.safetensors');
    const jsonFile = path.join(dir, 'forecaster.json');
    const model = readFileSync(modelFile);
    const json = readFileSync(jsonFile, 'utf8');
    assert.ok((await loadForecaster(dir)).net instanceof ForecastNet);

    const { tensors, metadata } = await loadSafetensorsWithMetadata(modelFile);
    const config = JSON.parse(metadata.config!);
    await saveSafetensors(modelFile, tensors, { ...metadata, config: JSON.stringify({ ...config, options: { ...config.options, hiddenSize: 8000 } }) });
    const t0 = performance.now();
    await assert.rejects(loadForecaster(dir), (e: unknown) => e instanceof StateDictError && /'encoder\.weight_ih_l0' expected shape \[32000, 1\] \(from the config\), got \[16, 1\]/.test(e.message));
    assert.ok(performance.now() - t0 < 2000, 'refused before a 1 GB network was built');
    await saveSafetensors(modelFile, tensors, { ...metadata, config: JSON.stringify({ ...config, options: { ...config.options, strategy: 'seq2seq' } }) });
    await assert.rejects(loadForecaster(dir), (e: unknown) => e instanceof FormatError && /ForecastNet: strategy must be one of 'direct', 'recursive', 'encoderDecoder', got "seq2seq"/.test(e.message));
    writeFileSync(modelFile, model);

    const edited = JSON.parse(json);
    edited.state.scaler.scale[0] = 0;
    writeFileSync(jsonFile, JSON.stringify(edited));
    await assert.rejects(loadForecaster(dir), (e: unknown) => e instanceof FormatError && e.message.includes(jsonFile) && /state\.scaler: scaler JSON: scale\[0\] \(column "y"\) must be > 0, got 0/.test(e.message));
    edited.state.scaler.columns = 'y';
    writeFileSync(jsonFile, JSON.stringify(edited));
    await assert.rejects(loadForecaster(dir), /state\.scaler: scaler JSON: columns must be an array of column names, got "y"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loadForecaster checks every field of the state and the options, with short messages', async () => {
  const f = await smallForecaster();
  const dir = mkdtempSync(path.join(tmpdir(), 'forecaster-state-'));
  try {
    await f.save(dir);
    const jsonFile = path.join(dir, 'forecaster.json');
    const good = readFileSync(jsonFile, 'utf8');
    const edit = async (change: (j: any) => void, pattern: RegExp) => {
      const j = JSON.parse(good);
      change(j);
      writeFileSync(jsonFile, JSON.stringify(j));
      await assert.rejects(loadForecaster(dir), (e: unknown) => e instanceof FormatError && pattern.test(e.message) && e.message.length < 600, pattern.source);
    };
    await edit((j) => (j.options.horizon = 1e21), /options: .*horizon to be an integer in 1 … 100000/);
    await edit((j) => (j.options.targets = ['x'.repeat(100_000)]), /targets to be a non-empty list of column names/);
    await edit((j) => (j.state.lastTrainTimestamp = 'soon'), /state\.lastTrainTimestamp: expected a finite number, got "soon"/);
    await edit((j) => (j.state.calendar = ['dayOfMonth']), /state\.calendar/);
    await edit((j) => delete j.state.baselines.y, /state\.baselines\["y"\]: expected an object/);
    await edit((j) => (j.state.baselines.y.linear.coefficients = 'x'), /state\.baselines\["y"\]\.linear/);
    await edit((j) => (j.state.frequency = { unit: 'fortnight', step: 1 }), /state\.frequency/);
    await edit((j) => (j.state.inputs = [...j.state.inputs, 'extra']), /inputs/);
    await edit((j) => (j.state.seriesColumns = '['.repeat(1)), /seriesColumns/);
    writeFileSync(jsonFile, '['.repeat(100_000));
    await assert.rejects(loadForecaster(dir), (e: unknown) => e instanceof FormatError && /nests deeper/.test(e.message));
    writeFileSync(jsonFile, good);
    assert.ok((await loadForecaster(dir)).state);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
