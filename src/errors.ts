/**
 * Every error the library throws. Library code throws; only the CLI and examples print.
 * Each error carries a stable `code` so callers can branch without parsing messages.
 */

/** Base class of all errors thrown by recurrent. */
export class RecurrentError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
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
