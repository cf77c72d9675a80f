import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setBackend } from './select.js';
import { backend } from './current.js';
import { availableParallelism } from 'node:os';
import { PlatformError, ValueError } from '../errors.js';
import { createWasmBackend, createWasmBackendSync } from './wasm/index.js';
import { maxThreads } from './wasm/options.js';

test('setBackend switches between js and wasm and returns the backend in use', async () => {
  const w = await setBackend('auto');
  assert.equal(backend(), w);
  assert.ok(w.name === 'wasm' || w.name === 'js', `expected wasm or js, got ${w.name}`);
  const j = await setBackend('js');
  assert.equal(j.name, 'js');
  assert.equal(backend(), j);
  assert.equal(await setBackend('auto'), w, 'the wasm backend is loaded once and reused');
  await setBackend('js');
});


test('bad backend options are a ValueError at once, for every name, never a silent fallback', async () => {
  const before = backend();
  const cap = 4 * Math.max(1, availableParallelism());
  for (const threads of [0, -1, 1.5, NaN, Infinity, 1e6, cap + 1, '2']) {
    for (const name of ['wasm', 'auto', 'js'] as const) {
      const t0 = performance.now();
      await assert.rejects(setBackend(name, { threads: threads as number }), (e: unknown) => {
        assert.ok(e instanceof ValueError, `${name} ${String(threads)}: expected ValueError, got ${String(e)}`);
        assert.match(e.message, new RegExp(`threads must be an integer in 1 … ${cap}`));
        return true;
      });
      assert.ok(performance.now() - t0 < 100, 'refused before loading anything');
      assert.equal(backend(), before, 'the backend in use is unchanged');
    }
  }
  for (const minSplitWork of [-1, NaN]) await assert.rejects(setBackend('wasm', { minSplitWork }), /minSplitWork must be a number ≥ 0/);
  await assert.rejects(setBackend('gpu' as never), (e: unknown) => e instanceof ValueError && /expected 'js', 'wasm' or 'auto', got "gpu"/.test(e.message));
  await assert.rejects(setBackend('wasm', null as never), /options must be an object/);
  await assert.rejects(createWasmBackend({ threads: 0 }), ValueError);
  assert.throws(() => createWasmBackendSync({ threads: 2.5 }), ValueError);
  assert.equal(maxThreads(), cap);
});

test("setBackend('wasm') where WebAssembly SIMD cannot run is a PlatformError saying why; 'auto' uses js", async () => {
  const validate = WebAssembly.validate;
  const before = backend();
  WebAssembly.validate = () => false;
  try {
    await assert.rejects(setBackend('wasm', { threads: 1, minSplitWork: 12345 }), (e: unknown) => e instanceof PlatformError && /does not support WebAssembly SIMD/.test(e.message));
    assert.equal(backend(), before, 'the backend in use stays');
    assert.equal((await setBackend('auto', { threads: 1, minSplitWork: 12346 })).name, 'js');
  } finally {
    WebAssembly.validate = validate;
    await setBackend('js');
  }
});
