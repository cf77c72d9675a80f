import { KERNELS_MAX_PAGES, KERNELS_WASM_BASE64 } from './kernels.generated.js';

/** Exports of assembly/index.ts. Pointers are byte addresses; booleans are passed as 0/1. */
export interface Kernels {
  heapBase(): number;
  aPackFloats(): number;
  packedBSize(k: number, n: number): number;
  packB(transB: number, k: number, n: number, b: number, ldb: number, dst: number, jp0: number, jp1: number): void;
  gemmPacked(transA: number, m: number, n: number, k: number, alpha: number, a: number, lda: number, bPack: number,
    beta: number, c: number, ldc: number, aPack: number, tmp: number, jp0: number, jp1: number): void;
  gemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number, a: number, lda: number,
    b: number, ldb: number, beta: number, c: number, ldc: number, bPack: number, aPack: number, tmp: number): void;
  forwardScratch(kind: number, T: number, B: number, I: number, H: number): number;
  backwardScratch(kind: number, T: number, B: number, I: number, H: number): number;
  recurrentForward(kind: number, T: number, B: number, I: number, H: number, x: number, wIh: number, wHh: number,
    bIh: number, bHh: number, lengths: number, reverse: number, h0: number, c0: number, out: number, hN: number,
    cN: number, gates: number, hPrev: number, aux: number, cNew: number, scratch: number, aPack: number, tmp: number): void;
  recurrentBackward(kind: number, T: number, B: number, I: number, H: number, x: number, wIh: number, wHh: number,
    lengths: number, reverse: number, gates: number, hPrev: number, aux: number, cNew: number, dOut: number,
    dhN: number, dcN: number, dx: number, dWIh: number, dWHh: number, dBIh: number, dBHh: number, dh0: number,
    dc0: number, scratch: number, aPack: number, tmp: number): void;
  adamUpdate(n: number, p: number, g: number, m: number, v: number, vMax: number, lr: number, beta1: number,
    beta2: number, eps: number, weightDecay: number, decoupled: number, stepSize: number, sqrtBc2: number): void;
  sgdUpdate(n: number, p: number, g: number, buf: number, lr: number, momentum: number, dampening: number,
    nesterov: number, weightDecay: number, firstStep: number): void;
  gatherRows(table: number, dim: number, ids: number, count: number, out: number): void;
  scatterAddRows(g: number, dim: number, ids: number, count: number, gTable: number, skip: number): void;
}

/** Floats of the per-thread partial-tile buffer of the GEMM micro-kernel. */
export const TMP_FLOATS = 32;
const PAGE = 65536;

let bytesCache: Uint8Array<ArrayBuffer> | undefined;

/** The embedded module's bytes. `atob` exists in browsers and in Node ≥ 16. */
export function kernelBytes(): Uint8Array<ArrayBuffer> {
  if (!bytesCache) {
    const s = atob(KERNELS_WASM_BASE64);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    bytesCache = out;
  }
  return bytesCache;
}

/**
 * Why the WASM backend cannot run here, or null when it can: the engine must validate a
 * module using 128-bit SIMD and shared memory, and SharedArrayBuffer must exist (browsers
 * provide it only on cross-origin-isolated pages).
 */
export function wasmUnavailableReason(): string | null {
  if (typeof WebAssembly !== 'object') return 'WebAssembly is not available';
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is not available (the page is not cross-origin isolated)';
  if (!WebAssembly.validate(kernelBytes())) return 'this engine does not support WebAssembly SIMD (128-bit) with shared memory';
  return null;
}

export function newSharedMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 16, maximum: KERNELS_MAX_PAGES, shared: true });
}

/** Instantiate the kernels on `memory` (shared between the main thread and workers). */
export async function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<Kernels> {
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return instance.exports as unknown as Kernels;
}

/**
 * A bump allocator over the wasm memory. Every kernel call starts with `reset()`, allocates its
 * arguments and scratch, copies inputs in, runs, and copies outputs out; nothing outlives a
 * call, so there is nothing to free. Views are made fresh after allocation, so they always see
 * the grown memory.
 */
export class Arena {
  private top: number;

  constructor(readonly memory: WebAssembly.Memory, readonly base: number) {
    this.top = base;
  }

  reset(): void {
    this.top = this.base;
  }

  /** Reserve `count` 4-byte elements, 64-byte aligned; grows the memory as needed. */
  alloc(count: number): number {
    const p = this.top;
    this.top = (p + count * 4 + 63) & ~63;
    const have = this.memory.buffer.byteLength;
    if (this.top > have) {
      const pages = Math.ceil((this.top - have) / PAGE);
      if (have / PAGE + pages > KERNELS_MAX_PAGES) {
        throw new RangeError(`wasm backend: a kernel needs ${this.top} bytes of memory, more than the ${KERNELS_MAX_PAGES * PAGE} available`);
      }
      this.memory.grow(pages);
    }
    return p;
  }

  f32(ptr: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, n);
  }

  i32(ptr: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, n);
  }

  /** Allocate and copy `src` in. */
  put(src: Float32Array | Int32Array): number {
    const p = this.alloc(src.length);
    if (src instanceof Int32Array) this.i32(p, src.length).set(src);
    else this.f32(p, src.length).set(src);
    return p;
  }

  /** `put`, or 0 for null. */
  putOpt(src: Float32Array | Int32Array | null | undefined): number {
    return src ? this.put(src) : 0;
  }
}
