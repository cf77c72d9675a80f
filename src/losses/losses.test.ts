import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradcheck, randLeaf } from '../../test/helpers/gradcheck.js';
import { Generator } from '../random/generator.js';
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';
import { NonFiniteError, ShapeError, ValueError } from '../errors.js';
import { mseLoss, l1Loss, huberLoss, bceWithLogits, crossEntropy, logSigmoid } from './index.js';

const g = new Generator(11);
const f64 = (data: number[], shape: number[], requiresGrad = false): Tensor => new Tensor(Float64Array.from(data), shape, requiresGrad);
/** A 0/1 mask of `shape` with about a third dropped (first kept). */
const mask = (shape: number[]): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return f64(Array.from({ length: n }, (_, i) => (i === 0 || g.uniform() > 0.33 ? 1 : 0)), shape);
};
/** Values away from 0 so |x − y| has no kink inside the finite-difference step. */
const awayFromTies = (shape: number[]): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return f64(Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1) * (0.3 + g.uniform())), shape, true);
};

test('regression losses pass gradcheck with every reduction, mask and weight', () => {
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    const x = randLeaf([2, 3, 2], g), y = randLeaf([2, 3, 2], g);
    const m = mask([2, 3]), w = f64([0.5, 2], [2]);
    gradcheck(([x, y]) => mseLoss(x, y, { reduction }), [x, y]);
    gradcheck(([x, y]) => mseLoss(x, y, { reduction, mask: m, weight: w }), [x, y]);
    const d = awayFromTies([2, 3, 2]);
    const zero = f64(new Array(12).fill(0), [2, 3, 2]);
    gradcheck(([d]) => l1Loss(d, zero, { reduction, mask: m }), [d]);
    gradcheck(([d]) => huberLoss(d, zero, { reduction, delta: 0.8, mask: m, weight: w }), [d]);
    gradcheck(([x, y]) => huberLoss(x, y, { reduction, delta: 0.05 }), [x, y]);
  }
});

test('bceWithLogits and logSigmoid pass gradcheck, with posWeight, weight and mask', () => {
  const x = randLeaf([3, 4], g, 3);
  const y = new Tensor(Float64Array.from({ length: 12 }, () => g.uniform()), [3, 4], true);
  const pw = new Tensor(Float64Array.from({ length: 4 }, () => 0.2 + 2 * g.uniform()), [4], true);
  gradcheck(([x]) => logSigmoid(x), [x]);
  const m = mask([3]);
  const w = f64([1, 2, 3], [3, 1]);
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    gradcheck(([x, y, pw]) => bceWithLogits(x, y, { reduction, posWeight: pw }), [x, y, pw]);
    gradcheck(([x, y]) => bceWithLogits(x, y, { reduction, weight: w, mask: m }), [x, y]);
  }
});

test('crossEntropy passes gradcheck with ignoreIndex, labelSmoothing, classWeight and mask', () => {
  const x = randLeaf([2, 3, 4], g);
  const targets = Int32Array.from([0, 3, -100, 1, 2, 2]);
  const w = f64([0.5, 1, 2, 1.5], [4]);
  const m = mask([2, 3]);
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    gradcheck(([x]) => crossEntropy(x, targets, { reduction }), [x]);
    gradcheck(([x]) => crossEntropy(x, targets, { reduction, labelSmoothing: 0.2, classWeight: w }), [x]);
    gradcheck(([x]) => crossEntropy(x, targets, { reduction, labelSmoothing: 0.1, mask: m, classWeight: w }), [x]);
  }
  // a Tensor of ids works like an Int32Array
  const a = crossEntropy(x, targets).item();
  const b = crossEntropy(x, f64([0, 3, -100, 1, 2, 2], [2, 3])).item();
  assert.equal(a, b);
});

test('a zero in the mask acts like ignoreIndex, and padding may hold NaN and bad ids', () => {
  const x = randLeaf([2, 3, 4], g);
  const m = f64([1, 1, 0, 1, 0, 1], [2, 3]);
  const ignored = crossEntropy(x, Int32Array.from([1, 2, -100, 0, -100, 3]), { labelSmoothing: 0.1 }).item();
  const padded = x.detach();
  const xs = new Tensor(Float64Array.from(padded.data), x.shape, true);
  for (let c = 0; c < 4; c++) xs.data[2 * 4 + c] = NaN; // row [0, 2] is padding
  const masked = crossEntropy(xs, Int32Array.from([1, 2, 99, 0, -7, 3]), { labelSmoothing: 0.1, mask: m });
  assert.ok(Math.abs(masked.item() - ignored) < 1e-12);
  masked.backward();
  assert.ok(xs.grad!.toArray().every(Number.isFinite));
  assert.deepEqual(xs.grad!.toArray().slice(8, 12), [0, 0, 0, 0]);

  // regression: NaN targets at padded steps of a [B, T, F] series
  const p = randLeaf([2, 3, 2], g);
  const y = f64([1, 2, 3, 4, NaN, NaN, 5, 6, 7, 8, NaN, NaN], [2, 3, 2]);
  const stepMask = f64([1, 1, 0, 1, 1, 0], [2, 3]);
  const l = mseLoss(p, y, { mask: stepMask });
  l.backward();
  assert.ok(Number.isFinite(l.item()));
  assert.ok(p.grad!.toArray().every(Number.isFinite));
  // mean divides by Σ mask broadcast over F: 4 steps × 2 features
  const ref = mseLoss(p.slice(1, 0, 2), y.slice(1, 0, 2), { reduction: 'sum' }).item() / 8;
  assert.ok(Math.abs(l.item() - ref) < 1e-12);
});

test('bad inputs give clear errors', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.throws(() => mseLoss(x, tensor([1, 2, 3])), (e: unknown) => e instanceof ShapeError && /\[2, 3\]/.test(e.message) && /\[3\]/.test(e.message));
  assert.throws(() => l1Loss(x, x, { mask: tensor([1, 0, 1]) }), (e: unknown) => e instanceof ShapeError && /mask/.test(e.message));
  assert.throws(() => mseLoss(x, x, { weight: tensor([1, 2]) }), ShapeError);
  assert.throws(() => mseLoss(tensor([1, NaN, 3]), tensor([1, 2, 3])), (e: unknown) => e instanceof NonFiniteError && e.index === 1 && /input/.test(e.message));
  assert.throws(() => bceWithLogits(tensor([0, 1]), tensor([0, Infinity])), (e: unknown) => e instanceof NonFiniteError && /target/.test(e.message));
  assert.throws(() => huberLoss(x, x, { delta: 0 }), ValueError);
  assert.throws(() => mseLoss(x, x, { reduction: 'avg' as 'mean' }), ValueError);

  const logits = tensor(new Float32Array(2 * 3 * 4), [2, 3, 4]);
  assert.throws(() => crossEntropy(logits, Int32Array.from([0, 1, 2, 3, 4, 0])), (e: unknown) => e instanceof ValueError && /target 4 at position \[1, 1\]/.test(e.message) && /\[0, 3\]/.test(e.message));
  assert.throws(() => crossEntropy(logits, Int32Array.from([0, 1, 2])), (e: unknown) => e instanceof ShapeError && /6 class ids/.test(e.message));
  assert.throws(() => crossEntropy(logits, tensor([0, 1, 2, 3, 0, 1])), (e: unknown) => e instanceof ShapeError && /\[2, 3\]/.test(e.message) && /\[6\]/.test(e.message));
  assert.throws(() => crossEntropy(logits, tensor([[0, 1.5, 2], [0, 0, 0]])), (e: unknown) => e instanceof ValueError && /1.5 at position \[0, 1\]/.test(e.message));
  assert.throws(() => crossEntropy(logits, Int32Array.from([0, 0, 0, 0, 0, 0]), { classWeight: tensor([1, 2]) }), ShapeError);
  assert.throws(() => crossEntropy(logits, Int32Array.from([0, 0, 0, 0, 0, 0]), { labelSmoothing: 1.5 }), ValueError);
  const bad = tensor(new Float32Array(24), [2, 3, 4]);
  bad.data[5] = NaN;
  assert.throws(() => crossEntropy(bad, Int32Array.from([0, 0, 0, 0, 0, 0])), (e: unknown) => e instanceof NonFiniteError && e.index === 5);
});

test('all-ignored mean is NaN as in PyTorch; sum is 0', () => {
  const x = randLeaf([2, 3], g);
  const ids = Int32Array.from([-100, -100]);
  assert.ok(Number.isNaN(crossEntropy(x, ids).item()));
  assert.ok(crossEntropy(x, ids, { reduction: 'sum' }).item() === 0);
});
