import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../random/generator.js';
import { ManyToOne } from '../models/many-to-one.js';
import { Linear } from '../nn/linear.js';
import { mseLoss } from '../losses/index.js';
import { fit } from '../train/fit.js';
import { tensorData } from '../train/data.js';
import { ValueError } from '../errors.js';
import { gradientFlowCallback, saturationTracker, spectrumTracker, type GradientCurveSource } from './callbacks.js';
import { gateSaturation } from './saturation.js';
import { GradientNormRecorder } from './gradient-norms.js';
import { RNN } from '../nn/rnn.js';
import { Module } from '../nn/module.js';
import { recurrentSpectrum } from './spectrum.js';
import { memoryHorizon } from './gradient-flow.js';

type XY = { x: Tensor; y: Tensor };
const geometric = (T: number, rate: number) => Float64Array.from({ length: T }, (_, t) => rate ** (T - 1 - t));

/** A tiny many-to-one RNN and a sum-of-inputs task: x [16, 6, 1] → y [16, 1]. */
function task(): { model: ManyToOne; data: ReturnType<typeof tensorData> } {
  const g = new Generator(21);
  const x = Float32Array.from({ length: 16 * 6 }, () => g.normal());
  const y = Float32Array.from({ length: 16 }, (_, b) => x.slice(b * 6, b * 6 + 6).reduce((a, v) => a + v, 0) / 6);
  const model = new ManyToOne({ cell: 'rnn', inputSize: 1, hiddenSize: 8, outputSize: 1, generator: new Generator(3) });
  return { model, data: tensorData(new Tensor(x, [16, 6, 1]), new Tensor(y, [16, 1])) };
}
const loss = (m: ManyToOne, b: XY) => mseLoss(m.forward(b.x), b.y);

test('spectrumTracker records the W_hh spectrum before training and every N epochs as it changes', async () => {
  const { model, data } = task();
  const start = recurrentSpectrum(model)[0].gates[0].spectralRadius;
  const every2 = spectrumTracker(model, { every: 2 });
  const noStart = spectrumTracker(model, { atStart: false });
  await fit(model, data, { loss, epochs: 5, batchSize: 4, lr: 0.05, callbacks: [every2, noStart] });
  assert.deepEqual(every2.records.map((r) => [r.epoch, r.step]), [[0, 0], [2, 8], [4, 16]]);
  assert.deepEqual(noStart.records.map((r) => r.epoch), [1, 2, 3, 4, 5]);
  assert.equal(every2.records[0].weights[0].gates[0].spectralRadius, start);
  assert.equal(every2.records[0].weights[0].name, 'recurrent.weight_hh_l0');
  assert.notEqual(every2.records[2].weights[0].gates[0].spectralRadius, start, 'training moved W_hh');
  assert.deepEqual(noStart.records[4].weights, recurrentSpectrum(model));
  assert.throws(() => spectrumTracker(new Linear(1, 1)), /holds no recurrent layer/);
  assert.throws(() => spectrumTracker(model, { every: 0 }), ValueError);
});

test('gradientFlowCallback with measure: every N epochs, named or listed curves, async allowed, onRecord', async () => {
  const { model, data } = task();
  const seen: number[] = [];
  const listed = gradientFlowCallback({ measure: (log) => [geometric(20, 0.5), geometric(30, 1.0 + log.epoch / 10)], every: 2, onRecord: (r) => seen.push(r.epoch) });
  const named = gradientFlowCallback({ measure: async () => ({ l0: geometric(30, 0.8) }), keepCurves: false, fraction: 0.1 });
  await fit(model, data, { loss, epochs: 4, batchSize: 8, callbacks: [listed, named] });
  assert.deepEqual(listed.records.map((r) => r.epoch), [2, 4]);
  assert.deepEqual(seen, [2, 4]);
  const [vanishing, growing] = listed.records[1].curves;
  assert.equal(vanishing.name, '0');
  assert.equal(vanishing.horizon, 10);
  assert.ok(Math.abs(vanishing.decay.factor - 0.5) < 1e-12);
  assert.equal(vanishing.exploding, false);
  assert.ok(Math.abs(growing.decay.factor - 1.4) < 1e-12);
  assert.equal(growing.exploding, true, '1.4^29 ≈ 1.7e4 > 1e3');
  assert.equal(listed.records[0].curves[1].exploding, false, 'epoch 2: 1.2^29 ≈ 198');
  assert.deepEqual(Array.from(vanishing.curve!), Array.from(geometric(20, 0.5)));
  assert.equal(named.records.length, 4);
  assert.equal(named.records[0].curves[0].name, 'l0');
  assert.equal(named.records[0].curves[0].curve, null);
  assert.equal(named.records[0].curves[0].horizon, memoryHorizon(geometric(30, 0.8), { fraction: 0.1 }));
});

test('gradientFlowCallback with a source: reverse curves flipped into processing order, read at each epoch end', async () => {
  const { model, data } = task();
  const T = 12;
  const byTime = geometric(T, 0.6); // forward: largest at t = T−1
  const source: GradientCurveSource = {
    entries: [
      { layer: 0, direction: 'forward', hidden: byTime },
      { layer: 0, direction: 'reverse', hidden: byTime.slice().reverse() }, // largest at t = 0, where the reverse pass ends
    ],
  };
  const flow = gradientFlowCallback({ source, fraction: 0.01 });
  await fit(model, data, { loss, epochs: 1, batchSize: 8, callbacks: [flow] });
  const [f, r] = flow.records[0].curves;
  assert.deepEqual([f.name, r.name], ['l0', 'l0_reverse']);
  assert.equal(f.horizon, 10); // 0.6^10 ≈ 0.006 < 0.01
  assert.equal(r.horizon, f.horizon);
  assert.deepEqual(Array.from(r.curve!), Array.from(byTime));
  assert.throws(() => gradientFlowCallback({} as never), /exactly one of source/);
  assert.throws(() => gradientFlowCallback({ source, measure: () => [] } as never), /exactly one of source/);
});

test('saturationTracker records gate saturation on fixed inputs at the start and every N epochs', async () => {
  const { model, data } = task();
  const probe = new Tensor(Float32Array.from({ length: 4 * 6 }, (_, i) => Math.sin(i)), [4, 6, 1]);
  const sat = saturationTracker(model.recurrent, probe, { every: 2, bins: 8 });
  await fit(model, data, { loss, epochs: 4, batchSize: 8, lr: 0.05, callbacks: [sat] });
  assert.deepEqual(sat.records.map((r) => r.epoch), [0, 2, 4]);
  assert.equal(sat.records[0].layers[0].gates[0].histogram.counts.length, 8);
  assert.deepEqual(sat.records[2].layers, gateSaturation(model.recurrent, probe, { bins: 8 }));
  assert.throws(() => saturationTracker(model.recurrent, new Tensor(new Float32Array(6), [6, 1])), /expected shape/);
});

test('gradientFlowCallback reads the BPTT kernels\' GradientNormRecorder as its source', async () => {
  const g = new Generator(22);
  const T = 30;
  const rnn = new RNN({ inputSize: 1, hiddenSize: 8, batchFirst: true, generator: g });
  const head = new Linear(8, 1, { generator: g });
  const recorder = new GradientNormRecorder();
  const model = new (class extends Module {
    constructor() {
      super();
      this.registerModule('rnn', rnn);
      this.registerModule('head', head);
    }
  })();
  const x = new Tensor(Float32Array.from({ length: 8 * T }, () => g.normal()), [8, T, 1]);
  const data = tensorData(x, new Tensor(new Float32Array(8).fill(0.5), [8, 1]));
  const flow = gradientFlowCallback({ source: recorder });
  await fit(model, data, {
    loss: (_m, b: XY) => mseLoss(head.forward(rnn.forward(b.x, null, { gradientNorms: recorder })[0].select(1, T - 1)), b.y),
    epochs: 2, batchSize: 8, callbacks: [flow],
  });
  assert.equal(flow.records.length, 2);
  const [c] = flow.records[1].curves;
  assert.equal(c.name, 'l0');
  assert.deepEqual(Array.from(c.curve!), Array.from(recorder.get(0).hidden));
  assert.ok(c.ratio < 1e-3 && c.horizon < T, `a tanh RNN's gradient vanishes over ${T} steps: ratio ${c.ratio}, horizon ${c.horizon}`);
  assert.ok(c.decay.factor < 1);
});
