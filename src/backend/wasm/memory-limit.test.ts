// A kernel call too large for the 2 GiB wasm memory is refused before anything is allocated,
// with a ResourceError saying how much was asked and the limit, instead of wrapping in int32
// arithmetic and trapping with "memory access out of bounds". The requests here are computed
// to exceed the limit; nothing of that size is ever allocated.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceError } from '../../errors.js';
import { jsBackend } from '../js/index.js';
import type { RecurrentForwardArgs } from '../backend.js';
import type { WasmBackend } from './index.js';
import { Arena, MAX_MEMORY_BYTES, newKernelMemory } from './module.js';

let be: WasmBackend | null = null;
before(async () => {
  try {
    be = await (await import('./index.js')).createWasmBackend({ threads: 1 });
  } catch {
    be = null; // the tests below skip
  }
});

/** Stands in for a Float32Array of `n` floats: the size check reads only its length and buffer. */
const sized = (n: number) => Object.create(Float32Array.prototype, { length: { value: n }, buffer: { value: new ArrayBuffer(0) } }) as Float32Array;

/** LSTM forward arguments for x [T, B, I], hidden size H, with every array made by `arr`. */
function lstmArgs(T: number, B: number, I: number, H: number, arr: (n: number) => Float32Array, saved: boolean): RecurrentForwardArgs {
  const G = 4 * H;
  return {
    kind: 'lstm', T, B, I, H, lengths: null, reverse: false,
    x: arr(T * B * I), wIh: arr(G * I), wHh: arr(G * H), bIh: arr(G), bHh: arr(G), h0: arr(B * H), c0: arr(B * H),
    out: arr(T * B * H), hN: arr(B * H), cN: arr(B * H),
    saved: saved ? { gates: arr(T * B * G), hPrev: arr(T * B * H), aux: arr(T * B * H), cNew: arr(T * B * H) } : null,
  };
}

test('the arena refuses a request past the memory instead of wrapping, and stays usable', () => {
  const arena = new Arena(newKernelMemory(), 1024);
  const p = arena.alloc(1000);
  const q = arena.alloc(16);
  assert.ok(q > p);
  // (top + count·4 + 63) & ~63 would wrap to a negative address here and hand out memory in use.
  assert.throws(() => arena.alloc((MAX_MEMORY_BYTES - 2048) / 4), (e: unknown) => {
    assert.ok(e instanceof ResourceError, String(e));
    assert.equal(e.limit, MAX_MEMORY_BYTES);
    assert.ok(e.requested > MAX_MEMORY_BYTES);
    assert.match(e.message, /needs 2\.0 GiB \(\d+ bytes\), more than the limit of 2\.0 GiB \(2147483648 bytes\)/);
    return true;
  });
  assert.throws(() => arena.alloc(2 ** 40), ResourceError);
  assert.ok(arena.stats().committedBytes < 64 << 20, 'the memory did not grow');
  assert.equal(arena.alloc(16), q + 64, 'a refused request leaves the arena as it was');
});

test("an LSTM over [8, 100000, 1] with H = 128 is refused with the bytes asked and the limit, before any copy", (t) => {
  if (!be) return t.skip('wasm backend unavailable');
  const b = be;
  const committed = b.memoryStats().committedBytes;
  const t0 = performance.now();
  assert.throws(() => b.recurrentForward(lstmArgs(100_000, 8, 1, 128, sized, true)), (e: unknown) => {
    assert.ok(e instanceof ResourceError, String(e));
    assert.match(e.message, /^wasm backend: LSTM forward over T=100000, B=8, I=1, H=128 \(wasm memory: arguments and scratch on top of [\d.]+ MiB of parameters and optimizer state\): needs [\d.]+ GiB/);
    assert.match(e.message, /more than the limit of 2\.0 GiB.*shorten the sequences.*setBackend\('js'\)/);
    // out, hPrev, aux, cNew: 4 × T·B·H floats; gates and the projection scratch: 2 × T·B·4H.
    assert.ok(e.requested > (4 * 100_000 * 8 * 128 + 2 * 100_000 * 8 * 512) * 4, `requested ${e.requested}`);
    assert.equal(e.limit, MAX_MEMORY_BYTES);
    return true;
  });
  // Its scratch alone, counted in int32 inside the kernels, would wrap at T = 10⁶.
  assert.throws(() => b.recurrentForward(lstmArgs(1_000_000, 8, 1, 128, sized, false)), ResourceError);
  const bw = { ...lstmArgs(1_000_000, 8, 1, 128, sized, true), dOut: sized(8e6 * 128), dhN: null, dcN: null, dx: null,
    dWIh: sized(512), dWHh: sized(512 * 128), dBIh: null, dBHh: null, dh0: sized(8 * 128), dc0: null };
  assert.throws(() => b.recurrentBackward({ ...bw, saved: bw.saved! }), (e: unknown) => e instanceof ResourceError && /LSTM backward over T=1000000/.test(e.message));
  assert.ok(performance.now() - t0 < 500, 'refused at once');
  assert.equal(b.memoryStats().committedBytes, committed, 'nothing was allocated');
  // The backend still runs calls that fit, and gets them right.
  const small = (js: boolean) => {
    let seed = 1;
    const args = lstmArgs(5, 2, 3, 8, (n) => Float32Array.from({ length: n }, () => ((seed = (seed * 48271) % 2147483647) / 2147483647 - 0.5)), false);
    (js ? jsBackend : b).recurrentForward(args);
    return Array.from(args.out);
  };
  const [w, j] = [small(false), small(true)];
  w.forEach((v, i) => assert.ok(Math.abs(v - j[i]) < 1e-5, `out[${i}]: ${v} vs ${j[i]}`));
});

test('a GEMM whose packed operand would not fit is refused the same way', (t) => {
  if (!be) return t.skip('wasm backend unavailable');
  const k = 2 ** 28;
  const a = new Float32Array(4), bb = new Float32Array(4), c = new Float32Array(64);
  assert.throws(() => be!.gemm({ transA: false, transB: false, m: 1, n: 64, k, alpha: 1, a, lda: k, aOffset: 0, b: bb, ldb: 64, bOffset: 0, beta: 0, c, ldc: 64, cOffset: 0 }),
    (e: unknown) => e instanceof ResourceError && /gemm of \[1, 268435456\]·\[268435456, 64\]/.test(e.message) && e.requested > 2 ** 36);
});
