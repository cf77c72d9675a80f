import test from 'node:test';
import assert from 'node:assert/strict';
import { batchifyStream, chunkCount, streamChunk } from './streams.js';
import { LanguageNet } from './network.js';
import { crossEntropy } from '../../losses/cross-entropy.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { Generator } from '../../random/generator.js';

test('batchifyStream cuts B contiguous streams and drops the remainder', () => {
  const s = batchifyStream(Int32Array.from([0, 1, 2, 3, 4, 5, 6]), 2);
  assert.equal(s.length, 3);
  assert.deepEqual(Array.from(s.data), [0, 1, 2, 3, 4, 5]);
  assert.throws(() => batchifyStream(Int32Array.from([1, 2, 3]), 2), /at least 2 are needed/);
  assert.throws(() => batchifyStream(Int32Array.from([1, 2, 3]), 0), /batch must be a positive integer/);
});

test('streamChunk: time-major inputs, targets one ahead, a shorter last chunk', () => {
  // stream 0: 0..9, stream 1: 10..19
  const s = batchifyStream(Int32Array.from({ length: 20 }, (_, i) => i), 2);
  assert.equal(chunkCount(s, 4), 3); // 9 input positions per stream: 4 + 4 + 1
  const c0 = streamChunk(s, 0, 4);
  assert.deepEqual(Array.from(c0.x), [0, 10, 1, 11, 2, 12, 3, 13]);
  assert.deepEqual(Array.from(c0.y), [1, 11, 2, 12, 3, 13, 4, 14]);
  const c2 = streamChunk(s, 2, 4);
  assert.equal(c2.steps, 1);
  assert.deepEqual(Array.from(c2.x), [8, 18]);
  assert.deepEqual(Array.from(c2.y), [9, 19]);
  assert.throws(() => streamChunk(s, 3, 4), /index must be an integer in 0 … 2/);
});

test('two chunks with the state carried give the loss of one forward over both (float64)', () => {
  const V = 7, B = 3, T = 5;
  const g = new Generator(3);
  const ids = Int32Array.from({ length: B * (2 * T + 1) + 2 }, () => g.int(V));
  const streams = batchifyStream(ids, B);
  for (const cell of ['lstm', 'gru', 'rnn'] as const) {
    const net = new LanguageNet({ cell, vocabSize: V, embeddingSize: 4, hiddenSize: 6, numLayers: 2, dropout: 0, dtype: 'float64', generator: new Generator(1) });
    const sumLoss = (steps: number, index: number, state: ReturnType<LanguageNet['initState']> | null) => {
      const c = streamChunk(streams, index, steps);
      const r = net.forward(c.x, c.steps, c.batch, state);
      return { loss: crossEntropy(r.logits.reshape([c.steps * B, V]), c.y, { reduction: 'sum' }).data[0], state: { h: r.state.h.detach(), c: r.state.c?.detach() ?? null } };
    };
    noGrad(() => {
      const a = sumLoss(T, 0, null);
      const b = sumLoss(T, 1, a.state);
      const whole = sumLoss(2 * T, 0, null);
      assert.ok(Math.abs(a.loss + b.loss - whole.loss) < 1e-10, `${cell}: ${a.loss} + ${b.loss} vs ${whole.loss}`);
      const fresh = sumLoss(T, 1, null); // without the carried state the second chunk differs
      assert.ok(Math.abs(fresh.loss - b.loss) > 1e-6, `${cell}: the carried state changed nothing`);
    });
  }
});
