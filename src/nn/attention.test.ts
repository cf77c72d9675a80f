import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Attention, ATTENTION_SCORES, attentionShapes } from './attention.js';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../random/generator.js';
import { gradcheck, randLeaf, assertClose } from '../../test/helpers/gradcheck.js';
import { ShapeError, ValueError } from '../errors.js';

const B = 2, T = 3, S = 4;

function make(score: 'dot' | 'general' | 'additive', Hq: number, Hk: number, seed = 1): Attention {
  return new Attention({ score, querySize: Hq, keySize: Hk, attentionSize: score === 'additive' ? 5 : undefined, dtype: 'float64', generator: new Generator(seed) });
}

for (const score of ATTENTION_SCORES) {
  const Hq = 3, Hk = score === 'dot' ? 3 : 2;

  test(`attention ${score}: gradients of context and weights match finite differences (float64, with padding)`, () => {
    const g = new Generator(7);
    const att = make(score, Hq, Hk);
    const q = randLeaf([B, T, Hq], g), k = randLeaf([B, S, Hk], g);
    const params = att.parameters();
    for (const p of params) p.requiresGrad = true;
    gradcheck(([qq, kk]) => {
      const { context, weights } = att.forward(qq, kk, { lengths: [4, 2] });
      return [context, weights];
    }, [q, k]);
    // and the parameters themselves
    if (params.length) gradcheck(() => att.forward(q.detach(), k.detach(), { lengths: [3, 4] }).context, params);
  });

  test(`attention ${score}: weights sum to 1 over the real steps and are exactly 0 on padding`, () => {
    const g = new Generator(3);
    const att = make(score, Hq, Hk);
    const q = randLeaf([B, T, Hq], g, 3), k = randLeaf([B, S, Hk], g, 3);
    const lengths = [1, 3];
    const { weights, context } = att.forward(q, k, { lengths });
    assert.deepEqual(weights.shape, [B, T, S]);
    assert.deepEqual(context.shape, [B, T, Hk]);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        let sum = 0;
        for (let s = 0; s < S; s++) {
          const w = weights.data[(b * T + t) * S + s];
          if (s >= lengths[b]) assert.equal(w, 0, `b ${b} t ${t} s ${s} is padding`);
          else assert.ok(w > 0);
          sum += w;
        }
        assert.ok(Math.abs(sum - 1) < 1e-12, `row ${b},${t} sums to ${sum}`);
      }
    }
    // A single real step gets all the weight: the context is that key.
    for (let t = 0; t < T; t++) assertClose(context.data.subarray(t * Hk, (t + 1) * Hk), k.data.subarray(0, Hk), { atol: 1e-12, msg: 'context of length 1' });
  });

  test(`attention ${score}: what the padding holds never changes the context`, () => {
    const g = new Generator(5);
    const att = make(score, Hq, Hk);
    const q = randLeaf([B, T, Hq], g), k = randLeaf([B, S, Hk], g);
    const lengths = [2, 4];
    const a = att.forward(q, k, { lengths });
    const k2 = k.detach().clone();
    for (let s = 2; s < S; s++) for (let h = 0; h < Hk; h++) k2.data[s * Hk + h] = 1e3 * (s + h);
    const b = att.forward(q, k2, { lengths });
    assertClose(b.context.data, a.context.data, { atol: 1e-12, msg: 'context' });
    assertClose(b.weights.data, a.weights.data, { atol: 1e-12, msg: 'weights' });
    // the shorter sequence alone (no padding at all) gives the same first rows
    const short = att.forward(q.slice(0, 0, 1), k.slice(0, 0, 1).slice(1, 0, 2));
    assertClose(short.context.data, a.context.data.subarray(0, T * Hk), { atol: 1e-12, msg: 'unpadded' });
  });
}

test('attention dot: e = q·k by hand', () => {
  const att = new Attention({ score: 'dot', querySize: 2, keySize: 2, dtype: 'float64' });
  const q = new Tensor(Float64Array.from([1, 0]), [1, 1, 2]);
  const k = new Tensor(Float64Array.from([1, 2, 3, 4]), [1, 2, 2]);
  const { weights, context } = att.forward(q, k);
  // scores 1 and 3 → softmax [1/(1+e²), e²/(1+e²)]
  const w1 = Math.exp(2) / (1 + Math.exp(2));
  assertClose(weights.data, [1 - w1, w1], { atol: 1e-12, msg: 'weights' });
  assertClose(context.data, [(1 - w1) * 1 + w1 * 3, (1 - w1) * 2 + w1 * 4], { atol: 1e-12, msg: 'context' });
});

test('attention: prepared keys give the same result as keys prepared inside', () => {
  const g = new Generator(9);
  const att = make('additive', 3, 2);
  const q = randLeaf([B, T, 3], g), k = randLeaf([B, S, 2], g);
  const a = att.forward(q, k, { lengths: [4, 1] });
  const b = att.forward(q, k, { lengths: [4, 1], prepared: att.prepareKeys(k) });
  assert.deepEqual(Array.from(b.context.data), Array.from(a.context.data));
});

test('attention: bad options and shapes are named', () => {
  assert.throws(() => attentionShapes({ score: 'dot', querySize: 3, keySize: 4 }), (e) => e instanceof ValueError && /querySize = keySize/.test(e.message));
  assert.throws(() => attentionShapes({ score: 'cosine' as never, querySize: 3, keySize: 4 }), (e) => e instanceof ValueError && /score/.test(e.message));
  assert.deepEqual(attentionShapes({ score: 'additive', querySize: 3, keySize: 4, attentionSize: 6 }), { 'query.weight': [6, 3], 'query.bias': [6], 'key.weight': [6, 4], v: [6] });
  const att = make('general', 3, 2);
  const g = new Generator(1);
  assert.throws(() => att.forward(randLeaf([B, T, 2], g), randLeaf([B, S, 2], g)), ShapeError);
  assert.throws(() => att.forward(randLeaf([B, T, 3], g), randLeaf([B, S, 2], g), { lengths: [0, 2] }), (e) => e instanceof ValueError && /lengths\[0\]/.test(e.message));
  assert.throws(() => att.forward(randLeaf([B, T, 3], g), randLeaf([B, S, 2], g), { lengths: [5, 2] }), ValueError);
});
