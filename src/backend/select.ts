import type { Backend } from './backend.js';
import { checkWasmOptions, type WasmBackendOptions } from './wasm/options.js';
import { madeDefault, useBackend } from './current.js';
import { jsBackend } from './js/index.js';
import { PlatformError, RecurrentError, ValueError } from '../errors.js';

/**
 * Which backend runs the kernels:
 * - 'js': the TypeScript reference backend;
 * - 'wasm': the WebAssembly SIMD backend (on a page that is not cross-origin isolated, hence
 *   without SharedArrayBuffer, its one-thread build on unshared memory); where it cannot load
 *   (no WebAssembly SIMD) setBackend rejects with a PlatformError giving the reason, and the
 *   backend in use stays;
 * - 'auto': 'wasm' where it loads, else 'js'.
 */
export type BackendName = 'js' | 'wasm' | 'auto';

const NAMES: readonly BackendName[] = ['js', 'wasm', 'auto'];

/** Loaded WASM backends by their options (JSON), each created once. */
const wasm = new Map<string, Promise<Backend>>();

/** The options that make a backend distinct (other keys, which do nothing, do not). */
function cacheKey(options: WasmBackendOptions): string {
  return JSON.stringify([options.threads, options.minSplitWork]);
}

/** Load the WASM backend once per options; its module (with the kernels) is imported on demand. */
function loadWasm(options: WasmBackendOptions): Promise<Backend> {
  const key = cacheKey(options);
  let b = wasm.get(key);
  if (!b) {
    b = import('./wasm/index.js').then((m) => m.createWasmBackend(options));
    wasm.set(key, b);
  }
  return b;
}

/**
 * Choose the backend every op uses from now on, and return it. Nothing happens at import time:
 * the WASM kernels are fetched, compiled and instantiated by the first call that asks for them
 * (once per distinct `options`).
 *
 * Call it before building models: parameters and optimizer state created while the wasm backend
 * is in use live in its memory, where its kernels use them without copying.
 *
 * Bad arguments are a ValueError, whatever the name: an unknown name, `threads` that is not an
 * integer in 1 … 4 × the cores (0, −1, 1.5, NaN, 10⁶), a negative or NaN `minSplitWork`.
 *
 * @param options for 'wasm' and 'auto': `threads` (default: every core in Node.js, 1 in browsers)
 * @example
 *   import { setBackend } from 'recurrent';
 *   const b = await setBackend('auto'); // b.name is 'wasm' where WebAssembly SIMD runs, else 'js'
 *   await setBackend('wasm', { threads: 2 }); // kernels split over the calling thread and a worker
 */
export async function setBackend(name: BackendName, options: WasmBackendOptions = {}): Promise<Backend> {
  if (!(NAMES as readonly unknown[]).includes(name)) {
    throw new ValueError(`setBackend: expected 'js', 'wasm' or 'auto', got ${typeof name === 'string' ? JSON.stringify(name.slice(0, 40)) : String(name)}`);
  }
  checkWasmOptions(options);
  if (name === 'js') {
    useBackend(jsBackend);
    return jsBackend;
  }
  // The default wasm backend, when already made, is the one to keep: models built so far hold
  // their parameters in its memory, and a second backend would start a second set of threads.
  const made = madeDefault();
  if (made?.name === 'wasm' && options.threads === undefined && options.minSplitWork === undefined) {
    useBackend(made);
    return made;
  }
  try {
    const b = await loadWasm(options);
    useBackend(b);
    return b;
  } catch (e) {
    wasm.delete(cacheKey(options));
    // Asked for by name: say why, never fall back silently.
    if (name === 'wasm') throw e instanceof RecurrentError ? e : new PlatformError(`wasm backend cannot load: ${String((e as Error)?.message ?? e).slice(0, 300)}; use setBackend('auto') or setBackend('js')`);
    useBackend(jsBackend);
    return jsBackend;
  }
}
