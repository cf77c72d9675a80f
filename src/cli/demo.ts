/**
 * `recurrent demo`: the offline main job. First the textbook vanilla RNN, many-to-many, learns
 * to echo its input a few steps later (a memory its hidden state must carry); then an LSTM
 * forecaster is trained on real data shipped with the package — four years of daily Seattle
 * weather from NOAA — and its test error is printed beside every baseline, with the report.
 */
import { Command } from 'commander';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../random/generator.js';
import { noGrad } from '../autograd/grad-mode.js';
import { backend } from '../backend/current.js';
import { ManyToMany } from '../models/many-to-many.js';
import { mseLoss } from '../losses/index.js';
import { fit } from '../train/fit.js';
import type { TrainData } from '../train/types.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
import { int } from './flags.js';
import { progress, stdio, type Output } from './fit-callbacks.js';
import { runForecastTrain, type TrainResult } from './forecast/train.js';
import type { ForecasterOptions } from '../tasks/forecaster/options.js';

const nodeUrl = lazyBuiltin('url');

/** The demo's data: NOAA daily weather for Seattle, 2012–2015 (public domain; see data/README.md). */
export function demoDataPath(): string {
  return nodeUrl.fileURLToPath(new URL('../../data/seattle-weather.csv', import.meta.url));
}

/** The demo's forecasting task: tomorrow's maximum temperature from the last weeks of weather. */
export const DEMO_FORECAST: ForecasterOptions = { targets: ['temp_max'] };

export interface DemoResult {
  echo: { modelMse: number; baselineMse: number };
  forecast: TrainResult;
}

/**
 * The vanilla RNN (h_t = tanh(x_t W_ih + h_{t−1} W_hh + b), y_t = h_t W_hy), many-to-many: echo
 * the input from `delay` steps ago. x_t ~ U(−1, 1), y_t = x_{t−delay}; predicting 0 scores 1/3 on
 * the echoed steps.
 */
async function echoTask(io: Output, seed: number): Promise<DemoResult['echo']> {
  const B = 32, T = 20, delay = 3, examples = 2048;
  const g = new Generator(seed);
  const make = (count: number) => {
    const x = new Float32Array(count * T), y = new Float32Array(count * T);
    for (let i = 0; i < x.length; i++) x[i] = 2 * g.uniform() - 1;
    for (let b = 0; b < count; b++) for (let t = delay; t < T; t++) y[b * T + t] = x[b * T + t - delay];
    return { x, y };
  };
  const train = make(examples), held = make(B * 8);
  const data: TrainData<{ x: Tensor; y: Tensor }> = {
    length: examples,
    batch: (ids) => {
      const x = new Float32Array(ids.length * T), y = new Float32Array(ids.length * T);
      ids.forEach((id, b) => {
        x.set(train.x.subarray(id * T, (id + 1) * T), b * T);
        y.set(train.y.subarray(id * T, (id + 1) * T), b * T);
      });
      return { x: new Tensor(x, [ids.length, T, 1]), y: new Tensor(y, [ids.length, T, 1]) };
    },
  };
  const model = new ManyToMany({ cell: 'rnn', inputSize: 1, hiddenSize: 32, outputSize: 1, generator: g });
  io.out(`\n1. Vanilla RNN, many-to-many: echo the input ${delay} steps later (${model.numParameters()} parameters, sequences of ${T} steps)\n`);
  await fit(model, data, { loss: (m, b) => mseLoss(m.forward(b.x), b.y), epochs: 5, batchSize: B, lr: 0.01, generator: g, callbacks: [progress(io, '   ')] });
  const pred = noGrad(() => model.forward(new Tensor(held.x, [B * 8, T, 1])));
  let se = 0, base = 0, n = 0;
  for (let b = 0; b < B * 8; b++) for (let t = delay; t < T; t++) {
    const i = b * T + t;
    se += (pred.data[i] - held.y[i]) ** 2;
    base += held.y[i] ** 2;
    n++;
  }
  const r = { modelMse: se / n, baselineMse: base / n };
  io.out(`   held-out MSE ${r.modelMse.toFixed(5)} vs ${r.baselineMse.toFixed(5)} for predicting zero (${(r.baselineMse / r.modelMse).toFixed(0)}× lower)\n`);
  return r;
}

/** The backend's name as a person reads it: 'native (avx512)', 'WebAssembly SIMD', 'TypeScript'. */
function backendLabel(b: { name: string; isa?: string }): string {
  return b.name === 'native' ? `native (${b.isa ?? '?'})` : b.name === 'wasm' ? 'WebAssembly SIMD' : 'TypeScript';
}

/** Runs both parts; writes the forecaster's bundle and report into `out`. */
export async function runDemo(options: { seed?: number; out?: string; io?: Output } = {}): Promise<DemoResult> {
  const io = options.io ?? stdio;
  const seed = options.seed ?? 0;
  const out = options.out ?? 'recurrent-demo';
  io.out(`recurrent demo — offline, on the ${backendLabel(backend())} backend\n`);
  const echo = await echoTask(io, seed);
  io.out('\n2. LSTM forecaster on real data: tomorrow\'s maximum temperature in Seattle from daily NOAA records, 2012–2015\n');
  const forecast = await runForecastTrain({ file: demoDataPath(), time: 'date', testFraction: 0.2, out, json: false, title: 'Seattle daily maximum temperature (NOAA, 2012–2015): next-day forecast' }, { ...DEMO_FORECAST, seed }, io);
  io.out(`open ${out}/report.html for the plots\n`);
  return { echo, forecast };
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('train a vanilla RNN on a memory task, then an LSTM forecaster on real weather data shipped with the package (offline)')
    .option('--seed <n>', 'random seed', int, 0)
    .option('--out <dir>', 'where the forecaster, metrics.json and report.html are written', 'recurrent-demo')
    .action(async (o: { seed: number; out: string }) => {
      const t0 = performance.now();
      await runDemo({ seed: o.seed, out: o.out });
      stdio.out(`\ndone in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    });
}
