import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradcheck } from '../../test/helpers/gradcheck.js';
import { Generator } from '../random/generator.js';
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';
import { NonFiniteError, ShapeError, ValueError } from '../errors.js';
import { pinball } from '../timeseries/metrics.js';
import { pinballLoss } from './index.js';

const g = new Generator(21);
const f64 = (data: number[], shape: number[], requiresGrad = false): Tensor => new Tensor(Float64Array.from(data), shape, requiresGrad);
const near = (a: number, b: number, msg = '') => assert.ok(Math.abs(a - b) < 1e-12, `${msg} ${a} vs ${b}`);
const Q3 = [0.1, 0.5, 0.9];

test('pinballLoss by hand: every reduction, target [...] or [..., 1]', () => {
  const pred = f64([1, 2, 3, 4, 4, 4], [2, 3]);
  // row 0: y = 2, e = y − ŷ = 1, 0, −1 → 0.1·1, 0, (0.9 − 1)·(−1) = 0.1, 0, 0.1
  // row 1: y = 5, e = 1, 1, 1 → 0.1, 0.5, 0.9
  const perElement = [0.1, 0, 0.1, 0.1, 0.5, 0.9];
  const none = pinballLoss(pred, f64([2, 5], [2]), Q3, { reduction: 'none' });
  assert.deepEqual(none.shape, [2, 3]);
  none.toArray().forEach((v, i) => near(v, perElement[i], `none[${i}]`));
  near(pinballLoss(pred, f64([2, 5], [2]), Q3, { reduction: 'sum' }).item(), 1.7);
  near(pinballLoss(pred, f64([2, 5], [2]), Q3).item(), 1.7 / 6);
  near(pinballLoss(pred, f64([2, 5], [2, 1]), Q3).item(), 1.7 / 6);
  // a mask over the target's shape: only row 1 counts, mean over its 3 quantiles
  near(pinballLoss(pred, f64([NaN, 5], [2]), Q3, { mask: f64([0, 1], [2]) }).item(), 1.5 / 3);
});

test('pinballLoss equals the mean over quantiles of the float64 pinball metric', () => {
  const B = 4, T = 5, Q = Q3.length;
  const pred = new Tensor(Float64Array.from({ length: B * T * Q }, () => g.normal()), [B, T, Q]);
  const y = new Tensor(Float64Array.from({ length: B * T }, () => g.normal()), [B, T]);
  let expected = 0;
  Q3.forEach((q, j) => {
    const col = Array.from({ length: B * T }, (_, i) => pred.data[i * Q + j]);
    expected += pinball(y.data, col, q) / Q;
  });
  near(pinballLoss(pred, y, Q3).item(), expected);
  // float32 works too
  assert.ok(Math.abs(pinballLoss(pred.to('float32'), y.to('float32'), Q3).item() - expected) < 1e-6);
});

test('pinballLoss passes gradcheck with every reduction and a mask', () => {
  const B = 2, T = 3, Q = Q3.length;
  const y = new Tensor(Float64Array.from({ length: B * T }, () => g.normal()), [B, T], true);
  // predictions at least 0.3 away from their target, so no kink lies inside the finite-difference step
  const pred = new Tensor(Float64Array.from({ length: B * T * Q }, (_, i) => y.data[Math.floor(i / Q)] + (i % 2 ? 1 : -1) * (0.3 + g.uniform())), [B, T, Q], true);
  const mask = f64([1, 0, 1, 1, 1, 0], [B, T]);
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    gradcheck(([p, t]) => pinballLoss(p, t, Q3, { reduction }), [pred, y]);
    gradcheck(([p, t]) => pinballLoss(p, t, Q3, { reduction, mask }), [pred, y]);
  }
  // the gradient by hand: ∂l/∂ŷ = −q below the target (e > 0), 1 − q above it, over N·Q elements
  const p = f64([0, 0, 10], [1, 3], true);
  pinballLoss(p, f64([5], [1]), Q3).backward();
  p.grad!.toArray().forEach((v, i) => near(v, [-0.1 / 3, -0.5 / 3, 0.1 / 3][i], `grad[${i}]`));
});

test('pinballLoss checks quantiles and shapes', () => {
  const pred = tensor(new Float32Array(6), [2, 3]);
  const y = tensor([0, 0]);
  assert.throws(() => pinballLoss(pred, y, [0.1, 0.9, 0.5]), (e: unknown) => e instanceof ValueError && /strictly increasing.*0.9 then 0.5/.test(e.message));
  assert.throws(() => pinballLoss(pred, y, [0, 0.5, 0.9]), /strictly between 0 and 1, got 0 at position 0/);
  assert.throws(() => pinballLoss(pred, y, [0.1, 0.5, 1]), /got 1 at position 2/);
  assert.throws(() => pinballLoss(pred, y, [0.5, 0.5, 0.9]), /strictly increasing/);
  assert.throws(() => pinballLoss(pred, y, []), /at least one quantile/);
  assert.throws(() => pinballLoss(pred, y, [0.1, 0.9]), (e: unknown) => e instanceof ShapeError && /\[\.\.\., 2\]/.test(e.message) && /\[2, 3\]/.test(e.message));
  assert.throws(() => pinballLoss(pred, tensor([0, 0, 0]), Q3), (e: unknown) => e instanceof ShapeError && /\[2\] or \[2, 1\]/.test(e.message));
  assert.throws(() => pinballLoss(pred, tensor([[0, 0], [0, 0]]), Q3), ShapeError);
  assert.throws(() => pinballLoss(pred, tensor([0, NaN]), Q3), NonFiniteError);
  assert.throws(() => pinballLoss(pred, y, Q3, { mask: tensor([1, 0, 1]) }), /mask/);
});
