import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setBackend } from './select.js';
import { backend } from './current.js';
import { availableParallelism } from 'node:os';
import { PlatformError, ValueError } from '../errors.js';
import { createWasmBackend, createWasmBackendSync } from './wasm/index.js';
import { maxThreads } from './wasm/options.js';
import { nativeIsas, nativeUnavailableReason } from './native/index.js';

test('setBackend switches between js and wasm and returns the backend in use', async () => {
  const w = await setBackend('auto');
  assert.equal(backend(), w);
  assert.ok(['native', 'wasm', 'js'].includes(w.name), `expected native, wasm or js, got ${w.name}`);
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
    for (const name of ['wasm', 'native', 'auto', 'js'] as const) {
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
  await assert.rejects(setBackend('gpu' as never), (e: unknown) => e instanceof ValueError && /expected 'js', 'wasm', 'native' or 'auto', got "gpu"/.test(e.message));
  await assert.rejects(setBackend('native', { isa: 'sse9' as never }), (e: unknown) => e instanceof ValueError && /isa must be one of 'avx512', 'avx2', 'generic', got "sse9"/.test(e.message));
  await assert.rejects(setBackend('native', null as never), /options must be an object/);
  await assert.rejects(setBackend('native', { recurrentSplit: 'diagonal' as never }), (e: unknown) => e instanceof ValueError && /recurrentSplit must be one of 'auto', 'units', 'rows', got "diagonal"/.test(e.message));
  await assert.rejects(setBackend('native', { relaxedSimd: true } as never), (e: unknown) => e instanceof ValueError && /relaxedSimd is an option of the wasm backend/.test(e.message));
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
    assert.equal((await setBackend('auto', { threads: 1, minSplitWork: 12346 })).name, nativeUnavailableReason() === null ? 'native' : 'js');
  } finally {
    WebAssembly.validate = validate;
    await setBackend('js');
  }
});

test("setBackend('native') gives the C++ kernels where the addon was built, else a PlatformError saying why", async () => {
  const before = backend();
  const why = nativeUnavailableReason();
  try {
    if (why !== null) {
      // A machine without a compiler at install (CI builds once so): the reason, never a fallback.
      assert.match(why, /not built|does not load|needs Node/);
      await assert.rejects(setBackend('native'), (e: unknown) => e instanceof PlatformError && e.message.includes(why));
      assert.equal(backend(), before, 'the backend in use stays');
      assert.notEqual((await setBackend('auto', { threads: 1 })).name, 'native');
      return;
    }
    const isas = nativeIsas();
    assert.ok(isas.length >= 1 && isas[isas.length - 1] === 'generic', `the portable build is always there: ${isas.join(', ')}`);
    for (const isa of isas) {
      const b = await setBackend('native', { isa, threads: 1 });
      assert.equal(b.name, 'native');
      assert.equal((b as unknown as { isa: string }).isa, isa);
      assert.equal(await setBackend('native', { isa, threads: 1 }), b, 'loaded once per options');
    }
    const missing = (['avx512', 'avx2'] as const).find((i) => !isas.includes(i));
    if (missing) await assert.rejects(setBackend('native', { isa: missing }), (e: unknown) => e instanceof PlatformError && /cannot run the/.test(e.message));
    assert.equal((await setBackend('auto', { threads: 1 })).name, 'native', "'auto' prefers native");
  } finally {
    await setBackend('js');
  }
});
