/**
 * Reading the small JSON files that travel with a model (vocabulary, BPE merges), turning
 * every way they can be broken (missing file, bad UTF-8, bad JSON, absurd nesting, wrong
 * schema) into a FormatError, or an IOError for the file system, that names the file and the
 * fix. Never lets a raw SyntaxError/TypeError/RangeError escape; messages show at most ~200
 * characters of any value from the file.
 */
import { FormatError, ioError } from '../errors.js';
import { jsonDepthPast } from '../io/json-keys.js';
import { previewJson } from '../io/json-preview.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
import { isRecord } from '../io/is-record.js';
const nodeFsp = lazyBuiltin('fs/promises');

/**
 * Deepest nesting accepted. These files nest at most 3 levels (BPE merges: { merges: [[a, b]] });
 * the bound keeps a file of a million `[` from being built into a million arrays.
 */
const MAX_DEPTH = 32;

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
  const tooDeep = jsonDepthPast(text, MAX_DEPTH);
  if (tooDeep >= 0) {
    throw new FormatError(what, `nests deeper than ${MAX_DEPTH} levels; expected a JSON file written by save(), which nests at most 3`,
      { offset: new TextEncoder().encode(text.slice(0, tooDeep)).length });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    // A SyntaxError quotes a short excerpt; cut it anyway, as any other error's message.
    const detail = (e instanceof Error ? e.message : String(e)).slice(0, 200);
    const m = /position (\d+)/.exec(detail);
    throw new FormatError(what, `is not valid JSON (${detail}); the file is corrupt or truncated, save it again`,
      m ? { offset: Number(m[1]) } : {});
  }
}

/** Reads and parses a JSON file; file-system errors become an IOError naming the path. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await nodeFsp.readFile(path);
  } catch (e) {
    throw ioError(e, path, 'read', what);
  }
  return parseJsonBytes(bytes, `${what} ${path}`);
}

export { isRecord };

/** Checks the `format`/`version` header of a saved file. */
export function checkHeader(v: unknown, what: string, format: string, version: number): Record<string, unknown> {
  if (!isRecord(v)) {
    throw new FormatError(what, `expected a JSON object with format "${format}", got ${Array.isArray(v) ? 'an array' : typeof v}`);
  }
  if (v.format !== format) {
    throw new FormatError(what, `expected format "${format}", got ${previewJson(v.format, 80)}; is this the right file?`);
  }
  if (v.version !== version) {
    throw new FormatError(what, `unsupported version ${previewJson(v.version, 80)}; this library reads version ${version}`);
  }
  return v;
}

/** Checks that `v` is an array of strings; names the first bad entry. */
export function checkStringArray(v: unknown, what: string, field: string): string[] {
  if (!Array.isArray(v)) throw new FormatError(what, `"${field}" must be an array of strings, got ${typeof v}`);
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'string') {
      throw new FormatError(what, `"${field}"[${i}] must be a string, got ${previewJson(v[i])}`);
    }
  }
  return v as string[];
}
