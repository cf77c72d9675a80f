// Arrays from the wasm backend's `alloc` live in its memory and kernels use them in place: the
// results must equal those on ordinary arrays, also after the memory has grown.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WasmBackend } from './index.js';

let be: WasmBackend | null = null;
before(async () => {
  try {
    const m = await import('./index.js');
    be = await m.createWasmBackend({ threads: 1 });
  } catch (e) {
    console.warn(`resident: wasm backend unavailable: ${(e as Error).message}`);
  }
});

function filled(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.5);
}

/** A copy of `src` in the backend's memory. */
function resident(b: WasmBackend, src: Float32Array): Float32Array {
  const a = b.alloc('float32', src.length) as Float32Array;
  a.set(src);
  return a;
}

describe('wasm resident storage', () => {
  test('alloc gives zeroed float32 arrays on the wasm memory, float64 as usual', (t) => {
    if (!be) return t.skip('wasm backend unavailable');
    const a = be.alloc('float32', 100);
    assert.ok(a instanceof Float32Array && a.buffer instanceof SharedArrayBuffer, 'expected a Float32Array on a SharedArrayBuffer');
    assert.ok(a.every((v) => v === 0));
    assert.ok(be.alloc('float64', 3) instanceof Float64Array);
  });

  test('gemm and adam in place equal the copying path, before and after the memory grows', (t) => {
    if (!be) return t.skip('wasm backend unavailable');
    const b = be;
    const m = 9, n = 13, k = 21;
    const A = filled(m * k, 1), B = filled(k * n, 2), C = filled(m * n, 3);
    const plain = C.slice();
    b.gemm({ transA: false, transB: true, m, n, k, alpha: 1, a: A, aOffset: 0, lda: k, b: B, bOffset: 0, ldb: k, beta: 0.5, c: plain, cOffset: 0, ldc: n });
    const rA = resident(b, A), rB = resident(b, B), rC = resident(b, C);
    // Grow the memory past everything so far: earlier arrays must stay valid and recognised.
    const big = b.alloc('float32', 16 << 20);
    big[big.length - 1] = 1;
    const rC2 = resident(b, C);
    for (const c of [rC, rC2]) {
      b.gemm({ transA: false, transB: true, m, n, k, alpha: 1, a: rA, aOffset: 0, lda: k, b: rB, bOffset: 0, ldb: k, beta: 0.5, c, cOffset: 0, ldc: n });
      assert.deepEqual(Array.from(c), Array.from(plain));
    }
    const p = filled(37, 4), g = filled(37, 5), mo = filled(37, 6), v = filled(37, 7).map(Math.abs);
    const rp = resident(b, p), rg = resident(b, g), rm = resident(b, mo), rv = resident(b, v);
    const o = { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, decoupled: false, step: 3 };
    b.adamUpdate(p, g, mo, v, null, o);
    b.adamUpdate(rp, rg, rm, rv, null, o);
    assert.deepEqual([rp, rm, rv].map((x) => Array.from(x)), [p, mo, v].map((x) => Array.from(x)));
  });

  test('recurrent forward and backward with resident weights and outputs equal the copying path', (t) => {
    if (!be) return t.skip('wasm backend unavailable');
    const b = be;
    const T = 4, B = 3, I = 5, H = 8, GH = 4 * H;
    const x = filled(T * B * I, 8), wIh = filled(GH * I, 9), wHh = filled(GH * H, 10), bias = filled(GH, 11), h0 = filled(B * H, 12);
    const run = (w: (a: Float32Array) => Float32Array, out: (n: number) => Float32Array) => {
      const saved = { gates: out(T * B * GH), hPrev: out(T * B * H), aux: out(T * B * H), cNew: out(T * B * H) };
      const o = out(T * B * H), hN = out(B * H), cN = out(B * H);
      const shape = { kind: 'lstm' as const, T, B, I, H, lengths: null, reverse: false };
      b.recurrentForward({ ...shape, x, wIh: w(wIh), wHh: w(wHh), bIh: w(bias), bHh: null, h0, c0: null, out: o, hN, cN, saved });
      const dWIh = out(GH * I), dWHh = out(GH * H), dh0 = out(B * H);
      b.recurrentBackward({ ...shape, x, wIh: w(wIh), wHh: w(wHh), saved, dOut: o, dhN: null, dcN: null, dx: null, dWIh, dWHh, dBIh: null, dBHh: null, dh0, dc0: null });
      return [o, hN, cN, dWIh, dWHh, dh0].map((a) => Array.from(a));
    };
    const expected = run((a) => a, (n) => new Float32Array(n));
    assert.deepEqual(run((a) => resident(b, a), (n) => b.alloc('float32', n) as Float32Array), expected);
  });

  test('two threads: a worker starts next to the module, and close() stops it', async (t) => {
    if (!be) return t.skip('wasm backend unavailable');
    const { createWasmBackend } = await import('./index.js');
    const b2 = await createWasmBackend({ threads: 2 });
    assert.equal(b2.threads, 2);
    await b2.close();
    assert.equal(b2.threads, 1);
  });
});
