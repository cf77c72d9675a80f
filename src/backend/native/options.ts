import { ValueError } from '../../errors.js';
import { preview } from '../../io/json-preview.js';
import { checkWasmOptions, defaultThreads } from '../wasm/options.js';

/** Instruction sets the native kernels are built for, best first. */
export const NATIVE_ISAS = ['avx512', 'avx2', 'generic'] as const;
/** An instruction set of the native kernels: 'avx512', 'avx2' (with FMA) or 'generic' (portable C++). */
export type NativeIsa = (typeof NATIVE_ISAS)[number];

/** Options of createNativeBackend and of setBackend('native', options). */
export interface NativeBackendOptions {
  /**
   * Threads that run the kernels, the calling one included: an integer in 1 … 4 × the cores.
   * Default: os.availableParallelism().
   */
  threads?: number;
  /**
   * Work (multiply-adds) from which a call is split across threads. Default: per kernel, sizes
   * from which a split pays on an idle machine (GEMMs from 2^23 multiply-adds, optimizer
   * updates from 2^18 parameters, recurrent calls from 2^19 per step), with a recurrent call
   * split by units (a barrier every step) split only where measured faster (see
   * ../wasm/chooser.ts). When given, every call from this size on is split, unmeasured (tests
   * pass 0).
   */
  minSplitWork?: number;
  /**
   * The build of the kernels to run: 'avx512', 'avx2' (with FMA) or 'generic' (portable C, SSE2 on
   * x86-64, NEON on arm64). Default: the best this processor runs. One it cannot run is a
   * PlatformError.
   */
  isa?: NativeIsa;
  /**
   * How two or more threads share one recurrent layer call: 'units' splits the hidden units of
   * every step (the threads meet at a barrier each step), 'rows' gives each thread an even
   * share of the batch's sequences, at least one tile of the kernels' rows (no barrier per step;
   * each thread reads all of W_hh every step). Both compute every value as one thread does. Default 'auto':
   * rows when the batch holds at least two row tiles (16 sequences with the AVX-512 kernels) and
   * as many as the threads, else units. Calls that record per-step gradient norms always split
   * by units.
   */
  recurrentSplit?: RecurrentSplit;
}

/** Values of NativeBackendOptions.recurrentSplit. */
export const RECURRENT_SPLITS = ['auto', 'units', 'rows'] as const;
export type RecurrentSplit = (typeof RECURRENT_SPLITS)[number];

/** Checks native backend options as checkWasmOptions does, plus `isa`; ValueError otherwise. */
export function checkNativeOptions(options: unknown): NativeBackendOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new ValueError(`native backend: options must be an object {threads?, minSplitWork?, isa?, recurrentSplit?}, got ${preview(options, 60)}`);
  const { isa, relaxedSimd, recurrentSplit, ...rest } = options as Record<string, unknown>;
  // The wasm backend's own option: refused here rather than accepted and ignored.
  if (relaxedSimd !== undefined) throw new ValueError(`native backend: relaxedSimd is an option of the wasm backend (setBackend('wasm', { relaxedSimd })), not of native`);
  try {
    checkWasmOptions(rest);
  } catch (e) {
    throw e instanceof ValueError ? new ValueError(e.message.replace(/^wasm backend/, 'native backend')) : e;
  }
  if (isa !== undefined && !(NATIVE_ISAS as readonly unknown[]).includes(isa)) {
    throw new ValueError(`native backend: isa must be one of ${NATIVE_ISAS.map((s) => `'${s}'`).join(', ')}, got ${preview(isa, 60)}`);
  }
  if (recurrentSplit !== undefined && !(RECURRENT_SPLITS as readonly unknown[]).includes(recurrentSplit)) {
    throw new ValueError(`native backend: recurrentSplit must be one of ${RECURRENT_SPLITS.map((s) => `'${s}'`).join(', ')}, got ${preview(recurrentSplit, 60)}`);
  }
  return options as NativeBackendOptions;
}

/** Threads of a backend made with `options` (already checked). */
export function nativeThreads(options: NativeBackendOptions): number {
  return options.threads ?? defaultThreads();
}
