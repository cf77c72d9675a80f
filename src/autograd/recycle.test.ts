import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearRecycled, recycle, takeGradient, takeRecycled } from './recycle.js';
import { record } from './record.js';
import { LSTM, Linear } from '../nn/index.js';
import { crossEntropy } from '../losses/index.js';
import { tensor } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import type { Arr } from '../tensor/dtype.js';
import { manualSeed } from '../random/generator.js';

test('a recycled array is handed to the next taker of its dtype and length, once', () => {
  clearRecycled();
  const a = new Float32Array(5000).fill(3);
  recycle(a, null);
  assert.equal(takeRecycled('float64', 5000).length, 5000);
  assert.notEqual(takeRecycled('float32', 4999), a);
  assert.equal(takeRecycled('float32', 5000), a, 'the same array back');
  assert.equal(a[0], 3, 'not zeroed');
  const fresh = takeRecycled('float32', 5000);
  assert.notEqual(fresh, a);
  assert.ok(fresh.every((v) => v === 0), 'a fresh array is zeroed');
});

test('small arrays are not pooled', () => {
  clearRecycled();
  const a = new Float32Array(16);
  recycle(a);
  assert.notEqual(takeRecycled('float32', 16), a);
});

test('a recurrent layer recycles its saved arrays only once its graph is released', () => {
  clearRecycled();
  manualSeed(1);
  const lstm = new LSTM({ inputSize: 3, hiddenSize: 32 });
  const x = tensor(Float32Array.from({ length: 50 * 4 * 3 }, (_, i) => Math.sin(i)), [50, 4, 3]);
  const step = (retainGraph: boolean) => {
    for (const p of lstm.parameters()) p.zeroGrad();
    const [out] = lstm.forward(x);
    out.sum().backward(undefined, { retainGraph });
    return lstm.parameters().map((p) => Array.from(p.grad!.data));
  };
  const first = step(true);
  // Retained: nothing was recycled, so a take gets a fresh (zeroed) array.
  assert.ok(takeRecycled('float32', 50 * 4 * 32).every((v) => v === 0));
  const second = step(false);
  const third = step(false); // runs on the arrays the second step gave back
  assert.deepEqual(second, first);
  assert.deepEqual(third, first);
  assert.ok(takeRecycled('float32', 50 * 4 * 32).some((v) => v !== 0), 'the released gates/states came back to the pool');
});

/** Leaf → A → B → root, custom nodes: A's backward makes `made` with takeGradient for the leaf's side; B's backward gets it from the root. */
function chain(n: number, passOn: 'copy' | 'same' | 'view', preGrad = false) {
  const leaf = tensor(new Float32Array(n).fill(1), [n], { requiresGrad: true });
  if (preGrad) leaf.grad = tensor(new Float32Array(n).fill(1), [n]);
  const a = new Tensor(new Float32Array(n), [n]);
  const b = new Tensor(new Float32Array(n), [n]);
  const made: { toB: Arr | null; toLeaf: Arr | null; probe: Arr | null } = { toB: null, toLeaf: null, probe: null };
  // A: leaf → a. Its backward hands the leaf a gradient made with takeGradient.
  record('A', [leaf], [a], ([g]) => {
    // Whatever B did with it, the gradient A reads must not be in the pool while A reads it.
    const probe = takeRecycled('float32', n);
    assert.notEqual(probe.buffer, g!.buffer, `${passOn}: A's incoming gradient was recycled before A ran`);
    made.probe = probe;
    const r = takeGradient('float32', n);
    for (let i = 0; i < n; i++) r[i] = 2 * g![i];
    made.toLeaf = r;
    return [r];
  });
  // B: a → b, whose backward passes its incoming gradient on as asked.
  record('B', [a], [b], ([g]) => {
    if (passOn === 'same') return [g];
    if (passOn === 'view') return [g!.subarray(0)];
    const r = new Float32Array(n);
    r.set(g!);
    return [r];
  });
  // root: b → sum-like node whose gradient to b is made with takeGradient.
  const root = new Tensor(new Float32Array(1), [1]);
  record('root', [b], [root], () => {
    const r = takeGradient('float32', n);
    r.fill(3);
    made.toB = r;
    return [r];
  });
  root.backward();
  return { leaf, made };
}

test('a gradient made with takeGradient goes back to the pool once the node receiving it has run', () => {
  clearRecycled();
  const n = 5000;
  const { leaf, made } = chain(n, 'copy');
  assert.ok(leaf.grad!.data.every((v) => v === 6), 'the leaf got 2·3');
  assert.equal(made.probe, made.toB, "B's incoming gradient was back in the pool as soon as B had run");
  assert.equal(leaf.grad!.data, made.toLeaf, 'the leaf keeps the gradient made for it alone as its first .grad, uncopied');
  assert.notEqual(takeRecycled('float32', n), made.toLeaf, 'and it never goes back to the pool');
  // With a .grad already there, the gradient is added into it and then recycled.
  clearRecycled();
  const again = chain(n, 'copy', true);
  assert.ok(again.leaf.grad!.data.every((v) => v === 7), '1 + 2·3');
  const back = takeRecycled('float32', n);
  assert.equal(back, again.made.toLeaf, "the leaf's gradient came back after it was added into .grad");
  back.fill(-1);
  assert.ok(again.leaf.grad!.data.every((v) => v === 7), '.grad is its own array, untouched when the pool hands that one out');
});

test('a gradient that its consumer passes on is recycled only after its last reader, and never through a view', () => {
  const n = 5000;
  clearRecycled();
  const same = chain(n, 'same');
  assert.ok(same.leaf.grad!.data.every((v) => v === 6), 'same: the leaf got 2·3');
  const back = [takeRecycled('float32', n), takeRecycled('float32', n)];
  assert.ok(back.includes(same.made.toB!), 'same: back once A, its last reader, had run');
  clearRecycled();
  const view = chain(n, 'view');
  assert.ok(view.leaf.grad!.data.every((v) => v === 6), 'view: the leaf got 2·3');
  const after = [takeRecycled('float32', n), takeRecycled('float32', n)];
  assert.ok(!after.includes(view.made.toB!), 'view: B passed a view of it on, so it is never recycled');
  assert.equal(view.leaf.grad!.data, view.made.toLeaf);
});

test('training with recycled gradients gives the losses of fresh ones', () => {
  const run = (fresh: boolean) => {
    clearRecycled();
    manualSeed(3);
    const lstm = new LSTM({ inputSize: 3, hiddenSize: 32 });
    const head = new Linear(32, 5);
    const params = [...lstm.parameters(), ...head.parameters()];
    const x = tensor(Float32Array.from({ length: 40 * 4 * 3 }, (_, i) => Math.sin(i * 0.7)), [40, 4, 3]);
    const targets = Int32Array.from({ length: 32 * 4 }, (_, i) => i % 5);
    const losses: number[] = [];
    for (let s = 0; s < 4; s++) {
      if (fresh) clearRecycled();
      for (const p of params) p.zeroGrad();
      const [out] = lstm.forward(x);
      const logits = head.forward(out.slice(0, 8, 40));
      const loss = crossEntropy(logits.reshape([128, 5]), targets);
      loss.backward();
      losses.push(loss.item());
      for (const p of params) {
        const d = p.data, g = p.grad!.data;
        for (let i = 0; i < d.length; i++) d[i] -= 0.1 * g[i];
      }
    }
    return losses;
  };
  assert.deepEqual(run(false), run(true));
});
