import type { Arr, DType } from '../../tensor/dtype.js';
import type { AdamGroupHyper, AdamHyper, AdamParam, Backend, Gemm, RecurrentBackwardArgs, RecurrentForwardArgs, SgdGroupHyper, SgdHyper, SgdParam,
  SoftmaxCrossEntropyArgs } from '../backend.js';
import { gatesOf } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { compiledCellKind, JsDelegatedKernels, type CompiledCellKind } from '../js/delegates.js';
import { PlatformError, ValueError } from '../../errors.js';
import { checkWasmOptions, type WasmBackendOptions } from './options.js';
import { Arena, instantiateKernels, kernelBytes, newKernelMemory, relaxedBuildRuns, wasmUnavailableReason, type Kernels } from './module.js';
import { RELAXED_SIMD_HINT } from './options.js';
import { ThreadPool } from './threads.js';
import { kernelMemory, kernelThreads } from './memory-kind.js';
import { ThreadChooser } from './chooser.js';
import type { JobKernel } from './job.js';

export type { WasmBackendOptions } from './options.js';

/**
 * Work below which a call stays on one thread, as multiply-adds: a GEMM's m·n·k, a recurrent
 * step's B·G·H·H. Handing a job to the workers and meeting at a barrier costs ~1 µs when they
 * are spinning and ~25 µs when they sleep; below these sizes a split lost even on an idle
 * machine (bench/RESULTS.md). Above them the chooser measures.
 */
const GEMM_MIN_THREADED = 1 << 22;
const STEP_MIN_THREADED = 1 << 20;
/**
 * Elements from which a many-parameter optimizer update may be split across threads (then the
 * chooser measures): it reads and writes ~28 bytes per element, so below this a call is tens of
 * microseconds, the order of a wake-up.
 */
const OPTIM_MIN_THREADED = 1 << 18;
/** Bytes of one parameter's record in the table of adamUpdateMany / sgdUpdateMany (assembly/optim.ts). */
const PARAM_RECORD = 32;

const KIND_ID: Record<CompiledCellKind, number> = { rnn_tanh: 0, rnn_relu: 1, lstm: 2, gru: 3 };
/** Layer names of each kind, for messages. */
const KIND_NAME: Record<CompiledCellKind, string> = { rnn_tanh: 'RNN', rnn_relu: 'RNN', lstm: 'LSTM', gru: 'GRU' };

function isF32(...xs: (Arr | null | undefined)[]): boolean {
  for (const x of xs) if (x && !(x instanceof Float32Array)) return false;
  return true;
}

/** Elements spanned by a row-major [rows, cols] sub-array with leading dimension ld. */
function extent(rows: number, cols: number, ld: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
}

/**
 * The WebAssembly SIMD backend: float32 kernels compiled from assembly/*.ts, in the build with
 * relaxed SIMD (its multiply-adds fused where the processor has FMA) where the engine validates
 * it, else the plain SIMD build; `relaxedSimd` says which one runs.
 *
 * In wasm (float32 arrays): gemm, recurrentForward, recurrentBackward, gatherRows,
 * scatterAddRows, softmaxCrossEntropy, adamUpdate, sgdUpdate, adamUpdateMany, sgdUpdateMany.
 * Delegated to the JavaScript backend: every float64 call (float64 exists for gradient checks,
 * where the reference is the right tool), and the memory-bound kernels binary, binaryScalar,
 * unary, unaryGrad, clamp, fill, firstNonFinite, sumTo, reduceAxis, sumSquares, permute,
 * blockCopy, softmax, softmaxGrad, rmspropUpdate, adagradUpdate: each touches every element
 * once, so copying its operands into wasm memory and back costs as much as the work saved.
 *
 * Arrays from `alloc` (parameters, optimizer state) live in the wasm memory and every kernel
 * reads and writes them in place; other arrays are copied in and out per call.
 *
 * With threads > 1, large GEMMs, the many-parameter optimizer updates (split by element ranges
 * across all the parameters) and the recurrent kernels (their per-step h·W_hhᵀ and gate math,
 * split by hidden units, and their closing weight-gradient GEMMs) run on the calling thread and
 * worker threads together; every value is computed the same way as on one thread.
 */
export class WasmBackend extends JsDelegatedKernels implements Backend {
  readonly name = 'wasm';
  /** Whether the kernels are the relaxed-SIMD build (fused multiply-adds), else the plain SIMD one. */
  readonly relaxedSimd: boolean;
  private readonly aPackFloats: number;
  private readonly tmpFloats: number;

  private readonly gemmMin: number;
  private readonly stepMin: number;

  private chooser: ThreadChooser | null;
  private readonly adaptive: boolean;

  constructor(private readonly k: Kernels, private readonly arena: Arena, private pool: ThreadPool | null, minSplitWork?: number, adaptive = true) {
    super();
    this.aPackFloats = k.aPackFloats();
    this.tmpFloats = k.tmpFloats();
    this.relaxedSimd = k.relaxedSimd() === 1;
    this.adaptive = adaptive;
    this.chooser = pool ? new ThreadChooser(pool.threads, adaptive) : null;
    this.gemmMin = minSplitWork ?? GEMM_MIN_THREADED;
    this.stepMin = minSplitWork ?? STEP_MIN_THREADED;
  }

  /** Threads the kernels run on, the calling one included. */
  get threads(): number {
    return this.pool?.threads ?? 1;
  }

  /** float32 arrays in the wasm memory (used in place by every kernel); float64 as usual. */
  alloc(dtype: DType, n: number): Arr {
    return dtype === 'float32' ? this.arena.resident(n) : new Float64Array(n);
  }

  /**
   * Bytes of the wasm memory: committedBytes (its size now), residentBytes (parameters and
   * optimizer state, with freed blocks awaiting reuse) and peakUsedBytes (its high-water mark
   * since `resetPeakMemory`: resident blocks plus the largest per-call scratch).
   */
  memoryStats(): { committedBytes: number; residentBytes: number; peakUsedBytes: number } {
    return this.arena.stats();
  }

  /** Restart the high-water mark of `memoryStats` at what is in use now. */
  resetPeakMemory(): void {
    this.arena.resetPeak();
  }

  /** Start splitting kernels over `pool` (used when the threads come up after the backend). */
  attachPool(pool: ThreadPool): void {
    if (this.pool) throw new ValueError('wasm backend: a thread pool is already attached');
    this.pool = pool;
    this.chooser = new ThreadChooser(pool.threads, this.adaptive);
  }

  /** Stop the worker threads; the backend then runs on the calling thread only. */
  async close(): Promise<void> {
    const p = this.pool;
    this.pool = null;
    await p?.close();
  }

  /** Floats of the per-thread packing buffers (see threadBuffers), for Arena.begin. */
  private threadBufferFloats(): number[] {
    return [this.threads * this.aPackFloats, this.threads * this.tmpFloats];
  }

  /** Per-thread packing buffers for `threads` threads: aPackFloats and tmpFloats floats each. */
  private threadBuffers(): [number, number] {
    const nt = this.threads;
    return [this.arena.alloc(nt * this.aPackFloats), this.arena.alloc(nt * this.tmpFloats)];
  }

  /**
   * Run SPMD `kernel(...args, bar, tid, nt)`: on one thread when the call is under `min`
   * multiply-adds or splits into fewer than two shares, else on one or all threads, whichever
   * the chooser has measured faster for calls of this kernel and size (see chooser.ts).
   */
  private runSplit(kernel: JobKernel, args: number[], work: number, min: number, shares: number): void {
    const pool = this.pool;
    const max = Math.min(this.threads, shares);
    if (!pool || max <= 1 || work < min) {
      (this.k[kernel] as (...a: number[]) => void)(...args, 0, 0, 1);
      return;
    }
    const key = ThreadChooser.key(kernel, work);
    const nt = this.chooser!.choose(key, max);
    const t0 = performance.now();
    pool.run(kernel, args, nt);
    this.chooser!.record(key, nt, performance.now() - t0, work);
  }

  // ---- linear algebra ------------------------------------------------------------------------
  gemm(g: Gemm): void {
    const { transA, transB, m, n, k, a, b, c } = g;
    if (!isF32(a, b, c) || m === 0 || n === 0 || k === 0) return jsBackend.gemm(g);
    const ar = this.arena;
    const aLen = transA ? extent(k, m, g.lda) : extent(m, k, g.lda);
    const bLen = transB ? extent(n, k, g.ldb) : extent(k, n, g.ldb);
    const cLen = extent(m, n, g.ldc);
    const aSub = a.subarray(g.aOffset, g.aOffset + aLen) as Float32Array;
    const bSub = b.subarray(g.bOffset, g.bOffset + bLen) as Float32Array;
    const cSub = c.subarray(g.cOffset, g.cOffset + cLen) as Float32Array;
    ar.begin(`gemm of [${m}, ${k}]·[${k}, ${n}]`, [aSub, bSub, cSub], [this.k.packedBSize(k, n), ...this.threadBufferFloats()]);
    const pa = ar.put(aSub);
    const pb = ar.put(bSub);
    const pc = ar.isResident(cSub) ? cSub.byteOffset : g.beta !== 0 ? ar.put(cSub) : ar.alloc(cLen);
    const bPack = ar.alloc(this.k.packedBSize(k, n));
    const [aPack, tmp] = this.threadBuffers();
    // Wide products split column panels of 8, tall ones row blocks of 4 (see assembly/gemm.ts).
    this.runSplit('gemmMT', [+transA, +transB, m, n, k, g.alpha, pa, g.lda, pb, g.ldb, g.beta, pc, g.ldc, bPack, aPack, tmp],
      m * n * k, this.gemmMin, m <= n ? Math.ceil(n / 8) : Math.floor(m / 4));
    if (pc === cSub.byteOffset && ar.isResident(cSub)) return;
    const view = ar.f32(pc, cLen);
    if (g.ldc === n) c.set(view, g.cOffset);
    else for (let i = 0; i < m; i++) c.set(view.subarray(i * g.ldc, i * g.ldc + n), g.cOffset + i * g.ldc);
  }

  /** Shares a recurrent layer splits into: its hidden units in multiples of 8 (see assembly/recurrent.ts). */
  private static recurrentShares(H: number): number {
    return H % 8 === 0 ? H / 8 : 1;
  }

  // ---- fused recurrent layers ------------------------------------------------------------------
  recurrentForward(a: RecurrentForwardArgs): void {
    const s = a.saved;
    const kind = compiledCellKind(a.kind);
    if (kind === null || !isF32(a.x, a.wIh, a.wHh, a.bIh, a.bHh, a.h0, a.c0, a.out, a.hN, a.cN, s?.gates, s?.hPrev, s?.aux, s?.cNew)) {
      return jsBackend.recurrentForward(a);
    }
    const { T, B, I, H } = a;
    const lstm = kind === 'lstm';
    const ar = this.arena;
    const k = this.k;
    ar.begin(`${KIND_NAME[kind]} forward over T=${T}, B=${B}, I=${I}, H=${H}`,
      [a.x, a.wIh, a.wHh, a.bIh, a.bHh, a.lengths, a.h0, lstm ? a.c0 : null, a.out, a.hN, lstm ? a.cN : null, s?.gates, s?.hPrev, s?.aux, lstm ? s?.cNew : null],
      [k.forwardScratch(KIND_ID[kind], T, B, I, H), ...this.threadBufferFloats()]);
    const x = ar.put(a.x as Float32Array);
    const wIh = ar.put(a.wIh as Float32Array);
    const wHh = ar.put(a.wHh as Float32Array);
    const bIh = ar.putOpt(a.bIh as Float32Array | null);
    const bHh = ar.putOpt(a.bHh as Float32Array | null);
    const lengths = ar.putOpt(a.lengths);
    const h0 = ar.put(a.h0 as Float32Array);
    const c0 = lstm ? ar.putOpt(a.c0 as Float32Array | null) : 0;
    const out = ar.out(a.out as Float32Array);
    const hN = ar.out(a.hN as Float32Array);
    const cN = lstm && a.cN ? ar.out(a.cN as Float32Array) : 0;
    const gates = s ? ar.out(s.gates as Float32Array) : 0;
    const hPrev = s ? ar.out(s.hPrev as Float32Array) : 0;
    const aux = s?.aux ? ar.out(s.aux as Float32Array) : 0;
    const cNew = s?.cNew && lstm ? ar.out(s.cNew as Float32Array) : 0;
    const scratch = ar.alloc(k.forwardScratch(KIND_ID[kind], T, B, I, H));
    const [aPack, tmp] = this.threadBuffers();
    // Split when one step's h·W_hhᵀ (B·G·H·H multiply-adds) pays for its barrier.
    this.runSplit('recurrentForward', [KIND_ID[kind], T, B, I, H, x, wIh, wHh, bIh, bHh, lengths, +a.reverse, h0, c0, out, hN, cN,
      gates, hPrev, aux, cNew, scratch, aPack, tmp], B * gatesOf(kind) * H * H, this.stepMin, WasmBackend.recurrentShares(H));
    ar.back(a.out as Float32Array, out);
    ar.back(a.hN as Float32Array, hN);
    ar.back(a.cN as Float32Array | null, cN);
    if (s) {
      ar.back(s.gates as Float32Array, gates);
      ar.back(s.hPrev as Float32Array, hPrev);
      ar.back(s.aux as Float32Array | null, aux);
      ar.back(s.cNew as Float32Array | null, cNew);
    }
  }

  recurrentBackward(a: RecurrentBackwardArgs): void {
    const s = a.saved;
    const kind = compiledCellKind(a.kind);
    if (kind === null || !isF32(a.x, a.wIh, a.wHh, s.gates, s.hPrev, s.aux, s.cNew, a.dOut, a.dhN, a.dcN, a.dx, a.dWIh, a.dWHh, a.dBIh, a.dBHh, a.dh0, a.dc0)) {
      return jsBackend.recurrentBackward(a);
    }
    const { T, B, I, H } = a;
    const lstm = kind === 'lstm';
    const ar = this.arena;
    const k = this.k;
    const gru = kind === 'gru';
    // Gradient norms: squared sums in f64 (2 floats each), per step and chunk of units (hSq) and per step (xSq).
    const norms = a.norms ?? null;
    const chunks = k.gradNormChunks(H);
    const hSqFloats = norms ? 2 * T * chunks : 0, xSqFloats = norms?.input && a.dx ? 2 * T : 0;
    ar.begin(`${KIND_NAME[kind]} backward over T=${T}, B=${B}, I=${I}, H=${H}`,
      [a.x, a.wIh, a.wHh, a.lengths, s.gates, s.hPrev, lstm || gru ? s.aux : null, lstm ? s.cNew : null, a.dOut, a.dhN, lstm ? a.dcN : null,
        a.dx, a.dWIh, a.dWHh, a.dBIh, a.dBHh, a.dh0, lstm ? a.dc0 : null],
      [k.backwardScratch(KIND_ID[kind], T, B, I, H), hSqFloats, xSqFloats, ...this.threadBufferFloats()]);
    const x = ar.put(a.x as Float32Array);
    const wIh = ar.put(a.wIh as Float32Array);
    const wHh = ar.put(a.wHh as Float32Array);
    const lengths = ar.putOpt(a.lengths);
    const gates = ar.put(s.gates as Float32Array);
    const hPrev = ar.put(s.hPrev as Float32Array);
    const aux = lstm || gru ? ar.put(s.aux as Float32Array) : 0;
    const cNew = lstm ? ar.put(s.cNew as Float32Array) : 0;
    const dOut = ar.putOpt(a.dOut as Float32Array | null);
    const dhN = ar.putOpt(a.dhN as Float32Array | null);
    const dcN = lstm ? ar.putOpt(a.dcN as Float32Array | null) : 0;
    const dx = ar.outOpt(a.dx as Float32Array | null);
    const dWIh = ar.out(a.dWIh as Float32Array);
    const dWHh = ar.out(a.dWHh as Float32Array);
    const dBIh = ar.outOpt(a.dBIh as Float32Array | null);
    const dBHh = ar.outOpt(a.dBHh as Float32Array | null);
    const dh0 = ar.out(a.dh0 as Float32Array);
    const dc0 = lstm && a.dc0 ? ar.out(a.dc0 as Float32Array) : 0;
    const hSq = hSqFloats ? ar.alloc(hSqFloats) : 0;
    const xSq = xSqFloats ? ar.alloc(xSqFloats) : 0;
    const scratch = ar.alloc(k.backwardScratch(KIND_ID[kind], T, B, I, H));
    const [aPack, tmp] = this.threadBuffers();
    this.runSplit('recurrentBackward', [KIND_ID[kind], T, B, I, H, x, wIh, wHh, lengths, +a.reverse, gates, hPrev, aux, cNew,
      dOut, dhN, dcN, dx, dWIh, dWHh, dBIh, dBHh, dh0, dc0, hSq, xSq, scratch, aPack, tmp], B * gatesOf(kind) * H * H, this.stepMin, WasmBackend.recurrentShares(H));
    if (norms && hSq) {
      // The chunks in unit order, so the sum is the same for every thread count.
      const sq = ar.f64(hSq, T * chunks);
      for (let t = 0; t < T; t++) {
        let v = 0;
        for (let c = 0; c < chunks; c++) v += sq[t * chunks + c];
        norms.hidden[t] = Math.sqrt(v);
      }
    }
    if (norms?.input && xSq) {
      const sq = ar.f64(xSq, T);
      for (let t = 0; t < T; t++) norms.input[t] = Math.sqrt(sq[t]);
    }
    ar.back(a.dx as Float32Array | null, dx);
    ar.back(a.dWIh as Float32Array, dWIh);
    ar.back(a.dWHh as Float32Array, dWHh);
    ar.back(a.dBIh as Float32Array | null, dBIh);
    ar.back(a.dBHh as Float32Array | null, dBHh);
    ar.back(a.dh0 as Float32Array, dh0);
    if (a.dc0) {
      if (dc0) ar.back(a.dc0 as Float32Array, dc0);
      else a.dc0.fill(0);
    }
  }

  // ---- embeddings ----------------------------------------------------------------------------
  gatherRows(table: Arr, dim: number, ids: Int32Array, out: Arr): void {
    if (!isF32(table, out)) return jsBackend.gatherRows(table, dim, ids, out);
    const ar = this.arena;
    ar.reset('gatherRows');
    const pt = ar.put(table as Float32Array);
    const pi = ar.put(ids);
    const po = ar.out(out as Float32Array);
    this.k.gatherRows(pt, dim, pi, ids.length, po);
    ar.back(out as Float32Array, po);
  }

  scatterAddRows(g: Arr, dim: number, ids: Int32Array, gTable: Arr, skip: number): void {
    if (!isF32(g, gTable)) return jsBackend.scatterAddRows(g, dim, ids, gTable, skip);
    const ar = this.arena;
    ar.reset('scatterAddRows');
    const pg = ar.put(g as Float32Array);
    const pi = ar.put(ids);
    const pt = ar.put(gTable as Float32Array);
    this.k.scatterAddRows(pg, dim, pi, ids.length, pt, skip);
    ar.back(gTable as Float32Array, pt);
  }

  // ---- optimizers (in place when the parameter and its state come from `alloc`) ---------------
  sgdUpdate(p: Arr, g: Arr, buf: Arr | null, o: SgdHyper): void {
    if (!isF32(p, g, buf)) return jsBackend.sgdUpdate(p, g, buf, o);
    const ar = this.arena;
    ar.reset('sgdUpdate');
    const pp = ar.put(p as Float32Array);
    const pg = ar.put(g as Float32Array);
    const pb = ar.putOpt(buf as Float32Array | null);
    this.k.sgdUpdate(p.length, pp, pg, pb, o.lr, o.momentum, o.dampening, +o.nesterov, o.weightDecay, +o.firstStep);
    ar.back(p as Float32Array, pp);
    ar.back(buf as Float32Array | null, pb);
  }

  adamUpdate(p: Arr, g: Arr, m: Arr, v: Arr, vMax: Arr | null, o: AdamHyper): void {
    if (!isF32(p, g, m, v, vMax)) return jsBackend.adamUpdate(p, g, m, v, vMax, o);
    const ar = this.arena;
    ar.reset('adamUpdate');
    const n = p.length;
    const pp = ar.put(p as Float32Array);
    const pg = ar.put(g as Float32Array);
    const pm = ar.put(m as Float32Array);
    const pv = ar.put(v as Float32Array);
    const px = ar.putOpt(vMax as Float32Array | null);
    const bc1 = 1 - Math.pow(o.beta1, o.step);
    const bc2 = 1 - Math.pow(o.beta2, o.step);
    this.k.adamUpdate(n, pp, pg, pm, pv, px, o.lr, o.beta1, o.beta2, o.eps, o.weightDecay, +o.decoupled, o.lr / bc1, Math.sqrt(bc2));
    ar.back(p as Float32Array, pp);
    ar.back(m as Float32Array, pm);
    ar.back(v as Float32Array, pv);
    ar.back(vMax as Float32Array | null, px);
  }

  /**
   * `adamUpdate` of every parameter in one kernel call whose loop walks them all; float32 ones
   * in wasm (resident arrays in place, others copied in and out), float64 ones in JS.
   */
  adamUpdateMany(params: readonly AdamParam[], o: AdamGroupHyper): void {
    const ar = this.arena;
    ar.reset('adamUpdateMany');
    const rows: number[][] = [];
    const wasm: AdamParam[] = [];
    let total = 0;
    for (const q of params) {
      if (!isF32(q.p, q.g, q.m, q.v, q.vMax)) {
        jsBackend.adamUpdate(q.p, q.g, q.m, q.v, q.vMax, { ...o, step: q.step });
        continue;
      }
      const bc1 = 1 - Math.pow(o.beta1, q.step);
      const bc2 = 1 - Math.pow(o.beta2, q.step);
      rows.push([q.p.length, ar.put(q.p as Float32Array), ar.put(q.g as Float32Array), ar.put(q.m as Float32Array),
        ar.put(q.v as Float32Array), ar.putOpt(q.vMax as Float32Array | null), o.lr / bc1, Math.sqrt(bc2)]);
      wasm.push(q);
      total += (q.p.length + 3) & ~3;
    }
    if (!rows.length) return;
    const table = this.paramTable(rows, 6);
    this.runSplit('adamUpdateMany', [rows.length, table, total, o.lr, o.beta1, o.beta2, o.eps, o.weightDecay, +o.decoupled],
      total, OPTIM_MIN_THREADED, Math.ceil(total / 1024));
    wasm.forEach((q, j) => {
      const r = rows[j];
      ar.back(q.p as Float32Array, r[1]);
      ar.back(q.m as Float32Array, r[3]);
      ar.back(q.v as Float32Array, r[4]);
      ar.back(q.vMax as Float32Array | null, r[5]);
    });
  }

  /** `sgdUpdate` of every parameter in one kernel call, as adamUpdateMany. */
  sgdUpdateMany(params: readonly SgdParam[], o: SgdGroupHyper): void {
    const ar = this.arena;
    ar.reset('sgdUpdateMany');
    const rows: number[][] = [];
    const wasm: SgdParam[] = [];
    let total = 0;
    for (const q of params) {
      if (!isF32(q.p, q.g, q.buf)) {
        jsBackend.sgdUpdate(q.p, q.g, q.buf, { ...o, firstStep: q.firstStep });
        continue;
      }
      rows.push([q.p.length, ar.put(q.p as Float32Array), ar.put(q.g as Float32Array), ar.putOpt(q.buf as Float32Array | null), 0, 0, +q.firstStep, 0]);
      wasm.push(q);
      total += (q.p.length + 3) & ~3;
    }
    if (!rows.length) return;
    const table = this.paramTable(rows, 8);
    this.runSplit('sgdUpdateMany', [rows.length, table, total, o.lr, o.momentum, o.dampening, +o.nesterov, o.weightDecay],
      total, OPTIM_MIN_THREADED, Math.ceil(total / 1024));
    wasm.forEach((q, j) => {
      ar.back(q.p as Float32Array, rows[j][1]);
      ar.back(q.buf as Float32Array | null, rows[j][3]);
    });
  }

  /** Write the records of a many-parameter update: 8 words each, i32 below column `firstFloat`, f32 from it. */
  private paramTable(rows: number[][], firstFloat: number): number {
    const words = PARAM_RECORD / 4;
    const table = this.arena.alloc(rows.length * words);
    const i32 = this.arena.i32(table, rows.length * words);
    const f32 = this.arena.f32(table, rows.length * words);
    rows.forEach((r, j) => r.forEach((x, c) => (c < firstFloat ? (i32[j * words + c] = x) : (f32[j * words + c] = x))));
    return table;
  }

  // ---- losses --------------------------------------------------------------------------------
  softmaxCrossEntropy(a: SoftmaxCrossEntropyArgs): void {
    if (!isF32(a.x, a.loss, a.grad)) return jsBackend.softmaxCrossEntropy(a);
    const ar = this.arena;
    ar.reset('softmaxCrossEntropy');
    const f32 = (v: Arr | null) => (v && !(v instanceof Float32Array) ? Float32Array.from(v) : (v as Float32Array | null));
    const x = ar.put(a.x as Float32Array);
    const targets = ar.put(a.targets);
    const rowWeight = ar.putOpt(f32(a.rowWeight));
    const classWeight = ar.putOpt(f32(a.classWeight));
    const loss = ar.out(a.loss as Float32Array);
    const grad = ar.outOpt(a.grad as Float32Array | null);
    this.k.softmaxCrossEntropy(x, a.N, a.C, targets, a.ignoreIndex, rowWeight, classWeight, a.labelSmoothing, loss, grad);
    ar.back(a.loss as Float32Array, loss);
    ar.back(a.grad as Float32Array | null, grad);
  }
}

/**
 * The build the options ask for on this engine: shared or unshared memory (memory-kind.ts), and
 * relaxed SIMD by default where the engine validates it. PlatformError when the backend cannot
 * run here, or relaxedSimd: true and the relaxed build does not validate.
 */
function chooseBuild(options: WasmBackendOptions): Uint8Array<ArrayBuffer> {
  const why = wasmUnavailableReason();
  if (why) throw new PlatformError(`wasm backend unavailable: ${why}`);
  const kind = kernelMemory();
  const relaxed = options.relaxedSimd ?? relaxedBuildRuns(kind);
  if (relaxed && !relaxedBuildRuns(kind)) throw new PlatformError(`wasm backend: this engine does not validate the relaxed-SIMD kernels; ${RELAXED_SIMD_HINT}`);
  return kernelBytes(kind, relaxed);
}

/**
 * The same backend, created synchronously (so it can be the default the first time an op needs
 * a backend): the module is compiled and instantiated at once, and kernels run on the calling
 * thread until the worker threads have started, from then on split as usual.
 */
export function createWasmBackendSync(options: WasmBackendOptions = {}): WasmBackend {
  const threads = kernelThreads(checkWasmOptions(options).threads);
  const bytes = chooseBuild(options);
  const memory = newKernelMemory();
  const module = new WebAssembly.Module(bytes);
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Kernels;
  const arena = new Arena(memory, (kernels.heapBase() + 63) & ~63);
  const backend = new WasmBackend(kernels, arena, null, options.minSplitWork, options.minSplitWork === undefined);
  if (threads > 1) {
    // Without threads the backend is still complete, so a pool that fails to start is not an error.
    ThreadPool.start(kernels, module, arena, threads).then((pool) => backend.attachPool(pool), () => undefined);
  }
  return backend;
}

/**
 * Load the kernels and return the WASM backend. Rejects with a ValueError for bad options
 * (see checkWasmOptions) and with a PlatformError giving the reason when this engine cannot run
 * the kernels (see wasmUnavailableReason) or relaxedSimd: true finds no relaxed SIMD. Worker
 * threads instantiate the same compiled module, so every thread runs the same build.
 */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const threads = kernelThreads(checkWasmOptions(options).threads);
  const bytes = chooseBuild(options);
  const memory = newKernelMemory();
  const module = await WebAssembly.compile(bytes);
  const kernels = await instantiateKernels(module, memory);
  const arena = new Arena(memory, (kernels.heapBase() + 63) & ~63);
  const pool = threads > 1 ? await ThreadPool.start(kernels, module, arena, threads) : null;
  return new WasmBackend(kernels, arena, pool, options.minSplitWork, options.minSplitWork === undefined);
}
