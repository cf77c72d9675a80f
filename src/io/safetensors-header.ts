/**
 * Parsing and validating a safetensors header. The layout:
 *
 *   [0, 8)        N, the header length: unsigned 64-bit little-endian
 *   [8, 8+N)      UTF-8 JSON: { name: { dtype, shape, data_offsets: [begin, end] }, ...,
 *                               "__metadata__"?: { string: string } }, maybe padded with spaces
 *   [8+N, end)    the data buffer; data_offsets are relative to its start, little-endian values
 *
 * Every way a header can be wrong becomes a FormatError with the byte offset (from the start of
 * the file) where the problem is. The checks match the reference (Rust) reader: the tensors'
 * byte ranges must tile the data buffer exactly, with no gap, overlap or trailing byte.
 * Messages show at most ~200 characters of any value from the header.
 */
import { FormatError } from '../errors.js';
import { DTYPE_SIZE, isSafetensorsDType, UNSUPPORTED_DTYPES, type SafetensorsDType } from './safetensors-dtypes.js';
import { jsonDepthPast, scanJsonKeys } from './json-keys.js';
import { previewJson } from './json-preview.js';
import { isRecord } from './is-record.js';

/** One tensor's header entry, validated. */
export interface TensorEntry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  /** Byte range in the data buffer (relative to `dataStart`). */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** Tensors in the order of their bytes in the file. */
  entries: TensorEntry[];
  /** The `__metadata__` strings ({} when absent). */
  metadata: Record<string, string>;
  /** File offset of the data buffer: 8 + N. */
  dataStart: number;
}

const METADATA_KEY = '__metadata__';
/**
 * Deepest nesting accepted. A valid header nests 3 levels ({ name: { shape: [...] } }); the
 * margin is for writers that add their own metadata, and the bound keeps a header of a million
 * `[` from being built into a million arrays.
 */
const MAX_DEPTH = 64;

/** A tensor or metadata name as it appears in messages: quoted, at most ~120 characters. */
const q = (name: string): string => previewJson(name, 120);

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Byte length of the UTF-8 encoding of text[0, index). */
function utf8Length(text: string, index: number): number {
  return new TextEncoder().encode(text.slice(0, index)).length;
}

/** Sets `obj[key] = value` as an own property, even for keys such as `__proto__`. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Reads and validates the header of safetensors `bytes`; `what` starts every error message
 * (a file path, or 'safetensors').
 *
 * @example
 * const { entries, dataStart } = parseSafetensorsHeader(bytes, 'model.safetensors');
 */
export function parseSafetensorsHeader(bytes: Uint8Array, what: string): SafetensorsHeader {
  const fail = (detail: string, offset: number): never => {
    throw new FormatError(what, detail, { offset });
  };
  if (bytes.length < 8) {
    fail(`${bytes.length} bytes is too short for a safetensors file, which starts with an 8-byte header length; the file is truncated or empty`, 0);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (n > bytes.length - 8) {
    fail(`header length ${n} runs past the end of the file (only ${bytes.length - 8} bytes follow the 8-byte length); the file is truncated or is not safetensors`, 0);
  }
  const dataStart = 8 + n;

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart));
  } catch {
    return fail('header is not valid UTF-8; the file is corrupt or is not safetensors', 8);
  }
  if (!text.startsWith('{')) fail(`header must be a JSON object starting with '{', got ${JSON.stringify(text.slice(0, 16))}`, 8);
  const tooDeep = jsonDepthPast(text, MAX_DEPTH);
  if (tooDeep >= 0) fail(`header nests deeper than ${MAX_DEPTH} levels; a safetensors header nests 3 ({ name: { shape: [...] } }), so the file is corrupt or is not safetensors`, 8 + utf8Length(text, tooDeep));
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    // JSON.parse's SyntaxError (or a RangeError) quotes at most a short excerpt; cut it anyway.
    const detail = (e instanceof Error ? e.message : String(e)).slice(0, 200);
    const m = /position (\d+)/.exec(detail);
    fail(`header is not valid JSON (${detail}); the file is corrupt or truncated`, 8 + (m ? utf8Length(text, Number(m[1])) : 0));
  }
  if (!isRecord(header)) return fail('header must be a JSON object', 8);

  const scan = scanJsonKeys(text);
  if (scan.duplicate) {
    fail(`key ${q(scan.duplicate.key)} appears twice in the header`, 8 + utf8Length(text, scan.duplicate.index));
  }
  const keyOffset = (key: string): number => 8 + utf8Length(text, scan.topLevel.get(key) ?? 0);

  const metadata: Record<string, string> = {};
  const entries: TensorEntry[] = [];
  for (const [name, info] of Object.entries(header)) {
    // Offsets are computed only on error: a large header has thousands of keys.
    const failAtKey = (detail: string): never => fail(detail, keyOffset(name));
    if (name === METADATA_KEY) {
      if (info === null) continue;
      if (!isRecord(info)) failAtKey(`${METADATA_KEY} must be an object of strings, got ${previewJson(info)}`);
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== 'string') failAtKey(`${METADATA_KEY}.${k.length > 120 ? `${k.slice(0, 120)}…` : k} must be a string, got ${previewJson(v)}`);
        setOwn(metadata, k, v as string);
      }
      continue;
    }
    entries.push(parseEntry(name, info, failAtKey));
  }

  // The byte ranges, in file order, must tile the data buffer exactly.
  const bufferLength = bytes.length - dataStart;
  const sorted = entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.begin - b.e.begin || a.e.end - b.e.end || a.i - b.i).map(({ e }) => e);
  let expected = 0;
  let previous = '';
  for (const e of sorted) {
    const range = `data_offsets [${e.begin}, ${e.end}]`;
    if (e.begin < expected) fail(`tensor ${q(e.name)} ${range} overlaps tensor ${q(previous)}, which ends at ${expected}`, dataStart + e.begin);
    if (e.begin > expected) fail(`gap in the data buffer: bytes [${expected}, ${e.begin}) before tensor ${q(e.name)} belong to no tensor`, dataStart + expected);
    if (e.end > bufferLength) {
      fail(`tensor ${q(e.name)} ${range} runs past the end of the data buffer (${bufferLength} bytes); the file is truncated`, dataStart + Math.min(e.begin, bufferLength));
    }
    expected = e.end;
    previous = e.name;
  }
  if (expected !== bufferLength) {
    fail(`${bufferLength - expected} bytes after the last tensor belong to no tensor; the data buffer is ${bufferLength} bytes but the tensors cover ${expected}`, dataStart + expected);
  }
  return { entries: sorted, metadata, dataStart };
}

function parseEntry(name: string, info: unknown, fail: (detail: string) => never): TensorEntry {
  const where = `tensor ${q(name)}`;
  if (!isRecord(info)) fail(`${where}: expected {dtype, shape, data_offsets}, got ${previewJson(info)}`);
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== 'string') return fail(`${where}: dtype must be a string, got ${previewJson(dtype)}`);
  if (!isSafetensorsDType(dtype)) {
    const known = UNSUPPORTED_DTYPES.includes(dtype);
    return fail(`${where}: ${known ? 'unsupported' : 'unknown'} dtype ${previewJson(dtype, 60)}; readable dtypes are ${Object.keys(DTYPE_SIZE).join(', ')}${known ? '; convert the tensor to F32 before saving' : ''}`);
  }
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    return fail(`${where}: shape must be an array of non-negative integers, got ${previewJson(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    return fail(`${where}: data_offsets must be [begin, end] with non-negative integers, got ${previewJson(offsets)}`);
  }
  const [begin, end] = offsets as number[];
  if (end < begin) fail(`${where}: data_offsets [${begin}, ${end}] end before they begin`);
  let count = 1;
  for (const d of shape as number[]) count *= d;
  if (!Number.isSafeInteger(count * DTYPE_SIZE[dtype])) fail(`${where}: shape ${previewJson(shape)} is too large`);
  const want = count * DTYPE_SIZE[dtype];
  if (end - begin !== want) {
    fail(`${where}: shape ${previewJson(shape)} of ${dtype} needs ${want} bytes (${count} × ${DTYPE_SIZE[dtype]}), but data_offsets [${begin}, ${end}] hold ${end - begin}`);
  }
  return { name, dtype, shape: [...(shape as number[])], begin, end };
}
