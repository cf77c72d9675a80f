import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../random/generator.js';
import { LSTM } from './lstm.js';
import { Linear } from './linear.js';
import { mseLoss } from '../losses/index.js';
import { Adam } from '../optim/index.js';
import { ManyToOne } from '../models/many-to-one.js';
import { fit, tensorData } from '../train/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// A raw loop on purpose: fit's history grows by two numbers a step, and its yields and callbacks
// would be measured too; this test is about the layers, autograd and the optimizer.
test('1,000 training steps leave memory flat (no dispose, no leak)', () => {
  const g = new Generator(2);
  const lstm = new LSTM({ inputSize: 4, hiddenSize: 16, batchFirst: true, generator: g });
  const head = new Linear(16, 1, { generator: g });
  const opt = new Adam([...lstm.parameters(), ...head.parameters()], { lr: 1e-3 });
  const x = new Tensor(Float32Array.from({ length: 8 * 10 * 4 }, () => g.normal()), [8, 10, 4]);
  const y = new Tensor(Float32Array.from({ length: 8 }, () => g.normal()), [8, 1]);
  const heap: number[] = [];
  for (let step = 1; step <= 1000; step++) {
    const [, [hN]] = lstm.forward(x);
    const loss = mseLoss(head.forward(hN.squeeze(0)), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    if (step % 250 === 0) {
      gc();
      heap.push(process.memoryUsage().heapUsed);
    }
  }
  const growth = heap[heap.length - 1] - heap[0];
  assert.ok(growth < 2e6, `heap grew ${(growth / 1e6).toFixed(2)} MB between step 250 and 1000 (samples ${heap.map((h) => (h / 1e6).toFixed(1)).join(', ')} MB)`);
});

test('truncated BPTT: a detached state carries across chunks and gradients stop at the chunk boundary', () => {
  const g = new Generator(4);
  const lstm = new LSTM({ inputSize: 1, hiddenSize: 8, dtype: 'float64', generator: g });
  const T = 40, chunk = 10;
  const series = new Tensor(Float64Array.from({ length: T }, (_, t) => Math.sin(t / 3)), [T, 1, 1]);
  // Carrying the detached state chunk by chunk gives the same outputs as one pass over all T steps.
  const [full] = lstm.forward(series);
  let state: [Tensor, Tensor] | null = null;
  const outs: number[] = [];
  for (let s = 0; s < T; s += chunk) {
    const xs = series.slice(0, s, s + chunk);
    const [out, [h, c]]: [Tensor, [Tensor, Tensor]] = lstm.forward(xs, state);
    out.sum().backward();
    outs.push(...out.toArray());
    state = [h.detach(), c.detach()];
    assert.equal(state[0].requiresGrad, false);
  }
  outs.forEach((v, i) => assert.ok(Math.abs(v - full.data[i]) < 1e-12));
  // The gradient of a chunk's loss w.r.t. its own input is the same whether or not earlier chunks ran.
  const x2 = new Tensor(series.slice(0, 10, 20).data.slice(), [10, 1, 1], true);
  const h0 = new Tensor(new Float64Array(8), [1, 1, 8], true);
  const [o2] = lstm.forward(x2, [h0, new Tensor(new Float64Array(8), [1, 1, 8])]);
  o2.sum().backward();
  assert.ok(h0.grad!.toArray().some((v) => v !== 0), 'the chunk still sends a gradient to its initial state');
});

test('the same seed gives the same training run', async () => {
  const run = async (seed: number) => {
    const g = new Generator(seed);
    const model = new ManyToOne({ cell: 'lstm', inputSize: 2, hiddenSize: 6, outputSize: 1, generator: g });
    const x = new Tensor(Float32Array.from({ length: 80 * 5 * 2 }, () => g.normal()), [80, 5, 2]); // [N, T, I]
    const y = new Tensor(new Float32Array(80).fill(0.5), [80, 1]);
    const h = await fit(model, tensorData(x, y), { loss: (m, b) => mseLoss(m.forward(b.x), b.y), epochs: 5, batchSize: 20, lr: 0.01, generator: g });
    assert.equal(h.stepLoss.length, 20);
    return h.stepLoss;
  };
  assert.deepEqual(await run(123), await run(123));
  assert.notDeepEqual(await run(123), await run(124));
});
