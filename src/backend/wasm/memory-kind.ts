import { PlatformError } from '../../errors.js';
import { defaultThreads } from './options.js';

/**
 * Which build of the kernels this engine loads (scripts/build-wasm.mjs makes both from the same
 * source):
 * - 'shared': the module imports a shared memory (SharedArrayBuffer), so worker threads can run
 *   the kernels on it; wherever SharedArrayBuffer exists: Node.js, cross-origin-isolated pages;
 * - 'unshared': the module imports an ordinary memory and runs on one thread; on pages that are
 *   not cross-origin isolated, where browsers withhold SharedArrayBuffer. Without it a page would
 *   otherwise have only the TypeScript backend.
 */
export type KernelMemory = 'shared' | 'unshared';

/** The build this engine runs: 'unshared' where SharedArrayBuffer is missing or the page is not cross-origin isolated. */
export function kernelMemory(): KernelMemory {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return typeof SharedArrayBuffer === 'undefined' || isolated === false ? 'unshared' : 'shared';
}

/**
 * Threads the backend starts: `asked`, or by default every core where the memory is shared and
 * one where it is not. More than one thread on unshared memory is a PlatformError: workers
 * cannot share it.
 */
export function kernelThreads(asked: number | undefined): number {
  if (kernelMemory() === 'shared') return asked ?? defaultThreads();
  if (asked !== undefined && asked > 1) {
    throw new PlatformError(`wasm backend: threads ${asked} needs SharedArrayBuffer, which this page lacks (serve it cross-origin isolated: COOP same-origin, COEP require-corp); without it the kernels run on 1 thread`);
  }
  return 1;
}
