import type { Kernels } from './module.js';

/**
 * A job is one SPMD kernel call that every thread runs with its own thread id. The main thread
 * writes it into a slot in the shared wasm memory: ctl = Int32 [seq, done, nt, kernel, argc],
 * then up to 40 float64 arguments (every kernel argument is a number: an address, a size, a
 * flag or a float32 scalar, all exact in float64). Workers wake on seq, run their share when
 * their id is below nt, and count themselves into done.
 */
export interface JobSlot {
  ctl: Int32Array;
  args: Float64Array;
}

/** Bytes of a job slot; the 8-byte barrier the kernels share follows it. */
export const SLOT_BYTES = 32 + 40 * 8;

/** The kernels that run as jobs; each takes (…its arguments, bar, tid, nt). */
export const JOB_KERNELS = ['gemmMT', 'recurrentForward', 'recurrentBackward', 'adamUpdateMany', 'sgdUpdateMany'] as const;
export type JobKernel = (typeof JOB_KERNELS)[number];

/** Spin iterations on a shared word before sleeping on it (a futex wake costs ~10–50 µs). */
export const SPIN = 1 << 10;

export interface WorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  slot: number;
  tid: number;
}

/** Run this thread's share of the job in `slot`. */
export function runJob(k: Kernels, slot: JobSlot, tid: number): void {
  const nt = slot.ctl[2];
  if (tid >= nt) return;
  const fn = k[JOB_KERNELS[slot.ctl[3]]] as (...a: number[]) => void;
  fn(...Array.from(slot.args.subarray(0, slot.ctl[4])), tid, nt);
}
