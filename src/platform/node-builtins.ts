import type * as Fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import type * as Path from 'node:path';
import type * as Os from 'node:os';
import type * as Crypto from 'node:crypto';
import type * as WorkerThreads from 'node:worker_threads';
import type * as Url from 'node:url';
import { PlatformError } from '../errors.js';

/** The Node.js built-in modules the library uses, by name. */
interface Builtins {
  fs: typeof Fs;
  'fs/promises': typeof FsPromises;
  path: typeof Path;
  os: typeof Os;
  crypto: typeof Crypto;
  worker_threads: typeof WorkerThreads;
  url: typeof Url;
}

/**
 * A Node.js built-in module, loaded on first use. The library's entry point imports no built-in
 * at load time, so it also loads in browsers; only the functions that need files, threads or
 * hashing require Node.js, and say so when called elsewhere.
 */
export function lazyBuiltin<K extends keyof Builtins>(name: K): Builtins[K] {
  let mod: Builtins[K] | undefined;
  return new Proxy({} as Builtins[K], {
    get(_target, prop) {
      if (!mod) {
        const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
        if (typeof get !== 'function') {
          throw new PlatformError(`this function needs Node.js (node:${name}), which is not available here; in a browser, pass data in memory instead of file paths`);
        }
        mod = get(`node:${name}`) as Builtins[K];
      }
      return (mod as Record<string | symbol, unknown>)[prop];
    },
  });
}
