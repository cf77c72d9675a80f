import type { Backend } from './backend.js';
import { checkWasmOptions, type WasmBackendOptions } from './wasm/options.js';
import { checkNativeOptions, type NativeBackendOptions } from './native/options.js';
import { madeDefault, useBackend } from './current.js';
import { jsBackend } from './js/index.js';
import { PlatformError, RecurrentError, ValueError } from '../errors.js';

/**
 * Which backend runs the kernels:
 * - 'js': the TypeScript reference backend;
 * - 'wasm': the WebAssembly SIMD backend (on a page that is not cross-origin isolated, hence
 *   without SharedArrayBuffer, its one-thread build on unshared memory);
 * - 'native': the C++ kernels built at install for this processor (Node.js only: AVX-512,
 *   AVX2 + FMA or portable code, with their own threads);
 * - 'auto': the first of 'native', 'wasm', 'js' that loads here.
 * Where a backend asked for by name cannot load (no WebAssembly SIMD; the addon not built),
 * setBackend rejects with a PlatformError giving the reason, and the backend in use stays.
 */
export type BackendName = 'js' | 'wasm' | 'native' | 'auto';

/** Options of setBackend('auto'): those that both the native and the wasm backend take. */
export type AutoBackendOptions = Pick<WasmBackendOptions & NativeBackendOptions, 'threads' | 'minSplitWork'>;

const NAMES: readonly BackendName[] = ['js', 'wasm', 'native', 'auto'];

/** Loaded backends by name and options (JSON), each created once. */
const loaded = new Map<string, Promise<Backend>>();

/** Load the named backend once per options; its module is imported on demand. */
function load(name: 'wasm' | 'native', options: WasmBackendOptions & NativeBackendOptions): Promise<Backend> {
  const key = JSON.stringify([name, options.threads, options.minSplitWork, name === 'native' ? options.isa : options.relaxedSimd]);
  let b = loaded.get(key);
  if (!b) {
    b = name === 'wasm'
      ? import('./wasm/index.js').then((m) => m.createWasmBackend(options))
      : import('./native/index.js').then((m) => m.createNativeBackend(options));
    b.catch(() => loaded.delete(key));
    loaded.set(key, b);
  }
  return b;
}

/**
 * Choose the backend every op uses from now on, and return it. Nothing happens at import time:
 * a backend's kernels are loaded (and its threads started) by the first call that asks for it,
 * once per distinct `options`.
 *
 * Call it before building models: parameters and optimizer state created while the wasm backend
 * is in use live in its memory, where its kernels use them without copying (the native and
 * js backends work on any array).
 *
 * Bad arguments are a ValueError, whatever the name: an unknown name, `threads` that is not an
 * integer in 1 … 4 × the cores (0, −1, 1.5, NaN, 10⁶), a negative or NaN `minSplitWork`, an
 * unknown `isa`.
 *
 * @param options `threads` (default: every core in Node.js, 1 in browsers), `minSplitWork`;
 *   for 'native' also `isa`
 * @example
 *   import { setBackend } from 'recurrent';
 *   const b = await setBackend('auto'); // 'native' where the addon was built, else 'wasm', else 'js'
 *   await setBackend('wasm', { threads: 2 }); // kernels split over the calling thread and a worker
 *   await setBackend('native', { isa: 'avx2', threads: 1 }); // the AVX2 kernels on one thread
 */
export async function setBackend(name: 'js'): Promise<Backend>;
export async function setBackend(name: 'wasm', options?: WasmBackendOptions): Promise<Backend>;
export async function setBackend(name: 'native', options?: NativeBackendOptions): Promise<Backend>;
export async function setBackend(name: BackendName, options?: AutoBackendOptions): Promise<Backend>;
export async function setBackend(name: BackendName, options: WasmBackendOptions & NativeBackendOptions = {}): Promise<Backend> {
  if (!(NAMES as readonly unknown[]).includes(name)) {
    throw new ValueError(`setBackend: expected 'js', 'wasm', 'native' or 'auto', got ${typeof name === 'string' ? JSON.stringify(name.slice(0, 40)) : String(name)}`);
  }
  if (name === 'native') checkNativeOptions(options);
  else checkWasmOptions(options);
  if (name === 'js') {
    useBackend(jsBackend);
    return jsBackend;
  }
  // The default backend, when already made, is the one to keep: models built so far may hold
  // their parameters in its memory, and a second backend would start a second set of threads.
  const made = madeDefault();
  const plain = Object.values(options).every((v) => v === undefined);
  if (made && plain && (made.name === name || (name === 'auto' && made.name !== 'js'))) {
    useBackend(made);
    return made;
  }
  const order: ('native' | 'wasm')[] = name === 'auto' ? ['native', 'wasm'] : [name];
  for (const candidate of order) {
    try {
      const b = await load(candidate, options);
      useBackend(b);
      return b;
    } catch (e) {
      // Asked for by name: say why, never fall back silently.
      if (name !== 'auto') {
        throw e instanceof RecurrentError ? e : new PlatformError(`${name} backend cannot load: ${String((e as Error)?.message ?? e).slice(0, 300)}; use setBackend('auto') or setBackend('js')`);
      }
    }
  }
  useBackend(jsBackend);
  return jsBackend;
}
