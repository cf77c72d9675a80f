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

test('stepGradientNorms: the unrolled run gives the fused loss, the last step matches 2(ŷ−y)/B·‖w_head‖, parameter gradients untouched', () => {
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    const task = addingTask(6);
    const model = new LabNet({ cell, inputSize: 2, hiddenSize: 5, outputSize: 1, readout: 'last' }, { generator: new Generator(2), dtype: 'float64' });
    const b = task.batch(4, new Generator(3));
    const x = b.x.to('float64');
    const y = (b.y as Tensor).to('float64');
    const fused = noGrad(() => task.loss(model.forward(x), y).item());
    let unrolledLoss = NaN;
    const marker = model.head.weight.grad;
    const norms = stepGradientNorms(model, model.recurrent, () => {
      const l = task.loss(model.forward(x), y);
      unrolledLoss = l.item();
      return l;
    }).layers[0];
    assert.ok(Math.abs(unrolledLoss - fused) < 1e-12, `${cell}: ${unrolledLoss} vs ${fused}`);
    assert.equal(model.head.weight.grad, marker);
    const yHat = noGrad(() => model.forward(x));
    const wNorm = Math.hypot(...model.head.weight.data);
    let expected = 0;
    for (let i = 0; i < 4; i++) expected += (2 * Math.abs(yHat.data[i] - y.data[i]) / 4) * wNorm;
    assert.ok(Math.abs(norms[5] - expected / 4) < 1e-12, `${cell}: ${norms[5]} vs ${expected / 4}`);
    assert.equal(norms.length, 6);
    assert.ok(!Object.hasOwn(model.recurrent, 'forward'), 'the layer keeps its own forward');
  }
});

test('labGradientNorms: float64, so a tanh RNN at T = 200 keeps a ratio float32 would flush to 0', () => {
  const task = addingTask(200);
  const model = labModel('rnn', task, 16, { generator: new Generator(0) });
  const norms = labGradientNorms(model, task, task.batch(8, new Generator(1)));
  const ratio = gradientRatio(norms);
  assert.ok(ratio > 0 && ratio < 1e-20, `ratio ${ratio}`);
});
