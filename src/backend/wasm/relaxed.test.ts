// The relaxed-SIMD build of the kernels (assembly/simd.ts `madd` as f32x4.relaxed_madd): chosen
// where the engine has relaxed SIMD, inside the conformance tolerances of the JavaScript reference
// on one and two threads and on unshared memory, two threads equal to one; `relaxedSimd: false`
// the plain build, bit for bit what an engine without relaxed SIMD computes; `relaxedSimd: true`
// without it a PlatformError. Node 20 has relaxed SIMD only behind a flag, so this file, run
// without it, runs the same checks in a child process started with the flag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend, CellKind, RecurrentSaved } from '../backend.js';
import { gatesOf } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { PlatformError } from '../../errors.js';
import { relaxedSimdAvailable } from './options.js';
import { assertClose, rand, rng } from '../test-helpers/close.js';
import { newSaved } from '../test-helpers/saved.js';

const FLAG = '--experimental-wasm-relaxed-simd';
/** The child's environment variable naming a file of the plain build's outputs (float32) on an engine without the flag. */
const PLAIN_BITS = 'RECURRENT_TEST_PLAIN_BITS';
const TOL = 1e-5;
const TOL_RECURRENT = 1e-4;

/** One named computation: its outputs on a backend, and their tolerance against the reference. */
interface Check { name: string; tol: number; atol?: number; run(b: Backend): ArrayLike<number>[] }

function gemmChecks(): Check[] {
  const out: Check[] = [];
  const shapes: [number, number, number][] = [[1, 1, 1], [3, 17, 1], [17, 3, 255], [5, 9, 13], [33, 70, 300], [70, 33, 300]];
  for (const [m, n, k] of shapes) {
    for (const [transA, transB, beta] of [[false, false, 0], [false, true, 0.5], [true, false, 1], [true, true, 0]] as const) {
      out.push({
        name: `gemm m${m} n${n} k${k} tA${+transA} tB${+transB} β${beta}`, tol: TOL, run: (be) => {
          const r = rng(m * 1000 + n * 10 + k);
          const lda = (transA ? m : k) + 2, ldb = (transB ? k : n) + 1, ldc = n + 3;
          const a = rand(5 + (transA ? k : m) * lda, r), b = rand(7 + (transB ? n : k) * ldb, r), c = rand(2 + m * ldc, r);
          be.gemm({ transA, transB, m, n, k, alpha: 0.75, a, aOffset: 5, lda, b, bOffset: 7, ldb, beta, c, cOffset: 2, ldc });
          return [c];
        },
      });
    }
  }
  return out;
}

/**
 * Forward then backward (from the backend's own saved tensors) of each cell kind, with lengths:
 * H = 32 and 16 split over two threads, B = 1 takes the dot-product path, H = 255 an odd tail.
 */
function recurrentChecks(): Check[] {
  const out: Check[] = [];
  const shapes: [number, number, number, number][] = [[3, 3, 17, 3], [4, 6, 5, 32], [3, 1, 4, 16], [2, 3, 1, 255], [6, 5, 7, 24]];
  for (const kind of ['rnn_tanh', 'rnn_relu', 'lstm', 'gru'] as CellKind[]) {
    for (const [si, [T, B, I, H]] of shapes.entries()) {
      const reverse = si % 2 === 1, bias = si !== 2;
      out.push({
        name: `${kind} T${T} B${B} I${I} H${H}${reverse ? ' reverse' : ''}`, tol: TOL_RECURRENT, run: (be) => {
          const GH = gatesOf(kind) * H, s = 1 / Math.sqrt(H), r = rng(T * 7 + B * 131 + I * 17 + H * 3);
          const x = rand(T * B * I, r), wIh = rand(GH * I, r, -2 * s, 2 * s), wHh = rand(GH * H, r, -2 * s, 2 * s);
          const bIh = bias ? rand(GH, r, -s, s) : null, bHh = bias ? rand(GH, r, -s, s) : null;
          const lengths = B > 1 ? Int32Array.from({ length: B }, (_, b) => (b === 0 ? T : 1 + ((b * 5) % T))) : null;
          const h0 = rand(B * H, r, -0.5, 0.5), c0 = kind === 'lstm' ? rand(B * H, r, -0.5, 0.5) : null;
          const y = new Float32Array(T * B * H), hN = new Float32Array(B * H), cN = kind === 'lstm' ? new Float32Array(B * H) : null;
          const saved = newSaved(kind, T, B, H);
          be.recurrentForward({ kind, T, B, I, H, reverse, x, wIh, wHh, bIh, bHh, lengths, h0, c0, out: y, hN, cN, saved });
          const dx = new Float32Array(T * B * I), dWIh = new Float32Array(GH * I), dWHh = new Float32Array(GH * H);
          const dBIh = bias ? new Float32Array(GH) : null, dBHh = bias ? new Float32Array(GH) : null;
          const dh0 = new Float32Array(B * H), dc0 = kind === 'lstm' ? new Float32Array(B * H) : null;
          const norms = { hidden: new Float64Array(T), input: new Float64Array(T) };
          be.recurrentBackward({ kind, T, B, I, H, reverse, lengths, x, wIh, wHh, saved, dOut: rand(T * B * H, r), dhN: rand(B * H, r),
            dcN: kind === 'lstm' ? rand(B * H, r) : null, dx, dWIh, dWHh, dBIh, dBHh, dh0, dc0, norms });
          return [y, hN, cN ?? [], saved.gates, dx, dWIh, dWHh, dBIh ?? [], dBHh ?? [], dh0, dc0 ?? [], norms.hidden, norms.input];
        },
      });
    }
  }
  return out;
}

function otherChecks(): Check[] {
  const out: Check[] = [];
  for (const dim of [3, 17]) {
    out.push({
      name: `gatherRows dim ${dim}`, tol: TOL, run: (be) => {
        const table = rand(17 * dim, rng(dim)), ids = Int32Array.from({ length: 33 }, (_, i) => (i * 7) % 17);
        const o = new Float32Array(ids.length * dim);
        be.gatherRows(table, dim, ids, o);
        return [o];
      },
    });
  }
  for (const C of [3, 255]) {
    out.push({
      name: `softmaxCrossEntropy C${C}`, tol: TOL, run: (be) => {
        const N = 37, r = rng(C * 19);
        const x = rand(N * C, r, -8, 8), targets = Int32Array.from({ length: N }, (_, n) => (n % 7 === 3 ? -100 : (n * 5) % C));
        const rowWeight = Float32Array.from({ length: N }, (_, n) => 0.5 + (n % 3)), classWeight = rand(C, r, 0.1, 2);
        const loss = new Float32Array(N), grad = new Float32Array(N * C);
        be.softmaxCrossEntropy({ x, N, C, targets, ignoreIndex: -100, rowWeight, classWeight, labelSmoothing: 0.1, loss, grad });
        return [loss, grad];
      },
    });
  }
  return out;
}

const checks = [...gemmChecks(), ...recurrentChecks(), ...otherChecks()];

/** Every check's outputs on `b`, as one float32 array (bits compared across processes). */
function fingerprint(b: Backend): Float32Array {
  const parts = checks.flatMap((c) => c.run(b).map((a) => Float32Array.from(a)));
  const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  return all;
}

function readFloats(path: string): Float32Array {
  const buf = readFileSync(path);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

/** Bit-for-bit equality of two float32 arrays (NaN patterns included). */
function assertSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: expected ${expected.length} floats, got ${actual.length}`);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length), e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== e[i]) assert.fail(`${what}: float ${i} is ${actual[i]}, expected ${expected[i]}`);
}

/** c + a·b rounded once, where this engine's relaxed_madd fuses: a module computing relaxed_madd(a, b, c) in lane 0. */
function engineMadd(a: number, b: number, c: number): number {
  const f32 = (v: number) => [0x43, ...new Uint8Array(Float32Array.of(v).buffer)];
  const splat = (v: number) => [...f32(v), 0xfd, 0x13];
  const body = [0x00, ...splat(a), ...splat(b), ...splat(c), 0xfd, 0x85, 0x02, 0xfd, 0x1f, 0x00, 0x0b];
  const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7d,
    0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, body.length + 2, 0x01, body.length, ...body]);
  return (new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f as () => number)();
}

if (relaxedSimdAvailable()) relaxedTests();
else plainEngineTests();

/** On an engine without relaxed SIMD: the plain build, the option's error, then the relaxed checks in a child with the flag. */
function plainEngineTests(): void {
  test('without relaxed SIMD the plain build loads, and relaxedSimd: true is a PlatformError naming the fix', async () => {
    const { createWasmBackend, createWasmBackendSync } = await import('./index.js');
    const { checkWasmOptions } = await import('./options.js');
    const b = await createWasmBackend({ threads: 1 });
    assert.equal(b.relaxedSimd, false);
    assert.equal(createWasmBackendSync({ threads: 1, relaxedSimd: false }).relaxedSimd, false);
    const fix = (e: unknown) => e instanceof PlatformError && /Node ≥ 22, or Node 20 with --experimental-wasm-relaxed-simd/.test(e.message);
    await assert.rejects(createWasmBackend({ relaxedSimd: true }), fix);
    assert.throws(() => createWasmBackendSync({ relaxedSimd: true }), fix);
    assert.throws(() => checkWasmOptions({ relaxedSimd: true }), fix);
    assert.throws(() => checkWasmOptions({ relaxedSimd: 1 }), /relaxedSimd must be true or false, got 1/);
  });

  test(`with ${FLAG}: the relaxed build is chosen and matches the reference (child process)`, async () => {
    const { createWasmBackend } = await import('./index.js');
    const plain = fingerprint(await createWasmBackend({ threads: 1 }));
    const dir = mkdtempSync(join(tmpdir(), 'recurrent-relaxed-'));
    const file = join(dir, 'plain.f32');
    writeFileSync(file, new Uint8Array(plain.buffer));
    const env: Record<string, string | undefined> = { ...process.env, [PLAIN_BITS]: file };
    delete env.NODE_TEST_CONTEXT; // the child reports on its own stdout, not to this test runner
    let r;
    try {
      r = spawnSync(process.execPath, [FLAG, '--import', 'tsx', fileURLToPath(import.meta.url)], { env, encoding: 'utf8', timeout: 120_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const output = `${r.stdout}\n${r.stderr}${r.error ? `\n${r.error.message}` : ''}`;
    assert.equal(r.status, 0, `the child failed (status ${r.status}):\n${output.slice(-4000)}`);
    assert.match(r.stdout, /# pass [1-9]/, output.slice(-2000));
    assert.match(r.stdout, /# fail 0/, output.slice(-2000));
  });
}

/** On an engine with relaxed SIMD (Node ≥ 22, or the child started with the flag). */
function relaxedTests(): void {
  test('the relaxed build is chosen by default, and relaxedSimd: false gives the plain build', async () => {
    const { createWasmBackend, createWasmBackendSync } = await import('./index.js');
    const { kernelBytes, relaxedBuildRuns } = await import('./module.js');
    assert.ok(relaxedBuildRuns('shared') && relaxedBuildRuns('unshared'));
    assert.equal(kernelBytes(), kernelBytes('shared', true));
    assert.notDeepEqual(kernelBytes('shared', true), kernelBytes('shared', false));
    assert.equal((await createWasmBackend({ threads: 1 })).relaxedSimd, true);
    assert.equal((await createWasmBackend({ threads: 1, relaxedSimd: true })).relaxedSimd, true);
    assert.equal(createWasmBackendSync({ threads: 1 }).relaxedSimd, true);
    assert.equal((await createWasmBackend({ threads: 1, relaxedSimd: false })).relaxedSimd, false);
    assert.equal(createWasmBackendSync({ threads: 1, relaxedSimd: false }).relaxedSimd, false);
  });

  test('the relaxed micro-kernel multiply-adds as the engine does, the plain one rounds each product', async () => {
    const { createWasmBackend } = await import('./index.js');
    // −1·1 + (1 + 2⁻¹²)²: the product's last bit (2⁻²⁴) survives the cancellation only when fused.
    const u = 1 + 2 ** -12, fused = 2 ** -11 + 2 ** -24, rounded = 2 ** -11;
    const gemm = (b: Backend) => {
      const c = new Float32Array(1);
      b.gemm({ transA: false, transB: false, m: 1, n: 1, k: 2, alpha: 1, a: Float32Array.of(-1, u), aOffset: 0, lda: 2,
        b: Float32Array.of(1, u), bOffset: 0, ldb: 1, beta: 0, c, cOffset: 0, ldc: 1 });
      return c[0];
    };
    const engine = engineMadd(u, u, -1);
    assert.ok(engine === fused || engine === rounded, `relaxed_madd gave ${engine}`);
    assert.equal(gemm(await createWasmBackend({ threads: 1 })), engine);
    assert.equal(gemm(await createWasmBackend({ threads: 1, relaxedSimd: false })), rounded);
  });

  test('the relaxed build matches the reference on one and two threads and on unshared memory; two threads equal one', async () => {
    const { createWasmBackend, WasmBackend } = await import('./index.js');
    const { Arena, instantiateKernels, kernelBytes, newKernelMemory } = await import('./module.js');
    const one = await createWasmBackend({ threads: 1 });
    const two = await createWasmBackend({ threads: 2, minSplitWork: 0 });
    const memory = newKernelMemory('unshared');
    const kernels = await instantiateKernels(await WebAssembly.compile(kernelBytes('unshared', true)), memory);
    const unshared = new WasmBackend(kernels, new Arena(memory, (kernels.heapBase() + 63) & ~63), null);
    try {
      assert.ok(one.relaxedSimd && two.relaxedSimd && unshared.relaxedSimd && two.threads === 2);
      for (const c of checks) {
        const expected = c.run(jsBackend);
        const got1 = c.run(one);
        got1.forEach((a, i) => assertClose(a, expected[i], c.tol, `relaxed ${c.name} output ${i}`, c.atol));
        c.run(unshared).forEach((a, i) => assertClose(a, expected[i], c.tol, `relaxed unshared ${c.name} output ${i}`, c.atol));
        c.run(two).forEach((a, i) => assertSameBits(Float32Array.from(a), Float32Array.from(got1[i]), `relaxed ×2 vs ×1 ${c.name} output ${i}`));
      }
    } finally {
      await two.close();
    }
  });

  const bits = process.env[PLAIN_BITS];
  if (bits) {
    test('relaxedSimd: false computes bit for bit what the default build of an engine without relaxed SIMD computes', async () => {
      const { createWasmBackend } = await import('./index.js');
      assertSameBits(fingerprint(await createWasmBackend({ threads: 1, relaxedSimd: false })), readFloats(bits), 'plain build');
    });
  }
}
