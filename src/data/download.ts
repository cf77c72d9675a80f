/**
 * Streaming download to a file, verified and atomic: bytes go to a temporary file beside the
 * destination while being hashed, and only a download with the expected size and SHA-256 is
 * renamed into place. A failed or interrupted download leaves nothing behind under the final
 * name, so a half-written file is never mistaken for a complete one.
 */
import { DatasetError } from '../errors.js';
import { createAtomicWriter } from '../io/atomic-write.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
const nodeCrypto = lazyBuiltin('crypto');

/** The `fetch` signature used here; the global `fetch` of Node 20 fits. */
export type FetchFunction = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

/** Options of {@link downloadFile}. */
export interface DownloadOptions {
  /** Expected lower-case hex SHA-256; the download fails if it differs. Default: not checked. */
  sha256?: string;
  /** Expected size in bytes; the download stops as soon as it is exceeded. Default: not checked. */
  size?: number;
  /** Fetch implementation. Default: the global `fetch`. */
  fetch?: FetchFunction;
  /** Cancels the download; the temporary file is removed. */
  signal?: AbortSignal;
}

/** What was written. */
export interface DownloadResult {
  sha256: string;
  size: number;
}

/**
 * Downloads `url` to `dest` atomically, checking size and SHA-256 on the way.
 * @throws DatasetError naming the URL, and the expected and actual checksum or size.
 *
 * @example
 * await downloadFile('https://example.org/a.txt', 'cache/a.txt', { sha256: 'ab12…' });
 */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const fetchFn: FetchFunction = options.fetch ?? globalThis.fetch;
  let res: Response;
  try {
    res = await fetchFn(url, options.signal ? { signal: options.signal } : {});
  } catch (e) {
    throw new DatasetError(`cannot fetch ${url}: ${e instanceof Error ? e.message : String(e)}; check the network, or place the file in the cache directory yourself`);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new DatasetError(`fetch ${url} answered HTTP ${res.status} ${res.statusText}; expected 200. Check the URL`);
  }
  const declared = res.headers.get('content-length');
  const expectedSize = options.size;
  if (expectedSize !== undefined && declared !== null && Number(declared) !== expectedSize) {
    await res.body?.cancel().catch(() => undefined);
    throw new DatasetError(`${url}: server announces ${declared} bytes, expected ${expectedSize}; the upstream file changed or the URL is wrong`);
  }

  const writer = await createAtomicWriter(dest);
  const hash = nodeCrypto.createHash('sha256');
  let size = 0;
  try {
    const reader = res.body?.getReader();
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (expectedSize !== undefined && size > expectedSize) {
        await reader.cancel().catch(() => undefined);
        throw new DatasetError(`${url}: received more than the expected ${expectedSize} bytes; the upstream file changed or the URL is wrong`);
      }
      hash.update(value);
      await writer.write(value);
    }
    if (declared !== null && Number(declared) !== size) {
      throw new DatasetError(`${url}: download ended after ${size} of ${declared} announced bytes (connection cut?); try again`);
    }
    if (expectedSize !== undefined && size !== expectedSize) {
      throw new DatasetError(`${url}: received ${size} bytes, expected ${expectedSize}; try again, or check the URL`);
    }
    const actual = hash.digest('hex');
    if (options.sha256 !== undefined && actual !== options.sha256.toLowerCase()) {
      throw new DatasetError(`checksum mismatch for ${url}: expected sha256 ${options.sha256.toLowerCase()}, got ${actual} (${size} bytes). The download was discarded. If the upstream file changed on purpose, pass the new sha256`);
    }
    await writer.commit();
    return { sha256: actual, size };
  } catch (e) {
    await writer.abort();
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(`download of ${url} to ${dest} failed: ${e instanceof Error ? e.message : String(e)}; nothing was written, try again`);
  }
}
