/**
 * Streaming download to a file, verified and atomic: bytes go to a temporary file beside the
 * destination while being hashed, and only a download with the expected size and SHA-256 is
 * renamed into place. A failed or interrupted download leaves nothing behind under the final
 * name, so a half-written file is never mistaken for a complete one. A server that stops
 * sending is given up after an idle timeout, and a network failure names its cause.
 */
import { DatasetError, RecurrentError, ValueError } from '../errors.js';
import { createAtomicWriter, type AtomicWriter } from '../io/atomic-write.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
import { describeFetchError } from './fetch-errors.js';
const nodeCrypto = lazyBuiltin('crypto');

/** The `fetch` signature used here; the global `fetch` of Node 20 fits. */
export type FetchFunction = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

/**
 * Milliseconds without a byte before a download is given up: 30 s. A slow link still sends
 * something every few seconds; a stalled server never does.
 */
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/** The longest delay `setTimeout` can wait (2³¹−1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
  /**
   * Milliseconds without a byte (connecting, waiting for the headers, or between two chunks)
   * before the download fails; `Infinity` waits forever. Default {@link DEFAULT_IDLE_TIMEOUT_MS}.
   */
  idleTimeoutMs?: number;
  /**
   * Milliseconds for the whole download, request to last byte. Default `Infinity`: a large
   * file on a slow link may take hours, and the idle timeout already catches a stall.
   */
  timeoutMs?: number;
}

/** What was written. */
export interface DownloadResult {
  sha256: string;
  size: number;
}

/**
 * Downloads `url` to `dest` atomically, checking size and SHA-256 on the way.
 * @throws DatasetError naming the URL and what went wrong: the network failure's cause
 *   (connection refused, DNS, too many redirects, TLS), the HTTP status, a timeout, or the
 *   expected and actual checksum or size.
 * @throws IOError when `dest` cannot be written.
 * @throws ValueError for a timeout that is not a positive number of milliseconds.
 *
 * @example
 * await downloadFile('https://example.org/a.txt', 'cache/a.txt', { sha256: 'ab12…', idleTimeoutMs: 60_000 });
 */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const idleMs = checkTimeout('idleTimeoutMs', options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
  const totalMs = checkTimeout('timeoutMs', options.timeoutMs ?? Infinity);
  const fetchFn: FetchFunction = options.fetch ?? globalThis.fetch;
  const deadlines = new Deadlines(url, idleMs, totalMs, options.signal);
  try {
    let res: Response;
    try {
      res = await deadlines.guard(fetchFn(url, { signal: deadlines.signal }));
    } catch (e) {
      if (e instanceof RecurrentError) throw e;
      throw new DatasetError(`cannot fetch ${url}: ${describeFetchError(e)}; check the URL and the network, or place the file in the cache directory yourself`);
    }
    return await receive(url, dest, res, options, deadlines);
  } finally {
    deadlines.stop();
  }
}

/** Checks the status and the announced size, then streams the body into `dest`. */
async function receive(url: string, dest: string, res: Response, options: DownloadOptions, deadlines: Deadlines): Promise<DownloadResult> {
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

  const reader = res.body?.getReader();
  let writer: AtomicWriter | undefined;
  const hash = nodeCrypto.createHash('sha256');
  let size = 0;
  try {
    writer = await createAtomicWriter(dest);
    deadlines.kick(size);
    while (reader) {
      const { done, value } = await deadlines.guard(reader.read());
      if (done) break;
      size += value.byteLength;
      deadlines.kick(size);
      if (expectedSize !== undefined && size > expectedSize) {
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
    await reader?.cancel().catch(() => undefined);
    await writer?.abort();
    if (e instanceof RecurrentError) throw e; // a DatasetError above, a deadline, or the IOError of dest
    throw new DatasetError(`download of ${url} failed after ${size} bytes: ${describeFetchError(e)}; nothing was written, try again`);
  }
}

function checkTimeout(name: string, ms: number): number {
  if (ms === Infinity) return ms;
  if (typeof ms !== 'number' || !(ms > 0) || ms > MAX_TIMER_MS) {
    throw new ValueError(`downloadFile: ${name} must be a number of milliseconds in (0, ${MAX_TIMER_MS}] or Infinity, got ${String(ms)}`);
  }
  return ms;
}

/** `1500` → `1.5 s`. */
function seconds(ms: number): string {
  return `${Number((ms / 1000).toPrecision(3))} s`;
}

/**
 * The idle and total deadlines of one download, and the caller's cancel signal. `guard` races a
 * step (the request, one body read) against them, so even a `fetch` that ignores its signal
 * cannot hang the download; `signal` aborts the request itself when one fires.
 */
class Deadlines {
  private readonly controller = new AbortController();
  private readonly expired: Promise<never>;
  private fail!: (e: DatasetError) => void;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly totalTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onCancel: () => void;
  private received = 0;

  constructor(private readonly url: string, private readonly idleMs: number, totalMs: number, private readonly userSignal?: AbortSignal) {
    this.expired = new Promise<never>((_, reject) => { this.fail = reject; });
    this.expired.catch(() => undefined); // observed through guard(); never an unhandled rejection
    this.onCancel = () => this.fire(new DatasetError(`download of ${url} was cancelled by its signal after ${this.received} bytes; nothing was written`));
    if (userSignal?.aborted) this.onCancel();
    else userSignal?.addEventListener('abort', this.onCancel, { once: true });
    if (totalMs !== Infinity) {
      this.totalTimer = setTimeout(() => this.fire(new DatasetError(
        `${url}: download not finished within timeoutMs = ${totalMs} (${seconds(totalMs)}); received ${this.received} bytes. Raise timeoutMs, or try again later`)), totalMs);
    }
    this.kick(0);
  }

  /** The signal to pass to `fetch`. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Bytes arrived (`received` in all): the idle deadline starts again. */
  kick(received: number): void {
    this.received = received;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    if (this.idleMs === Infinity) return;
    this.idleTimer = setTimeout(() => this.fire(new DatasetError(
      `${this.url}: no data for ${seconds(this.idleMs)} (idleTimeoutMs = ${this.idleMs}) after ${this.received} bytes; the server stalled. Try again later, or raise idleTimeoutMs`)), this.idleMs);
  }

  /** `p`, unless a deadline passes or the caller cancels first. */
  guard<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.expired]);
  }

  /** Clears the timers; call when the download ends, however it ends. */
  stop(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.totalTimer);
    this.userSignal?.removeEventListener('abort', this.onCancel);
  }

  private fire(e: DatasetError): void {
    this.stop();
    this.fail(e);
    this.controller.abort(e);
  }
}
