/**
 * CSV text → typed columns in one streaming pass. csv-parse hands over one record at a time and
 * its fields go straight into float64 chunks, so no table of strings is ever held: peak memory
 * is the columns (8 bytes per value, 4 per source line) and the input, not the ~20× the file
 * that a table of parsed records costs. UTF-8 bytes are validated without decoding them into
 * one large string; csv-parse decodes field by field.
 *
 * Every problem is a RecurrentError naming the line and the column.
 */

import { parse } from 'csv-parse/sync';
import { FormatError, RecurrentError, ValueError } from '../errors.js';
import { parseIsoTimestamp } from './dates.js';
import { listNames, nearMatchHint } from './series.js';
import type { CsvSeriesOptions } from './csv.js';
import { clip } from '../io/json-preview.js';

/** The parsed rows of a CSV file, in file order: N rows, C value columns. */
export interface CsvColumns {
  /** Header fields, trimmed. */
  readonly header: readonly string[];
  /** Names of the C value columns, in the order asked for. */
  readonly names: readonly string[];
  /** [N] time of each row (the row position when there is no time column). */
  readonly time: Float64Array;
  /** C × [N] values; NaN where a missing token stood. */
  readonly values: Float64Array[];
  /** [N] source line of each row (the last line of a record that spans several). */
  readonly lines: Int32Array;
}

/** Decimal numbers only: no hex, no `Infinity`, no `1_000`; `1e400` passes here and is refused as non-finite. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DEFAULT_MISSING = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?'];
/** Rows per chunk of a growing column: 64 Ki rows, 512 KiB of float64. */
const CHUNK = 1 << 16;

/**
 * Parses CSV text or bytes with a header row into typed columns, in file order.
 *
 * @example
 * const { names, time, values } = readCsvColumns('t,v\n1,2\n', { timeColumn: 't', timeFormat: 'number' });
 */
export function readCsvColumns(input: string | Uint8Array, options: CsvSeriesOptions = {}): CsvColumns {
  const source = csvSource(input, options.encoding ?? 'utf-8');
  const missingSet = new Set(options.missingTokens ?? DEFAULT_MISSING);
  const format = options.timeFormat ?? 'iso';

  let header: string[] | undefined;
  let headerLine = 1;
  let timeIdx = -1;
  let names: string[] = [];
  let colIdx: number[] = [];
  const time = new GrowingColumn(Float64Array);
  const lines = new GrowingColumn(Int32Array);
  let values: GrowingColumn<Float64Array>[] = [];

  const onRecord = (fields: string[], line: number): void => {
    if (header === undefined) {
      header = fields.map((h) => h.trim());
      headerLine = line;
      timeIdx = options.timeColumn === undefined ? -1 : findHeader(header, options.timeColumn, 'timeColumn', line);
      names = [...(options.columns ?? header.filter((_, i) => i !== timeIdx))];
      if (names.length === 0) throw new ValueError(`readCsvSeries: no value columns; the header is ${listNames(header)}. Fix: pass columns: [...] naming at least one.`);
      colIdx = names.map((name) => findHeader(header!, name, 'columns', line));
      values = names.map(() => new GrowingColumn(Float64Array));
      return;
    }
    lines.push(line);
    time.push(timeIdx < 0 ? time.length : parseTime(fields[timeIdx], format, line, header[timeIdx]));
    for (let c = 0; c < names.length; c++) values[c].push(parseValue(fields[colIdx[c]], missingSet, line, names[c]));
  };

  try {
    // With on_record returning null, csv-parse keeps no records: each is consumed as it is read.
    parse(source as string, {
      delimiter: options.delimiter ?? ',',
      bom: true,
      skip_empty_lines: true,
      // Spaces around fields (also around quoted ones, `a, "b"`) are not part of the value.
      trim: true,
      on_record: (record: string[], info) => {
        onRecord(record, info.lines);
        return null;
      },
    });
  } catch (err) {
    if (err instanceof RecurrentError) throw err;
    const e = err as { code?: string; message?: string; lines?: number };
    const hint = e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ? ' Fix: every row needs as many fields as the header; check for stray delimiters.' : '';
    throw new FormatError('CSV', `${clip(e.message ?? String(err), 300)}.${hint}`, typeof e.lines === 'number' ? { line: e.lines } : {});
  }
  if (header === undefined) throw new FormatError('CSV', 'the input has no records; expected a header row and at least one data row');
  if (time.length === 0) {
    throw new FormatError('CSV', `expected at least one data row after the header ${listNames(header.map((h) => clip(h, 40)))}, got none`, { line: headerLine });
  }
  return { header, names, time: time.finish(), values: values.map((v) => v.finish()), lines: lines.finish() };
}

/**
 * A typed array filled one value at a time. Values go into fixed chunks, so growing never
 * copies; {@link GrowingColumn.finish} copies them once into an array of the exact length.
 */
class GrowingColumn<A extends Float64Array | Int32Array> {
  private readonly full: A[] = [];
  private chunk: A;
  private used = 0;
  length = 0;
  constructor(private readonly Type: { new (length: number): A }) {
    this.chunk = new Type(CHUNK);
  }

  push(v: number): void {
    if (this.used === CHUNK) {
      this.full.push(this.chunk);
      this.chunk = new this.Type(CHUNK);
      this.used = 0;
    }
    this.chunk[this.used++] = v;
    this.length++;
  }

  finish(): A {
    const out = new this.Type(this.length);
    this.full.forEach((c, k) => out.set(c, k * CHUNK));
    out.set(this.chunk.subarray(0, this.used), this.full.length * CHUNK);
    this.full.length = 0;
    return out;
  }
}

/**
 * What csv-parse reads: the string as given, UTF-8 bytes as a Buffer view of the same memory
 * (validated, not decoded), Latin-1 bytes decoded. Blank input is refused here.
 */
function csvSource(input: string | Uint8Array, encoding: 'utf-8' | 'latin1'): string | Buffer {
  let source: string | Buffer;
  if (typeof input === 'string') source = input;
  else if (encoding === 'latin1') source = new TextDecoder('latin1').decode(input);
  else {
    const bad = invalidUtf8Offset(input);
    if (bad >= 0) throw new FormatError('CSV', `expected UTF-8 text, got invalid bytes. Fix: pass encoding: 'latin1' if the file is Latin-1`, { offset: bad });
    source = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  }
  if (isBlank(source)) throw new FormatError('CSV', 'the input is empty; expected a header row and at least one data row');
  return source;
}

/** Whether the input holds nothing but a byte-order mark and white space. Stops at the first other character. */
function isBlank(source: string | Buffer): boolean {
  const bomLength = typeof source === 'string' ? (source.charCodeAt(0) === 0xfeff ? 1 : 0) : source[0] === 0xef && source[1] === 0xbb && source[2] === 0xbf ? 3 : 0;
  for (let i = bomLength; i < source.length; i++) {
    const c = typeof source === 'string' ? source.charCodeAt(i) : source[i];
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/**
 * Offset of the first byte that starts an invalid UTF-8 sequence, or −1 when all is valid.
 * The common case is checked by the native decoder in 1 MiB pieces (no large string is built);
 * only invalid input is walked byte by byte to find the offset.
 */
function invalidUtf8Offset(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for (let i = 0; i < bytes.length; i += 1 << 20) decoder.decode(bytes.subarray(i, i + (1 << 20)), { stream: true });
    decoder.decode();
    return -1;
  } catch {
    return firstInvalidUtf8(bytes);
  }
}

/** The byte-by-byte check behind {@link invalidUtf8Offset}: overlong forms, surrogates and code points past U+10FFFF are invalid. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= b.length) return i;
    // The second byte's range depends on the first (no overlongs, no surrogates, ≤ U+10FFFF).
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (b[i + 1] < lo || b[i + 1] > hi) return i;
    for (let k = 2; k <= n; k++) if (b[i + k] < 0x80 || b[i + k] > 0xbf) return i;
    i += n + 1;
  }
  return -1;
}

/** The value of one field: NaN for a missing token, else a finite decimal number. */
function parseValue(text: string, missing: ReadonlySet<string>, line: number, column: string): number {
  const raw = text.trim();
  if (missing.has(raw)) return NaN;
  const v = NUMBER.test(raw) ? Number(raw) : NaN;
  if (Number.isFinite(v)) return v;
  const what = NUMBER.test(raw) ? `a number that float64 can hold, got ${quote(raw)}, which overflows to ${v}` : `a number, got ${quote(raw)}`;
  throw new ValueError(
    `CSV line ${line}, column "${clip(column, 40)}": expected ${what}. ` +
      `Fix: leave the column out with columns: [...], or add the text to missingTokens if it means "missing".`,
  );
}

function findHeader(header: readonly string[], name: string, option: string, line: number): number {
  const first = header.indexOf(name);
  if (first < 0) {
    const delim = header.length === 1 && /[;\t|]/.test(header[0]) ? ` The header has a single field; is the delimiter right (delimiter: ';' or '\\t')?` : '';
    throw new ValueError(`readCsvSeries ${option}: no column named ${quote(name)} in the header ${listNames(header.map((h) => clip(h, 40)))}${nearMatchHint(header, name)}.${delim}`);
  }
  const second = header.indexOf(name, first + 1);
  if (second >= 0) throw new FormatError('CSV', `the header names ${quote(name)} more than once (fields ${first + 1} and ${second + 1}); rename one`, { line });
  return first;
}

function parseTime(text: string, format: NonNullable<CsvSeriesOptions['timeFormat']>, line: number, column: string): number {
  const raw = text.trim();
  let t: number | undefined;
  if (typeof format === 'function') t = format(raw);
  else if (format === 'number') t = NUMBER.test(raw) ? Number(raw) : undefined;
  else t = parseIsoTimestamp(raw);
  if (t === undefined || !Number.isFinite(t)) {
    const expected = typeof format === 'function' ? 'a finite number from timeFormat' : format === 'number' ? 'a finite decimal number' : 'an ISO date such as 2012-01-31, 1949-01 or 2012-01-31T06:00Z';
    throw new ValueError(
      `CSV line ${line}, column "${clip(column, 40)}": expected ${expected}, got ${quote(raw)}. ` +
        `Fix: pass timeFormat: 'number' or a function (text) => ms, or remove the row.`,
    );
  }
  return t;
}

/** A field as it appears in a message: JSON-quoted, at most 40 characters. */
function quote(s: string): string {
  return JSON.stringify(s.slice(0, 40));
}
