import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradcheck, randLeaf, assertClose } from '../../test/helpers/gradcheck.js';
import { Generator } from '../random/generator.js';
import { tensor } from '../tensor/create.js';
import { cat, stack } from './shape.js';
import { Tensor } from '../tensor/tensor.js';

const g = new Generator(7);

test('broadcasting arithmetic matches finite differences', () => {
  const a = randLeaf([2, 3, 4], g), b = randLeaf([3, 1], g), c = randLeaf([4], g);
  gradcheck(([a, b]) => a.add(b), [a, b]);
  gradcheck(([a, b]) => a.sub(b), [a, b]);
  gradcheck(([a, c]) => a.mul(c), [a, c]);
  const pos = new Tensor(Float64Array.from({ length: 4 }, () => 1 + g.uniform()), [4], true);
  gradcheck(([a, p]) => a.div(p), [a, pos]);
  gradcheck(([a, b]) => a.maximum(b).add(a.minimum(b)), [a, b]);
  gradcheck(([a]) => a.mul(3).add(2).sub(1).div(4), [a]);
});

test('unary ops match finite differences', () => {
  const x = randLeaf([3, 5], g);
  for (const f of ['tanh', 'sigmoid', 'exp', 'neg', 'square', 'softplus'] as const) gradcheck(([x]) => x[f](), [x]);
  // keep away from the kinks at 0
  const away = new Tensor(Float64Array.from({ length: 12 }, (_, i) => (i % 2 ? 1 : -1) * (0.2 + g.uniform())), [12], true);
  gradcheck(([x]) => x.relu(), [away]);
  gradcheck(([x]) => x.abs(), [away]);
  gradcheck(([x]) => x.leakyRelu(0.1), [away]);
  gradcheck(([x]) => x.clamp(-0.5, 0.5), [away]);
  const pos = new Tensor(Float64Array.from({ length: 6 }, () => 0.5 + g.uniform()), [6], true);
  gradcheck(([x]) => x.log(), [pos]);
  gradcheck(([x]) => x.sqrt(), [pos]);
  gradcheck(([x]) => x.pow(3), [pos]);
});

test('matmul (plain, batched, shared weights) matches finite differences', () => {
  gradcheck(([a, b]) => a.matmul(b), [randLeaf([3, 4], g), randLeaf([4, 5], g)]);
  gradcheck(([a, b]) => a.matmul(b), [randLeaf([2, 3, 4], g), randLeaf([4, 2], g)]);
  gradcheck(([a, b]) => a.matmul(b), [randLeaf([2, 3, 4], g), randLeaf([2, 4, 2], g)]);
  gradcheck(([a, b]) => a.matmul(b), [randLeaf([3, 4], g), randLeaf([2, 4, 2], g)]);
  const y = tensor([[1, 2], [3, 4]]).matmul(tensor([[5], [6]]));
  assert.deepEqual(y.toArray(), [17, 39]);
});

test('reductions, softmax, layout ops match finite differences', () => {
  const x = randLeaf([2, 3, 4], g);
  gradcheck(([x]) => x.sum(), [x]);
  gradcheck(([x]) => x.sum(1), [x]);
  gradcheck(([x]) => x.sum([0, 2], true), [x]);
  gradcheck(([x]) => x.mean(-1), [x]);
  gradcheck(([x]) => x.max(1), [x]);
  gradcheck(([x]) => x.min(2, true), [x]);
  gradcheck(([x]) => x.softmax(1), [x]);
  gradcheck(([x]) => x.logSoftmax(-1), [x]);
  gradcheck(([x]) => x.transpose(0, 2), [x]);
  gradcheck(([x]) => x.permute([1, 2, 0]), [x]);
  gradcheck(([x]) => x.reshape([4, -1]), [x]);
  gradcheck(([x]) => x.slice(2, 1, 3), [x]);
  gradcheck(([x]) => x.select(1, -1), [x]);
  gradcheck(([x]) => x.unsqueeze(0).squeeze(0), [x]);
  gradcheck(([x]) => x.slice(1, 0, 1).expand([2, 3, 4]), [x]);
  const y = randLeaf([2, 1, 4], g);
  gradcheck(([x, y]) => cat([x, y], 1), [x, y]);
  gradcheck(([x, y]) => stack([x, y.expand([2, 3, 4])], 1), [x, y]);
});

test('fan-out accumulates: y = x*x + x gives dy/dx = 2x + 1', () => {
  const x = tensor([1, -2, 3], [3], { requiresGrad: true });
  x.mul(x).add(x).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [3, -3, 7]);
  // gradients accumulate across backward calls until zeroed
  x.mul(x).add(x).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [6, -6, 14]);
  x.zeroGrad();
  assert.equal(x.grad, null);
});

test('softmax values and log-softmax stability', () => {
  const s = tensor([[1000, 1001, 1002]]).softmax(-1);
  assertClose(s.data, [0.09003057, 0.24472847, 0.66524096], { atol: 1e-6 });
  const l = tensor([[1000, 1001, 1002]]).logSoftmax(-1);
  assertClose(l.data, [-2.40760596, -1.40760596, -0.40760596], { atol: 1e-5 });
});

test('backward twice without retainGraph is a clear error; with it, gradients add', () => {
  const x = tensor([2], [1], { requiresGrad: true });
  const y = x.mul(x).sum();
  y.backward(undefined, { retainGraph: true });
  y.backward();
  assert.deepEqual(x.grad!.toArray(), [8]);
  assert.throws(() => y.backward(), /second time/);
});

test('shape errors name both shapes', () => {
  assert.throws(() => tensor([1, 2, 3]).add(tensor([1, 2])), /\[3\].*\[2\]|shapes cannot be broadcast/);
  assert.throws(() => tensor([[1, 2]]).matmul(tensor([[1, 2]])), /matmul/);
  assert.throws(() => tensor([1, 2, 3], [2, 2]), /shape/);
  assert.throws(() => tensor([1, 2, 3, 4]).sum().backward(), /does not require grad/);
});
