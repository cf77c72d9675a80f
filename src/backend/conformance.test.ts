// One conformance suite for every backend: each kernel against the JavaScript reference, forward
// and backward, on odd shapes (1, 3, 17, 255). float32 tolerance 1e-5 relative to the output's
// scale; the fused recurrent kernels 1e-4 (their gate nonlinearities are polynomial
// approximations, and BPTT compounds rounding over the steps). The wasm backend runs three times:
// on one thread, on two threads splitting every call it can (minSplitWork 0), whose results must
// equal the one-thread results within 1e-6, and as the build on unshared memory (one thread) that
// pages without cross-origin isolation load. The native backend runs each build this processor
// has (AVX-512, AVX2, portable) on one thread and on two, likewise.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend, CellKind, Gemm, RecurrentSaved } from './backend.js';
import { gatesOf } from './backend.js';
import { jsBackend } from './js/index.js';
import { assertClose, rand, rng } from './test-helpers/close.js';
import { newSaved } from './test-helpers/saved.js';

const TOL = 1e-5;
const TOL_RECURRENT = 1e-4;
/** wasm on two threads against wasm on one: the same arithmetic, split by output columns. */
const TOL_THREADS = 1e-6;

/** The backends under test; wasm and native ones only where they are built and run here. */
const backends: [string, Backend][] = [['js', jsBackend]];
/** Backends on one thread and on two, whose results must agree within TOL_THREADS. */
const threadPairs: [string, string][] = [['wasm', 'wasm×2']];
before(async () => {
  let mod: typeof import('./wasm/index.js');
  try {
    mod = await import('./wasm/index.js');
  } catch (e) {
    console.warn(`conformance: wasm backend not built (node scripts/build-wasm.mjs): ${(e as Error).message}`);
    return;
  }
  try {
    backends.push(['wasm', await mod.createWasmBackend({ threads: 1 })]);
    backends.push(['wasm×2', await mod.createWasmBackend({ threads: 2, minSplitWork: 0 })]);
    // The build that pages without cross-origin isolation load: unshared memory, one thread.
    const { Arena, instantiateKernels, kernelBytes, newKernelMemory } = await import('./wasm/module.js');
    const memory = newKernelMemory('unshared');
    const kernels = await instantiateKernels(await WebAssembly.compile(kernelBytes('unshared')), memory);
    backends.push(['wasm unshared', new mod.WasmBackend(kernels, new Arena(memory, (kernels.heapBase() + 63) & ~63), null)]);
    // Where the engine has relaxed SIMD (Node ≥ 22; Node 20 with --experimental-wasm-relaxed-simd)
    // 'wasm' above is the relaxed build; the plain build runs too.
    const { relaxedSimdAvailable } = await import('./wasm/options.js');
    if (relaxedSimdAvailable()) backends.push(['wasm plain', await mod.createWasmBackend({ threads: 1, relaxedSimd: false })]);
  } catch (e) {
    console.warn(`conformance: ${(e as Error).message}`);
  }
  // The native kernels: every build this processor runs on one thread, and each also on two
  // threads splitting every call it can, which must equal its one-thread results.
  const native = await import('./native/index.js');
  const why = native.nativeUnavailableReason();
  if (why !== null) {
    console.warn(`conformance: native backend skipped: ${why}`);
    return;
  }
  for (const isa of native.nativeIsas()) {
    backends.push([`native ${isa}`, native.createNativeBackendSync({ isa, threads: 1 })]);
    backends.push([`native ${isa}×2`, native.createNativeBackendSync({ isa, threads: 2, minSplitWork: 0 })]);
    threadPairs.push([`native ${isa}`, `native ${isa}×2`]);
    // The recurrent calls split by units wherever H allows (the default splits large batches by rows).
    backends.push([`native ${isa}×2 units`, native.createNativeBackendSync({ isa, threads: 2, minSplitWork: 0, recurrentSplit: 'units' })]);
    threadPairs.push([`native ${isa}`, `native ${isa}×2 units`]);
  }
});

/** Run `f` on every backend with fresh copies of `inputs`, and on the reference; compare outputs. */
function each(name: string, f: (b: Backend) => ArrayLike<number>[], tol = TOL, atol = 0): void {
  test(name, () => {
    const expected = f(jsBackend);
    const got = new Map<string, ArrayLike<number>[]>();
    for (const [bn, b] of backends) {
      const actual = f(b);
      got.set(bn, actual);
      actual.forEach((a, i) => assertClose(a, expected[i], tol, `${bn} ${name} output ${i}`, atol));
    }
    for (const [n1, n2] of threadPairs) {
      const one = got.get(n1), two = got.get(n2);
      if (one && two) two.forEach((a, i) => assertClose(a, one[i], TOL_THREADS, `${n2} vs ${n1} ${name} output ${i}`));
    }
  });
}

const SIZES = [1, 3, 17, 255];

describe('gemm', () => {
  const cases: [number, number, number][] = [[1, 1, 1], [3, 17, 1], [17, 3, 255], [255, 17, 3], [3, 255, 17], [17, 17, 17], [33, 70, 300], [70, 33, 300]];
  for (const [m, n, k] of cases) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        for (const beta of [0, 1, 0.5]) {
          each(`m${m} n${n} k${k} tA${+transA} tB${+transB} β${beta}`, (be) => {
            const r = rng(m * 1000 + n * 10 + k);
            // Offsets and padded leading dimensions exercise sub-array addressing.
            const lda = (transA ? m : k) + 2, ldb = (transB ? k : n) + 1, ldc = n + 3;
            const a = rand(5 + (transA ? k : m) * lda, r), b = rand(7 + (transB ? n : k) * ldb, r);
            const c = rand(2 + m * ldc, r);
            const g: Gemm = { transA, transB, m, n, k, alpha: 0.75, a, aOffset: 5, lda, b, bOffset: 7, ldb, beta, c, cOffset: 2, ldc };
            be.gemm(g);
            return [c];
          });
        }
      }
    }
  }
});

interface RecCase { kind: CellKind; T: number; B: number; I: number; H: number; lengths: boolean; reverse: boolean; bias: boolean }

function recurrentCases(): RecCase[] {
  const out: RecCase[] = [];
  // H = 32 and 16 (multiples of 8) are split over two threads by wasm, H = 64 by every native
  // build (their split units are at most 32); B = 1 takes the dot-product path. Native splits
  // B = 17 and 16 by batch rows (two or more row tiles), and B = 16, H = 64 by units too.
  const shapes: [number, number, number, number][] = [[1, 1, 1, 1], [3, 3, 17, 3], [5, 2, 3, 17], [2, 3, 1, 255], [7, 17, 5, 8], [4, 6, 5, 32], [3, 1, 4, 16], [3, 5, 4, 64],
    [3, 16, 4, 64]];
  // 'gru_reset_before': native runs its own kernel (split by rows only); wasm hands it to the reference.
  for (const kind of ['rnn_tanh', 'rnn_relu', 'lstm', 'gru', 'gru_reset_before'] as CellKind[]) {
    for (const [T, B, I, H] of shapes) {
      out.push({ kind, T, B, I, H, lengths: false, reverse: false, bias: true });
      out.push({ kind, T, B, I, H, lengths: B > 1, reverse: true, bias: false });
      out.push({ kind, T, B, I, H, lengths: B > 1, reverse: false, bias: true });
    }
  }
  return out;
}

function recurrentInputs(c: RecCase) {
  const { kind, T, B, I, H } = c;
  const GH = gatesOf(kind) * H;
  const r = rng(T * 7 + B * 131 + I * 17 + H * 3 + (c.reverse ? 1 : 0));
  const s = 1 / Math.sqrt(H);
  const lengths = c.lengths ? Int32Array.from({ length: B }, (_, b) => (b === 0 ? T : 1 + ((b * 5) % T))) : null;
  return {
    x: rand(T * B * I, r), wIh: rand(GH * I, r, -2 * s, 2 * s), wHh: rand(GH * H, r, -2 * s, 2 * s),
    bIh: c.bias ? rand(GH, r, -s, s) : null, bHh: c.bias ? rand(GH, r, -s, s) : null,
    h0: rand(B * H, r, -0.5, 0.5), c0: kind === 'lstm' ? rand(B * H, r, -0.5, 0.5) : null, lengths,
    dOut: rand(T * B * H, r), dhN: rand(B * H, r), dcN: kind === 'lstm' ? rand(B * H, r) : null,
  };
}

describe('recurrent', () => {
  for (const c of recurrentCases()) {
    const { kind, T, B, I, H } = c;
    const label = `${kind} T${T} B${B} I${I} H${H}${c.lengths ? ' lengths' : ''}${c.reverse ? ' reverse' : ''}${c.bias ? '' : ' no-bias'}`;
    const inp = recurrentInputs(c);
    const fwd = (be: Backend, saved: RecurrentSaved | null) => {
      const out = new Float32Array(T * B * H), hN = new Float32Array(B * H);
      const cN = kind === 'lstm' ? new Float32Array(B * H) : null;
      be.recurrentForward({ ...c, x: inp.x, wIh: inp.wIh, wHh: inp.wHh, bIh: inp.bIh, bHh: inp.bHh, lengths: inp.lengths,
        h0: inp.h0, c0: inp.c0, out, hN, cN, saved });
      return { out, hN, cN };
    };
    each(`forward ${label}`, (be) => {
      const saved = newSaved(kind, T, B, H);
      const { out, hN, cN } = fwd(be, saved);
      const r = [out, hN, saved.gates, saved.hPrev];
      if (cN) r.push(cN);
      if (saved.aux) r.push(saved.aux);
      if (saved.cNew) r.push(saved.cNew);
      return r;
    }, TOL_RECURRENT);
    each(`forward without saving ${label}`, (be) => {
      const { out, hN } = fwd(be, null);
      return [out, hN];
    }, TOL_RECURRENT);
    // Backward from the reference forward's saved tensors, so it is tested on its own.
    const saved = newSaved(kind, T, B, H);
    fwd(jsBackend, saved);
    // Gradient norms per step: with dx (both curves), and without dx (the input curve is left as it was).
    for (const [withDx, norms] of [[true, false], [false, false], [true, true], [false, true]] as const) {
      each(`backward${withDx ? '' : ' without dx'}${norms ? ' with norms' : ''} ${label}`, (be) => {
        const GH = gatesOf(kind) * H;
        // The outgoing gradients are overwritten, whatever they held (NaN here, as in a recycled array).
        const dx = withDx ? new Float32Array(T * B * I).fill(NaN) : null;
        const dWIh = new Float32Array(GH * I).fill(NaN), dWHh = new Float32Array(GH * H).fill(NaN);
        const dBIh = c.bias ? new Float32Array(GH).fill(NaN) : null, dBHh = c.bias ? new Float32Array(GH).fill(NaN) : null;
        const dh0 = new Float32Array(B * H).fill(NaN), dc0 = kind === 'lstm' ? new Float32Array(B * H).fill(NaN) : null;
        const gradNorms = norms ? { hidden: new Float64Array(T).fill(NaN), input: new Float64Array(T).fill(-1) } : null;
        be.recurrentBackward({ ...c, lengths: inp.lengths, x: inp.x, wIh: inp.wIh, wHh: inp.wHh, saved,
          dOut: withDx ? inp.dOut : null, dhN: inp.dhN, dcN: withDx ? inp.dcN : null, dx, dWIh, dWHh, dBIh, dBHh, dh0, dc0, norms: gradNorms });
        const r: ArrayLike<number>[] = [dx ?? [], dWIh, dWHh, dBIh ?? [], dBHh ?? [], dh0, dc0 ?? []];
        if (gradNorms) {
          if (!withDx) assert.ok(gradNorms.input.every((v) => v === -1), `${be.name}: input norms written without dx`);
          r.push(gradNorms.hidden, gradNorms.input);
        }
        return r;
      }, TOL_RECURRENT);
    }
    // The saved arrays are recycled between steps without zeroing (src/autograd/recycle.ts), so
    // every backend's forward must write each element that its backward reads: the backward from
    // buffers that held NaN before the forward equals the backward from zeroed ones, bit for bit.
    test(`saved arrays are written whole ${label}`, () => {
      for (const [bn, be] of backends) {
        const grads = (fill: number) => {
          const s = newSaved(kind, T, B, H);
          for (const a of [s.gates, s.hPrev, s.aux, s.cNew]) a?.fill(fill);
          fwd(be, s);
          const GH = gatesOf(kind) * H;
          const g = {
            dx: new Float32Array(T * B * I), dWIh: new Float32Array(GH * I), dWHh: new Float32Array(GH * H),
            dBIh: c.bias ? new Float32Array(GH) : null, dBHh: c.bias ? new Float32Array(GH) : null,
            dh0: new Float32Array(B * H), dc0: kind === 'lstm' ? new Float32Array(B * H) : null,
          };
          be.recurrentBackward({ ...c, lengths: inp.lengths, x: inp.x, wIh: inp.wIh, wHh: inp.wHh, saved: s, dOut: inp.dOut, dhN: inp.dhN, dcN: inp.dcN, ...g, norms: null });
          return [g.dx, g.dWIh, g.dWHh, g.dBIh ?? [], g.dBHh ?? [], g.dh0, g.dc0 ?? []];
        };
        const clean = grads(0), dirty = grads(NaN);
        dirty.forEach((a, i) => assert.deepEqual(Array.from(a), Array.from(clean[i]), `${bn} ${label}: gradient ${i} differs when the saved buffers held NaN`));
      }
    });
    if (c.lengths) {
      // Padding: a step contributes only the sequences still active there.
      test(`backward norms skip padded steps ${label}`, () => {
        const GH = gatesOf(kind) * H;
        const lengths = inp.lengths as Int32Array;
        const dOut = Float32Array.from(inp.dOut);
        for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) if (t >= lengths[b]) dOut.fill(1e3, (t * B + b) * H, (t * B + b + 1) * H);
        for (const [bn, be] of backends) {
          const gradNorms = { hidden: new Float64Array(T), input: new Float64Array(T) };
          const dh = new Float32Array(B * H);
          be.recurrentBackward({ ...c, lengths, x: inp.x, wIh: inp.wIh, wHh: inp.wHh, saved, dOut, dhN: inp.dhN, dcN: inp.dcN,
            dx: new Float32Array(T * B * I), dWIh: new Float32Array(GH * I), dWHh: new Float32Array(GH * H), dBIh: null, dBHh: null,
            dh0: dh, dc0: kind === 'lstm' ? new Float32Array(B * H) : null, norms: gradNorms });
          // the large dOut rows past each length never reach the norms (they are not outputs of the layer)
          for (let t = 0; t < T; t++) assert.ok(gradNorms.hidden[t] < 1e3 && gradNorms.input[t] < 1e3, `${bn}: step ${t} norm ${gradNorms.hidden[t]}`);
        }
      });
    }
  }
});

describe('embeddings', () => {
  for (const dim of SIZES) {
    each(`gatherRows dim ${dim}`, (be) => {
      const r = rng(dim);
      const table = rand(17 * dim, r);
      const ids = Int32Array.from({ length: 33 }, (_, i) => (i * 7) % 17);
      const out = new Float32Array(ids.length * dim);
      be.gatherRows(table, dim, ids, out);
      return [out];
    });
    each(`scatterAddRows dim ${dim}`, (be) => {
      const r = rng(dim + 1);
      const ids = Int32Array.from({ length: 33 }, (_, i) => (i * 5) % 17);
      const g = rand(ids.length * dim, r);
      const gTable = rand(17 * dim, r);
      be.scatterAddRows(g, dim, ids, gTable, 3);
      return [gTable];
    });
  }
});

describe('optimizers', () => {
  for (const n of SIZES) {
    for (const [weightDecay, decoupled, amsgrad] of [[0, false, false], [0.01, false, true], [0.1, true, false]] as const) {
      each(`adam n${n} wd${weightDecay}${decoupled ? ' decoupled' : ''}${amsgrad ? ' amsgrad' : ''}`, (be) => {
        const r = rng(n * 3);
        const p = rand(n, r), m = rand(n, r, -0.1, 0.1), v = rand(n, r, 0, 0.01), vMax = amsgrad ? rand(n, r, 0, 0.01) : null;
        for (let step = 1; step <= 3; step++) {
          const g = rand(n, r);
          be.adamUpdate(p, g, m, v, vMax, { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, decoupled, step });
        }
        return [p, m, v, vMax ?? []];
      });
    }
    for (const [momentum, nesterov] of [[0, false], [0.9, false], [0.9, true]] as const) {
      each(`sgd n${n} momentum${momentum}${nesterov ? ' nesterov' : ''}`, (be) => {
        const r = rng(n * 5);
        const p = rand(n, r), buf = momentum ? new Float32Array(n) : null;
        for (let step = 1; step <= 3; step++) {
          be.sgdUpdate(p, rand(n, r), buf, { lr: 0.1, momentum, dampening: 0.1, nesterov, weightDecay: 0.01, firstStep: step === 1 });
        }
        return [p, buf ?? []];
      });
    }
    each(`rmsprop and adagrad n${n}`, (be) => {
      const r = rng(n * 11);
      const p = rand(n, r), sq = new Float32Array(n), buf = new Float32Array(n), gAvg = new Float32Array(n), sum = new Float32Array(n);
      be.rmspropUpdate(p, rand(n, r), sq, buf, gAvg, { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0.01, momentum: 0.9, centered: true });
      be.adagradUpdate(p, rand(n, r), sum, { lr: 0.01, lrDecay: 0.01, eps: 1e-10, weightDecay: 0, step: 2 });
      return [p, sq, buf, gAvg, sum];
    });
  }
});

describe('optimizers over many parameters', () => {
  // Sizes 1, 3, 17, 255 together (and a float64 one, which wasm hands to JS), each at its own step.
  const sizes = [...SIZES, 4096];
  for (const [weightDecay, decoupled, amsgrad] of [[0, false, false], [0.01, false, true], [0.1, true, false]] as const) {
    each(`adamUpdateMany wd${weightDecay}${decoupled ? ' decoupled' : ''}${amsgrad ? ' amsgrad' : ''}`, (be) => {
      const r = rng(7 + weightDecay * 100);
      const ps = sizes.map((n, j) => ({ p: rand(n, r), m: rand(n, r, -0.1, 0.1), v: rand(n, r, 0, 0.01), vMax: amsgrad ? rand(n, r, 0, 0.01) : null, step: j }));
      const p64 = Float64Array.from(rand(5, r)), m64 = new Float64Array(5), v64 = new Float64Array(5);
      for (let step = 1; step <= 3; step++) {
        be.adamUpdateMany([...ps.map((q) => ({ ...q, g: rand(q.p.length, r), step: q.step + step })), { p: p64, g: Float64Array.from(rand(5, r)), m: m64, v: v64, vMax: null, step }],
          { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, decoupled });
      }
      return [...ps.flatMap((q) => [q.p, q.m, q.v, q.vMax ?? []]), p64, m64, v64];
    });
  }
  for (const [momentum, nesterov] of [[0, false], [0.9, false], [0.9, true]] as const) {
    each(`sgdUpdateMany momentum${momentum}${nesterov ? ' nesterov' : ''}`, (be) => {
      const r = rng(11);
      const ps = sizes.map((n) => ({ p: rand(n, r), buf: momentum ? new Float32Array(n) : null }));
      for (let step = 1; step <= 3; step++) {
        // the last parameter joins at step 2, so its buffer starts a step later
        const list = ps.filter((_, j) => step > 1 || j < ps.length - 1).map((q, j) => ({ ...q, g: rand(q.p.length, r), firstStep: step === 1 || (step === 2 && j === ps.length - 1) }));
        be.sgdUpdateMany(list, { lr: 0.1, momentum, dampening: 0.1, nesterov, weightDecay: 0.01 });
      }
      return ps.flatMap((q) => [q.p, q.buf ?? []]);
    });
  }
});

describe('softmax cross-entropy', () => {
  for (const C of SIZES) {
    for (const [eps, weighted, masked] of [[0, false, false], [0.1, false, false], [0.2, true, true], [0, true, false]] as const) {
      each(`C${C} ε${eps}${weighted ? ' classWeight' : ''}${masked ? ' rowWeight' : ''}`, (be) => {
        const N = 37;
        const r = rng(C * 19 + (weighted ? 1 : 0));
        const x = rand(N * C, r, -8, 8);
        const targets = Int32Array.from({ length: N }, (_, n) => (n % 7 === 3 ? -100 : (n * 5) % C));
        const rowWeight = masked ? Float32Array.from({ length: N }, (_, n) => (n % 5 === 1 ? 0 : 0.5 + (n % 3))) : null;
        const classWeight = weighted ? rand(C, r, 0.1, 2) : null;
        // Outputs are overwritten whole, ignored rows included, whatever they held (NaN here).
        const loss = new Float32Array(N).fill(NaN), grad = new Float32Array(N * C).fill(NaN), lossOnly = new Float32Array(N).fill(NaN);
        if (masked) x.fill(NaN, C, 2 * C); // row 1 is dropped by its weight 0: its logits are never read
        be.softmaxCrossEntropy({ x, N, C, targets, ignoreIndex: -100, rowWeight, classWeight, labelSmoothing: eps, loss, grad });
        be.softmaxCrossEntropy({ x, N, C, targets, ignoreIndex: -100, rowWeight, classWeight, labelSmoothing: eps, loss: lossOnly, grad: null });
        return [loss, grad, lossOnly];
      }, TOL, C === 1 ? 1e-7 : 0); // one class: every gradient is 0 up to the reference's float32 rounding
    }
  }
  each('float64 (wasm delegates to JS)', (be) => {
    const r = rng(5);
    const x = Float64Array.from(rand(3 * 17, r)), loss = new Float64Array(3), grad = new Float64Array(3 * 17);
    be.softmaxCrossEntropy({ x, N: 3, C: 17, targets: Int32Array.of(0, 16, 5), ignoreIndex: -100, rowWeight: null, classWeight: null, labelSmoothing: 0.1, loss, grad });
    return [loss, grad];
  }, 1e-12);
});

describe('ctc loss', () => {
  // Compiled backends hand CTC to the reference today; this holds any kernel of theirs to it.
  for (const dtype of ['float32', 'float64'] as const) {
    each(`T17 N3 C5, repeats, an empty and an impossible target, ${dtype}`, (be) => {
      const T = 17, N = 3, C = 5;
      const r = rng(23);
      const x = dtype === 'float64' ? Float64Array.from(rand(T * N * C, r, -3, 3)) : rand(T * N * C, r, -3, 3);
      const logProbs = dtype === 'float64' ? new Float64Array(x.length) : new Float32Array(x.length);
      jsBackend.softmax(x, T * N, C, 1, logProbs, true);
      const Arr = dtype === 'float64' ? Float64Array : Float32Array;
      const args = {
        logProbs, T, N, C, targets: Int32Array.of(1, 1, 4, 4, 2, 1, 2, 3, 4, 1, 2, 3), targetOffsets: Int32Array.of(0, 5, 5),
        inputLengths: Int32Array.of(17, 9, 4), targetLengths: Int32Array.of(5, 0, 7), blank: 0,
      };
      const loss = new Arr(N), grad = new Arr(T * N * C), lossOnly = new Arr(N);
      be.ctcLoss({ ...args, zeroInfinity: true, loss, grad });
      be.ctcLoss({ ...args, zeroInfinity: false, loss: lossOnly, grad: null });
      return [loss, grad, lossOnly];
    }, dtype === 'float64' ? 1e-12 : TOL);
  }
});

describe('elementwise, reductions, layout, softmax', () => {
  for (const n of SIZES) {
    each(`binary and unary n${n}`, (be) => {
      const r = rng(n * 13);
      const a = rand(3 * n, r, 0.1, 2), b = rand(n, r, 0.1, 2), y: Float32Array[] = [];
      for (const op of ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'] as const) {
        const o = new Float32Array(3 * n);
        be.binary(op, a, [3, n], b, [n], o, [3, n]);
        be.binaryScalar(op, a, 1.5, o, op === 'sub');
        y.push(o);
      }
      for (const op of ['neg', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'sigmoid', 'relu', 'leakyRelu', 'square', 'powScalar', 'softplus'] as const) {
        const o = new Float32Array(3 * n), gx = new Float32Array(3 * n);
        be.unary(op, a, o, 0.3);
        be.unaryGrad(op, a, o, b.length === 3 * n ? b : a, gx, 0.3);
        y.push(o, gx);
      }
      const cl = new Float32Array(3 * n);
      be.clamp(a, 0.5, 1.5, cl);
      be.fill(a, 2);
      // A long array too: the native backend scans those in its kernels.
      const long = new Float32Array(3000 + n).fill(0.5);
      long[2100 + n] = -Infinity;
      long[2900] = NaN;
      return [...y, cl, a, [be.firstNonFinite(Float32Array.of(1, NaN)), be.firstNonFinite(long), be.firstNonFinite(long.subarray(0, 2000)), be.sumSquares(b)]];
    });
    each(`reductions, layout and softmax n${n}`, (be) => {
      const r = rng(n * 17);
      const x = rand(3 * n * 2, r);
      const sum = new Float32Array(n), red = new Float32Array(3 * 2), arg = new Int32Array(3 * 2);
      be.sumTo(x, [3, n, 2], sum, [n, 1]);
      be.reduceAxis('max', x, 3, n, 2, red, arg);
      const perm = new Float32Array(x.length), bc = new Float32Array(3 * (n + 1) * 2);
      be.permute(x, [3, n, 2], [2, 0, 1], perm);
      be.blockCopy(x, n, 0, bc, n + 1, 1, 3, 2, n, false);
      be.blockCopy(x, n, 0, bc, n + 1, 0, 3, 2, n, true);
      const sm = new Float32Array(x.length), lsm = new Float32Array(x.length), g1 = new Float32Array(x.length), g2 = new Float32Array(x.length);
      be.softmax(x, 3, n, 2, sm, false);
      be.softmax(x, 3, n, 2, lsm, true);
      be.softmaxGrad(sm, x, 3, n, 2, g1, false);
      be.softmaxGrad(lsm, x, 3, n, 2, g2, true);
      return [sum, red, arg, perm, bc, sm, lsm, g1, g2];
    });
  }
});
