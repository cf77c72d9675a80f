// The one-thread build on unshared memory, which pages that are not cross-origin isolated load
// (memory-kind.ts): it must be chosen there, and compute what the JavaScript reference computes,
// forward and backward, also after its memory has grown (an unshared memory detaches its buffer
// at every grow, so nothing may keep a view on it across calls).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsBackend } from '../js/index.js';
import { useBackend } from '../current.js';
import type { Backend } from '../backend.js';
import { RNN } from '../../nn/rnn.js';
import { LSTM } from '../../nn/lstm.js';
import { GRU } from '../../nn/gru.js';
import { Adam } from '../../optim/adam.js';
import { mseLoss } from '../../losses/mse.js';
import { Generator } from '../../random/generator.js';
import { Tensor } from '../../tensor/tensor.js';

// What a browser shows a page without COOP/COEP. Node runs each test file in its own process,
// and nothing has loaded the kernels yet.
(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated = false;

const TOL = 1e-4;

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: expected length ${expected.length}, got ${actual.length}`);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= TOL * (Math.abs(expected[i]) + scale), `${what}[${i}]: expected ${expected[i]}, got ${actual[i]}`);
  }
}

/** Two Adam steps of a 2-layer model on a fixed batch; returns the outputs, gradients and weights after. */
function run(b: Backend, make: (g: Generator) => RNN | LSTM | GRU, T: number): Float32Array[] {
  useBackend(b);
  const g = new Generator(11);
  const model = make(g);
  const B = 3, I = 2;
  const x = new Tensor(Float32Array.from({ length: T * B * I }, (_, i) => Math.sin(0.7 * i)), [T, B, I]);
  const y = new Tensor(Float32Array.from({ length: T * B * 5 }, (_, i) => Math.cos(0.3 * i)), [T, B, 5]);
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const seen: Float32Array[] = [];
  for (let step = 0; step < 2; step++) {
    opt.zeroGrad();
    const [out] = model.forward(x);
    const loss = mseLoss(out, y);
    loss.backward();
    seen.push(Float32Array.from(out.data), ...model.parameters().map((p) => Float32Array.from(p.grad!.data)));
    opt.step();
  }
  seen.push(...model.parameters().map((p) => Float32Array.from(p.data)));
  return seen;
}

const models: [string, (g: Generator) => RNN | LSTM | GRU][] = [
  ['RNN', (generator) => new RNN({ inputSize: 2, hiddenSize: 5, numLayers: 2, generator })],
  ['LSTM', (generator) => new LSTM({ inputSize: 2, hiddenSize: 5, numLayers: 2, generator })],
  ['GRU', (generator) => new GRU({ inputSize: 2, hiddenSize: 5, numLayers: 2, generator })],
];

test('without cross-origin isolation the wasm backend loads the unshared build, one thread, and matches the js backend', async () => {
  const { kernelMemory } = await import('./memory-kind.js');
  const { createWasmBackend } = await import('./index.js');
  assert.equal(kernelMemory(), 'unshared');
  const wasm = await createWasmBackend();
  assert.equal(wasm.name, 'wasm');
  assert.equal(wasm.threads, 1);
  try {
    for (const [name, make] of models) {
      const expected = run(jsBackend, make, 7);
      run(wasm, make, 7).forEach((a, i) => close(a, expected[i], `${name} array ${i}`));
    }
    // A sequence long enough to grow the memory past its first 1 MiB, between parameter updates.
    const before = wasm.memoryStats().committedBytes;
    const expected = run(jsBackend, models[1][1], 4000);
    run(wasm, models[1][1], 4000).forEach((a, i) => close(a, expected[i], `long LSTM array ${i}`));
    assert.ok(wasm.memoryStats().committedBytes > before, `the memory did not grow (${before} bytes)`);
  } finally {
    useBackend(jsBackend);
  }
});

test('more than one thread without SharedArrayBuffer is a PlatformError saying why', async () => {
  const { createWasmBackend } = await import('./index.js');
  const { PlatformError } = await import('../../errors.js');
  await assert.rejects(createWasmBackend({ threads: 2 }), (e: unknown) => e instanceof PlatformError && /needs SharedArrayBuffer/.test(e.message));
});
