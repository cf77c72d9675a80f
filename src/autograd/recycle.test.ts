import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearRecycled, recycle, takeRecycled } from './recycle.js';
import { LSTM } from '../nn/index.js';
import { tensor } from '../tensor/create.js';
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
