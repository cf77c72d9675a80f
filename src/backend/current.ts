import type { Backend } from './backend.js';
import { alloc, type Arr, type DType } from '../tensor/dtype.js';
import { jsBackend } from './js/index.js';
import { createWasmBackendSync } from './wasm/index.js';
import { createNativeBackendSync } from './native/index.js';

/**
 * The backend that ops use: chosen explicitly with `setBackend`, else the default, made the
 * first time an op needs a backend (nothing happens at import time): the native backend where its
 * addon was built at install (Node.js), else the WebAssembly backend where it loads (WebAssembly
 * SIMD; on shared memory where SharedArrayBuffer exists, else its one-thread build), else the
 * JavaScript reference backend. In Node.js the environment variable RECURRENT_BACKEND=js|wasm|native
 * chooses the default (one named that cannot load is an error at the first op).
 */
let current: Backend | null = null;
/** The default backend once made (it keeps its memory and threads even when another is chosen). */
let made: Backend | null = null;

/**
 * The backend every op runs on now: the one chosen with `setBackend` or `useBackend`, else the
 * default, made on the first call (native where its addon was built, else wasm, else js; see
 * above). Ops call it; users rarely need to, except to read which backend runs.
 *
 * @example
 * import { backend } from 'recurrent';
 * console.log(backend().name); // 'native', 'wasm' or 'js'
 */
export function backend(): Backend {
  return (current ??= defaultBackend());
}

/** The default backend if an op has already made it, else null. */
export function madeDefault(): Backend | null {
  return made;
}

function defaultBackend(): Backend {
  made = makeDefault();
  return made;
}

function makeDefault(): Backend {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.RECURRENT_BACKEND;
  if (env === 'js') return jsBackend;
  if (env !== 'wasm') {
    try {
      return createNativeBackendSync();
    } catch (e) {
      if (env === 'native') throw e;
    }
  }
  try {
    return createWasmBackendSync();
  } catch (e) {
    if (env === 'wasm') throw e;
    return jsBackend;
  }
}

/**
 * Use `b` for every op from now on.
 *
 * @example
 * useBackend(jsBackend); // the reference kernels, e.g. to compare a result
 */
export function useBackend(b: Backend): void {
  current = b;
}

/**
 * A zeroed array for long-lived data (parameters, optimizer state): in the current backend's
 * own storage where it has one (the wasm backend's memory, used by its kernels without copies),
 * else an ordinary typed array. Choose the backend before building the model to benefit.
 */
export function allocState(dtype: DType, n: number): Arr {
  return backend().alloc?.(dtype, n) ?? alloc(dtype, n);
}
