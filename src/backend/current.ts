import type { Backend } from './backend.js';
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
