/**
 * Reading the small JSON files that travel with a model (vocabulary, BPE merges), turning
 * every way they can be broken (missing file, bad UTF-8, bad JSON, wrong schema) into a
 * FormatError or RecurrentError that names the file and the fix. Never lets a raw
 * SyntaxError/TypeError escape.
 */
import { FormatError, RecurrentError } from '../errors.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
const nodeFsp = lazyBuiltin('fs/promises');

/** Decodes UTF-8 strictly and parses JSON; `what` names the file in error messages. */
export function parseJsonBytes(bytes: Uint8Array | string, what: string): unknown {
  let text: string;
  if (typeof bytes === 'string') {
    text = bytes;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new FormatError(what, 'is not valid UTF-8 text; expected a JSON file written by save(). Was a binary file passed?');
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(detail);
    throw new FormatError(what, `is not valid JSON (${detail}); the file is corrupt or truncated, save it again`,
      m ? { offset: Number(m[1]) } : {});
  }
}

/** Reads and parses a JSON file, wrapping file-system errors in a RecurrentError. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await nodeFsp.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
    throw new RecurrentError('IO', `${what}: cannot read ${path} (${code}); check the path`);
  }
  return parseJsonBytes(bytes, `${what} ${path}`);
}

/** Whether `v` is a plain (non-array, non-null) object. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the `format`/`version` header of a saved file. */
export function checkHeader(v: unknown, what: string, format: string, version: number): Record<string, unknown> {
  if (!isRecord(v)) {
    throw new FormatError(what, `expected a JSON object with format "${format}", got ${Array.isArray(v) ? 'an array' : typeof v}`);
  }
  if (v.format !== format) {
    throw new FormatError(what, `expected format "${format}", got ${JSON.stringify(v.format)}; is this the right file?`);
  }
  if (v.version !== version) {
    throw new FormatError(what, `unsupported version ${JSON.stringify(v.version)}; this library reads version ${version}`);
  }
  return v;
}

/** Checks that `v` is an array of strings; names the first bad entry. */
export function checkStringArray(v: unknown, what: string, field: string): string[] {
  if (!Array.isArray(v)) throw new FormatError(what, `"${field}" must be an array of strings, got ${typeof v}`);
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'string') {
      throw new FormatError(what, `"${field}"[${i}] must be a string, got ${JSON.stringify(v[i])}`);
    }
  }
  return v as string[];
}
