import type { Backend } from './backend.js';
import { useBackend } from './current.js';
import { jsBackend } from './js/index.js';

/**
 * Which backend runs the kernels:
 * - 'js': the TypeScript reference backend (the default until setBackend is called);
 * - 'wasm': the WebAssembly SIMD backend; where it cannot load (no WebAssembly SIMD, or no
 *   SharedArrayBuffer on a page that is not cross-origin isolated) a warning is printed once and
 *   the JS backend stays in use;
 * - 'auto': 'wasm' where it loads, else 'js', without a warning.
 */
export type BackendName = 'js' | 'wasm' | 'auto';

let wasm: Promise<Backend> | undefined;
let warned = false;

/** Load the WASM backend once; its module (with the embedded kernels) is imported on demand. */
function loadWasm(): Promise<Backend> {
  wasm ??= import('./wasm/index.js').then((m) => m.createWasmBackend());
  return wasm;
}

/**
 * Choose the backend every op uses from now on, and return it. Nothing happens at import time:
 * the WASM kernels are fetched, compiled and instantiated by the first call that asks for them.
 *
 * @example
 *   import { setBackend } from 'recurrent';
 *   const b = await setBackend('auto'); // b.name is 'wasm' where WebAssembly SIMD runs, else 'js'
 */
export async function setBackend(name: BackendName): Promise<Backend> {
  if (name === 'js') {
    useBackend(jsBackend);
    return jsBackend;
  }
  try {
    const b = await loadWasm();
    useBackend(b);
    return b;
  } catch (e) {
    wasm = undefined;
    if (name === 'wasm' && !warned) {
      warned = true;
      console.warn(`recurrent: ${(e as Error).message}; using the JavaScript backend`);
    }
    useBackend(jsBackend);
    return jsBackend;
  }
}
