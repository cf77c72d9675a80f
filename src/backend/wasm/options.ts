/**
 * The options of the wasm backend and their check: the thread policy, apart from the kernels so
 * that `setBackend` can refuse bad options before it loads anything.
 */
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { ValueError } from '../../errors.js';
import { preview } from '../../io/json-preview.js';

/** Options of createWasmBackend and of setBackend('wasm' | 'auto', options). */
export interface WasmBackendOptions {
  /**
   * Threads that run the kernels, the calling one included: an integer in 1 … maxThreads()
   * (4 × the cores). Default: os.availableParallelism() in Node.js; 1 elsewhere (more than 1
   * needs Node's worker_threads).
   */
  threads?: number;
  /**
   * Work (multiply-adds) from which a call may be split across threads: a GEMM's m·n·k, a
   * recurrent step's B·G·H·H. By default GEMM_MIN_THREADED / STEP_MIN_THREADED, and whether a call
   * above them is split is decided by measured times (see chooser.ts). When given, every call
   * from this size on is split, unmeasured; tests pass 0 to split every call that can be split.
   */
  minSplitWork?: number;
}

/** The cores of this machine: os.availableParallelism() in Node.js, else 1. */
export function defaultThreads(): number {
  const os = lazyBuiltin('os');
  try {
    return os.availableParallelism();
  } catch {
    return 1;
  }
}

/**
 * Most threads the backend starts: 4 × the cores. The SPMD kernels meet at a barrier every
 * step, so threads beyond the cores only wait for each other; 4× leaves room to experiment with
 * oversubscription, while each worker is a JavaScript engine of its own (megabytes each), so a
 * request such as 10⁶ would exhaust memory and abort the process.
 */
export function maxThreads(): number {
  return 4 * Math.max(1, defaultThreads());
}

/**
 * Checks wasm backend options: `threads` an integer in 1 … maxThreads(), `minSplitWork` a
 * number ≥ 0; ValueError otherwise (never a silent fallback to another backend).
 */
export function checkWasmOptions(options: unknown): WasmBackendOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new ValueError(`wasm backend: options must be an object {threads?, minSplitWork?}, got ${preview(options, 60)}`);
  const { threads, minSplitWork } = options as Record<string, unknown>;
  const max = maxThreads();
  if (threads !== undefined && (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > max)) {
    throw new ValueError(`wasm backend: threads must be an integer in 1 … ${max} (4 × the ${max / 4} cores), got ${preview(threads, 60)}`);
  }
  if (minSplitWork !== undefined && (typeof minSplitWork !== 'number' || !(minSplitWork >= 0))) {
    throw new ValueError(`wasm backend: minSplitWork must be a number ≥ 0, got ${preview(minSplitWork, 60)}`);
  }
  return options as WasmBackendOptions;
}
