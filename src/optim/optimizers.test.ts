import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.js';
import { randn, tensor, zeros } from '../tensor/create.js';
import { Generator } from '../random/generator.js';
import { NonFiniteError, ShapeError, StateDictError, ValueError } from '../errors.js';
import { mseLoss } from '../losses/index.js';
import { SGD, Adam, AdamW, RMSprop, Adagrad, clipGradNorm, clipGradValue, StepLR, ReduceLROnPlateau, type OptimizerLike } from './index.js';

/** y = X·w + b with w = [2, −3, 0.5], b = 1, X [64, 3]. */
function regressionData(): { X: Tensor; y: Tensor } {
  const g = new Generator(3);
  const X = randn([64, 3], { generator: g });
  const y = X.matmul(tensor([[2], [-3], [0.5]])).add(1);
  return { X, y };
}

const trainers: [string, (ps: Tensor[]) => OptimizerLike, number][] = [
  ['SGD', (ps) => new SGD(ps, { lr: 0.1 }), 200],
  ['SGD momentum Nesterov', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true }), 200],
  ['Adam', (ps) => new Adam(ps, { lr: 0.1 }), 300],
  ['AdamW amsgrad', (ps) => new AdamW(ps, { lr: 0.1, weightDecay: 1e-4, amsgrad: true }), 300],
  ['RMSprop', (ps) => new RMSprop(ps, { lr: 0.01 }), 500],
  ['RMSprop centered momentum', (ps) => new RMSprop(ps, { lr: 0.01, momentum: 0.5, centered: true }), 400],
  ['Adagrad', (ps) => new Adagrad(ps, { lr: 0.5 }), 300],
];

for (const [name, make, steps] of trainers) {
  test(`${name} trains a linear regression to low loss`, () => {
    const { X, y } = regressionData();
    const w = zeros([3, 1], { requiresGrad: true });
    const b = zeros([1], { requiresGrad: true });
    const opt = make([w, b]);
    let loss = Infinity;
    for (let i = 0; i < steps; i++) {
      opt.zeroGrad();
      const l = mseLoss(X.matmul(w).add(b), y);
      l.backward();
      opt.step();
      loss = l.item();
    }
    assert.ok(loss < 1e-3, `${name}: final loss ${loss}`);
    assert.ok(Math.abs(w.data[1] + 3) < 0.05, `${name}: w = ${w.toArray()}`);
  });
}

test('parameters without a gradient are skipped and keep their state', () => {
  const a = tensor([1, 2], undefined, { requiresGrad: true });
  const b = tensor([3], undefined, { requiresGrad: true });
  const opt = new Adam([a, b], { lr: 0.1 });
  a.grad = tensor([1, 1]);
  opt.step();
  assert.deepEqual(b.toArray(), [3]);
  const sd = opt.stateDict();
  assert.deepEqual(Object.keys(sd.state), ['0']);
  assert.equal(sd.state[0].step, 1);
});

test('stateDict round-trips moments and hyperparameters; a fresh optimizer then continues identically', () => {
  const make = (): [Tensor, Adam] => {
    const p = tensor([0.5, -1, 2], undefined, { requiresGrad: true, dtype: 'float64' });
    return [p, new Adam([p], { lr: 0.05, amsgrad: true })];
  };
  const grad = (p: Tensor): Tensor => p.detach().mul(p.detach()).add(0.1);
  const [p1, o1] = make();
  for (let i = 0; i < 3; i++) { p1.grad = grad(p1); o1.step(); }
  o1.paramGroups[0].lr = 0.02;
  const sd = o1.stateDict();
  const [p2, o2] = make();
  p2.data.set(p1.data);
  o2.loadStateDict(sd);
  assert.equal(o2.paramGroups[0].lr, 0.02);
  for (let i = 0; i < 3; i++) {
    p1.grad = grad(p1); o1.step();
    p2.grad = grad(p2); o2.step();
  }
  assert.deepEqual(p2.toArray(), p1.toArray());
  // the snapshot was a copy
  assert.equal(sd.state[0].step, 3);
  const other = new Adam([tensor([1, 2], undefined, { requiresGrad: true })]);
  assert.throws(() => other.loadStateDict(sd), StateDictError);
});

test('optimizer arguments are checked', () => {
  const p = tensor([1], undefined, { requiresGrad: true });
  assert.throws(() => new SGD([], { lr: 0.1 }), /empty parameter list/);
  assert.throws(() => new SGD([p, p]), /more than one place/);
  assert.throws(() => new SGD([p.mul(2)]), /non-leaf/);
  assert.throws(() => new SGD([p], { lr: -1 }), ValueError);
  assert.throws(() => new SGD([p], { nesterov: true }), /Nesterov/);
  assert.throws(() => new Adam([p], { betas: [1, 0.9] }), /betas/);
  assert.throws(() => new RMSprop([p], { alpha: -0.1 }), ValueError);
  assert.throws(() => new Adagrad([p], { lrDecay: -1 }), ValueError);
  p.grad = tensor([1, 2]);
  assert.throws(() => new SGD([p]).step(), ShapeError);
});

test('zeroGrad clears gradients; groups keep their own lr', () => {
  const a = tensor([1], undefined, { requiresGrad: true });
  const b = tensor([1], undefined, { requiresGrad: true });
  const opt = new SGD([{ params: [a] }, { params: [b], lr: 1 }], { lr: 0.5 });
  a.grad = tensor([1]);
  b.grad = tensor([1]);
  opt.step();
  assert.deepEqual([a.item(), b.item()], [0.5, 0]);
  opt.zeroGrad();
  assert.equal(a.grad, null);
  assert.equal(b.grad, null);
});

test('clipGradNorm returns the norm, clips only above maxNorm, and refuses non-finite norms when asked', () => {
  const a = tensor([3, 4], undefined, { requiresGrad: true, dtype: 'float64' });
  const b = tensor([0], undefined, { requiresGrad: true, dtype: 'float64' }); // no grad: skipped
  a.grad = tensor([3, 4], undefined, { dtype: 'float64' });
  assert.equal(clipGradNorm([a, b], 10), 5);
  assert.deepEqual(a.grad.toArray(), [3, 4]);
  assert.equal(clipGradNorm([a, b], 1), 5);
  assert.ok(Math.abs(a.grad.toArray()[0] - 3 / (5 + 1e-6)) < 1e-15);
  assert.equal(clipGradNorm(a, 1, { normType: Infinity }), a.grad.data[1]);
  a.grad = tensor([NaN, 1]);
  assert.throws(() => clipGradNorm([a], 1, { errorIfNonfinite: true }), (e: unknown) => e instanceof NonFiniteError && /2-norm/.test(e.message) && /NaN/.test(e.message));
  a.grad = tensor([Infinity, 1]);
  assert.throws(() => clipGradNorm([a], 1, { normType: Infinity, errorIfNonfinite: true }), /infinity-norm.*Infinity/);
  // as PyTorch: an infinite norm scales by 0, turning the infinite element into NaN
  assert.equal(clipGradNorm([a], 1), Infinity);
  assert.ok(Number.isNaN(a.grad.data[0]) && a.grad.data[1] === 0);
  assert.equal(clipGradNorm([b], 1), 0);
  assert.throws(() => clipGradNorm([a], 1, { normType: 0 }), ValueError);
});

test('clipGradValue clamps every element', () => {
  const a = tensor([1, 2, 3], undefined, { requiresGrad: true });
  a.grad = tensor([-2, 0.3, 5]);
  clipGradValue([a], 1);
  assert.deepEqual(a.grad.toArray(), [-1, 0.30000001192092896, 1]);
});

test('schedulers check their options and save their state', () => {
  const opt = new SGD([tensor([1], undefined, { requiresGrad: true })], { lr: 1 });
  assert.throws(() => new StepLR(opt, { stepSize: 0 }), ValueError);
  assert.throws(() => new ReduceLROnPlateau(opt, { factor: 1 }), ValueError);
  assert.throws(() => new ReduceLROnPlateau(opt, { minLr: [0, 0] }), /one per group/);
  const s = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
  s.step(); s.step(); s.step();
  assert.deepEqual(s.getLastLr(), [0.5]);
  assert.deepEqual(s.stateDict(), { lastEpoch: 3, baseLrs: [1] });
  const p = new ReduceLROnPlateau(opt, { patience: 0 });
  p.step(1); p.step(2);
  assert.deepEqual(p.getLastLr(), [0.05]);
  assert.deepEqual(p.stateDict(), { best: 1, numBadEpochs: 0, cooldownCounter: 0, lastEpoch: 2 });
});
