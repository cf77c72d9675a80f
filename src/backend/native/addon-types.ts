/**
 * The JavaScript face of the compiled addon (native/src/addon.cc), as loaded by `require`.
 * Arrays are passed as typed arrays and read and written in place (no copy): Float32Array for
 * float data, Int32Array for ids and lengths, Float64Array for the gradient-norm sums. `null`
 * is an absent optional array. Offsets are in elements of the typed array. Every function that
 * takes `nt` runs its kernel on nt threads (the calling one and nt − 1 of the handle's pool),
 * nt ≤ the handle's threads; the result does not depend on nt.
 *
 * A bad argument (wrong type, an array shorter than the shapes need) throws a TypeError or
 * RangeError naming the argument; the TypeScript side checks shapes before calling, so these
 * are guards, not the user-facing messages.
 */
export interface NativeAddon {
  /** Instruction sets this processor runs, best first, e.g. ['avx512', 'avx2', 'generic']. */
  isas(): string[];
  /** Open a kernel set for `isa` with a pool of `threads` threads (the caller included). */
  open(isa: string, threads: number): NativeHandle;
  /** Stop the handle's worker threads (later calls run on one thread). Idempotent. */
  close(h: NativeHandle): void;
  /** The build's facts: instruction set, split granularity of the recurrent kernels, threads. */
  info(h: NativeHandle): { isa: string; splitUnits: number; splitRows: number; threads: number };
  /** Bytes of scratch the handle holds now and its high-water mark (reset by resetPeak). */
  memoryStats(h: NativeHandle): { scratchBytes: number; peakScratchBytes: number };
  resetPeak(h: NativeHandle): void;

  /** The most threads a gemm of these sizes can use (1: it never splits). */
  gemmShares(transA: boolean, transB: boolean, m: number, n: number, k: number): number;
  gemm(h: NativeHandle, nt: number, transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float32Array, aOffset: number, lda: number, b: Float32Array, bOffset: number, ldb: number, beta: number,
    c: Float32Array, cOffset: number, ldc: number): void;

  /** kind: 0 RNN tanh, 1 RNN relu, 2 LSTM, 3 GRU. Saved arrays all given (training) or all null. */
  /**
   * `split`: how nt > 1 threads share the call (native/src/kernels.h): 0 by hidden units (a
   * barrier per step), 1 by batch rows (none; never for hSq, which is then split by units).
   */
  recurrentForward(h: NativeHandle, nt: number, kind: number, T: number, B: number, I: number, H: number, reverse: boolean,
    x: Float32Array, wIh: Float32Array, wHh: Float32Array, bIh: Float32Array | null, bHh: Float32Array | null,
    lengths: Int32Array | null, h0: Float32Array, c0: Float32Array | null, out: Float32Array, hN: Float32Array,
    cN: Float32Array | null, gates: Float32Array | null, hPrev: Float32Array | null, aux: Float32Array | null,
    cNew: Float32Array | null, split: RecurrentSplitId): void;

  /** hSq / xSq: Float64Array [T] receiving squared per-step gradient norms, or null. */
  recurrentBackward(h: NativeHandle, nt: number, kind: number, T: number, B: number, I: number, H: number, reverse: boolean,
    x: Float32Array, wIh: Float32Array, wHh: Float32Array, lengths: Int32Array | null, gates: Float32Array,
    hPrev: Float32Array, aux: Float32Array | null, cNew: Float32Array | null, dOut: Float32Array | null,
    dhN: Float32Array | null, dcN: Float32Array | null, dx: Float32Array | null, dWIh: Float32Array, dWHh: Float32Array,
    dBIh: Float32Array | null, dBHh: Float32Array | null, dh0: Float32Array, dc0: Float32Array | null,
    hSq: Float64Array | null, xSq: Float64Array | null, split: RecurrentSplitId): void;

  /**
   * Adam over many parameters: `params` is a flat array of 7-tuples
   * [p, g, m, v, vMax | null, lrOverBc1, sqrtBc2] (bias corrections per parameter's own step).
   */
  adamUpdateMany(h: NativeHandle, nt: number, params: (Float32Array | number | null)[], lr: number, beta1: number, beta2: number,
    eps: number, weightDecay: number, decoupled: boolean): void;
  /** SGD over many parameters: `params` is a flat array of 4-tuples [p, g, buf | null, firstStep (0/1)]. */
  sgdUpdateMany(h: NativeHandle, nt: number, params: (Float32Array | number | null)[], lr: number, momentum: number,
    dampening: number, nesterov: boolean, weightDecay: number): void;

  /** The index of the first NaN or ±∞ of x, or -1. */
  firstNonFinite(h: NativeHandle, x: Float32Array): number;
  gatherRows(h: NativeHandle, table: Float32Array, dim: number, ids: Int32Array, out: Float32Array): void;
  scatterAddRows(h: NativeHandle, g: Float32Array, dim: number, ids: Int32Array, gTable: Float32Array, skip: number): void;
  softmaxCrossEntropy(h: NativeHandle, x: Float32Array, N: number, C: number, targets: Int32Array, ignoreIndex: number,
    rowWeight: Float32Array | null, classWeight: Float32Array | null, labelSmoothing: number, loss: Float32Array,
    grad: Float32Array | null): void;
}

/** An opened kernel set (a Node-API external); opaque to JavaScript. */
export type NativeHandle = { readonly __nativeHandle: unique symbol };

/** RK_SPLIT_UNITS (0) or RK_SPLIT_ROWS (1) of native/src/kernels.h. */
export type RecurrentSplitId = 0 | 1;
