import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../random/generator.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { Module } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import { ManyToOne } from '../models/many-to-one.js';
import { mseLoss } from '../losses/index.js';
import { StepLR } from '../optim/index.js';
import { DivergenceError, ShapeError, ValueError } from '../errors.js';
import { fit } from './fit.js';
import { tensorData } from './data.js';
import type { TrainData } from './types.js';

type XY = { x: Tensor; y: Tensor };
const mse = (m: Linear, b: XY) => mseLoss(m.forward(b.x), b.y);

/** N examples x ~ N(0, 1) [N, 1] with y = k·x [N, 1]. */
function line(n: number, k: number, g: Generator): { x: Tensor; y: Tensor } {
  const x = Float32Array.from({ length: n }, () => g.normal());
  return { x: new Tensor(x, [n, 1]), y: new Tensor(x.map((v) => k * v), [n, 1]) };
}

/** A Linear(1, 1) starting at w = 0, b = 0. */
function zeroLinear(): Linear {
  const m = new Linear(1, 1, { generator: new Generator(0) });
  for (const p of m.parameters()) p.data.fill(0);
  return m;
}

test('early stopping stops after the validation loss rises and restores the weights of the best epoch', async () => {
  // Training pulls w from 0 towards 2; validation wants w = 0.5, so its loss falls, then rises.
  const g = new Generator(1);
  const train = line(32, 2, g), val = line(16, 0.5, g);
  const model = zeroLinear();
  const weights: number[][] = [];
  const h = await fit(model, tensorData(train.x, train.y), {
    loss: mse, validationData: tensorData(val.x, val.y), optimizer: 'sgd', lr: 0.005, batchSize: 8, epochs: 50, clipNorm: null,
    earlyStopping: { patience: 3 },
    callbacks: [{ onEpochEnd: () => void weights.push(model.parameters().flatMap((p) => [...p.data])) }],
  });
  const vals = h.epochs.map((e) => e.valLoss!);
  const best = vals.indexOf(Math.min(...vals)) + 1;
  assert.ok(best > 1 && best < h.epochs.length, `best epoch ${best} of ${h.epochs.length} (valLoss ${vals.map((v) => v.toFixed(3)).join(' ')})`);
  assert.equal(h.stopReason, 'earlyStopping');
  assert.equal(h.epochs.length, best + 3, 'stops after patience epochs without improvement');
  assert.equal(h.monitor, 'valLoss');
  assert.equal(h.bestEpoch, best);
  assert.equal(h.bestValue, vals[best - 1]);
  assert.equal(h.restoredBest, true);
  assert.deepEqual(model.parameters().flatMap((p) => [...p.data]), weights[best - 1]);
  assert.notDeepEqual(weights[best - 1], weights[weights.length - 1]);
  assert.deepEqual(h.epochs.map((e) => e.best), vals.map((_, i) => i + 1 <= best && vals[i] === Math.min(...vals.slice(0, i + 1))));
});

test('without validation data nothing is monitored; earlyStopping on loss works without it', async () => {
  const g = new Generator(2);
  const d = line(16, 1, g);
  const h = await fit(zeroLinear(), tensorData(d.x, d.y), { loss: mse, epochs: 3, batchSize: 4 });
  assert.equal(h.monitor, null);
  assert.equal(h.bestEpoch, 3);
  assert.ok(Number.isNaN(h.bestValue));
  assert.equal(h.stopReason, 'epochs');
  assert.equal(h.restoredBest, false);
  const h2 = await fit(zeroLinear(), tensorData(d.x, d.y), { loss: mse, epochs: 4, batchSize: 4, lr: 0.05, earlyStopping: { monitor: 'loss', patience: 1 } });
  assert.equal(h2.monitor, 'loss');
  assert.equal(h2.bestValue, Math.min(...h2.epochs.map((e) => e.loss)));
  await assert.rejects(fit(zeroLinear(), tensorData(d.x, d.y), { loss: mse, earlyStopping: { monitor: 'valLoss' } }), ValueError);
});

test('a step schedule sets the learning rate of each epoch as StepLR does', async () => {
  const g = new Generator(3);
  const d = line(12, 1, g);
  const steps: number[][] = [[], [], [], [], [], []];
  const h = await fit(zeroLinear(), tensorData(d.x, d.y), {
    loss: mse, epochs: 6, batchSize: 4, lr: 0.1, schedule: { kind: 'step', stepSize: 2, gamma: 0.5 },
    callbacks: [{ onStep: (s) => void steps[s.epoch - 1].push(s.lr) }],
  });
  const ref = new StepLR({ paramGroups: [{ lr: 0.1 }], step() {}, zeroGrad() {} }, { stepSize: 2, gamma: 0.5 });
  const during: number[] = [], after: number[] = [];
  for (let e = 0; e < 6; e++) {
    during.push(ref.getLastLr()[0]);
    ref.step();
    after.push(ref.getLastLr()[0]);
  }
  assert.deepEqual(steps, during.map((lr) => [lr, lr, lr]));
  assert.deepEqual(h.epochs.map((e) => e.lr), after);
  assert.deepEqual(after, [0.1, 0.05, 0.05, 0.025, 0.025, 0.0125]);
});

test('callbacks run in order, async ones are awaited, and "stop" or an abort ends training', async () => {
  const g = new Generator(4);
  const d = line(6, 1, g);
  const events: string[] = [];
  const h = await fit(zeroLinear(), tensorData(d.x, d.y), {
    loss: mse, epochs: 2, batchSize: 2,
    callbacks: [
      {
        onTrainBegin: (i) => void events.push(`begin ${i.epochs}×${i.batchesPerEpoch} from ${i.startEpoch}/${i.startStep}`),
        onEpochBegin: (e) => void events.push(`epoch ${e}`),
        onStep: async (s) => {
          await new Promise((r) => setTimeout(r, 1));
          events.push(`step ${s.step} (batch ${s.batch})`);
        },
        onEpochEnd: (e) => void events.push(`end ${e.epoch} at ${e.step}`),
        onTrainEnd: (hist) => void events.push(`done ${hist.stopReason}`),
      },
      { onStep: (s) => void events.push(`second ${s.step}`) },
    ],
  });
  assert.equal(h.stopReason, 'epochs');
  assert.deepEqual(events, [
    'begin 2×3 from 0/0',
    'epoch 1', 'step 1 (batch 0)', 'second 1', 'step 2 (batch 1)', 'second 2', 'step 3 (batch 2)', 'second 3', 'end 1 at 3',
    'epoch 2', 'step 4 (batch 0)', 'second 4', 'step 5 (batch 1)', 'second 5', 'step 6 (batch 2)', 'second 6', 'end 2 at 6',
    'done epochs',
  ]);
  const stopped = await fit(zeroLinear(), tensorData(d.x, d.y), { loss: mse, epochs: 5, batchSize: 2, callbacks: [{ onStep: (s) => (s.step === 4 ? 'stop' : undefined) }] });
  assert.equal(stopped.stopReason, 'callback');
  assert.equal(stopped.stepLoss.length, 4);
  assert.equal(stopped.epochs.length, 1);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 5);
  const aborted = await fit(zeroLinear(), tensorData(d.x, d.y), { loss: mse, epochs: 100_000, batchSize: 2, signal: ac.signal });
  assert.equal(aborted.stopReason, 'aborted');
  assert.ok(aborted.stepLoss.length > 0 && aborted.stepLoss.length < 300_000);
});

test('validationSplit holds out the last examples, in order, and never trains on them', async () => {
  const n = 10;
  const trained: number[][] = [], validated: number[][] = [];
  const data: TrainData<XY> = {
    length: n,
    batch: (ids) => {
      (isGradEnabled() ? trained : validated).push([...ids]);
      return { x: new Tensor(Float32Array.from(ids, (i) => i / n), [ids.length, 1]), y: new Tensor(new Float32Array(ids.length), [ids.length, 1]) };
    },
  };
  const h = await fit(zeroLinear(), data, { loss: mse, epochs: 3, batchSize: 3, validationSplit: 0.3, earlyStopping: false });
  assert.deepEqual(validated, [[7, 8, 9], [7, 8, 9], [7, 8, 9]]);
  assert.equal(trained.length, 9, '7 training examples in batches of 3, 2, 2 … per epoch');
  for (let e = 0; e < 3; e++) {
    const epoch = trained.slice(3 * e, 3 * e + 3);
    assert.deepEqual(epoch.map((b) => b.length), [3, 3, 1]);
    assert.deepEqual(epoch.flat().sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6]);
  }
  assert.notDeepEqual(trained.slice(0, 3), trained.slice(3, 6), 'shuffled anew each epoch');
  assert.equal(h.monitor, null);
  assert.ok(h.epochs.every((e) => e.valLoss !== undefined));
  await assert.rejects(fit(zeroLinear(), { length: 1, batch: data.batch }, { loss: mse, validationSplit: 0.5 }), /no training examples/);
});

test('epoch loss is the batch-size-weighted mean of the batch losses', async () => {
  const g = new Generator(5);
  const d = line(7, 1, g);
  const h = await fit(zeroLinear(), tensorData(d.x, d.y), { loss: mse, epochs: 1, batchSize: 3, shuffle: false });
  const [a, b, c] = h.stepLoss;
  assert.equal(h.epochs[0].loss, (3 * a + 3 * b + 1 * c) / 7);
});

test('metrics are computed at each epoch end on the validation data, in eval mode without a graph', async () => {
  const g = new Generator(6);
  const train = line(20, 1, g), val = line(6, 1, g);
  const seen: { n: number; training: boolean; grad: boolean }[] = [];
  const mae = (m: Linear, data: TrainData<XY>) => {
    seen.push({ n: data.length, training: m.training, grad: isGradEnabled() });
    const b = data.batch(Int32Array.from({ length: data.length }, (_, i) => i));
    return m.forward(b.x).sub(b.y).abs().mean().item();
  };
  const model = zeroLinear();
  const h = await fit(model, tensorData(train.x, train.y), {
    loss: mse, epochs: 3, batchSize: 5, validationData: tensorData(val.x, val.y), metrics: { mae }, earlyStopping: { monitor: 'mae', mode: 'min', patience: 5 },
  });
  assert.deepEqual(seen, [1, 2, 3].map(() => ({ n: 6, training: false, grad: false })));
  assert.equal(h.monitor, 'mae');
  assert.equal(h.epochs[h.bestEpoch - 1].metrics.mae, model.forward(val.x).sub(val.y).abs().mean().item());
  assert.ok(h.epochs[0].metrics.mae > h.epochs[2].metrics.mae);
  assert.equal(model.training, true, 'back in training mode');
});

test('a NaN in an input is caught at its step: DivergenceError names the step and epoch', async () => {
  const g = new Generator(7);
  const d = line(8, 1, g);
  let calls = 0;
  const data: TrainData<XY> = {
    length: 8,
    batch: (ids) => {
      const b = tensorData(d.x, d.y).batch(ids);
      if (++calls === 6) b.x.data[0] = NaN;
      return b;
    },
  };
  // a loss without input checks returns NaN; mseLoss throws a NonFiniteError, which fit wraps
  const squared = (m: Linear, b: XY) => m.forward(b.x).sub(b.y).square().mean();
  for (const [loss, what] of [[squared, /the loss is NaN/], [mse, /the loss could not be computed: mseLoss: input: non-finite value NaN/]] as const) {
    calls = 0;
    await assert.rejects(fit(zeroLinear(), data, { loss, epochs: 3, batchSize: 2 }), (e: unknown) => {
      assert.ok(e instanceof DivergenceError, String(e));
      assert.equal(e.code, 'DIVERGENCE');
      assert.equal(e.step, 6);
      assert.equal(e.epoch, 2);
      assert.equal(e.parameter, undefined);
      assert.match(e.message, /^training diverged at step 6 \(epoch 2\): /);
      assert.match(e.message, what);
      assert.match(e.message, /Fix: lower lr, keep clipNorm on, check the inputs for extreme values$/);
      return true;
    });
  }
});

test('a non-finite gradient names the parameter key and its layer', async () => {
  // sqrt(Σ(b(x))²) with b = 0: a finite loss (0) whose gradient is ∞·0 = NaN, in layer b only.
  class Two extends Module {
    readonly a = this.registerModule('a', new Linear(1, 1, { generator: new Generator(1) }));
    readonly b = this.registerModule('b', zeroLinear());
  }
  const g = new Generator(8);
  const d = line(8, 1, g);
  const model = new Two();
  const loss = (m: Two, batch: XY) => mseLoss(m.a.forward(batch.x), batch.y).add(m.b.forward(batch.x).square().sum().sqrt());
  await assert.rejects(fit(model, tensorData(d.x, d.y), { loss, epochs: 1, batchSize: 4 }), (e: unknown) => {
    assert.ok(e instanceof DivergenceError, String(e));
    assert.equal(e.step, 1);
    assert.equal(e.parameter, 'b.weight');
    assert.equal(e.layer, 'b (Linear)');
    assert.equal(e.message, 'training diverged at step 1 (epoch 1): the gradient of "b.weight" (layer b, Linear) is NaN. Fix: lower lr, keep clipNorm on, check the inputs for extreme values');
    return true;
  });
  // The same through a recurrent model: a NaN reaching every gradient is named at the first parameter.
  const rnn = new ManyToOne({ cell: 'lstm', inputSize: 1, hiddenSize: 4, outputSize: 1, generator: g });
  const x = new Tensor(new Float32Array(8 * 3), [8, 3, 1]), y = new Tensor(new Float32Array(8), [8, 1]);
  for (const p of rnn.head.parameters()) p.data.fill(0);
  await assert.rejects(fit(rnn, tensorData(x, y), { loss: (m, b) => mseLoss(m.forward(b.x), b.y).sqrt(), epochs: 1, batchSize: 8 }), (e: unknown) => {
    assert.ok(e instanceof DivergenceError);
    assert.equal(e.parameter, 'recurrent.weight_ih_l0');
    assert.equal(e.layer, 'recurrent (LSTM)');
    assert.match(e.message, /the gradient of "recurrent\.weight_ih_l0" \(layer recurrent, LSTM\) is NaN/);
    return true;
  });
});

test('options are checked: a non-scalar loss and out-of-range values are errors', async () => {
  const d = line(4, 1, new Generator(9));
  const data = tensorData(d.x, d.y);
  await assert.rejects(fit(zeroLinear(), data, { loss: (m, b) => m.forward(b.x), epochs: 1 }), ShapeError);
  await assert.rejects(fit(zeroLinear(), data, { loss: mse, batchSize: 0 }), ValueError);
  await assert.rejects(fit(zeroLinear(), data, { loss: mse, clipNorm: 0 }), ValueError);
  await assert.rejects(fit(zeroLinear(), data, { loss: mse, validationSplit: 1 }), ValueError);
  await assert.rejects(fit(zeroLinear(), data, { loss: mse, optimizer: 'lion' as 'adam' }), ValueError);
  assert.throws(() => tensorData(d.x, new Tensor(new Float32Array(3), [3, 1])), ShapeError);
});
