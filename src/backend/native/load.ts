import type { NativeAddon } from './addon-types.js';

/**
 * Where `npm install` builds the addon (scripts/build-native.mjs), relative to this file: the
 * same three levels up from src/backend/native and from dist/backend/native.
 */
const ADDON_PATH = '../../../native/build/Release/recurrent_native.node';

let loaded: { addon: NativeAddon } | { reason: string } | null = null;

/**
 * The compiled addon, loaded once on first use, or the reason it is not available: not Node.js,
 * not built (no compiler at install, `RECURRENT_NATIVE_BUILD=0`, or a failed build), or a binary
 * that does not load here. Nothing is loaded at import time, and browsers never reach `require`.
 */
export function loadNativeAddon(): { addon: NativeAddon } | { reason: string } {
  if (loaded) return loaded;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; versions?: { node?: string } } }).process;
  if (typeof proc?.getBuiltinModule !== 'function' || !proc.versions?.node) {
    return (loaded = { reason: 'the native backend needs Node.js (a browser runs the WebAssembly backend)' });
  }
  const { createRequire } = proc.getBuiltinModule('node:module') as typeof import('node:module');
  const { existsSync } = proc.getBuiltinModule('node:fs') as typeof import('node:fs');
  const { fileURLToPath } = proc.getBuiltinModule('node:url') as typeof import('node:url');
  const file = fileURLToPath(new URL(ADDON_PATH, import.meta.url));
  if (!existsSync(file)) {
    return (loaded = { reason: `the native addon is not built (${file} is missing: the install found no C++ compiler, had RECURRENT_NATIVE_BUILD=0, or its build failed; see native/build/build.log, or run \`npm rebuild recurrent\` with a compiler)` });
  }
  try {
    return (loaded = { addon: createRequire(import.meta.url)(file) as NativeAddon });
  } catch (e) {
    return (loaded = { reason: `the native addon does not load: ${String((e as Error)?.message ?? e).split('\n')[0].slice(0, 300)}` });
  }
}
