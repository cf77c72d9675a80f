import type { Arr } from '../../tensor/dtype.js';
import type { AdamHyper, Backend, CellKind, Gemm, RecurrentBackwardArgs, RecurrentForwardArgs, SgdHyper } from '../backend.js';
import { gatesOf } from '../backend.js';
import { jsBackend } from '../js/index.js';
import { Arena, instantiateKernels, kernelBytes, newSharedMemory, TMP_FLOATS, wasmUnavailableReason, type Kernels } from './module.js';

/**
 * The WebAssembly SIMD backend: float32 kernels compiled from assembly/*.ts.
 *
 * In wasm (float32 arrays): gemm, recurrentForward, recurrentBackward, gatherRows,
 * scatterAddRows, adamUpdate, sgdUpdate.
 * Delegated to the JavaScript backend: every float64 call (float64 exists for gradient checks,
 * where the reference is the right tool), and the memory-bound kernels binary, binaryScalar,
 * unary, unaryGrad, clamp, fill, firstNonFinite, sumTo, reduceAxis, sumSquares, permute,
 * blockCopy, softmax, softmaxGrad, rmspropUpdate, adagradUpdate: each touches every element
 * once, so copying its operands into wasm memory and back costs as much as the work saved.
 */
/**
 * Options of createWasmBackend. Empty for now: the kernels run on the calling thread. (The
 * memory is already shared so worker threads can split GEMMs and recurrent steps later; a
 * `threads` option arrives with them.)
 */
export type WasmBackendOptions = Record<string, never>;

const KIND_ID: Record<CellKind, number> = { rnn_tanh: 0, rnn_relu: 1, lstm: 2, gru: 3 };

function isF32(...xs: (Arr | null | undefined)[]): boolean {
  for (const x of xs) if (x && !(x instanceof Float32Array)) return false;
  return true;
}

/** Elements spanned by a row-major [rows, cols] sub-array with leading dimension ld. */
function extent(rows: number, cols: number, ld: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
}

export class WasmBackend implements Backend {
  readonly name = 'wasm';
  private readonly aPackFloats: number;

  constructor(private readonly k: Kernels, private readonly arena: Arena) {
    this.aPackFloats = k.aPackFloats();
  }

  // ---- delegated (see the class comment) -----------------------------------------------------
  binary = jsBackend.binary;
  binaryScalar = jsBackend.binaryScalar;
  unary = jsBackend.unary;
  unaryGrad = jsBackend.unaryGrad;
  clamp = jsBackend.clamp;
  fill = jsBackend.fill;
  firstNonFinite = jsBackend.firstNonFinite;
  sumTo = jsBackend.sumTo;
  reduceAxis = jsBackend.reduceAxis;
  sumSquares = jsBackend.sumSquares;
  permute = jsBackend.permute;
  blockCopy = jsBackend.blockCopy;
  softmax = jsBackend.softmax;
  softmaxGrad = jsBackend.softmaxGrad;
  rmspropUpdate = jsBackend.rmspropUpdate;
  adagradUpdate = jsBackend.adagradUpdate;

  // ---- linear algebra ------------------------------------------------------------------------
  gemm(g: Gemm): void {
    const { transA, transB, m, n, k, a, b, c } = g;
    if (!isF32(a, b, c) || m === 0 || n === 0 || k === 0) return jsBackend.gemm(g);
    const ar = this.arena;
    ar.reset();
    const aLen = transA ? extent(k, m, g.lda) : extent(m, k, g.lda);
    const bLen = transB ? extent(n, k, g.ldb) : extent(k, n, g.ldb);
    const cLen = extent(m, n, g.ldc);
    const pa = ar.put(a.subarray(g.aOffset, g.aOffset + aLen) as Float32Array);
    const pb = ar.put(b.subarray(g.bOffset, g.bOffset + bLen) as Float32Array);
    const pc = g.beta !== 0 ? ar.put(c.subarray(g.cOffset, g.cOffset + cLen) as Float32Array) : ar.alloc(cLen);
    const bPack = ar.alloc(this.k.packedBSize(k, n));
    const aPack = ar.alloc(this.aPackFloats);
    const tmp = ar.alloc(TMP_FLOATS);
    this.k.gemm(+transA, +transB, m, n, k, g.alpha, pa, g.lda, pb, g.ldb, g.beta, pc, g.ldc, bPack, aPack, tmp);
    const view = ar.f32(pc, cLen);
    if (g.ldc === n) c.set(view, g.cOffset);
    else for (let i = 0; i < m; i++) c.set(view.subarray(i * g.ldc, i * g.ldc + n), g.cOffset + i * g.ldc);
  }

  // ---- fused recurrent layers ------------------------------------------------------------------
  recurrentForward(a: RecurrentForwardArgs): void {
    const s = a.saved;
    if (!isF32(a.x, a.wIh, a.wHh, a.bIh, a.bHh, a.h0, a.c0, a.out, a.hN, a.cN, s?.gates, s?.hPrev, s?.aux, s?.cNew)) {
      return jsBackend.recurrentForward(a);
    }
    const { kind, T, B, I, H } = a;
    const GH = gatesOf(kind) * H;
    const lstm = kind === 'lstm';
    const ar = this.arena;
    const k = this.k;
    ar.reset();
    const x = ar.put(a.x as Float32Array);
    const wIh = ar.put(a.wIh as Float32Array);
    const wHh = ar.put(a.wHh as Float32Array);
    const bIh = ar.putOpt(a.bIh as Float32Array | null);
    const bHh = ar.putOpt(a.bHh as Float32Array | null);
    const lengths = ar.putOpt(a.lengths);
    const h0 = ar.put(a.h0 as Float32Array);
    const c0 = lstm ? ar.putOpt(a.c0 as Float32Array | null) : 0;
    const out = ar.alloc(T * B * H);
    const hN = ar.alloc(B * H);
    const cN = lstm ? ar.alloc(B * H) : 0;
    const gates = s ? ar.alloc(T * B * GH) : 0;
    const hPrev = s ? ar.alloc(T * B * H) : 0;
    const aux = s?.aux ? ar.alloc(T * B * H) : 0;
    const cNew = s?.cNew && lstm ? ar.alloc(T * B * H) : 0;
    const scratch = ar.alloc(k.forwardScratch(KIND_ID[kind], T, B, I, H));
    const aPack = ar.alloc(this.aPackFloats);
    const tmp = ar.alloc(TMP_FLOATS);
    k.recurrentForward(KIND_ID[kind], T, B, I, H, x, wIh, wHh, bIh, bHh, lengths, +a.reverse, h0, c0, out, hN, cN,
      gates, hPrev, aux, cNew, scratch, aPack, tmp);
    a.out.set(ar.f32(out, T * B * H));
    a.hN.set(ar.f32(hN, B * H));
    if (a.cN && cN) a.cN.set(ar.f32(cN, B * H));
    if (s) {
      s.gates.set(ar.f32(gates, T * B * GH));
      s.hPrev.set(ar.f32(hPrev, T * B * H));
      if (s.aux && aux) s.aux.set(ar.f32(aux, T * B * H));
      if (s.cNew && cNew) s.cNew.set(ar.f32(cNew, T * B * H));
    }
  }

  recurrentBackward(a: RecurrentBackwardArgs): void {
    const s = a.saved;
    if (!isF32(a.x, a.wIh, a.wHh, s.gates, s.hPrev, s.aux, s.cNew, a.dOut, a.dhN, a.dcN, a.dx, a.dWIh, a.dWHh, a.dBIh, a.dBHh, a.dh0, a.dc0)) {
      return jsBackend.recurrentBackward(a);
    }
    const { kind, T, B, I, H } = a;
    const GH = gatesOf(kind) * H;
    const lstm = kind === 'lstm';
    const ar = this.arena;
    const k = this.k;
    ar.reset();
    const x = ar.put(a.x as Float32Array);
    const wIh = ar.put(a.wIh as Float32Array);
    const wHh = ar.put(a.wHh as Float32Array);
    const lengths = ar.putOpt(a.lengths);
    const gates = ar.put(s.gates as Float32Array);
    const hPrev = ar.put(s.hPrev as Float32Array);
    const aux = kind === 'lstm' || kind === 'gru' ? ar.put(s.aux as Float32Array) : 0;
    const cNew = lstm ? ar.put(s.cNew as Float32Array) : 0;
    const dOut = ar.putOpt(a.dOut as Float32Array | null);
    const dhN = ar.putOpt(a.dhN as Float32Array | null);
    const dcN = lstm ? ar.putOpt(a.dcN as Float32Array | null) : 0;
    const dx = a.dx ? ar.alloc(T * B * I) : 0;
    const dWIh = ar.alloc(GH * I);
    const dWHh = ar.alloc(GH * H);
    const dBIh = a.dBIh ? ar.alloc(GH) : 0;
    const dBHh = a.dBHh ? ar.alloc(GH) : 0;
    const dh0 = ar.alloc(B * H);
    const dc0 = lstm ? ar.alloc(B * H) : 0;
    const scratch = ar.alloc(k.backwardScratch(KIND_ID[kind], T, B, I, H));
    const aPack = ar.alloc(this.aPackFloats);
    const tmp = ar.alloc(TMP_FLOATS);
    k.recurrentBackward(KIND_ID[kind], T, B, I, H, x, wIh, wHh, lengths, +a.reverse, gates, hPrev, aux, cNew,
      dOut, dhN, dcN, dx, dWIh, dWHh, dBIh, dBHh, dh0, dc0, scratch, aPack, tmp);
    if (a.dx) a.dx.set(ar.f32(dx, T * B * I));
    a.dWIh.set(ar.f32(dWIh, GH * I));
    a.dWHh.set(ar.f32(dWHh, GH * H));
    if (a.dBIh) a.dBIh.set(ar.f32(dBIh, GH));
    if (a.dBHh) a.dBHh.set(ar.f32(dBHh, GH));
    a.dh0.set(ar.f32(dh0, B * H));
    if (a.dc0) {
      if (dc0) a.dc0.set(ar.f32(dc0, B * H));
      else a.dc0.fill(0);
    }
  }

  // ---- embeddings ----------------------------------------------------------------------------
  gatherRows(table: Arr, dim: number, ids: Int32Array, out: Arr): void {
    if (!isF32(table, out)) return jsBackend.gatherRows(table, dim, ids, out);
    const ar = this.arena;
    ar.reset();
    const pt = ar.put(table as Float32Array);
    const pi = ar.put(ids);
    const po = ar.alloc(ids.length * dim);
    this.k.gatherRows(pt, dim, pi, ids.length, po);
    out.set(ar.f32(po, ids.length * dim));
  }

  scatterAddRows(g: Arr, dim: number, ids: Int32Array, gTable: Arr, skip: number): void {
    if (!isF32(g, gTable)) return jsBackend.scatterAddRows(g, dim, ids, gTable, skip);
    const ar = this.arena;
    ar.reset();
    const pg = ar.put(g as Float32Array);
    const pi = ar.put(ids);
    const pt = ar.put(gTable as Float32Array);
    this.k.scatterAddRows(pg, dim, pi, ids.length, pt, skip);
    gTable.set(ar.f32(pt, gTable.length));
  }

  // ---- optimizers ----------------------------------------------------------------------------
  sgdUpdate(p: Arr, g: Arr, buf: Arr | null, o: SgdHyper): void {
    if (!isF32(p, g, buf)) return jsBackend.sgdUpdate(p, g, buf, o);
    const ar = this.arena;
    ar.reset();
    const pp = ar.put(p as Float32Array);
    const pg = ar.put(g as Float32Array);
    const pb = ar.putOpt(buf as Float32Array | null);
    this.k.sgdUpdate(p.length, pp, pg, pb, o.lr, o.momentum, o.dampening, +o.nesterov, o.weightDecay, +o.firstStep);
    p.set(ar.f32(pp, p.length));
    if (buf) buf.set(ar.f32(pb, p.length));
  }

  adamUpdate(p: Arr, g: Arr, m: Arr, v: Arr, vMax: Arr | null, o: AdamHyper): void {
    if (!isF32(p, g, m, v, vMax)) return jsBackend.adamUpdate(p, g, m, v, vMax, o);
    const ar = this.arena;
    ar.reset();
    const n = p.length;
    const pp = ar.put(p as Float32Array);
    const pg = ar.put(g as Float32Array);
    const pm = ar.put(m as Float32Array);
    const pv = ar.put(v as Float32Array);
    const px = ar.putOpt(vMax as Float32Array | null);
    const bc1 = 1 - Math.pow(o.beta1, o.step);
    const bc2 = 1 - Math.pow(o.beta2, o.step);
    this.k.adamUpdate(n, pp, pg, pm, pv, px, o.lr, o.beta1, o.beta2, o.eps, o.weightDecay, +o.decoupled, o.lr / bc1, Math.sqrt(bc2));
    p.set(ar.f32(pp, n));
    m.set(ar.f32(pm, n));
    v.set(ar.f32(pv, n));
    if (vMax) vMax.set(ar.f32(px, n));
  }
}

/**
 * Load the kernels and return the WASM backend. Rejects with the reason when this engine
 * cannot run them (see wasmUnavailableReason); callers fall back to the JS backend.
 */
export async function createWasmBackend(_options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const why = wasmUnavailableReason();
  if (why) throw new Error(`wasm backend unavailable: ${why}`);
  const memory = newSharedMemory();
  const module = await WebAssembly.compile(kernelBytes());
  const kernels = await instantiateKernels(module, memory);
  return new WasmBackend(kernels, new Arena(memory, (kernels.heapBase() + 63) & ~63));
}
