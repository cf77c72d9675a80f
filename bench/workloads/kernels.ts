// Kernel-level workloads: the W1–W6 train/inference steps written directly against the Backend
// kernels (fused recurrent forward/backward, GEMMs for the head, embedding rows, Adam), with the
// benchmark's shapes. They time what the backends control; bench/workloads/models.ts times the
// same steps through the library's layers once those exist.
import { performance } from 'node:perf_hooks';
import type { Backend, CellKind, Gemm, RecurrentGradNorms, RecurrentSaved } from '../../src/backend/backend.js';
import { gatesOf } from '../../src/backend/backend.js';

export interface Workload {
  name: string;
  what: string;
  /** Matmul FLOPs of one step (2·m·n·k per GEMM). */
  flops: number;
  /** Items per step for the throughput column (sequences, or tokens for streaming). */
  items: number;
  itemsUnit: string;
  /** Build the state for one backend and return the step to time. */
  setup(b: Backend): () => void;
}

/**
 * A workload timed step by step against its baseline instead of through a `setup` step: the
 * two alternate (one baseline step after each of its own), so both see the same machine load.
 */
export interface InterleavedWorkload extends Workload {
  /** The workload it is compared with. */
  baseline: string;
  /** What the ratio compares, for the line under the row ("through fit against the raw loop"). */
  comparison: string;
  /** Per-step times (ms) of `samples` steps after `warmup` steps, and of as many baseline steps interleaved with them. */
  timeSteps(b: Backend, warmup: number, samples: number): Promise<{ steps: number[]; baseline: number[] }>;
}

/** `variant` timed against `base`, step for step in alternation (both from their `setup`). */
export function interleaved(name: string, base: Workload, variant: Workload, comparison: string): InterleavedWorkload {
  return {
    ...variant, name, baseline: base.name, comparison,
    setup: () => {
      throw new Error(`${name} is timed against ${base.name} (timeSteps), not as a setup step`);
    },
    timeSteps: async (be, warmup, samples) => {
      const step = variant.setup(be), baseStep = base.setup(be);
      for (let i = 0; i < warmup; i++) {
        step();
        baseStep();
      }
      const steps: number[] = [], baseline: number[] = [];
      for (let i = 0; i < samples; i++) {
        const t0 = performance.now();
        step();
        const t1 = performance.now();
        baseStep();
        baseline.push(performance.now() - t1);
        steps.push(t1 - t0);
      }
      return { steps, baseline };
    },
  };
}

function rand(n: number, scale = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (Math.random() * 2 - 1) * scale;
  return a;
}

function gemm(b: Backend, transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float32Array, lda: number,
  bm: Float32Array, ldb: number, beta: number, c: Float32Array, ldc: number): void {
  const g: Gemm = { transA, transB, m, n, k, alpha: 1, a, aOffset: 0, lda, b: bm, bOffset: 0, ldb, beta, c, cOffset: 0, ldc };
  b.gemm(g);
}

export interface RecurrentSpec {
  name: string;
  kind: CellKind;
  B: number;
  T: number;
  I: number;
  H: number;
  /** Train (forward + backward + Adam) or forward only. */
  train: boolean;
  /** Linear head on the last step (W1–W3), on every step (W4), or none. */
  head: 'last' | 'every' | 'none';
  outFeatures: number;
  /** Embedding table rows (W4): the input is token ids, x = table rows. */
  vocab?: number;
  /** Streaming: batch 1, one step per call, state carried (W5). */
  streaming?: boolean;
  /** The backward also records the per-step gradient norms ‖∂L/∂h_t‖ (and ‖∂L/∂x_t‖ where dx is computed). */
  norms?: boolean;
}

function recurrentFlops(s: RecurrentSpec): number {
  const { T, B, I, H } = s;
  const GH = gatesOf(s.kind) * H;
  const TB = T * B;
  let f = 2 * TB * GH * I + 2 * TB * GH * H; // input projection + recurrent steps
  const headRows = s.head === 'every' ? TB : s.head === 'last' ? B : 0;
  f += 2 * headRows * s.outFeatures * H;
  if (s.train) {
    f += 2 * TB * H * GH + 2 * GH * I * TB + 2 * GH * H * TB; // dh per step, dW_ih, dW_hh
    if (s.vocab !== undefined) f += 2 * TB * I * GH; // dx, for the embedding gradient
    f += 2 * 2 * headRows * s.outFeatures * H; // head dW and dX
  }
  return f;
}

export function recurrentWorkload(s: RecurrentSpec): Workload {
  const what = `${s.kind} B=${s.B} T=${s.T} I=${s.I} H=${s.H}${s.train ? ' train' : ' forward'}${s.head !== 'none' ? ` head=${s.head}` : ''}${s.norms ? ', gradient norms recorded' : ''}`;
  return {
    name: s.name, what, flops: recurrentFlops(s),
    items: s.streaming ? 1 : s.B, itemsUnit: s.streaming ? 'steps' : 'seq',
    setup: (be) => setupRecurrent(be, s),
  };
}

function setupRecurrent(be: Backend, s: RecurrentSpec): () => void {
  const { kind, B, T, I, H, outFeatures: O } = s;
  const GH = gatesOf(kind) * H;
  const TB = T * B;
  const k = 1 / Math.sqrt(H);
  const params = {
    wIh: rand(GH * I, k), wHh: rand(GH * H, k), bIh: rand(GH, k), bHh: rand(GH, k),
    wOut: rand(O * H, k), bOut: rand(O, k),
    table: s.vocab ? rand(s.vocab * I) : null,
  };
  const grads = {
    wIh: new Float32Array(GH * I), wHh: new Float32Array(GH * H), bIh: new Float32Array(GH), bHh: new Float32Array(GH),
    wOut: new Float32Array(O * H), bOut: new Float32Array(O), table: s.vocab ? new Float32Array(s.vocab * I) : null,
  };
  const adam = Object.keys(params).filter((n) => params[n as keyof typeof params]).map((n) => {
    const p = params[n as keyof typeof params] as Float32Array;
    return { p, g: grads[n as keyof typeof grads] as Float32Array, m: new Float32Array(p.length), v: new Float32Array(p.length) };
  });
  const ids = s.vocab ? Int32Array.from({ length: TB }, () => Math.floor(Math.random() * (s.vocab as number))) : null;
  const x = s.vocab ? new Float32Array(TB * I) : rand(TB * I);
  const h = new Float32Array(B * H), c = new Float32Array(B * H);
  const out = new Float32Array(TB * H), hN = new Float32Array(B * H), cN = kind === 'lstm' ? new Float32Array(B * H) : null;
  const saved: RecurrentSaved | null = s.train ? {
    gates: new Float32Array(TB * GH), hPrev: new Float32Array(TB * H),
    aux: kind === 'lstm' || kind === 'gru' ? new Float32Array(TB * H) : null,
    cNew: kind === 'lstm' ? new Float32Array(TB * H) : null,
  } : null;
  const headRows = s.head === 'every' ? TB : B;
  const y = new Float32Array(headRows * O), dy = rand(headRows * O, 1e-3);
  const dOut = new Float32Array(TB * H), dhN = new Float32Array(B * H);
  const dx = ids ? new Float32Array(TB * I) : null;
  const dh0 = new Float32Array(B * H), dc0 = kind === 'lstm' ? new Float32Array(B * H) : null;
  const norms: RecurrentGradNorms | null = s.norms ? { hidden: new Float64Array(T), input: new Float64Array(T) } : null;
  let step = 0;

  return () => {
    if (ids && params.table) be.gatherRows(params.table, I, ids, x);
    const c0 = kind === 'lstm' ? (s.streaming ? c : new Float32Array(B * H)) : null;
    const h0 = s.streaming ? h : new Float32Array(B * H);
    be.recurrentForward({ kind, T, B, I, H, lengths: null, reverse: false, x, wIh: params.wIh, wHh: params.wHh,
      bIh: params.bIh, bHh: params.bHh, h0, c0, out, hN, cN, saved });
    if (s.streaming) {
      h.set(hN);
      if (cN) c.set(cN);
    }
    if (s.head === 'none') return;
    // y = h_last·W_outᵀ (the last step's rows are the last B rows of out), or every step's rows.
    const hs = s.head === 'every' ? out : out.subarray((T - 1) * B * H);
    gemm(be, false, true, headRows, O, H, hs, H, params.wOut, H, 0, y, O);
    if (!s.train || !saved) return;
    // Loss gradient dy is given; head backward: dW_out = dyᵀ·h, dh = dy·W_out.
    gemm(be, true, false, O, H, headRows, dy, O, hs, H, 0, grads.wOut, H);
    if (s.head === 'every') {
      gemm(be, false, false, TB, H, O, dy, O, params.wOut, H, 0, dOut, H);
    } else {
      dOut.fill(0);
      gemm(be, false, false, B, H, O, dy, O, params.wOut, H, 0, dOut.subarray((T - 1) * B * H), H);
    }
    be.recurrentBackward({ kind, T, B, I, H, lengths: null, reverse: false, x, wIh: params.wIh, wHh: params.wHh, saved,
      dOut, dhN, dcN: null, dx, dWIh: grads.wIh, dWHh: grads.wHh, dBIh: grads.bIh, dBHh: grads.bHh, dh0, dc0, norms });
    if (ids && grads.table) {
      grads.table.fill(0);
      be.scatterAddRows(dx as Float32Array, I, ids, grads.table, -1);
    }
    step++;
    for (const q of adam) be.adamUpdate(q.p, q.g, q.m, q.v, null, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step });
  };
}

/** The matmul lines: C = A·B for the given shapes. */
export function matmulWorkload(m: number, k: number, n: number): Workload {
  return {
    name: `matmul ${m}x${k}·${k}x${n}`, what: 'gemm, no transposes', flops: 2 * m * n * k, items: 1, itemsUnit: 'mm',
    setup: (be) => {
      const a = rand(m * k), bm = rand(k * n), c = new Float32Array(m * n);
      return () => gemm(be, false, false, m, n, k, a, k, bm, n, 0, c, n);
    },
  };
}

const W1: RecurrentSpec = { name: 'W1', kind: 'rnn_tanh', B: 32, T: 100, I: 32, H: 128, train: true, head: 'last', outFeatures: 1 };
const W2: RecurrentSpec = { name: 'W2', kind: 'lstm', B: 32, T: 100, I: 32, H: 128, train: true, head: 'last', outFeatures: 1 };
const NORMS = 'with gradient norms against the same step without';

/** W1–W6 at the kernel level (W1, W2 also with gradient norms), and the two matmul lines. */
export const KERNEL_WORKLOADS: Workload[] = [
  recurrentWorkload(W1),
  interleaved('W1-norms', recurrentWorkload(W1), recurrentWorkload({ ...W1, norms: true }), NORMS),
  recurrentWorkload(W2),
  interleaved('W2-norms', recurrentWorkload(W2), recurrentWorkload({ ...W2, norms: true }), NORMS),
  recurrentWorkload({ name: 'W2b', kind: 'lstm', B: 32, T: 100, I: 32, H: 512, train: true, head: 'last', outFeatures: 1 }),
  recurrentWorkload({ name: 'W3', kind: 'gru', B: 32, T: 100, I: 32, H: 256, train: true, head: 'last', outFeatures: 1 }),
  recurrentWorkload({ name: 'W4', kind: 'lstm', B: 32, T: 100, I: 64, H: 256, train: true, head: 'every', outFeatures: 65, vocab: 65 }),
  recurrentWorkload({ name: 'W5', kind: 'lstm', B: 1, T: 1, I: 32, H: 256, train: false, head: 'none', outFeatures: 0, streaming: true }),
  recurrentWorkload({ name: 'W6', kind: 'lstm', B: 64, T: 100, I: 32, H: 256, train: false, head: 'none', outFeatures: 0 }),
  matmulWorkload(32, 256, 1024),
  matmulWorkload(3200, 32, 1024),
];
