/**
 * `loadDataset`: a known data set (by name) or any URL, downloaded once into a cache directory
 * and verified by SHA-256; later calls find it there without touching the network.
 */
import { DatasetError, ioError, ValueError } from '../errors.js';
import { downloadFile } from './download.js';
import type { FetchFunction } from './download.js';
import { KNOWN_DATASETS, isKnownDataset } from './registry.js';
import type { DatasetEntry, KnownDatasetName } from './registry.js';
import { isSha256, sha256File } from './sha256.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
const nodeFsp = lazyBuiltin('fs/promises');
const nodeOs = lazyBuiltin('os');
const nodePath = lazyBuiltin('path');

/** Options of {@link loadDataset}. */
export interface LoadDatasetOptions {
  /** Cache directory. Default: `$RECURRENT_CACHE`, else `~/.cache/recurrent/datasets`. */
  cacheDir?: string;
  /** Expected SHA-256 for a URL (for a known name it overrides the registry's). Without it a URL's file is not verified. */
  sha256?: string;
  /** Expected size in bytes, for a URL. */
  size?: number;
  /** File name in the cache for a URL. Default: the last path segment of the URL. */
  filename?: string;
  /** Download again even if a verified copy is cached. Default false. */
  force?: boolean;
  /** Fetch implementation (tests, proxies). Default: the global `fetch`. */
  fetch?: FetchFunction;
  /** Cancels a download in progress. */
  signal?: AbortSignal;
  /** Milliseconds without a byte before a download fails. Default 30 000 (see `downloadFile`). */
  idleTimeoutMs?: number;
  /** Milliseconds for the whole download. Default `Infinity`: the idle timeout catches a stall. */
  timeoutMs?: number;
}

/** A data set file on disk. */
export interface LoadedDataset {
  /** The registry name, or the URL when a URL was given. */
  name: string;
  url: string;
  /** Absolute path of the verified file in the cache. */
  path: string;
  /** SHA-256 of the file. */
  sha256: string;
  size: number;
  /** True when the file was already cached and no request was made. */
  fromCache: boolean;
}

/** The default cache directory. */
export function defaultCacheDir(): string {
  return process.env.RECURRENT_CACHE ?? nodePath.join(nodeOs.homedir(), '.cache', 'recurrent', 'datasets');
}

/**
 * Returns a local, verified copy of a data set, downloading it if the cache lacks a valid one.
 * A cached file whose checksum does not match is replaced. Temporary `.partial` files from
 * interrupted downloads are never taken as complete.
 * @throws DatasetError on network failure (naming the cause), HTTP errors, a timeout, size or
 *   checksum mismatch.
 * @throws IOError when the cache cannot be read or written (naming the path).
 * @throws ValueError for an unknown name or a malformed option.
 *
 * @example
 * const { path } = await loadDataset('tiny-shakespeare', { cacheDir: '.cache' });
 * const text = await readFile(path, 'utf8');
 */
export async function loadDataset(nameOrUrl: KnownDatasetName | (string & {}), options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  const entry = resolveEntry(nameOrUrl, options);
  const cacheDir = nodePath.resolve(options.cacheDir ?? defaultCacheDir());
  const path = nodePath.join(cacheDir, entry.filename);

  if (!options.force) {
    const cached = await checkCached(path, entry);
    if (cached) return { name: nameOrUrl, url: entry.url, path, sha256: cached.sha256, size: cached.size, fromCache: true };
  }
  const got = await downloadFile(entry.url, path, {
    ...(entry.sha256 ? { sha256: entry.sha256 } : {}),
    ...(entry.size !== undefined ? { size: entry.size } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  return { name: nameOrUrl, url: entry.url, path, sha256: got.sha256, size: got.size, fromCache: false };
}

type Resolved = { url: string; filename: string; sha256?: string; size?: number };

function resolveEntry(nameOrUrl: string, options: LoadDatasetOptions): Resolved {
  if (options.sha256 !== undefined && !isSha256(options.sha256)) {
    throw new ValueError(`loadDataset: sha256 must be 64 hex digits, got ${JSON.stringify(options.sha256)}`);
  }
  if (isKnownDataset(nameOrUrl)) {
    const e: DatasetEntry = KNOWN_DATASETS[nameOrUrl];
    const r: Resolved = { url: e.url, filename: options.filename ?? e.filename, sha256: options.sha256 ?? e.sha256 };
    if (options.sha256 === undefined) r.size = options.size ?? e.size; // a new checksum may come with a new size
    else if (options.size !== undefined) r.size = options.size;
    return checkFilename(r);
  }
  if (!/^https?:\/\//i.test(nameOrUrl)) {
    throw new ValueError(`loadDataset: ${JSON.stringify(nameOrUrl)} is neither a known data set nor an http(s) URL; known names: ${Object.keys(KNOWN_DATASETS).join(', ')}`);
  }
  const r: Resolved = { url: nameOrUrl, filename: options.filename ?? nodePath.basename(new URL(nameOrUrl).pathname) };
  if (options.sha256 !== undefined) r.sha256 = options.sha256;
  if (options.size !== undefined) r.size = options.size;
  return checkFilename(r);
}

function checkFilename(r: Resolved): Resolved {
  const f = r.filename;
  if (!f || f === '.' || f === '..' || f !== nodePath.basename(f) || f.includes('\\') || f.startsWith('.')) {
    throw new ValueError(`loadDataset: cannot use ${JSON.stringify(f)} as a cache file name (from ${r.url}); pass { filename: 'name.txt' }`);
  }
  if (r.size !== undefined && (!Number.isInteger(r.size) || r.size < 0)) {
    throw new ValueError(`loadDataset: size must be an integer >= 0, got ${r.size}`);
  }
  return r;
}

/** The cached file if it exists and matches size and checksum; a mismatching file is deleted. */
async function checkCached(path: string, entry: Resolved): Promise<{ sha256: string; size: number } | undefined> {
  let st: Awaited<ReturnType<typeof nodeFsp.stat>>;
  try {
    st = await nodeFsp.stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw ioError(e, path, 'stat', 'loadDataset');
  }
  if (!st.isFile()) throw new DatasetError(`loadDataset: ${path} exists but is not a file; remove it or choose another cacheDir`);
  const size = st.size;
  if (entry.size !== undefined && size !== entry.size) {
    await nodeFsp.unlink(path).catch(() => undefined);
    return undefined;
  }
  const sha256 = await sha256File(path);
  if (entry.sha256 !== undefined && sha256 !== entry.sha256.toLowerCase()) {
    await nodeFsp.unlink(path).catch(() => undefined);
    return undefined;
  }
  return { sha256, size };
}
