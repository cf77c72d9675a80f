import { KERNELS_MAX_PAGES, KERNELS_RELAXED_UNSHARED_WASM_BASE64, KERNELS_RELAXED_WASM_BASE64, KERNELS_UNSHARED_WASM_BASE64,
  KERNELS_WASM_BASE64 } from './kernels.generated.js';
import { kernelMemory, type KernelMemory } from './memory-kind.js';
import { relaxedSimdAvailable } from './options.js';
import { ResourceError, ValueError } from '../../errors.js';

/** Exports of assembly/index.ts. Pointers are byte addresses; booleans are passed as 0/1. */
export interface Kernels {
  heapBase(): number;
  /** 1 in the relaxed-SIMD build, 0 in the plain one. */
  relaxedSimd(): number;
  aPackFloats(): number;
  /** Floats of the per-thread partial-tile buffer of the GEMM micro-kernels (a tile of the largest). */
  tmpFloats(): number;
  packedBSize(k: number, n: number): number;
  packB(transB: number, k: number, n: number, b: number, ldb: number, dst: number, jp0: number, jp1: number): void;
  gemmPacked(transA: number, m: number, n: number, k: number, alpha: number, a: number, lda: number, bPack: number,
    beta: number, c: number, ldc: number, aPack: number, tmp: number, jp0: number, jp1: number): void;
  gemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number, a: number, lda: number,
    b: number, ldb: number, beta: number, c: number, ldc: number, bPack: number, aPack: number, tmp: number): void;
  /** gemm shared by nt threads: thread tid's share; `bar` is the barrier they meet at. */
  gemmMT(transA: number, transB: number, m: number, n: number, k: number, alpha: number, a: number, lda: number,
    b: number, ldb: number, beta: number, c: number, ldc: number, bPack: number, aPack: number, tmp: number,
    bar: number, tid: number, nt: number): void;
  forwardScratch(kind: number, T: number, B: number, I: number, H: number): number;
  backwardScratch(kind: number, T: number, B: number, I: number, H: number): number;
  recurrentForward(kind: number, T: number, B: number, I: number, H: number, x: number, wIh: number, wHh: number,
    bIh: number, bHh: number, lengths: number, reverse: number, h0: number, c0: number, out: number, hN: number,
    cN: number, gates: number, hPrev: number, aux: number, cNew: number, scratch: number, aPack: number, tmp: number,
    bar: number, tid: number, nt: number): void;
  recurrentBackward(kind: number, T: number, B: number, I: number, H: number, x: number, wIh: number, wHh: number,
    lengths: number, reverse: number, gates: number, hPrev: number, aux: number, cNew: number, dOut: number,
    dhN: number, dcN: number, dx: number, dWIh: number, dWHh: number, dBIh: number, dBHh: number, dh0: number,
    dc0: number, hSq: number, xSq: number, scratch: number, aPack: number, tmp: number, bar: number, tid: number,
    nt: number): void;
  /** Chunks of hidden units in each step's row of recurrentBackward's hSq (f64 [T, chunks]). */
  gradNormChunks(H: number): number;
  adamUpdate(n: number, p: number, g: number, m: number, v: number, vMax: number, lr: number, beta1: number,
    beta2: number, eps: number, weightDecay: number, decoupled: number, stepSize: number, sqrtBc2: number): void;
  sgdUpdate(n: number, p: number, g: number, buf: number, lr: number, momentum: number, dampening: number,
    nesterov: number, weightDecay: number, firstStep: number): void;
  /** Over a table of `count` 32-byte records [n, p, g, m, v, vMax, stepSize, sqrtBc2] (see assembly/optim.ts). */
  adamUpdateMany(count: number, table: number, total: number, lr: number, beta1: number, beta2: number, eps: number,
    weightDecay: number, decoupled: number, bar: number, tid: number, nt: number): void;
  /** Over a table of `count` 32-byte records [n, p, g, buf, 0, 0, firstStep, 0]. */
  sgdUpdateMany(count: number, table: number, total: number, lr: number, momentum: number, dampening: number,
    nesterov: number, weightDecay: number, bar: number, tid: number, nt: number): void;
  softmaxCrossEntropy(x: number, N: number, C: number, targets: number, ignoreIndex: number, rowWeight: number,
    classWeight: number, eps: number, loss: number, grad: number): void;
  gatherRows(table: number, dim: number, ids: number, count: number, out: number): void;
  scatterAddRows(g: number, dim: number, ids: number, count: number, gTable: number, skip: number): void;
}

const PAGE = 65536;
/** Bytes the wasm memory may grow to: KERNELS_MAX_PAGES pages (2 GiB). */
export const MAX_MEMORY_BYTES = KERNELS_MAX_PAGES * PAGE;
/** Bytes of resident arrays at most: half of the memory's maximum (1 GiB). */
const RESIDENT_BUDGET = MAX_MEMORY_BYTES / 2;

/**
 * `bytes` rounded up to a multiple of 64, in double arithmetic: `(x + 63) & ~63` would wrap
 * past 2³¹ in int32 and hand out addresses below the ones in use.
 */
function align64(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/** What to do about a call too large for the wasm memory. */
const TOO_LARGE_HINT = "shorten the sequences (split them and carry the state across chunks) or the batch, or use setBackend('js'), whose arrays are not bound by the wasm memory";

const BASE64: Record<KernelMemory, Record<'plain' | 'relaxed', string>> = {
  shared: { plain: KERNELS_WASM_BASE64, relaxed: KERNELS_RELAXED_WASM_BASE64 },
  unshared: { plain: KERNELS_UNSHARED_WASM_BASE64, relaxed: KERNELS_RELAXED_UNSHARED_WASM_BASE64 },
};
const bytesCache = new Map<string, Uint8Array<ArrayBuffer>>();
const relaxedRuns = new Map<KernelMemory, boolean>();

/**
 * Whether this engine validates the relaxed-SIMD build of `kind`: it supports relaxed SIMD (the
 * probe) and everything else the module uses.
 */
export function relaxedBuildRuns(kind: KernelMemory = kernelMemory()): boolean {
  let ok = relaxedRuns.get(kind);
  if (ok === undefined) {
    ok = relaxedSimdAvailable() && WebAssembly.validate(kernelBytes(kind, true));
    relaxedRuns.set(kind, ok);
  }
  return ok;
}

/**
 * The embedded module's bytes. By default the build this engine runs: on shared memory, or on a
 * page without SharedArrayBuffer the one on unshared memory (see memory-kind.ts); with relaxed
 * SIMD where the engine validates that build, else plain SIMD. `relaxed` given picks that build
 * whether or not the engine runs it. `atob` exists in browsers and in Node ≥ 16.
 */
export function kernelBytes(kind: KernelMemory = kernelMemory(), relaxed: boolean = relaxedBuildRuns(kind)): Uint8Array<ArrayBuffer> {
  const key = `${kind} ${relaxed ? 'relaxed' : 'plain'}`;
  let out = bytesCache.get(key);
  if (!out) {
    const s = atob(BASE64[kind][relaxed ? 'relaxed' : 'plain']);
    out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    bytesCache.set(key, out);
  }
  return out;
}

/**
 * Why the WASM backend cannot run here, or null when it can: the engine must validate the plain
 * build, using 128-bit SIMD (and, where SharedArrayBuffer exists, shared memory; pages that are
 * not cross-origin isolated get the one-thread build on unshared memory).
 */
export function wasmUnavailableReason(): string | null {
  if (typeof WebAssembly !== 'object') return 'WebAssembly is not available';
  if (!WebAssembly.validate(kernelBytes(kernelMemory(), false))) return `this engine does not support WebAssembly SIMD (128-bit)${kernelMemory() === 'shared' ? ' with shared memory' : ''}`;
  return null;
}

export { relaxedSimdAvailable };

/** The memory the kernels of `kind` import: by default shared where SharedArrayBuffer exists, else unshared (one thread). */
export function newKernelMemory(kind: KernelMemory = kernelMemory()): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 16, maximum: KERNELS_MAX_PAGES, shared: kind === 'shared' });
}

/** Instantiate the kernels on `memory` (shared between the main thread and workers). */
export async function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<Kernels> {
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return instance.exports as unknown as Kernels;
}

/**
 * The wasm memory, in two parts:
 * - resident blocks [base, residentTop): arrays handed out by `resident()` (parameters and
 *   optimizer state), which live as long as the returned Float32Array; kernels use them in
 *   place, with no copy. A block returns to a free list (by size) when its array is collected.
 * - per-call scratch above residentTop: every kernel call starts with `reset()`, allocates its
 *   arguments and scratch, copies ordinary (JS-heap) inputs in, runs, and copies outputs out;
 *   nothing outlives a call, so there is nothing to free.
 * Shared memories never detach: after `memory.grow` the old SharedArrayBuffer object still
 * views the same (first) bytes, so arrays handed out earlier stay valid; `memory.buffer` is a
 * new object, so every buffer object seen is remembered to recognise resident arrays.
 * An unshared memory (pages that are not cross-origin isolated) detaches at every grow, so
 * there `resident()` hands out ordinary arrays and only the per-call scratch is in wasm memory.
 */
export class Arena {
  private top: number;
  private residentTop: number;
  /** Highest `top` since construction or `resetPeak` (a byte address). */
  private peakTop: number;
  /** The kernel call being prepared, for messages. */
  private what = 'a kernel call';
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private readonly free = new Map<number, number[]>();
  private readonly registry = new FinalizationRegistry<[number, number]>(([ptr, bytes]) => {
    const list = this.free.get(bytes);
    if (list) list.push(ptr);
    else this.free.set(bytes, [ptr]);
  });

  /** Whether the memory is shared (it never detaches), so resident arrays may live in it. */
  private readonly shared: boolean;

  constructor(readonly memory: WebAssembly.Memory, readonly base: number) {
    this.shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    this.top = base;
    this.residentTop = base;
    this.peakTop = base;
    this.buffers.add(memory.buffer);
  }

  /** Start a kernel call (`what` names it in errors): its scratch starts above the resident blocks. */
  reset(what = 'a kernel call'): void {
    this.top = this.residentTop;
    this.what = what;
  }

  /**
   * Start a kernel call and refuse it, before allocating anything, when its copied `arrays`
   * (resident ones need no copy) and `scratch` counts of floats would not fit in the memory:
   * a ResourceError saying how much was asked and the limit.
   */
  begin(what: string, arrays: readonly (Float32Array | Int32Array | Float64Array | null | undefined)[], scratch: readonly number[]): void {
    this.reset(what);
    let end = this.residentTop;
    for (const a of arrays) if (a && !this.isResident(a as Float32Array)) end = align64(end + a.length * 4);
    for (const n of scratch) end = align64(end + n * 4);
    if (end > MAX_MEMORY_BYTES) throw this.tooLarge(end);
  }

  private tooLarge(end: number): ResourceError {
    const resident = this.residentTop - this.base;
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
    return new ResourceError(`wasm backend: ${this.what} (wasm memory: arguments and scratch on top of ${mib(resident)} of parameters and optimizer state)`,
      end, MAX_MEMORY_BYTES, { hint: TOO_LARGE_HINT });
  }

  /**
   * Bytes of the memory: committed (its current size), residentBytes (resident blocks, free or
   * not, from the heap base), peakUsedBytes (the highest byte in use since `resetPeak`: static
   * data and stack, resident blocks, and the largest per-call scratch above them).
   */
  stats(): { committedBytes: number; residentBytes: number; peakUsedBytes: number } {
    return { committedBytes: this.memory.buffer.byteLength, residentBytes: this.residentTop - this.base, peakUsedBytes: this.peakTop };
  }

  /** Start a new high-water mark at what is in use now (resident blocks). */
  resetPeak(): void {
    this.peakTop = Math.max(this.top, this.residentTop);
  }

  /** Grow the memory so that byte `end` exists. */
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    if (end > MAX_MEMORY_BYTES) throw this.tooLarge(end);
    try {
      this.memory.grow(Math.ceil((end - have) / PAGE));
    } catch {
      // Below the maximum, but the engine or the system would not commit more memory.
      throw new ResourceError(`wasm backend: ${this.what} (the engine refused to grow the wasm memory from ${have} bytes)`, end, have, { hint: TOO_LARGE_HINT });
    }
    this.buffers.add(this.memory.buffer);
  }

  /** Reserve `count` 4-byte elements of scratch, 64-byte aligned; grows the memory as needed. */
  alloc(count: number): number {
    if (!(count >= 0)) throw new ValueError(`wasm backend: ${this.what}: cannot allocate ${count} elements`);
    const p = this.top;
    const end = align64(p + count * 4);
    this.ensure(end); // throws before `top` moves, so a refused call leaves the arena as it was
    this.top = end;
    if (this.top > this.peakTop) this.peakTop = this.top;
    return p;
  }

  /**
   * A zeroed Float32Array of `n` elements that lives in the wasm memory until it is collected.
   * Past RESIDENT_BUDGET bytes it is an ordinary array instead (kernels then copy it, as any
   * other): the garbage collector does not see wasm memory, so a program that builds many
   * models may free blocks late, and the budget keeps room for the per-call scratch.
   */
  resident(n: number): Float32Array {
    // An unshared memory detaches its buffer at every grow, which would empty the arrays handed
    // out before: there every array is an ordinary one, copied in and out per call.
    if (!this.shared) return new Float32Array(n);
    const bytes = Math.max(64, align64(n * 4));
    let ptr = this.free.get(bytes)?.pop();
    if (ptr === undefined) {
      if (this.residentTop + bytes - this.base > RESIDENT_BUDGET) return new Float32Array(n);
      ptr = this.residentTop;
      this.ensure(ptr + bytes);
      this.residentTop = ptr + bytes;
      this.top = Math.max(this.top, this.residentTop);
      if (this.top > this.peakTop) this.peakTop = this.top;
    }
    const a = new Float32Array(this.memory.buffer, ptr, n);
    a.fill(0);
    this.registry.register(a, [ptr, bytes]);
    return a;
  }

  /** Whether `a` views this memory, so kernels can use it in place at `a.byteOffset`. */
  isResident(a: Float32Array | Int32Array): boolean {
    return a.buffer === this.memory.buffer || this.buffers.has(a.buffer);
  }

  f32(ptr: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, n);
  }

  f64(ptr: number, n: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, n);
  }

  i32(ptr: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, n);
  }

  /** The address of input `src`: in place when resident, else a scratch copy. */
  put(src: Float32Array | Int32Array): number {
    if (this.isResident(src)) return src.byteOffset;
    const p = this.alloc(src.length);
    if (src instanceof Int32Array) this.i32(p, src.length).set(src);
    else this.f32(p, src.length).set(src);
    return p;
  }

  /** `put`, or 0 for null. */
  putOpt(src: Float32Array | Int32Array | null | undefined): number {
    return src ? this.put(src) : 0;
  }

  /** The address an output `dst` is written at: in place when resident, else scratch. */
  out(dst: Float32Array): number {
    return this.isResident(dst) ? dst.byteOffset : this.alloc(dst.length);
  }

  /** `out`, or 0 for null. */
  outOpt(dst: Float32Array | null | undefined): number {
    return dst ? this.out(dst) : 0;
  }

  /** Copy an output written at `ptr` back into `dst`, unless it was written in place. */
  back(dst: Float32Array | null | undefined, ptr: number): void {
    if (dst && ptr && !this.isResident(dst)) dst.set(this.f32(ptr, dst.length));
  }
}
