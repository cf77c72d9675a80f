/**
 * The options of the wasm backend and their check: the thread policy, apart from the kernels so
 * that `setBackend` can refuse bad options before it loads anything.
 */
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { PlatformError, ValueError } from '../../errors.js';
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
  /**
   * Which build of the kernels runs: true the relaxed-SIMD one (its multiply-adds fused where
   * the processor has FMA; results within the same tolerances of the reference, rounded once
   * instead of twice), false the plain 128-bit SIMD one. Default: the relaxed build where the
   * engine supports relaxed SIMD (Node ≥ 22, current Chrome and Firefox; Node 20 with
   * --experimental-wasm-relaxed-simd), else the plain one. true on an engine without it is a
   * PlatformError.
   */
  relaxedSimd?: boolean;
}

/** What to do about an engine without relaxed SIMD. */
export const RELAXED_SIMD_HINT = 'use Node ≥ 22, or Node 20 with --experimental-wasm-relaxed-simd, or pass relaxedSimd: false';

/** A module whose one function uses f32x4.relaxed_madd (opcode 0xfd 0x105) on three zero vectors. */
function relaxedProbe(): Uint8Array<ArrayBuffer> {
  const zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)]; // v128.const 0
  const body = [0x00, ...zero, ...zero, ...zero, 0xfd, 0x85, 0x02, 0x0b];
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,
    0x03, 0x02, 0x01, 0x00, 0x0a, body.length + 2, 0x01, body.length, ...body]);
}

let relaxed: boolean | undefined;

/**
 * Whether this engine validates relaxed SIMD (fused multiply-add among it), so the relaxed build
 * of the kernels can run. Node 20 has it only behind --experimental-wasm-relaxed-simd. Here, not
 * in module.ts, so that checking options loads no kernels.
 */
export function relaxedSimdAvailable(): boolean {
  return (relaxed ??= typeof WebAssembly === 'object' && WebAssembly.validate(relaxedProbe()));
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
 * number ≥ 0, `relaxedSimd` a boolean; ValueError otherwise (never a silent fallback to another
 * backend). `relaxedSimd: true` on an engine without relaxed SIMD is a PlatformError.
 */
export function checkWasmOptions(options: unknown): WasmBackendOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new ValueError(`wasm backend: options must be an object {threads?, minSplitWork?, relaxedSimd?}, got ${preview(options, 60)}`);
  const { threads, minSplitWork, relaxedSimd } = options as Record<string, unknown>;
  const max = maxThreads();
  if (threads !== undefined && (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > max)) {
    throw new ValueError(`wasm backend: threads must be an integer in 1 … ${max} (4 × the ${max / 4} cores), got ${preview(threads, 60)}`);
  }
  if (minSplitWork !== undefined && (typeof minSplitWork !== 'number' || !(minSplitWork >= 0))) {
    throw new ValueError(`wasm backend: minSplitWork must be a number ≥ 0, got ${preview(minSplitWork, 60)}`);
  }
  if (relaxedSimd !== undefined && typeof relaxedSimd !== 'boolean') {
    throw new ValueError(`wasm backend: relaxedSimd must be true or false, got ${preview(relaxedSimd, 60)}`);
  }
  if (relaxedSimd === true && !relaxedSimdAvailable()) {
    throw new PlatformError(`wasm backend: relaxedSimd: true, but this engine does not support WebAssembly relaxed SIMD; ${RELAXED_SIMD_HINT}`);
  }
  return options as WasmBackendOptions;
}
