// The lab runner on tiny settings, and the step-by-step gradient norms it reports against the
// fused layer (same loss) and against the last step's gradient written out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../random/generator.js';
import { Tensor } from '../../tensor/tensor.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { ValueError } from '../../errors.js';
import { runLab, labGradientNorms } from './runner.js';
import { LabNet, labModel, LAB_CELLS } from './models.js';
import { addingTask } from './adding.js';
import { stepGradientNorms } from './gradient-flow.js';
import { recurrentLayer } from '../../ops/recurrent.js';
import { add } from '../../ops/elementwise.js';
import { mseLoss } from '../../losses/mse.js';
import { LSTM } from '../../nn/lstm.js';
import { GRU } from '../../nn/gru.js';
import type { CellKind } from '../../backend/backend.js';
import { gradientRatio, memoryHorizon } from '../../diagnostics/gradient-flow.js';

test('runLab: every model trains, is scored against the baseline and has its gradient flow measured', async () => {
  const evals: string[] = [];
  const r = await runLab({
    task: 'adding', length: 8, cells: [...LAB_CELLS], steps: 30, evalEvery: 10, testSize: 40, gradientBatch: 8, seed: 1,
    callbacks: { onEval: (e) => evals.push(`${e.cell}@${e.step}`) },
  });
  assert.equal(r.task, 'adding');
  assert.equal(r.length, 8);
  assert.equal(r.baseline, 1 / 6);
  assert.deepEqual(Object.keys(r.models), [...LAB_CELLS]);
  for (const cell of LAB_CELLS) {
    const m = r.models[cell]!;
    assert.ok(Number.isFinite(m.testLoss) && m.testLoss > 0);
    assert.equal(m.solved, m.testLoss < 0.01);
    assert.equal(m.gradientNorms.length, 8);
    assert.equal(m.gradientNormsInit.length, 8);
    assert.equal(m.gradientRatio, m.gradientNorms[0] / m.gradientNorms[7]);
    assert.equal(m.horizon, memoryHorizon(m.gradientNorms));
    assert.ok(m.horizon >= 1 && m.horizon <= 8);
    assert.ok(m.steps <= 30);
    assert.deepEqual(m.curve.step, m.stopReason === 'solved' ? m.curve.step : [0, 10, 20, 30]);
    assert.ok(evals.includes(`${cell}@0`));
  }
  const again = await runLab({ task: 'adding', length: 8, cells: ['gru'], steps: 30, evalEvery: 10, testSize: 40, gradientBatch: 8, seed: 1 });
  assert.equal(again.models.gru!.testLoss, r.models.gru!.testLoss, 'the same seed trains the same model');
});

test('runLab: copy and reber run; bad options are ValueErrors before training', async () => {
  for (const task of ['copy', 'reber'] as const) {
    const r = await runLab({ task, length: 8, cells: ['lstm'], steps: 5, evalEvery: 5, testSize: 8, gradientBatch: 4 });
    assert.ok(Number.isFinite(r.models.lstm!.testLoss));
    assert.equal(r.models.lstm!.gradientNorms.length, r.sequenceLength);
  }
  await assert.rejects(runLab({ task: 'adding', cells: ['lstm2' as never] }), /unknown cell 'lstm2'/);
  await assert.rejects(runLab({ task: 'adding', steps: 0 }), ValueError);
  await assert.rejects(runLab({ task: 'adding', clip: -1 }), ValueError);
  await assert.rejects(runLab({ task: 'nope' as never }), /unknown task/);
});

test('models: the IRNN starts with W_hh = I and zero biases; the LSTM with forget bias 1', () => {
  const task = addingTask(5);
  const irnn = labModel('irnn', task, 4, { generator: new Generator(0) });
  const w = irnn.recurrent.weights[0][0];
  assert.deepEqual(Array.from(w.weightHh.data), [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  assert.ok(w.biasIh!.data.every((v) => v === 0) && w.biasHh!.data.every((v) => v === 0));
  const lstm = labModel('lstm', task, 4, { generator: new Generator(0) }).recurrent.weights[0][0];
  for (let j = 4; j < 8; j++) assert.equal(lstm.biasIh!.data[j] + lstm.biasHh!.data[j], 1);
});

/**
 * The oracle: the model run step by step through the layer's own op with T = 1 (as a cell runs
 * it) and a zero leaf z_t added to each h_t, so autograd's ∂L/∂z_t is the whole ∂L/∂h_t.
 */
function unrolledNorms(model: LabNet, x: Tensor, y: Tensor): number[] {
  const layer = model.recurrent;
  const kind = cellKindOf(layer);
  const w = layer.weights[0][0];
  const [B, T] = x.shape, H = layer.hiddenSize;
  let h = new Tensor(new Float64Array(B * H), [B, H]);
  let c: Tensor | null = kind === 'lstm' ? new Tensor(new Float64Array(B * H), [B, H]) : null;
  const zs: Tensor[] = [];
  for (let t = 0; t < T; t++) {
    const [, hT, cT] = recurrentLayer(kind, x.select(1, t).unsqueeze(0), w.weightIh, w.weightHh, w.biasIh, w.biasHh, h, c, null, false);
    const z = new Tensor(new Float64Array(B * H), [B, H], true);
    h = add(hT, z);
    c = cT;
    zs.push(z);
  }
  mseLoss(model.head.forward(h), y).backward();
  model.zeroGrad();
  return zs.map((z) => Math.hypot(...z.grad!.data));
}

function cellKindOf(layer: LabNet['recurrent']): CellKind {
  if (layer instanceof LSTM) return 'lstm';
  if (layer instanceof GRU) return 'gru';
  return layer.nonlinearity === 'relu' ? 'rnn_relu' : 'rnn_tanh';
}

test('stepGradientNorms: the kernel norms equal autograd through the unrolled steps, the last step 2/B·‖w_head‖·‖ŷ − y‖; gradients untouched', () => {
  for (const cell of ['rnn', 'irnn', 'lstm', 'gru'] as const) {
    const task = addingTask(6);
    const model = labModel(cell, task, 5, { generator: new Generator(2), dtype: 'float64' });
    const b = task.batch(4, new Generator(3));
    const x = b.x.to('float64');
    const y = (b.y as Tensor).to('float64');
    const marker = model.head.weight.grad;
    const norms = stepGradientNorms(model, model.recurrent, () => task.loss(model.forward(x), y)).layers[0];
    assert.equal(model.head.weight.grad, marker);
    assert.ok(!Object.hasOwn(model.recurrent, 'forward'), 'the layer keeps its own forward');
    assert.equal(norms.length, 6);
    const oracle = unrolledNorms(model, x, y);
    for (let t = 0; t < 6; t++) assert.ok(Math.abs(norms[t] - oracle[t]) <= 1e-12 * oracle[5], `${cell} t=${t}: ${norms[t]} vs ${oracle[t]}`);
    const yHat = noGrad(() => model.forward(x));
    const err = Math.hypot(...Array.from({ length: 4 }, (_, i) => yHat.data[i] - y.data[i]));
    const expected = (2 / 4) * Math.hypot(...model.head.weight.data) * err;
    assert.ok(Math.abs(norms[5] - expected) < 1e-12, `${cell}: ${norms[5]} vs ${expected}`);
  }
});

test('labGradientNorms: float64, so a tanh RNN at T = 200 keeps a ratio float32 would flush to 0', () => {
  const task = addingTask(200);
  const model = labModel('rnn', task, 16, { generator: new Generator(0) });
  const norms = labGradientNorms(model, task, task.batch(8, new Generator(1)));
  const ratio = gradientRatio(norms);
  assert.ok(ratio > 0 && ratio < 1e-20, `ratio ${ratio}`);
});
