import { Tensor } from '../tensor/tensor.js';
import { Generator, manualSeed } from '../random/generator.js';
import { noGrad } from '../autograd/grad-mode.js';
import { backend } from '../backend/current.js';
import { ManyToMany } from '../models/many-to-many.js';
import { ManyToOne } from '../models/many-to-one.js';
import { mseLoss } from '../losses/index.js';
import { Adam, clipGradNorm } from '../optim/index.js';
import { createTimeSeries, splitChronological, StandardScaler, makeWindows, windowBatches, gatherWindows, baselineForecast, mae, rmse } from '../timeseries/index.js';
import { lossBar } from './progress.js';

export interface DemoResult {
  echo: { modelMse: number; baselineMse: number };
  forecast: { modelMae: number; naiveMae: number; modelRmse: number; naiveRmse: number };
}

type Log = (line: string) => void;

/**
 * Task 1 — the textbook vanilla RNN, many-to-many: echo the input from `delay` steps ago.
 * x_t ~ U(−1, 1), y_t = x_{t−delay} (0 for t < delay). Predicting 0 scores MSE = 1/3 on the
 * echoed steps; the network must carry each value in its hidden state for `delay` steps.
 */
function echoTask(log: Log, g: Generator): DemoResult['echo'] {
  const B = 32, T = 20, delay = 3, epochs = 300;
  const sample = () => {
    const x = new Float32Array(B * T), y = new Float32Array(B * T);
    for (let i = 0; i < B * T; i++) x[i] = 2 * g.uniform() - 1;
    for (let b = 0; b < B; b++) for (let t = delay; t < T; t++) y[b * T + t] = x[b * T + t - delay];
    return { x: new Tensor(x, [B, T, 1]), y: new Tensor(y, [B, T, 1]) };
  };
  const model = new ManyToMany({ cell: 'rnn', inputSize: 1, hiddenSize: 32, outputSize: 1, generator: g });
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  log(`\nTask 1: vanilla RNN (h_t = tanh(x_t W_ih + h_{t-1} W_hh + b), y_t = h_t W_hy), many-to-many:`);
  log(`        echo the input ${delay} steps later — ${model.numParameters()} parameters, ${epochs} Adam steps, batch ${B}×${T}`);
  const bar = lossBar('echo    ', epochs);
  for (let e = 1; e <= epochs; e++) {
    const { x, y } = sample();
    const loss = mseLoss(model.forward(x), y);
    opt.zeroGrad();
    loss.backward();
    clipGradNorm(model.parameters(), 1);
    opt.step();
    bar.update(e, loss.item());
    if (e % 60 === 0) log(`  step ${String(e).padStart(3)}  train MSE ${loss.item().toFixed(5)}`);
  }
  bar.stop();
  // Held-out batch; only the echoed steps t ≥ delay are scored.
  const { x, y } = sample();
  const pred = noGrad(() => model.forward(x));
  let se = 0, base = 0, n = 0;
  for (let b = 0; b < B; b++) for (let t = delay; t < T; t++) {
    const i = b * T + t;
    se += (pred.data[i] - y.data[i]) ** 2;
    base += y.data[i] ** 2;
    n++;
  }
  const result = { modelMse: se / n, baselineMse: base / n };
  log(`  held-out MSE ${result.modelMse.toFixed(5)}  vs  predict-zero baseline ${result.baselineMse.toFixed(5)}  (${(result.baselineMse / result.modelMse).toFixed(0)}× lower)`);
  return result;
}

/** A generated daily series: trend + weekly and yearly seasonality + AR(1) noise. */
function generatedSeries(n: number, g: Generator): Float64Array {
  const v = new Float64Array(n);
  let noise = 0;
  for (let t = 0; t < n; t++) {
    noise = 0.7 * noise + 0.3 * g.normal();
    v[t] = 10 + 0.002 * t + 2 * Math.sin((2 * Math.PI * t) / 7) + 4 * Math.sin((2 * Math.PI * t) / 365.25) + noise;
  }
  return v;
}

/**
 * Task 2 — LSTM many-to-one forecasting: read the last 28 days, predict the next one.
 * Chronological split, scaler fitted on the training part only, compared with the naive
 * last-value forecast on the test part.
 */
function forecastTask(log: Log, g: Generator): DemoResult['forecast'] {
  const series = createTimeSeries({ value: generatedSeries(1500, g) });
  const split = splitChronological(series, { train: 0.7, validation: 0.15, test: 0.15 });
  const scaler = new StandardScaler().fit(split.train);
  const win = (s: typeof series) => makeWindows(scaler.transform(s), { lookBack: 28, horizon: 1, targets: ['value'] });
  const train = win(split.train), test = win(split.test);
  const model = new ManyToOne({ cell: 'lstm', inputSize: 1, hiddenSize: 32, outputSize: 1, generator: g });
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const epochs = 12;
  log(`\nTask 2: LSTM many-to-one forecast of a generated daily series (trend + weekly + yearly seasonality + noise)`);
  log(`        28-day look-back → next day; ${train.count} training windows, ${test.count} test windows, ${model.numParameters()} parameters`);
  const bar = lossBar('forecast', epochs);
  for (let e = 1; e <= epochs; e++) {
    let total = 0, batches = 0;
    for (const batch of windowBatches(train, { batchSize: 32, shuffle: true, seed: e })) {
      const x = new Tensor(batch.x, batch.xShape);
      const y = new Tensor(batch.y, [batch.yShape[0], 1]);
      const loss = mseLoss(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      clipGradNorm(model.parameters(), 1);
      opt.step();
      total += loss.item();
      batches++;
    }
    bar.update(e, total / batches);
    log(`  epoch ${String(e).padStart(2)}  train MSE (scaled) ${(total / batches).toFixed(5)}`);
  }
  bar.stop();
  const all = gatherWindows(test, Int32Array.from({ length: test.count }, (_, i) => i));
  const pred = noGrad(() => model.forward(new Tensor(all.x, all.xShape)));
  const naive = baselineForecast(test, { kind: 'naive' });
  const unscale = (a: ArrayLike<number>) => scaler.inverseTransformValues(a, ['value']);
  const actual = unscale(all.y), modelF = unscale(pred.data), naiveF = unscale(naive);
  const r = { modelMae: mae(actual, modelF), naiveMae: mae(actual, naiveF), modelRmse: rmse(actual, modelF), naiveRmse: rmse(actual, naiveF) };
  log(`  test MAE  ${r.modelMae.toFixed(4)}  vs  naive last-value ${r.naiveMae.toFixed(4)}  (${((1 - r.modelMae / r.naiveMae) * 100).toFixed(1)}% lower)`);
  log(`  test RMSE ${r.modelRmse.toFixed(4)}  vs  naive last-value ${r.naiveRmse.toFixed(4)}`);
  return r;
}

/** The offline demo: two small trainings that show the loss falling and beat a baseline. */
export function runDemo(options: { seed?: number; log?: Log } = {}): DemoResult {
  const log = options.log ?? ((l: string) => console.log(l));
  const g = manualSeed(options.seed ?? 7);
  const be = backend();
  log(`recurrent demo — recurrent networks trained on generated sequences, offline (${be.name === 'wasm' ? 'WebAssembly SIMD' : 'TypeScript'} backend).`);
  const echo = echoTask(log, g);
  const forecast = forecastTask(log, g);
  return { echo, forecast };
}
