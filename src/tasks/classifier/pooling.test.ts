import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradcheck, randLeaf } from '../../../test/helpers/gradcheck.js';
import { Generator } from '../../random/generator.js';
import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../errors.js';
import { attentionPool, maskedMax, maskedMean } from './pooling.js';

const lengths = Int32Array.of(3, 1, 4); // B = 3, T = 4
const B = 3, T = 4, F = 5;

/** out with every padded step overwritten by `v`. */
function withPadding(out: Tensor, v: number): Tensor {
  const d = Float64Array.from(out.data);
  for (let b = 0; b < B; b++) for (let t = lengths[b]; t < T; t++) for (let f = 0; f < F; f++) d[(b * T + t) * F + f] = v;
  return new Tensor(d, out.shape, out.requiresGrad);
}

test('maskedMax, maskedMean and attentionPool pass float64 gradient checks with padded steps', () => {
  const g = new Generator(3);
  const out = withPadding(randLeaf([B, T, F], g), 0);
  gradcheck(([x]) => maskedMax(x, lengths), [out]);
  gradcheck(([x]) => maskedMean(x, lengths), [out]);
  const W = randLeaf([F, F], g, 0.5);
  const b = randLeaf([F], g, 0.5);
  const q = randLeaf([F, 1], g, 0.5);
  gradcheck(([x, w, bb, qq]) => attentionPool(x, lengths, { weight: w, bias: bb, query: qq }).pooled, [out, W, b, q]);
  gradcheck(([x, w, bb, qq]) => attentionPool(x, lengths, { weight: w, bias: bb, query: qq }).weights, [out, W, b, q]);
});

test('attention weights sum to one over the real steps and are exactly zero on padding', () => {
  const g = new Generator(5);
  const out = randLeaf([B, T, F], g, 3);
  const scorer = { weight: randLeaf([F, F], g), bias: randLeaf([F], g), query: randLeaf([F, 1], g, 4) };
  const { weights } = attentionPool(out, lengths, scorer);
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let t = 0; t < T; t++) {
      const a = weights.data[b * T + t];
      if (t >= lengths[b]) assert.equal(a, 0, `text ${b} step ${t} is padding`);
      else s += a;
    }
    assert.ok(Math.abs(s - 1) < 1e-12, `text ${b}: weights sum to ${s}`);
  }
});

test('whatever the padded steps hold, no pooling sees them', () => {
  const g = new Generator(7);
  const out = randLeaf([B, T, F], g);
  const scorer = { weight: randLeaf([F, F], g), bias: randLeaf([F], g), query: randLeaf([F, 1], g) };
  const pools = [
    (x: Tensor) => maskedMax(x, lengths),
    (x: Tensor) => maskedMean(x, lengths),
    (x: Tensor) => attentionPool(x, lengths, scorer).pooled,
  ];
  for (const pool of pools) {
    const clean = pool(withPadding(out, 0)).data;
    assert.deepEqual(pool(withPadding(out, 1e6)).data, clean);
    assert.deepEqual(pool(withPadding(out, -1e6)).data, clean);
  }
  assert.throws(() => maskedMax(out, Int32Array.of(3, 0, 4)), ValueError);
  assert.throws(() => maskedMean(out, Int32Array.of(3, 5, 4)), ValueError);
});

test('maskedMean divides by each text’s own length', () => {
  const x = new Tensor(Float64Array.of(1, 3, 100, 2, 100, 100), [2, 3, 1]);
  assert.deepEqual(Array.from(maskedMean(x, Int32Array.of(2, 1)).data), [2, 2]);
  assert.deepEqual(Array.from(maskedMax(x, Int32Array.of(2, 1)).data), [3, 2]);
});
