// Peak memory of one step of a workload (definitions at the top of bench/main.ts). Measured in a
// pass of its own, after the timed samples, so sampling never slows a timed step.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Backend } from '../src/backend/backend.js';
import { createWasmBackend, WasmBackend } from '../src/backend/wasm/index.js';
import { NativeBackend } from '../src/backend/native/index.js';
import type { Workload } from './workloads/kernels.js';

export interface MemoryResult {
  /** Peak of the V8 heap (heapUsed) during the step, above the heap before the model was built. */
  peak_heap_mb: number;
  /** Peak of ArrayBuffer storage outside the V8 heap (typed arrays: parameters, activations, gradients) during the step, likewise. */
  peak_buffers_mb: number;
  /** The wasm memory's high-water mark during the step (resident parameters and state + the largest per-call scratch); 0 on js. */
  peak_wasm_mb: number;
  /** The wasm memory's size after the step (what the process has reserved for it); 0 on js. */
  wasm_committed_mb: number;
  /** The native kernels' scratch high-water mark during the step (packing buffers, per-step state); 0 elsewhere. */
  peak_native_mb: number;
  /** peak_heap_mb + peak_buffers_mb + peak_wasm_mb + peak_native_mb. */
  peak_mb: number;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;

/** Collect garbage, twice with a pause between, so array buffers freed late are gone too. */
async function collect(): Promise<void> {
  gc();
  await new Promise((r) => setTimeout(r, 20));
  gc();
}

/** `be` with every kernel wrapped to call `sample` before and after it (instanceof and fields still see `be`). */
function sampling(be: Backend, sample: () => void): Backend {
  const wrapped = Object.create(be) as Record<string, unknown>;
  const names = new Set<string>();
  for (let o: object | null = be; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Object.getOwnPropertyNames(o)) names.add(k);
  }
  for (const k of names) {
    if (k === 'constructor') continue;
    const desc = Object.getOwnPropertyDescriptor(be, k) ?? Object.getOwnPropertyDescriptor(Object.getPrototypeOf(be) as object, k);
    if (!desc || desc.get || typeof desc.value !== 'function') continue;
    const fn = desc.value as (...a: unknown[]) => unknown;
    wrapped[k] = (...a: unknown[]) => {
      sample();
      const r = fn.apply(be, a);
      sample();
      return r;
    };
  }
  return wrapped as unknown as Backend;
}

/**
 * Build the workload afresh (on a fresh wasm backend of `threads` threads, so its memory holds
 * this model only), run one step to create the optimizer state, then measure one more step,
 * sampling process.memoryUsage() around every backend call.
 */
export async function measureMemory(w: Workload, be: Backend): Promise<MemoryResult> {
  const fresh = be instanceof WasmBackend ? await createWasmBackend({ threads: be.threads }) : be;
  let heap = 0, buffers = 0;
  const sample = () => {
    const u = process.memoryUsage();
    if (u.heapUsed > heap) heap = u.heapUsed;
    if (u.arrayBuffers > buffers) buffers = u.arrayBuffers;
  };
  await collect();
  const base = process.memoryUsage();
  const step = w.setup(sampling(fresh, sample));
  step();
  await collect();
  heap = 0;
  buffers = 0;
  if (fresh instanceof WasmBackend || fresh instanceof NativeBackend) fresh.resetPeakMemory();
  sample();
  step();
  sample();
  const wasm = fresh instanceof WasmBackend ? fresh.memoryStats() : null;
  const native = fresh instanceof NativeBackend ? fresh.memoryStats() : null;
  if (fresh !== be && fresh instanceof WasmBackend) await fresh.close();
  const r = {
    peak_heap_mb: (heap - base.heapUsed) / MB,
    peak_buffers_mb: (buffers - base.arrayBuffers) / MB,
    peak_wasm_mb: wasm ? wasm.peakUsedBytes / MB : 0,
    wasm_committed_mb: wasm ? wasm.committedBytes / MB : 0,
    peak_native_mb: native ? native.peakScratchBytes / MB : 0,
  };
  return { ...r, peak_mb: r.peak_heap_mb + r.peak_buffers_mb + r.peak_wasm_mb + r.peak_native_mb };
}
