/**
 * Word-vector files:
 *   word2vec text    "V D\n" then V lines "word v1 … vD"
 *   word2vec binary  "V D\n" then V records "word " + D little-endian float32 + "\n"
 *   GloVe text       V lines "word v1 … vD", no header
 * Text values are written with 6 to 9 significant digits, the fewest that read back to the same
 * float32, so every format round-trips bit for bit. Text holds finite decimal numbers only
 * (`0x10`, `Infinity`, `nan` and `1e39`, past float32, are refused on reading and writing);
 * binary holds any float32. Readers throw FormatError naming the line and value (text) or the
 * byte offset (binary) of the first problem, and bound what they allocate by the file size
 * before reading the vectors; file-system failures are IOErrors naming the path.
 */
import { createAtomicWriter } from '../io/atomic-write.js';
import { FormatError, ioError, ValueError } from '../errors.js';
import { KeyedVectors } from './keyed-vectors.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
const nodeFsp = lazyBuiltin('fs/promises');

/** A word-vector file format: the word2vec C tool's binary and text formats, or GloVe's text (no header line). */
export type VectorFormat = 'word2vec-binary' | 'word2vec-text' | 'glove';

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8');

/** The shortest decimal of 6–9 significant digits that parses back to exactly the float32 `x`. */
export function formatFloat32(x: number): string {
  // Fewer than 6 digits rarely suffice for trained weights; trying them would double the cost.
  if (Object.is(x, -0)) return '-0';
  for (let p = 6; p < 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return trimZeros(s);
  }
  return trimZeros(x.toPrecision(9));
}

function trimZeros(s: string): string {
  if (s.includes('e')) {
    const [m, e] = s.split('e');
    return (m.includes('.') ? m.replace(/\.?0+$/, '') : m) + 'e' + e;
  }
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Refuses what `format` cannot hold: empty words or words with white space; in text, non-finite values. */
function checkWritable(kv: KeyedVectors, format: VectorFormat): void {
  for (const w of kv.words) {
    if (w.length === 0 || /[\s]/.test(w)) throw new ValueError(`${format}: cannot write the word ${JSON.stringify(w.slice(0, 60))}: words must be non-empty and contain no whitespace`);
  }
  if (format === 'word2vec-binary') return;
  const bad = kv.vectors.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    const word = kv.words[Math.floor(bad / kv.dim)];
    throw new ValueError(
      `${format}: cannot write ${kv.vectors[bad]} (value ${(bad % kv.dim) + 1} of ${JSON.stringify(word.slice(0, 60))}): text formats hold finite numbers only. Fix: write 'word2vec-binary', or fix the vectors`,
    );
  }
}

function* textLines(kv: KeyedVectors, header: boolean): Generator<string> {
  if (header) yield `${kv.size} ${kv.dim}\n`;
  const D = kv.dim;
  for (let i = 0; i < kv.size; i++) {
    let line = kv.words[i];
    for (let k = 0; k < D; k++) line += ' ' + formatFloat32(kv.vectors[i * D + k]);
    yield line + '\n';
  }
}

function* binaryRecords(kv: KeyedVectors): Generator<Uint8Array> {
  yield enc.encode(`${kv.size} ${kv.dim}\n`);
  const D = kv.dim;
  for (let i = 0; i < kv.size; i++) {
    const w = enc.encode(kv.words[i] + ' ');
    const rec = new Uint8Array(w.length + 4 * D + 1);
    rec.set(w);
    const view = new DataView(rec.buffer, w.length, 4 * D);
    for (let k = 0; k < D; k++) view.setFloat32(4 * k, kv.vectors[i * D + k], true);
    rec[rec.length - 1] = 10;
    yield rec;
  }
}

/** Encodes vectors in `format` (whole file in memory). */
export function encodeVectors(kv: KeyedVectors, format: VectorFormat): Uint8Array {
  checkWritable(kv, format);
  const parts = format === 'word2vec-binary' ? [...binaryRecords(kv)] : [...textLines(kv, format === 'word2vec-text')].map((l) => enc.encode(l));
  return concat(parts);
}

/** Writes vectors atomically (temporary file + rename), streaming in ~1 MiB pieces. */
export async function writeVectors(path: string, kv: KeyedVectors, format: VectorFormat): Promise<void> {
  checkWritable(kv, format);
  const w = await createAtomicWriter(path);
  try {
    const pending: Uint8Array[] = [];
    let bytes = 0;
    const src = format === 'word2vec-binary' ? binaryRecords(kv) : (function* () { for (const l of textLines(kv, format === 'word2vec-text')) yield enc.encode(l); })();
    for (const part of src) {
      pending.push(part);
      bytes += part.length;
      if (bytes >= 1 << 20) { await w.write(concat(pending)); pending.length = 0; bytes = 0; }
    }
    if (pending.length) await w.write(concat(pending));
    await w.commit();
  } catch (e) {
    await w.abort();
    throw e;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Parses "V D" (the header of both word2vec formats); `what` names the format in errors. */
function parseHeader(line: string, what: string, where: { line?: number; offset?: number }): [number, number] {
  const m = /^\s*(\d{1,10})\s+(\d{1,10})\s*$/.exec(line);
  if (!m) throw new FormatError(what, `expected a header "<words> <dimensions>", got ${JSON.stringify(line.slice(0, 60))}`, where);
  const V = Number(m[1]);
  const D = Number(m[2]);
  if (D < 1) throw new FormatError(what, `header says ${D} dimensions; expected at least 1`, where);
  return [V, D];
}

/** A decimal number: no hex, no `Infinity` or `nan`, no `1_000`, no surrounding space. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses word2vec text (`header` true) or GloVe text (no header; D from the first line). */
function decodeText(bytes: Uint8Array, header: boolean): KeyedVectors {
  const what = header ? 'word2vec text' : 'GloVe text';
  const text = dec.decode(bytes);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else if (bytes.length > 0) {
    // Every writer (the C tool, gensim, GloVe, this module) ends each line with a newline, so a
    // missing one means the file was cut, possibly inside the last number.
    throw new FormatError(what, 'truncated: the last line does not end with a newline', { line: lines.length });
  }
  let first = 0;
  let V = -1;
  let D = -1;
  if (header) {
    if (lines.length === 0) throw new FormatError(what, 'the file is empty; expected a header "<words> <dimensions>"', { line: 1 });
    [V, D] = parseHeader(lines[0], what, { line: 1 });
    // Each value takes at least 2 bytes ("0 "), so a header promising more is a corrupt file.
    if (V * D * 2 > bytes.length) throw new FormatError(what, `header promises ${V} vectors of ${D} values, more than a file of ${bytes.length} bytes can hold`, { line: 1 });
    first = 1;
  } else if (lines.length > 0) {
    D = lines[0].trim().split(/[ \t]+/).length - 1;
    if (D < 1) throw new FormatError(what, 'expected "word v1 … vD" with at least one value', { line: 1 });
  }
  const n = header ? V : lines.length;
  const words: string[] = [];
  // A valid line holds a word, then D values each with a separator: at least 2D + 2 bytes, so
  // n·D values can never need more than half the file's bytes. Lines are checked before they
  // are stored, so a first line of 300 000 values followed by short lines is refused at line 2
  // instead of allocating lines × 300 000 floats.
  const vectors = new Float32Array(Math.min(n * D, Math.floor(bytes.length / 2)));
  for (let i = 0; i < lines.length - first; i++) {
    const lineNo = i + first + 1;
    const line = lines[i + first].replace(/\r$/, '');
    if (i >= n) {
      if (line.trim() === '') continue;
      throw new FormatError(what, `more vectors than the ${n} the header promises`, { line: lineNo });
    }
    const parts = line.trim().split(/[ \t]+/);
    if (parts.length !== D + 1 || parts[0] === '') {
      throw new FormatError(what, `expected a word and ${D} values, got ${parts[0] === '' ? 0 : parts.length} fields`, { line: lineNo });
    }
    words.push(parts[0]);
    for (let k = 0; k < D; k++) {
      const t = parts[k + 1];
      const v = DECIMAL.test(t) ? Math.fround(Number(t)) : NaN;
      if (!Number.isFinite(v)) {
        const why = DECIMAL.test(t) ? `is past the float32 range (it reads as ${v})` : 'is not a decimal number';
        throw new FormatError(what, `value ${k + 1} (column ${k + 2}) ${why}: ${JSON.stringify(t.slice(0, 30))}`, { line: lineNo });
      }
      vectors[i * D + k] = v;
    }
  }
  if (words.length < n) {
    throw new FormatError(what, `truncated: the header promises ${n} vectors, the file has ${words.length}`, { line: lines.length + 1 });
  }
  return new KeyedVectors(words, vectors, Math.max(D, 1));
}

/** Parses the word2vec binary format. */
function decodeBinary(bytes: Uint8Array): KeyedVectors {
  const what = 'word2vec binary';
  const nl = bytes.indexOf(10);
  if (nl < 0 || nl > 64) throw new FormatError(what, 'expected a header line "<words> <dimensions>\\n" at the start', { offset: 0 });
  const [V, D] = parseHeader(dec.decode(bytes.subarray(0, nl)), what, { offset: 0 });
  // A record is at least one byte of word, a space and 4·D bytes.
  if (V * (4 * D + 2) > bytes.length) {
    throw new FormatError(what, `header promises ${V} vectors of ${D} float32, more than a file of ${bytes.length} bytes can hold`, { offset: 0 });
  }
  const words: string[] = new Array(V);
  const vectors = new Float32Array(V * D);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = nl + 1;
  for (let i = 0; i < V; i++) {
    while (p < bytes.length && bytes[p] === 10) p++; // the newline ending the previous record
    const s = p;
    while (p < bytes.length && bytes[p] !== 32) {
      if (bytes[p] === 10) throw new FormatError(what, `vector ${i + 1}: newline inside a word (a word must end with a space)`, { offset: p });
      p++;
    }
    if (p >= bytes.length) throw new FormatError(what, `truncated: vector ${i + 1} of ${V} has no word ending in a space`, { offset: s });
    if (p === s) throw new FormatError(what, `vector ${i + 1}: empty word`, { offset: s });
    words[i] = dec.decode(bytes.subarray(s, p));
    p++;
    if (p + 4 * D > bytes.length) {
      throw new FormatError(what, `truncated: vector ${i + 1} of ${V} ('${words[i].slice(0, 40)}') needs ${4 * D} bytes, ${bytes.length - p} left`, { offset: p });
    }
    for (let k = 0; k < D; k++) vectors[i * D + k] = view.getFloat32(p + 4 * k, true);
    p += 4 * D;
  }
  while (p < bytes.length && (bytes[p] === 10 || bytes[p] === 13)) p++;
  if (p !== bytes.length) throw new FormatError(what, `${bytes.length - p} unexpected bytes after the ${V} vectors the header promises`, { offset: p });
  return new KeyedVectors(words, vectors, D);
}

/** Guesses the format of a file: a "V D" header followed by non-text bytes means binary; no header means GloVe. */
export function detectFormat(bytes: Uint8Array): VectorFormat {
  const nl = bytes.indexOf(10);
  const first = dec.decode(bytes.subarray(0, nl < 0 ? Math.min(bytes.length, 200) : nl));
  if (!/^\s*\d+\s+\d+\s*$/.test(first)) return 'glove';
  const sample = bytes.subarray(nl + 1, nl + 1 + 4096);
  for (const b of sample) if (b < 9 || (b > 13 && b < 32) || b === 127) return 'word2vec-binary';
  // Float bytes can happen to be printable; a text record must be all number fields after the word.
  const line = dec.decode(sample).split('\n')[0] ?? '';
  const fields = line.trim().split(/[ \t]+/).slice(1);
  return fields.length > 0 && fields.every((f) => !Number.isNaN(Number(f))) ? 'word2vec-text' : 'word2vec-binary';
}

/** Parses vectors from bytes in `format` (detected when not given). */
export function decodeVectors(bytes: Uint8Array, format: VectorFormat = detectFormat(bytes)): KeyedVectors {
  if (format === 'word2vec-binary') return decodeBinary(bytes);
  return decodeText(bytes, format === 'word2vec-text');
}

/**
 * Reads a vectors file in `format` (detected from its content when not given).
 *
 * @example
 * const kv = await readVectors('GoogleNews-vectors-negative300.bin'); // binary, detected
 * kv.mostSimilar('paris', 3);
 */
export async function readVectors(path: string, format?: VectorFormat): Promise<KeyedVectors> {
  let bytes: Uint8Array;
  try {
    bytes = await nodeFsp.readFile(path);
  } catch (e) {
    throw ioError(e, path, 'read', 'readVectors');
  }
  return decodeVectors(bytes, format);
}

/**
 * Read word vectors in the word2vec text format (a `V D` header, then a word and D numbers a line).
 *
 * @example
 * const kv = await readWord2VecText('vectors.txt');
 * kv.mostSimilar('king', 5);
 */
export const readWord2VecText = (path: string): Promise<KeyedVectors> => readVectors(path, 'word2vec-text');
/** Read word vectors in the word2vec C tool's binary format (a `V D` header, then a word and D float32 a record). */
export const readWord2VecBinary = (path: string): Promise<KeyedVectors> => readVectors(path, 'word2vec-binary');
/** Read word vectors in GloVe's text format (no header; a word and D numbers a line). */
export const readGloVeText = (path: string): Promise<KeyedVectors> => readVectors(path, 'glove');
/** Write word vectors in the word2vec text format, atomically (a temporary file, then a rename). */
export const writeWord2VecText = (path: string, kv: KeyedVectors): Promise<void> => writeVectors(path, kv, 'word2vec-text');
/** Write word vectors in the word2vec C tool's binary format, atomically. */
export const writeWord2VecBinary = (path: string, kv: KeyedVectors): Promise<void> => writeVectors(path, kv, 'word2vec-binary');
/** Write word vectors in GloVe's text format, atomically. */
export const writeGloVeText = (path: string, kv: KeyedVectors): Promise<void> => writeVectors(path, kv, 'glove');
