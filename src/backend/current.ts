import type { Backend } from './backend.js';
import { alloc, type Arr, type DType } from '../tensor/dtype.js';
import { jsBackend } from './js/index.js';

/**
 * The backend that ops use. Chosen explicitly with `setBackend`; there is no import-time
 * registration. Starts as the JavaScript reference backend.
 */
let current: Backend = jsBackend;

export function backend(): Backend {
  return current;
}

/** Use `b` for every op from now on. */
export function useBackend(b: Backend): void {
  current = b;
}

/**
 * A zeroed array for long-lived data (parameters, optimizer state): in the current backend's
 * own storage where it has one (the wasm backend's memory, used by its kernels without copies),
 * else an ordinary typed array. Choose the backend before building the model to benefit.
 */
export function allocState(dtype: DType, n: number): Arr {
  return current.alloc?.(dtype, n) ?? alloc(dtype, n);
}
