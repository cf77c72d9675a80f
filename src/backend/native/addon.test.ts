// The addon's own kernels (native/src: gemm, optimizers, embeddings, softmax cross-entropy) and
// its argument checks, called directly for every build this processor runs: GEMM against a
// float64 product on odd shapes with every transpose, α ≠ 1, β ∈ {0, 1}, offsets and padded
// leading dimensions (and nothing outside C written); two threads give the bits of one; the
// one-pass kernels against the JavaScript backend; every wrong argument throws. Skips, saying
// why, when the addon is not built.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jsBackend } from '../js/index.js';
import { adamUpdate, sgdUpdate } from '../js/optim.js';
import type { NativeAddon, NativeHandle } from './addon-types.js';
import { assertClose as close, rand as randIn, rng } from '../test-helpers/close.js';

const ADDON = fileURLToPath(new URL('../../../native/build/Release/recurrent_native.node', import.meta.url));
const addon: NativeAddon | null = existsSync(ADDON) ? (createRequire(import.meta.url)(ADDON) as NativeAddon) : null;
const skip = addon ? false : `the native addon is not built (${ADDON} is missing)`;
const TOL = 1e-5;
const rand = (n: number, r: (lo?: number, hi?: number) => number) => randIn(n, r);
const assertClose = (actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, tol = TOL, atol = 0) => close(actual, expected, tol, what, atol);

function assertBits(actual: Float32Array, expected: Float32Array, what: string): void {
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < e.length; i++) {
    if (a[i] !== e[i]) assert.fail(`${what}: element ${i} differs between one and two threads (${expected[i]} vs ${actual[i]})`);
  }
}

/** One GEMM case: C = α·op(A)·op(B) + β·C on sub-arrays at offsets, with padded leading dimensions. */
interface Case {
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  beta: number;
  a: Float32Array;
  aOffset: number;
  lda: number;
  b: Float32Array;
  bOffset: number;
  ldb: number;
  c0: Float32Array;
  cOffset: number;
  ldc: number;
}

function makeCase(transA: boolean, transB: boolean, m: number, n: number, k: number, index: number): Case {
  const r = rng(1000 + index);
  const padded = index % 3 !== 0;
  const [aRows, aCols] = transA ? [k, m] : [m, k];
  const [bRows, bCols] = transB ? [n, k] : [k, n];
  const lda = aCols + (padded ? 3 : 0), ldb = bCols + (padded ? 5 : 0), ldc = n + (padded ? 2 : 0);
  const aOffset = padded ? 7 : 0, bOffset = padded ? 3 : 0, cOffset = padded ? 5 : 0;
  return {
    transA, transB, m, n, k, alpha: 1.5, beta: index % 2,
    a: rand(aOffset + aRows * lda + 4, r), aOffset, lda,
    b: rand(bOffset + bRows * ldb + 4, r), bOffset, ldb,
    c0: rand(cOffset + m * ldc + 4, r), cOffset, ldc,
  };
}

/** The float64 product of a case, in the layout of its C array (elements outside C as given). */
function reference(g: Case): Float64Array {
  const out = Float64Array.from(g.c0);
  const A = (i: number, p: number) => g.a[g.aOffset + (g.transA ? p * g.lda + i : i * g.lda + p)];
  const B = (p: number, j: number) => g.b[g.bOffset + (g.transB ? j * g.ldb + p : p * g.ldb + j)];
  for (let i = 0; i < g.m; i++) {
    for (let j = 0; j < g.n; j++) {
      let s = 0;
      for (let p = 0; p < g.k; p++) s += A(i, p) * B(p, j);
      const at = g.cOffset + i * g.ldc + j;
      out[at] = g.alpha * s + (g.beta === 0 ? 0 : g.beta * g.c0[at]);
    }
  }
  return out;
}

function runGemm(a: NativeAddon, h: NativeHandle, nt: number, g: Case): Float32Array {
  const c = Float32Array.from(g.c0);
  a.gemm(h, nt, g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.aOffset, g.lda, g.b, g.bOffset, g.ldb, g.beta, c, g.cOffset, g.ldc);
  return c;
}

/** Odd shapes: every combination of the small sizes, each large size in each place, a few with two large, and k = 0. */
function shapes(): [number, number, number][] {
  const small = [1, 3, 17, 33], big = [255, 600];
  const out: [number, number, number][] = [];
  for (const m of small) for (const n of small) for (const k of small) out.push([m, n, k]);
  for (const x of big) {
    for (const u of small) {
      for (const v of small) out.push([x, u, v], [u, x, v], [u, v, x]);
    }
  }
  out.push([600, 255, 17], [17, 600, 255], [255, 17, 600], [600, 600, 3], [3, 600, 600], [600, 3, 600]);
  // k = 0: C = β·C (zero with β = 0) on every path.
  out.push([3, 40, 0], [40, 3, 0], [255, 600, 0]);
  return out;
}

describe('native addon', { skip }, () => {
  const a = addon!;
  const isas = a.isas();
  const handles = new Map(isas.map((isa) => [isa, a.open(isa, 2)] as const));

  test('reports the builds this processor runs, ending with the portable one', () => {
    assert.ok(isas.length >= 1, 'expected at least one instruction set');
    assert.equal(isas[isas.length - 1], 'generic');
    for (const isa of isas) {
      const info = a.info(handles.get(isa)!);
      assert.equal(info.isa, isa);
      assert.equal(info.threads, 2);
      assert.ok(info.splitUnits >= 4, `splitUnits ${info.splitUnits}`);
    }
  });

  test('gemm equals a float64 product on odd shapes, every transpose, offsets and padded rows', () => {
    let index = 0;
    for (const [m, n, k] of shapes()) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const g = makeCase(transA, transB, m, n, k, index++);
          const expected = reference(g);
          for (const isa of isas) {
            const what = `${isa} gemm transA=${transA} transB=${transB} [${m}, ${k}]·[${k}, ${n}] β=${g.beta}`;
            const c = runGemm(a, handles.get(isa)!, 1, g);
            assertClose(c, expected, what);
            // Nothing outside C changed.
            for (let i = 0; i < c.length; i++) {
              const inside = i >= g.cOffset && (i - g.cOffset) % g.ldc < n && i < g.cOffset + m * g.ldc;
              if (!inside && c[i] !== g.c0[i]) assert.fail(`${what}: element ${i} outside C was written`);
            }
          }
        }
      }
    }
  });

  test('gemm on two threads gives the bits of one thread, wide and tall', () => {
    const cases: [boolean, boolean, number, number, number][] = [
      [false, false, 32, 515, 300], [false, true, 32, 515, 300], [true, false, 601, 70, 333], [false, false, 600, 65, 257],
      [false, true, 3, 203, 77], [true, true, 259, 260, 130],
    ];
    cases.forEach(([transA, transB, m, n, k], i) => {
      const g = makeCase(transA, transB, m, n, k, i + 1);
      for (const isa of isas) {
        const h = handles.get(isa)!;
        assert.ok(a.gemmShares(transA, transB, m, n, k) >= 2, 'the case must split');
        assertBits(runGemm(a, h, 2, g), runGemm(a, h, 1, g), `${isa} gemm [${m}, ${k}]·[${k}, ${n}]`);
      }
    });
  });

  test('adamUpdateMany equals adamUpdate per parameter, and two threads the bits of one', () => {
    const sizes = [1, 3, 1000, 1025, 2500, 7];
    for (const isa of isas) {
      const h = handles.get(isa)!;
      for (const [decoupled, weightDecay, amsgrad] of [[false, 0, false], [false, 0.01, true], [true, 0.1, false]] as const) {
        const r = rng(7);
        const lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        const make = () => sizes.map((n, j) => ({
          p: rand(n, r), g: rand(n, r), m: rand(n, r), v: rand(n, r).map(Math.abs), vMax: amsgrad ? rand(n, r).map(Math.abs) : null, step: j + 1,
        }));
        const params = make();
        const clone = () => params.map((q) => ({ ...q, p: q.p.slice(), m: q.m.slice(), v: q.v.slice(), vMax: q.vMax ? q.vMax.slice() : null }));
        const ref = clone(), one = clone(), two = clone();
        for (const q of ref) adamUpdate(q.p, q.g, q.m, q.v, q.vMax, { lr, beta1, beta2, eps, weightDecay, decoupled, step: q.step });
        for (const [set, nt] of [[one, 1], [two, 2]] as const) {
          const flat = set.flatMap((q) => [q.p, q.g, q.m, q.v, q.vMax, lr / (1 - beta1 ** q.step), Math.sqrt(1 - beta2 ** q.step)]);
          a.adamUpdateMany(h, nt, flat, lr, beta1, beta2, eps, weightDecay, decoupled);
        }
        ref.forEach((q, j) => {
          const what = `${isa} adam decoupled=${decoupled} wd=${weightDecay} amsgrad=${amsgrad} parameter ${j}`;
          assertClose(one[j].p, q.p, `${what} p`);
          assertClose(one[j].m, q.m, `${what} m`);
          assertClose(one[j].v, q.v, `${what} v`);
          if (q.vMax) assertClose(one[j].vMax!, q.vMax, `${what} vMax`);
          assertBits(two[j].p, one[j].p, `${what} p`);
          assertBits(two[j].v, one[j].v, `${what} v`);
        });
      }
    }
  });

  test('sgdUpdateMany equals sgdUpdate per parameter, and two threads the bits of one', () => {
    const sizes = [5, 1024, 1500, 1];
    for (const isa of isas) {
      const h = handles.get(isa)!;
      for (const [momentum, dampening, nesterov, weightDecay] of [[0, 0, false, 0], [0.9, 0.1, false, 0.01], [0.9, 0, true, 0]] as const) {
        const r = rng(11);
        const lr = 0.05;
        const params = sizes.map((n, j) => ({ p: rand(n, r), g: rand(n, r), buf: j === 3 ? null : rand(n, r), firstStep: j === 1 }));
        const clone = () => params.map((q) => ({ ...q, p: q.p.slice(), buf: q.buf ? q.buf.slice() : null }));
        const ref = clone(), one = clone(), two = clone();
        for (const q of ref) sgdUpdate(q.p, q.g, q.buf, { lr, momentum, dampening, nesterov, weightDecay, firstStep: q.firstStep });
        for (const [set, nt] of [[one, 1], [two, 2]] as const) {
          a.sgdUpdateMany(h, nt, set.flatMap((q) => [q.p, q.g, q.buf, q.firstStep ? 1 : 0]), lr, momentum, dampening, nesterov, weightDecay);
        }
        ref.forEach((q, j) => {
          const what = `${isa} sgd momentum=${momentum} nesterov=${nesterov} parameter ${j}`;
          assertClose(one[j].p, q.p, `${what} p`);
          if (q.buf) assertClose(one[j].buf!, q.buf, `${what} buf`);
          assertBits(two[j].p, one[j].p, `${what} p`);
        });
      }
    }
  });

  test('firstNonFinite finds the first NaN or ±∞ wherever it lies, as the JavaScript backend', () => {
    const n = 5000;
    const negNaN = new Float32Array(new Uint32Array([0xffc00001]).buffer)[0];
    const bad = [NaN, Infinity, -Infinity, negNaN];
    for (const isa of isas) {
      const h = handles.get(isa)!;
      const clean = rand(n, rng(5));
      clean[17] = 3.4028234663852886e38; // the largest float is finite
      clean[18] = -1.401298464324817e-45; // and so is the smallest denormal
      assert.equal(a.firstNonFinite(h, clean), -1, `${isa}: finite array`);
      assert.equal(a.firstNonFinite(h, new Float32Array(0)), -1, `${isa}: empty array`);
      // Block edges (1024 floats), the first and the last element, two bad values in one block.
      for (const at of [0, 1, 1023, 1024, 1025, 2047, 4095, 4096, n - 1]) {
        for (const v of bad) {
          const x = clean.slice();
          x[at] = v;
          if (at + 5 < n) x[at + 5] = NaN;
          assert.equal(a.firstNonFinite(h, x), at, `${isa}: ${v} at ${at}`);
          assert.equal(a.firstNonFinite(h, x), jsBackend.firstNonFinite(x), `${isa}: ${v} at ${at} against js`);
        }
      }
      assert.equal(a.firstNonFinite(h, clean.subarray(1020, 1030).map((v, i) => (i === 9 ? NaN : v))), 9, `${isa}: short array`);
    }
  });

  test('gatherRows and scatterAddRows equal the JavaScript backend', () => {
    const r = rng(3);
    const dim = 19, rows = 11;
    const table = rand(rows * dim, r);
    const ids = Int32Array.from([0, 10, 3, 3, 7, 10, 0]);
    for (const isa of isas) {
      const h = handles.get(isa)!;
      const out = new Float32Array(ids.length * dim), expected = new Float32Array(ids.length * dim);
      a.gatherRows(h, table, dim, ids, out);
      jsBackend.gatherRows(table, dim, ids, expected);
      assertBits(out, expected, `${isa} gatherRows`);
      const g = rand(ids.length * dim, r);
      const gTable = rand(rows * dim, r), gExpected = gTable.slice();
      a.scatterAddRows(h, g, dim, ids, gTable, 3);
      jsBackend.scatterAddRows(g, dim, ids, gExpected, 3);
      assertClose(gTable, gExpected, `${isa} scatterAddRows`);
    }
  });

  test('softmaxCrossEntropy equals the JavaScript backend, with weights, smoothing and ignored rows', () => {
    const r = rng(5);
    for (const C of [1, 3, 65, 1000]) {
      const N = 9;
      const x = rand(N * C, r).map((v) => 4 * v);
      const targets = Int32Array.from({ length: N }, (_, n) => (n === 2 ? -100 : (n * 7) % C));
      // Row 5 has weight 0: its target is out of range and must never be used.
      if (C > 1) targets[5] = C + 3;
      const rowWeight = Float32Array.from({ length: N }, (_, n) => (n === 5 && C > 1 ? 0 : 0.5 + n / N));
      const classWeight = Float32Array.from({ length: C }, (_, c) => 0.25 + (c % 5) / 4);
      for (const [rw, cw, eps] of [[null, null, 0], [rowWeight, classWeight, 0.1], [rowWeight, null, 0.2]] as const) {
        if (!rw && C > 1) targets[5] = 1;
        else if (C > 1) targets[5] = C + 3;
        const loss = new Float32Array(N), grad = new Float32Array(N * C);
        const eLoss = new Float32Array(N), eGrad = new Float32Array(N * C);
        const args = { x, N, C, targets, ignoreIndex: -100, rowWeight: rw, classWeight: cw, labelSmoothing: eps };
        jsBackend.softmaxCrossEntropy({ ...args, loss: eLoss, grad: eGrad });
        for (const isa of isas) {
          a.softmaxCrossEntropy(handles.get(isa)!, x, N, C, targets, -100, rw, cw, eps, loss, grad);
          assertClose(loss, eLoss, `${isa} softmaxCrossEntropy loss C=${C} ε=${eps}`);
          // atol: with one class the gradient is rounding noise around 0.
          assertClose(grad, eGrad, `${isa} softmaxCrossEntropy grad C=${C} ε=${eps}`, TOL, 1e-7);
          loss.fill(7);
          a.softmaxCrossEntropy(handles.get(isa)!, x, N, C, targets, -100, rw, cw, eps, loss, null);
          assertClose(loss, eLoss, `${isa} softmaxCrossEntropy loss without grad C=${C}`);
        }
      }
    }
  });

  test('memoryStats tracks the scratch, resetPeak restarts the high-water mark', () => {
    const h = a.open('generic', 1);
    assert.deepEqual(a.memoryStats(h), { scratchBytes: 0, peakScratchBytes: 0 });
    runGemm(a, h, 1, makeCase(false, false, 40, 50, 60, 0));
    const s = a.memoryStats(h);
    assert.ok(s.scratchBytes >= 50 * 60 * 4, `scratch ${s.scratchBytes} must hold packed B`);
    assert.equal(s.peakScratchBytes, s.scratchBytes);
    a.resetPeak(h);
    assert.deepEqual(a.memoryStats(h), { scratchBytes: s.scratchBytes, peakScratchBytes: 0 });
    a.close(h);
  });

  test('every wrong argument throws, naming it', () => {
    const h = handles.get('generic')!;
    const f = new Float32Array(12), d = new Float64Array(12);
    const gemm = (o: Partial<Record<'a' | 'b' | 'c', Float32Array | Float64Array>> & { lda?: number; aOffset?: number; cOffset?: number; nt?: number; m?: number }) =>
      () => a.gemm(h, o.nt ?? 1, false, false, o.m ?? 3, 4, 3, 1, (o.a ?? f) as Float32Array, o.aOffset ?? 0, o.lda ?? 3, (o.b ?? f) as Float32Array, 0, 4,
        0, (o.c ?? f) as Float32Array, o.cOffset ?? 0, 4);
    gemm({})();
    assert.throws(gemm({ a: new Float32Array(8) }), (e: Error) => e instanceof RangeError && /^a:/.test(e.message));
    assert.throws(gemm({ aOffset: 4 }), (e: Error) => e instanceof RangeError && /^a:/.test(e.message));
    assert.throws(gemm({ lda: 5 }), (e: Error) => e instanceof RangeError && /^a:/.test(e.message));
    assert.throws(gemm({ lda: 2 }), (e: Error) => e instanceof RangeError && /^lda:/.test(e.message));
    assert.throws(gemm({ b: new Float32Array(11) }), (e: Error) => e instanceof RangeError && /^b:/.test(e.message));
    assert.throws(gemm({ cOffset: 1 }), (e: Error) => e instanceof RangeError && /^c:/.test(e.message));
    assert.throws(gemm({ a: d }), (e: Error) => e instanceof TypeError && /^a: expected a Float32Array/.test(e.message));
    assert.throws(gemm({ c: d }), (e: Error) => e instanceof TypeError && /^c:/.test(e.message));
    assert.throws(gemm({ nt: 3 }), (e: Error) => e instanceof RangeError && /^nt:/.test(e.message));
    assert.throws(gemm({ nt: 0 }), (e: Error) => e instanceof RangeError && /^nt:/.test(e.message));
    assert.throws(gemm({ m: -1 }), (e: Error) => e instanceof RangeError && /^m:/.test(e.message));
    assert.throws(gemm({ m: 1.5 }), (e: Error) => e instanceof RangeError && /^m:/.test(e.message));
    assert.throws(() => a.gemm({} as NativeHandle, 1, false, false, 1, 1, 1, 1, f, 0, 1, f, 0, 1, 0, f, 0, 1), TypeError);
    assert.throws(() => a.open('sse9', 1), (e: Error) => e instanceof RangeError && /^isa:/.test(e.message));
    assert.throws(() => a.open('generic', 0), (e: Error) => e instanceof RangeError && /^threads:/.test(e.message));

    assert.throws(() => a.firstNonFinite(h, d as unknown as Float32Array), (e: Error) => e instanceof TypeError && /^x: expected a Float32Array/.test(e.message));

    const table = new Float32Array(4 * 3), out = new Float32Array(2 * 3);
    assert.throws(() => a.gatherRows(h, table, 3, Int32Array.from([0, 4]), out), (e: Error) => e instanceof RangeError && /^ids:/.test(e.message));
    assert.throws(() => a.gatherRows(h, table, 3, Int32Array.from([0, -1]), out), RangeError);
    assert.throws(() => a.gatherRows(h, table, 3, Int32Array.from([0, 1, 2]), out), (e: Error) => e instanceof RangeError && /^out:/.test(e.message));
    assert.throws(() => a.gatherRows(h, table, 3, Float32Array.from([0, 1]) as unknown as Int32Array, out), (e: Error) => e instanceof TypeError && /^ids:/.test(e.message));
    a.scatterAddRows(h, out, 3, Int32Array.from([9, 1]), table, 9);
    assert.throws(() => a.scatterAddRows(h, out, 3, Int32Array.from([9, 1]), table, 8), (e: Error) => e instanceof RangeError && /^ids:/.test(e.message));
    assert.throws(() => a.scatterAddRows(h, new Float32Array(5), 3, Int32Array.from([0, 1]), table, -1), (e: Error) => e instanceof RangeError && /^g:/.test(e.message));

    const x = new Float32Array(2 * 3), loss = new Float32Array(2);
    assert.throws(() => a.softmaxCrossEntropy(h, x, 2, 3, Int32Array.from([0, 3]), -100, null, null, 0, loss, null),
      (e: Error) => e instanceof RangeError && /^targets:/.test(e.message));
    assert.throws(() => a.softmaxCrossEntropy(h, x, 2, 3, Int32Array.from([0]), -100, null, null, 0, loss, null), (e: Error) => e instanceof RangeError && /^targets:/.test(e.message));
    assert.throws(() => a.softmaxCrossEntropy(h, x, 2, 3, Int32Array.from([0, 1]), -100, null, null, 0, loss, new Float32Array(5)),
      (e: Error) => e instanceof RangeError && /^grad:/.test(e.message));
    assert.throws(() => a.softmaxCrossEntropy(h, x, 2, 3, Int32Array.from([0, 1]), -100, new Float32Array(1), null, 0, loss, null),
      (e: Error) => e instanceof RangeError && /^rowWeight:/.test(e.message));

    const p = new Float32Array(10);
    assert.throws(() => a.adamUpdateMany(h, 1, [p, new Float32Array(9), p.slice(), p.slice(), null, 1, 1], 1e-3, 0.9, 0.999, 1e-8, 0, false),
      (e: Error) => e instanceof RangeError && /^params: g:/.test(e.message));
    assert.throws(() => a.adamUpdateMany(h, 1, [p, p.slice(), p.slice(), new Float64Array(10) as unknown as Float32Array, null, 1, 1], 1e-3, 0.9, 0.999, 1e-8, 0, false),
      (e: Error) => e instanceof TypeError && /^params: v:/.test(e.message));
    assert.throws(() => a.adamUpdateMany(h, 1, [p, p.slice(), p.slice(), p.slice(), null, 1], 1e-3, 0.9, 0.999, 1e-8, 0, false),
      (e: Error) => e instanceof RangeError && /^params:/.test(e.message));
    assert.throws(() => a.sgdUpdateMany(h, 1, [p, p.slice(), new Float32Array(3), 0], 0.1, 0.9, 0, false, 0),
      (e: Error) => e instanceof RangeError && /^params: buf:/.test(e.message));
  });

  test('a closed handle runs on one thread with the same results', () => {
    const h = a.open(isas[0], 2);
    const g = makeCase(false, false, 64, 300, 50, 4);
    const before = runGemm(a, h, 2, g);
    a.close(h);
    a.close(h);
    assert.equal(a.info(h).threads, 1);
    assertBits(runGemm(a, h, 2, g), before, 'gemm after close');
  });

  test('loads in several worker threads at once, and an open pool never keeps the process alive', () => {
    const script = `
      const { Worker, isMainThread, parentPort } = require('node:worker_threads');
      const a = require(${JSON.stringify(ADDON)});
      const h = a.open('generic', 2);
      const run = () => { const f = new Float32Array(64 * 64).fill(1), c = new Float32Array(64 * 64);
        a.gemm(h, 2, false, false, 64, 64, 64, 1, f, 0, 64, f, 0, 64, 0, c, 0, 64); return c[0]; };
      if (isMainThread) {
        let done = 0;
        for (let i = 0; i < 3; i++) new Worker(__filename).on('message', (v) => { if (v !== 64) process.exit(3); if (++done === 3) console.log('ok', run()); });
      } else parentPort.postMessage(run());`;
    const file = fileURLToPath(new URL('../../../native/build/worker-probe.cjs', import.meta.url));
    createRequire(import.meta.url)('node:fs').writeFileSync(file, script);
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 0, `the process must exit by itself: status ${r.status}, signal ${r.signal}, ${r.stderr}`);
    assert.equal(r.stdout.trim(), 'ok 64');
  });
});
