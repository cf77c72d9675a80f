import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../random/generator.js';
import { Linear } from '../nn/linear.js';
import { mseLoss } from '../losses/index.js';
import { fit } from './fit.js';
import { tensorData } from './data.js';

type XY = { x: Tensor; y: Tensor };

/** y = 5·x for x ~ N(0, 1), from a Linear(1, 1) at 0: the gradients start large and shrink. */
function setup(seed: number): { model: Linear; data: ReturnType<typeof tensorData> } {
  const g = new Generator(seed);
  const x = Float32Array.from({ length: 64 }, () => g.normal());
  const model = new Linear(1, 1, { generator: new Generator(0) });
  for (const p of model.parameters()) p.data.fill(0);
  return { model, data: tensorData(new Tensor(x, [64, 1]), new Tensor(x.map((v) => 5 * v), [64, 1])) };
}

test('clipRatio is the mean ‖g‖/clipNorm over the clipped steps of each epoch (1 when none was clipped)', async () => {
  const { model, data } = setup(1);
  const clipNorm = 2;
  const h = await fit(model, data, { loss: (m: Linear, b: XY) => mseLoss(m.forward(b.x), b.y), optimizer: 'sgd', lr: 0.1, batchSize: 8, epochs: 5, clipNorm, shuffle: false });
  const perEpoch = h.epochs.length ? h.stepGradNorm.length / h.epochs.length : 0;
  let sawClipped = false, sawNone = false;
  h.epochs.forEach((e, i) => {
    const norms = h.stepGradNorm.slice(i * perEpoch, (i + 1) * perEpoch);
    const clipped = norms.filter((n) => clipNorm / (n + 1e-6) < 1);
    assert.equal(e.clippedFraction, clipped.length / norms.length);
    const expected = clipped.length ? clipped.reduce((a, n) => a + n / clipNorm, 0) / clipped.length : 1;
    assert.ok(Math.abs(e.clipRatio - expected) < 1e-12, `epoch ${e.epoch}: clipRatio ${e.clipRatio} vs ${expected}`);
    if (clipped.length) assert.ok(e.clipRatio > 1);
    sawClipped ||= clipped.length > 0;
    sawNone ||= clipped.length === 0;
  });
  assert.ok(sawClipped && sawNone, 'the run covers clipped and unclipped epochs');
});

test('without clipping, clipRatio is 1 and clippedFraction 0', async () => {
  const { model, data } = setup(2);
  const h = await fit(model, data, { loss: (m: Linear, b: XY) => mseLoss(m.forward(b.x), b.y), optimizer: 'sgd', lr: 0.01, batchSize: 16, epochs: 2, clipNorm: null });
  for (const e of h.epochs) {
    assert.equal(e.clipRatio, 1);
    assert.equal(e.clippedFraction, 0);
  }
});
