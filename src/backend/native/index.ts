import type { Arr } from '../../tensor/dtype.js';
import type { AdamGroupHyper, AdamHyper, AdamParam, Backend, CellKind, Gemm, RecurrentBackwardArgs, RecurrentForwardArgs, SgdGroupHyper, SgdHyper, SgdParam,
  SoftmaxCrossEntropyArgs } from '../backend.js';
import { gatesOf } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { JsDelegatedKernels } from '../js/delegates.js';
import { PlatformError } from '../../errors.js';
import { ThreadChooser } from '../wasm/chooser.js';
import type { NativeAddon, NativeHandle, RecurrentSplitId } from './addon-types.js';
import { loadNativeAddon } from './load.js';
import { checkNativeOptions, nativeThreads, type NativeBackendOptions, type NativeIsa, type RecurrentSplit } from './options.js';

export type { NativeBackendOptions, NativeIsa, RecurrentSplit } from './options.js';

/**
 * Work below which a call stays on one thread: multiply-adds for a GEMM and for one step of a
 * recurrent call (B·G·H·H), parameters for an optimizer update. From these sizes on a call is
 * split whenever it can be, unmeasured, except a recurrent call split by units (see `split`).
 * The GEMM's: dev/native-threshold-lab.ts, where the character model's head products split
 * 1.0–1.3× at 2^23 multiply-adds and 0.55–1.2× at 2^21–2^22 (a sleeping worker takes tens of
 * microseconds to wake); Adam splits 1.3–1.9× from 2^18 parameters.
 */
const GEMM_MIN_THREADED = 1 << 23;
const STEP_MIN_THREADED = 1 << 19;
const OPTIM_MIN_THREADED = 1 << 18;

/** The addon's kinds: every cell kind, the reset-before GRU included (native/src/gru_reset_before.cc). */
const KIND_ID: Record<CellKind, number> = { rnn_tanh: 0, rnn_relu: 1, lstm: 2, gru: 3, gru_reset_before: 4 };

/** Whether every given array is float32 (the native kernels' type; float64 calls go to the reference). */
function isF32(...xs: (Arr | null | undefined)[]): boolean {
  for (const x of xs) if (x && !(x instanceof Float32Array)) return false;
  return true;
}

const f32 = (x: Arr | null | undefined) => (x ?? null) as Float32Array | null;

/**
 * The native backend: float32 kernels in C++ (native/src), compiled at install for this
 * processor's instruction sets (AVX-512, AVX2 + FMA, or portable) and reached through Node-API.
 *
 * The kernels read and write the typed arrays in place, wherever they live (ordinary arrays,
 * the wasm memory), so nothing is copied and no array needs to come from `alloc`.
 *
 * Native: gemm, recurrentForward, recurrentBackward, gatherRows, scatterAddRows,
 * softmaxCrossEntropy, adamUpdate(Many), sgdUpdate(Many), and firstNonFinite from 128 floats
 * (the input check of every recurrent forward: 0.45 ms in JavaScript for W6's 204,800). Delegated to the JavaScript backend:
 * every float64 call (for gradient checks) and the memory-bound elementwise, reduction and
 * layout kernels, which V8 already runs at memory speed.
 *
 * With threads > 1, large GEMMs, the recurrent kernels (whole sequences of the batch per thread,
 * or each step split by hidden units: NativeBackendOptions.recurrentSplit) and the
 * many-parameter optimizer updates run on the calling thread and the addon's own threads, which
 * wait at barriers inside one call; a call is split from a given size on, except that whether a
 * recurrent call split by units pays is measured (the wasm backend's ThreadChooser). Every value
 * is computed the same way for every thread count.
 */
export class NativeBackend extends JsDelegatedKernels implements Backend {
  readonly name = 'native';
  /** The instruction set of the kernels in use. */
  readonly isa: NativeIsa;
  /** Threads the kernels run on, the calling one included. */
  readonly threads: number;
  private readonly splitUnits: number;
  private readonly splitRows: number;
  private readonly recurrentSplit: RecurrentSplit;
  private readonly chooser: ThreadChooser;
  /** Whether the recurrent calls split by units are measured (minSplitWork not given). */
  private readonly adaptive: boolean;
  private readonly gemmMin: number;
  private readonly stepMin: number;
  private open = true;

  constructor(private readonly addon: NativeAddon, private readonly h: NativeHandle, minSplitWork?: number, recurrentSplit: RecurrentSplit = 'auto') {
    super();
    const info = addon.info(h);
    this.isa = info.isa as NativeIsa;
    this.threads = info.threads;
    this.splitUnits = info.splitUnits;
    this.splitRows = info.splitRows;
    this.recurrentSplit = recurrentSplit;
    this.adaptive = minSplitWork === undefined;
    this.chooser = new ThreadChooser(this.threads, this.adaptive);
    this.gemmMin = minSplitWork ?? GEMM_MIN_THREADED;
    this.stepMin = minSplitWork ?? STEP_MIN_THREADED;
  }

  /** Bytes of the kernels' scratch memory now and its high-water mark since resetPeakMemory. */
  memoryStats(): { scratchBytes: number; peakScratchBytes: number } {
    return this.addon.memoryStats(this.h);
  }

  resetPeakMemory(): void {
    this.addon.resetPeak(this.h);
  }

  /** Stop the kernel threads; later calls run on the calling thread. */
  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.addon.close(this.h);
  }

  /**
   * Threads for one call of `kernel` with `work` multiply-adds that splits into at most `shares`:
   * one below `min`, else all it can use, or with `measured` what the chooser has measured
   * faster (`run` gets the count and is then timed for the chooser).
   *
   * Only a recurrent call split by units is measured: its threads meet at a barrier every step,
   * so on a machine whose other cores are busy each step can wait a time slice for a worker, and
   * one thread is then faster. Every other split call meets at most at a few barriers and the
   * addon's workers spin between calls, so a split above `min` costs microseconds; on a busy
   * machine it costs about what one thread would. Measuring those (trying one thread now and
   * then, and trusting noisy samples on a shared host) lost more than it saved:
   * dev/native-step-lab.ts, W4 on two threads as the chooser decided 1.32–1.47× one thread,
   * splitting every call 1.49–1.63×.
   */
  private split(kernel: string, work: number, min: number, shares: number, run: (nt: number) => void, measured = false): void {
    const max = this.open ? Math.min(this.threads, shares) : 1;
    if (max <= 1 || work < min) return run(1);
    if (!measured || !this.adaptive) return run(max);
    const key = ThreadChooser.key(kernel, work);
    const nt = this.chooser.choose(key, max);
    const t0 = performance.now();
    run(nt);
    this.chooser.record(key, nt, performance.now() - t0, work);
  }

  // ---- linear algebra ------------------------------------------------------------------------
  gemm(g: Gemm): void {
    const { transA, transB, m, n, k, a, b, c } = g;
    if (!isF32(a, b, c) || m === 0 || n === 0 || k === 0) return jsBackend.gemm(g);
    this.split('gemm', m * n * k, this.gemmMin, this.addon.gemmShares(transA, transB, m, n, k), (nt) =>
      this.addon.gemm(this.h, nt, transA, transB, m, n, k, g.alpha, a as Float32Array, g.aOffset, g.lda, b as Float32Array, g.bOffset, g.ldb,
        g.beta, c as Float32Array, g.cOffset, g.ldc));
  }

  // ---- fused recurrent layers ------------------------------------------------------------------
  /**
   * How a recurrent call of batch B and H units is split (RK_SPLIT_* of native/src/kernels.h)
   * and into at most how many shares: by rows as recurrentSplit says ('auto': recurrentRowsPay),
   * by units otherwise, and always by units when per-step gradient norms are recorded (their
   * sums are formed per chunk of units, the same for every thread count).
   */
  private recurrentPlan(kind: CellKind, B: number, H: number, norms: boolean): { split: RecurrentSplitId; shares: number } {
    const mode = this.recurrentSplit;
    const wide = !norms && B >= 2 * this.splitRows;
    // The reset-before GRU needs r of a whole sequence before its n: it splits by rows only.
    if (kind === 'gru_reset_before') return { split: 1, shares: wide ? Math.ceil(B / this.splitRows) : 1 };
    const rows = wide && (mode === 'rows' || (mode === 'auto' && recurrentRowsPay(B, H, this.splitRows, this.splitUnits, this.threads)));
    if (rows) return { split: 1, shares: Math.ceil(B / this.splitRows) };
    return { split: 0, shares: H % this.splitUnits === 0 ? H / this.splitUnits : 1 };
  }

  recurrentForward(a: RecurrentForwardArgs): void {
    const s = a.saved;
    const kind = a.kind;
    if (!isF32(a.x, a.wIh, a.wHh, a.bIh, a.bHh, a.h0, a.c0, a.out, a.hN, a.cN, s?.gates, s?.hPrev, s?.aux, s?.cNew)) {
      return jsBackend.recurrentForward(a);
    }
    const { T, B, I, H } = a;
    const lstm = kind === 'lstm', gru = kind === 'gru' || kind === 'gru_reset_before';
    const plan = this.recurrentPlan(kind, B, H, false);
    this.split(`recurrentForward${plan.split}`, B * gatesOf(kind) * H * H, this.stepMin, plan.shares, (nt) =>
      this.addon.recurrentForward(this.h, nt, KIND_ID[kind], T, B, I, H, a.reverse, a.x as Float32Array, a.wIh as Float32Array, a.wHh as Float32Array,
        f32(a.bIh), f32(a.bHh), a.lengths, a.h0 as Float32Array, lstm ? f32(a.c0) : null, a.out as Float32Array, a.hN as Float32Array,
        lstm ? f32(a.cN) : null, f32(s?.gates), f32(s?.hPrev), lstm || gru ? f32(s?.aux) : null, lstm ? f32(s?.cNew) : null, plan.split), plan.split === 0);
  }

  recurrentBackward(a: RecurrentBackwardArgs): void {
    const s = a.saved;
    const kind = a.kind;
    if (!isF32(a.x, a.wIh, a.wHh, s.gates, s.hPrev, s.aux, s.cNew, a.dOut, a.dhN, a.dcN, a.dx, a.dWIh, a.dWHh, a.dBIh, a.dBHh, a.dh0, a.dc0)) {
      return jsBackend.recurrentBackward(a);
    }
    const { T, B, I, H } = a;
    const lstm = kind === 'lstm', gru = kind === 'gru' || kind === 'gru_reset_before';
    const norms = a.norms ?? null;
    const hSq = norms ? new Float64Array(T) : null;
    const xSq = norms?.input && a.dx ? new Float64Array(T) : null;
    const plan = this.recurrentPlan(kind, B, H, hSq !== null);
    this.split(`recurrentBackward${plan.split}`, B * gatesOf(kind) * H * H, this.stepMin, plan.shares, (nt) =>
      this.addon.recurrentBackward(this.h, nt, KIND_ID[kind], T, B, I, H, a.reverse, a.x as Float32Array, a.wIh as Float32Array, a.wHh as Float32Array,
        a.lengths, s.gates as Float32Array, s.hPrev as Float32Array, lstm || gru ? f32(s.aux) : null, lstm ? f32(s.cNew) : null,
        f32(a.dOut), f32(a.dhN), lstm ? f32(a.dcN) : null, f32(a.dx), a.dWIh as Float32Array, a.dWHh as Float32Array, f32(a.dBIh), f32(a.dBHh),
        a.dh0 as Float32Array, lstm ? f32(a.dc0) : null, hSq, xSq, plan.split), plan.split === 0);
    if (!lstm && a.dc0) a.dc0.fill(0);
    if (norms && hSq) for (let t = 0; t < T; t++) norms.hidden[t] = Math.sqrt(hSq[t]);
    if (norms?.input && xSq) for (let t = 0; t < T; t++) norms.input[t] = Math.sqrt(xSq[t]);
  }

  // ---- checks ---------------------------------------------------------------------------------
  /** Below this many floats the addon call costs more than the JavaScript loop (dev/native-scan-lab.ts: ~85 ns a call, the loop ~1.2 ns a float). */
  private static readonly nativeScanFrom = 128;

  override firstNonFinite = (x: Arr): number =>
    x instanceof Float32Array && x.length >= NativeBackend.nativeScanFrom
      ? this.addon.firstNonFinite(this.h, x)
      : jsBackend.firstNonFinite(x);

  // ---- embeddings ----------------------------------------------------------------------------
  gatherRows(table: Arr, dim: number, ids: Int32Array, out: Arr): void {
    if (!isF32(table, out)) return jsBackend.gatherRows(table, dim, ids, out);
    this.addon.gatherRows(this.h, table as Float32Array, dim, ids, out as Float32Array);
  }

  scatterAddRows(g: Arr, dim: number, ids: Int32Array, gTable: Arr, skip: number): void {
    if (!isF32(g, gTable)) return jsBackend.scatterAddRows(g, dim, ids, gTable, skip);
    this.addon.scatterAddRows(this.h, g as Float32Array, dim, ids, gTable as Float32Array, skip);
  }

  // ---- optimizers (in place) -------------------------------------------------------------------
  sgdUpdate(p: Arr, g: Arr, buf: Arr | null, o: SgdHyper): void {
    this.sgdUpdateMany([{ p, g, buf, firstStep: o.firstStep }], o);
  }

  adamUpdate(p: Arr, g: Arr, m: Arr, v: Arr, vMax: Arr | null, o: AdamHyper): void {
    this.adamUpdateMany([{ p, g, m, v, vMax, step: o.step }], o);
  }

  /** Every float32 parameter in one kernel call split by element ranges; float64 ones in JS. */
  adamUpdateMany(params: readonly AdamParam[], o: AdamGroupHyper): void {
    const flat: (Float32Array | number | null)[] = [];
    let total = 0;
    for (const q of params) {
      if (!isF32(q.p, q.g, q.m, q.v, q.vMax)) {
        jsBackend.adamUpdate(q.p, q.g, q.m, q.v, q.vMax, { ...o, step: q.step });
        continue;
      }
      const bc1 = 1 - Math.pow(o.beta1, q.step);
      const bc2 = 1 - Math.pow(o.beta2, q.step);
      flat.push(q.p as Float32Array, q.g as Float32Array, q.m as Float32Array, q.v as Float32Array, f32(q.vMax), o.lr / bc1, Math.sqrt(bc2));
      total += q.p.length;
    }
    if (!flat.length) return;
    this.split('adamUpdateMany', total, OPTIM_MIN_THREADED, Math.ceil(total / 1024), (nt) =>
      this.addon.adamUpdateMany(this.h, nt, flat, o.lr, o.beta1, o.beta2, o.eps, o.weightDecay, o.decoupled));
  }

  sgdUpdateMany(params: readonly SgdParam[], o: SgdGroupHyper): void {
    const flat: (Float32Array | number | null)[] = [];
    let total = 0;
    for (const q of params) {
      if (!isF32(q.p, q.g, q.buf)) {
        jsBackend.sgdUpdate(q.p, q.g, q.buf, { ...o, firstStep: q.firstStep });
        continue;
      }
      flat.push(q.p as Float32Array, q.g as Float32Array, f32(q.buf), q.firstStep ? 1 : 0);
      total += q.p.length;
    }
    if (!flat.length) return;
    this.split('sgdUpdateMany', total, OPTIM_MIN_THREADED, Math.ceil(total / 1024), (nt) =>
      this.addon.sgdUpdateMany(this.h, nt, flat, o.lr, o.momentum, o.dampening, o.nesterov, o.weightDecay));
  }

  // ---- losses --------------------------------------------------------------------------------
  softmaxCrossEntropy(a: SoftmaxCrossEntropyArgs): void {
    if (!isF32(a.x, a.loss, a.grad)) return jsBackend.softmaxCrossEntropy(a);
    const toF32 = (v: Arr | null) => (v && !(v instanceof Float32Array) ? Float32Array.from(v) : (v as Float32Array | null));
    this.addon.softmaxCrossEntropy(this.h, a.x as Float32Array, a.N, a.C, a.targets, a.ignoreIndex, toF32(a.rowWeight), toF32(a.classWeight),
      a.labelSmoothing, a.loss as Float32Array, f32(a.grad));
  }
}

/**
 * Whether 'auto' splits a recurrent call of batch B and H hidden units by batch rows: when the
 * batch holds at least two whole row tiles and gives at least as many shares as the threads (or
 * as the split by units offers, if fewer). Without a barrier per step, rows split W3 (GRU-256,
 * B = 32) 1.75× and W4 1.81× on two threads where units gave 1.64× and 1.39×
 * (dev/native-rows-lab.ts); at H = 512 the two are even.
 */
export function recurrentRowsPay(B: number, H: number, rowTile: number, unitTile: number, threads: number): boolean {
  const rowShares = Math.floor(B / rowTile);
  const unitShares = H % unitTile === 0 ? H / unitTile : 1;
  return rowShares >= 2 && rowShares >= Math.min(threads, unitShares);
}

/** Why the native backend cannot run here, or null when it can. */
export function nativeUnavailableReason(): string | null {
  const r = loadNativeAddon();
  return 'reason' in r ? r.reason : null;
}

/** Instruction sets of the built addon this processor runs, best first ([] when it is not built). */
export function nativeIsas(): NativeIsa[] {
  const r = loadNativeAddon();
  return 'addon' in r ? (r.addon.isas() as NativeIsa[]) : [];
}

/**
 * The native backend, created at once (its threads start with it). A ValueError for bad options,
 * a PlatformError naming the reason when the addon is not built or does not load here, or when
 * `isa` asks for instructions this processor lacks.
 */
export function createNativeBackendSync(options: NativeBackendOptions = {}): NativeBackend {
  checkNativeOptions(options);
  const r = loadNativeAddon();
  if ('reason' in r) throw new PlatformError(`native backend unavailable: ${r.reason}`);
  const isas = r.addon.isas();
  const isa = options.isa ?? isas[0];
  if (!isas.includes(isa)) throw new PlatformError(`native backend: this processor cannot run the '${isa}' kernels (it runs ${isas.map((s) => `'${s}'`).join(', ')})`);
  return new NativeBackend(r.addon, r.addon.open(isa, nativeThreads(options)), options.minSplitWork, options.recurrentSplit);
}

/** `createNativeBackendSync` behind a promise, the shape of createWasmBackend. */
export async function createNativeBackend(options: NativeBackendOptions = {}): Promise<NativeBackend> {
  return createNativeBackendSync(options);
}
