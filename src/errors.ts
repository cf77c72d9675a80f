/**
 * Every error the library throws. Library code throws; only the CLI and examples print.
 * Each error carries a stable `code` so callers can branch without parsing messages, and each
 * code has its own subclass.
 */

/**
 * The closed set of error codes, one per subclass:
 * SHAPE {@link ShapeError}, VALUE {@link ValueError}, NON_FINITE {@link NonFiniteError},
 * FORMAT {@link FormatError}, STATE_DICT {@link StateDictError}, AUTOGRAD {@link AutogradError},
 * DATASET {@link DatasetError}, DIVERGENCE {@link DivergenceError}, IO {@link IOError},
 * RESOURCE {@link ResourceError}, PLATFORM {@link PlatformError}, WORKER {@link WorkerError}.
 */
export type ErrorCode =
  | 'SHAPE'
  | 'VALUE'
  | 'NON_FINITE'
  | 'FORMAT'
  | 'STATE_DICT'
  | 'AUTOGRAD'
  | 'DATASET'
  | 'DIVERGENCE'
  | 'IO'
  | 'RESOURCE'
  | 'PLATFORM'
  | 'WORKER';

/**
 * Base class of all errors thrown by recurrent. Prefer the subclass of the code.
 *
 * @example
 * try {
 *   new LSTM({ inputSize: 3, hiddenSize: 8 }).forward(randn([10, 4, 5])); // I = 5, expected 3
 * } catch (e) {
 *   if (e instanceof ShapeError) console.error(e.code, e.expected, e.actual); // 'SHAPE', …
 *   else if (e instanceof RecurrentError) console.error(e.code, e.message);
 *   else throw e;
 * }
 */
export class RecurrentError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A tensor or array had the wrong shape. `expected`/`actual` are human-readable shapes. */
export class ShapeError extends RecurrentError {
  readonly expected: string;
  readonly actual: string;
  constructor(where: string, expected: string | readonly number[], actual: string | readonly number[], hint = '') {
    const e = typeof expected === 'string' ? expected : `[${expected.join(', ')}]`;
    const a = typeof actual === 'string' ? actual : `[${actual.join(', ')}]`;
    super('SHAPE', `${where}: expected shape ${e}, got ${a}${hint ? `. ${hint}` : ''}`);
    this.expected = e;
    this.actual = a;
  }
}

/** An argument had an invalid value (wrong option, out of range, unknown name). */
export class ValueError extends RecurrentError {
  constructor(message: string) {
    super('VALUE', message);
  }
}

/** Data held NaN or Infinity where finite numbers are required. */
export class NonFiniteError extends RecurrentError {
  /** Flat index of the first non-finite value, or -1 if not known. */
  readonly index: number;
  constructor(where: string, index = -1, value = NaN) {
    super('NON_FINITE', `${where}: non-finite value ${value}${index >= 0 ? ` at flat index ${index}` : ''}`);
    this.index = index;
  }
}

/** A file or byte buffer is malformed or truncated. `offset` (bytes) or `line` say where. */
export class FormatError extends RecurrentError {
  readonly offset?: number;
  readonly line?: number;
  constructor(what: string, detail: string, where: { offset?: number; line?: number } = {}) {
    const at = where.line !== undefined ? ` (line ${where.line})` : where.offset !== undefined ? ` (byte offset ${where.offset})` : '';
    super('FORMAT', `${what}: ${detail}${at}`);
    this.offset = where.offset;
    this.line = where.line;
  }
}

/** A state dict did not match a module: missing, unexpected or mis-shaped keys. */
export class StateDictError extends RecurrentError {
  readonly missing: string[];
  readonly unexpected: string[];
  constructor(message: string, missing: string[] = [], unexpected: string[] = []) {
    super('STATE_DICT', message);
    this.missing = missing;
    this.unexpected = unexpected;
  }
}

/** The autograd graph was used in a way it cannot support (second backward, grad of non-scalar). */
export class AutogradError extends RecurrentError {
  constructor(message: string) {
    super('AUTOGRAD', message);
  }
}

/** A data set could not be fetched or failed its checksum. */
export class DatasetError extends RecurrentError {
  constructor(message: string) {
    super('DATASET', message);
  }
}

/**
 * Training diverged: a batch loss or a gradient became NaN or infinite. `step` and `epoch`
 * (1-based) say where; for a gradient, `parameter` is the parameter's state-dict key and
 * `layer` the module that owns it, as `path (Class)`.
 */
export class DivergenceError extends RecurrentError {
  readonly step: number;
  readonly epoch: number;
  readonly parameter?: string;
  readonly layer?: string;
  constructor(message: string, where: { step: number; epoch: number; parameter?: string; layer?: string }) {
    super('DIVERGENCE', message);
    this.step = where.step;
    this.epoch = where.epoch;
    this.parameter = where.parameter;
    this.layer = where.layer;
  }
}

/** What was being done to a path when the file system refused; see {@link IOError}. */
export type IOOperation = 'read' | 'write' | 'open' | 'close' | 'sync' | 'rename' | 'mkdir' | 'list' | 'remove' | 'stat';

/** The verb of each operation in a message: `cannot <verb> "<path>"`. */
const IO_VERBS: Record<IOOperation, string> = {
  read: 'read',
  write: 'write',
  open: 'open',
  close: 'close',
  sync: 'flush to disk',
  rename: 'move a finished temporary file onto',
  mkdir: 'create the folder',
  list: 'list the folder',
  remove: 'remove',
  stat: 'inspect',
};

/** What each system error code means, and the fix, for messages. Unknown codes keep Node's text. */
const IO_CAUSES: Record<string, [meaning: string, fix: string]> = {
  ENOENT: ['no such file or folder', 'check the path'],
  EACCES: ['permission denied', 'check the permissions, or choose another path'],
  EPERM: ['operation not permitted', 'check the permissions, or choose another path'],
  EISDIR: ['is a folder', 'pass a file path'],
  ENOTDIR: ['a part of the path is not a folder', 'check the path'],
  EEXIST: ['already exists', 'remove it or choose another path'],
  EROFS: ['read-only file system', 'choose a writable location'],
  ENOSPC: ['no space left on the device', 'free some space or choose another location'],
  EDQUOT: ['disk quota exceeded', 'free some space or choose another location'],
  ENAMETOOLONG: ['name too long', 'use a shorter path'],
  ELOOP: ['too many symbolic links', 'check the path'],
  EMFILE: ['too many open files', 'close other files, or raise the limit (ulimit -n)'],
  ENFILE: ['too many open files in the system', 'close other files'],
  EBUSY: ['resource busy or locked', 'close the program that holds it'],
  EXDEV: ['cannot move across devices', 'keep the temporary file on the same file system'],
  EIO: ['input/output error', 'check the disk'],
};

/**
 * A file-system operation failed. `path` is the path the caller gave (for a rename, the
 * destination), `operation` what was being done, `cause` the system code (`ENOENT`, `EACCES`,
 * `EISDIR`, `ENOTDIR`, …; `UNKNOWN` if there was none). The message reads
 * `cannot read "x.csv": no such file or folder (ENOENT); check the path`.
 */
export class IOError extends RecurrentError {
  readonly path: string;
  readonly operation: IOOperation;
  /** The system error code, such as `ENOENT`. */
  override readonly cause: string;
  /**
   * @param what   optional prefix naming the caller, such as `loadSafetensors`.
   * @param detail Node's message, used when the code has no description of its own.
   */
  constructor(operation: IOOperation, path: string, cause: string, options: { what?: string; detail?: string } = {}) {
    const known = IO_CAUSES[cause];
    const meaning = known ? known[0] : (options.detail ?? 'failed');
    const fix = known ? `; ${known[1]}` : '';
    const prefix = options.what ? `${options.what}: ` : '';
    super('IO', `${prefix}cannot ${IO_VERBS[operation]} ${JSON.stringify(path)}: ${meaning} (${cause})${fix}`);
    this.path = path;
    this.operation = operation;
    this.cause = cause;
  }
}

/**
 * The error to throw when the file-system call `operation` on `path` failed with `e`: an
 * {@link IOError} naming both, with the system code of `e`. A `RecurrentError` (for example
 * the {@link PlatformError} of a browser without `node:fs`) is returned unchanged.
 *
 * @example
 * try { bytes = await readFile(path); } catch (e) { throw ioError(e, path, 'read', 'readVectors'); }
 */
export function ioError(e: unknown, path: string, operation: IOOperation, what?: string): RecurrentError {
  if (e instanceof RecurrentError) return e;
  const sys = e as { code?: unknown; message?: unknown } | null;
  const cause = typeof sys?.code === 'string' ? sys.code : 'UNKNOWN';
  const detail = typeof sys?.message === 'string' ? sys.message : String(e);
  return new IOError(operation, path, cause, { ...(what !== undefined ? { what } : {}), detail });
}

/**
 * Runs the file-system call `fn` and turns its failure into {@link ioError}`(e, path, operation)`.
 *
 * @example
 * const bytes = await withIOError(path, 'read', () => readFile(path));
 */
export async function withIOError<T>(path: string, operation: IOOperation, fn: () => Promise<T>, what?: string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw ioError(e, path, operation, what);
  }
}

/**
 * A request exceeds a limit (memory, threads, rows): `requested` and `limit` are in `unit`
 * (bytes unless told). The message says both and, where it helps, the fix.
 */
export class ResourceError extends RecurrentError {
  readonly requested: number;
  readonly limit: number;
  readonly unit: string;
  constructor(what: string, requested: number, limit: number, options: { unit?: string; hint?: string } = {}) {
    const unit = options.unit ?? 'bytes';
    const amount = (n: number): string => (unit === 'bytes' ? formatBytes(n) : `${n} ${unit}`);
    super('RESOURCE', `${what}: needs ${amount(requested)}, more than the limit of ${amount(limit)}${options.hint ? `; ${options.hint}` : ''}`);
    this.requested = requested;
    this.limit = limit;
    this.unit = unit;
  }
}

/** `1536` → `1.5 KiB (1536 bytes)`; below 1 KiB just the bytes. */
function formatBytes(n: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (!(Math.abs(n) >= 1024)) return `${n} bytes`;
  let v = n / 1024;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]} (${n} bytes)`;
}

/** The function needs something this platform lacks (Node.js built-ins in a browser, threads). */
export class PlatformError extends RecurrentError {
  constructor(message: string) {
    super('PLATFORM', message);
  }
}

/** A worker thread failed or exited before finishing its share of the work. */
export class WorkerError extends RecurrentError {
  constructor(message: string) {
    super('WORKER', message);
  }
}
