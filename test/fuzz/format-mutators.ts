// Mutations that know a format: the safetensors container (header length, header JSON, the JSON
// held in one metadata string), CSV rows and fields, word-vector headers and values, the pickle
// inside a PyTorch checkpoint. Each works
// on the seed's own structure, read here without the library, so a broken reader cannot hide a
// mutation.
import { unzipSync, zipSync } from 'fflate';
import { BYTE_MUTATORS, concat, dec, enc, JSON_MUTATORS, NON_FINITE, pick, type JsonMutator, type Mutator } from './mutate.js';

// ---- safetensors ----------------------------------------------------------------------------

/** Splits a safetensors file into its header text and data buffer. */
function splitSafetensors(b: Uint8Array): { header: string; data: Uint8Array } {
  const n = Number(new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true));
  return { header: dec.decode(b.subarray(8, 8 + n)), data: b.subarray(8 + n) };
}

/** A safetensors file from header text and data (the header padded with spaces to 8 bytes, as the writers do). */
function joinSafetensors(header: string, data: Uint8Array): Uint8Array {
  let h: Uint8Array = enc.encode(header);
  if (h.length % 8) h = concat(h, enc.encode(' '.repeat(8 - (h.length % 8))));
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, BigInt(h.length), true);
  return concat(len, h, data);
}

/** The 8-byte header length set to zero, off by one, or far past the end of the file. */
export const headerLength: Mutator = (b, g) => {
  const n = Number(new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true));
  const values = [0n, 1n, BigInt(n - 1), BigInt(n + 1), BigInt(b.length - 8), BigInt(b.length - 7), 2n ** 31n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 64n - 1n];
  const v = pick(g, values);
  const out = Uint8Array.from(b);
  new DataView(out.buffer).setBigUint64(0, v, true);
  return { bytes: out, what: `set the header length (${n}) to ${v}` };
};

/** A JSON mutation of the whole header. */
export function onHeader(m: JsonMutator): Mutator {
  return (b, g) => {
    const { header, data } = splitSafetensors(b);
    const r = m(JSON.parse(header), g);
    return { bytes: joinSafetensors(r.text, data), what: `header: ${r.what}`, mustReject: r.mustReject };
  };
}

/** A JSON mutation of the JSON text held in `__metadata__[key]` (a model's config, a checkpoint's state). */
export function onMetadataJson(key: string, m: JsonMutator): Mutator {
  return (b, g) => {
    const { header, data } = splitSafetensors(b);
    const h = JSON.parse(header) as Record<string, Record<string, string>>;
    const r = m(JSON.parse(h.__metadata__[key]), g);
    h.__metadata__[key] = r.text;
    return { bytes: joinSafetensors(JSON.stringify(h), data), what: `__metadata__.${key}: ${r.what}`, mustReject: r.mustReject };
  };
}

/** A tensor's shape made huge (its byte range unchanged), the "declared length" of a tensor. */
export const hugeShape: Mutator = (b, g) => {
  const { header, data } = splitSafetensors(b);
  const h = JSON.parse(header) as Record<string, { shape?: number[] }>;
  const names = Object.keys(h).filter((k) => k !== '__metadata__');
  const name = pick(g, names);
  const shape = pick(g, [[2 ** 32, 2 ** 32], [2 ** 53], [1e6, 1e6], [0, 2 ** 40], [2 ** 31], [-1, -4]]);
  h[name].shape = shape;
  return { bytes: joinSafetensors(JSON.stringify(h), data), what: `header: shape of ${JSON.stringify(name)} set to [${shape.join(', ')}]` };
};

/** Every JSON mutation, prefixed, applied through `wrap` (the header, or a metadata string). */
export function jsonKinds(prefix: string, wrap: (m: JsonMutator) => Mutator, only?: readonly string[]): Record<string, Mutator> {
  const out: Record<string, Mutator> = {};
  for (const [k, m] of Object.entries(JSON_MUTATORS)) if (!only || only.includes(k)) out[`${prefix}${k}`] = wrap(m);
  return out;
}

/** A config replaced by `depth` nested Sequentials around it (a model config 3 000 deep). */
export const deepSequential: Mutator = (b, g) => {
  const { header, data } = splitSafetensors(b);
  const h = JSON.parse(header) as Record<string, Record<string, string>>;
  const depth = pick(g, [100, 3000, 10_000]);
  h.__metadata__.config = '{"type":"Sequential","options":{},"children":['.repeat(depth) + h.__metadata__.config + ']}'.repeat(depth);
  return { bytes: joinSafetensors(JSON.stringify(h), data), what: `__metadata__.config: wrapped in ${depth} nested Sequential configs` };
};

// ---- line-based text (CSV, word vectors) -----------------------------------------------------

/** The lines of a text seed (each without its newline; the last empty one dropped). */
function lines(b: Uint8Array): string[] {
  const l = dec.decode(b).split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}
const unlines = (l: string[]): Uint8Array => enc.encode(l.map((x) => x + '\n').join(''));

/** What a CSV mutator needs to know of its seed. */
export interface CsvShape {
  delimiter: string;
  /** Field index of the time column, or −1. */
  timeField: number;
  /** How times are written: plain numbers, ISO days, ISO times spaced by milliseconds. */
  time: 'number' | 'day' | 'ms' | 'none';
}

const field = (l: string[], d: string, r: number) => l[r].split(d);

/** A value field replaced by text that parses to ±Infinity, is not decimal, or is not a number. */
export const csvNonFinite: Mutator = (b, g, meta) => {
  const s = meta!.shape as CsvShape;
  const l = lines(b);
  const r = 1 + g.int(l.length - 1);
  const f = field(l, s.delimiter, r);
  const c = pick(g, f.map((_, i) => i).filter((i) => i !== s.timeField));
  const raw = pick(g, ['1e400', '-1e400', '1e309', '1' + '0'.repeat(310), 'Infinity', '-Infinity', '0x10', '0b11', '1_000', '１']);
  f[c] = raw;
  l[r] = f.join(s.delimiter);
  return { bytes: unlines(l), what: `line ${r + 1}, field ${c + 1}: value ${JSON.stringify(raw.length > 20 ? raw.slice(0, 12) + '…' : raw)}`, mustReject: 'a value that is not a finite decimal number' };
};

/** One timestamp moved far away: gap filling would insert ≥ 10⁵ rows per row read. */
export const csvFarTime: Mutator = (b, g, meta) => {
  const s = meta!.shape as CsvShape;
  if (s.timeField < 0) return csvRows(b, g);
  const l = lines(b);
  const r = g.int(2) ? l.length - 1 : 1 + g.int(l.length - 1);
  const f = field(l, s.delimiter, r);
  const old = f[s.timeField];
  if (s.time === 'number') f[s.timeField] = pick(g, ['1e12', '1e15', '-1e12', '1e300']);
  else if (s.time === 'day') f[s.timeField] = pick(g, ['9999-12-31', '1000-01-01', '2999-06-30']);
  else {
    // the next day, or the next year, after a series spaced by milliseconds
    const t = Date.parse(field(l, s.delimiter, l.length - 1)[s.timeField]);
    f[s.timeField] = new Date(t + pick(g, [86_400_000, 365 * 86_400_000])).toISOString();
  }
  l[r] = f.join(s.delimiter);
  return { bytes: unlines(l), what: `line ${r + 1}: time ${old} → ${f[s.timeField]}`, mustReject: 'gap filling would insert far more rows than were read' };
};

/** Rows duplicated, dropped or swapped; fields added or removed; quotes unbalanced; a 100 KB field. */
export const csvRows: Mutator = (b, g) => {
  const l = lines(b);
  const r = g.int(l.length);
  const op = g.int(6);
  const s = l.length > 1 ? 1 + g.int(l.length - 1) : 0;
  if (op === 0) return (l.splice(r, 0, l[r]), { bytes: unlines(l), what: `duplicate line ${r + 1}` });
  if (op === 1) return (l.splice(s, 1), { bytes: unlines(l), what: `delete line ${s + 1}` });
  if (op === 2) return ([l[r], l[s]] = [l[s], l[r]], { bytes: unlines(l), what: `swap lines ${r + 1} and ${s + 1}` });
  const d = l[0].includes(';') ? ';' : ',';
  if (op === 3) return (l[r] = g.int(2) ? l[r] + d + '7' : l[r].split(d).slice(0, -1).join(d), { bytes: unlines(l), what: `line ${r + 1}: one field more or less` });
  if (op === 4) return (l[r] = g.int(2) ? '"' + l[r] : l[r].replace(d, '"' + d), { bytes: unlines(l), what: `line ${r + 1}: an unbalanced quote` });
  const f = l[r].split(d);
  const c = g.int(f.length);
  f[c] = pick(g, ['9', 'x', '"']).repeat(100_000);
  l[r] = f.join(d);
  return { bytes: unlines(l), what: `line ${r + 1}, field ${c + 1}: 100 000 characters` };
};

// ---- word vectors ----------------------------------------------------------------------------

/** The "V D" header of word2vec text or binary replaced: huge, zero, off by one, malformed. */
export const vectorHeader: Mutator = (b, g) => {
  const nl = b.indexOf(10);
  const [V, D] = dec.decode(b.subarray(0, nl)).trim().split(/\s+/).map(Number);
  const h = pick(g, ['4294967295 4294967295', '9999999999 9999999999', '1000000000 1', '1 1000000000', '0 0', '0 1', '1 0',
    `${V + 1} ${D}`, `${V - 1} ${D}`, `${V} ${D + 1}`, `${V} ${D - 1}`, '-1 3', `${V}`, '', `${V} ${D} 3`, `1e3 ${D}`, `0x10 ${D}`, `00000000000${V} ${D}`]);
  return { bytes: concat(enc.encode(h), b.subarray(nl)), what: `header "${V} ${D}" → ${JSON.stringify(h)}` };
};

/** A vector value replaced by text that is ±Infinity or not decimal (0x10 reads as 16 with Number()). */
export const vectorNonFinite = (header: boolean): Mutator => (b, g) => {
  const l = lines(b);
  const r = (header ? 1 : 0) + g.int(l.length - (header ? 1 : 0));
  const f = l[r].split(' ');
  const c = 1 + g.int(f.length - 1);
  const raw = pick(g, [...NON_FINITE.filter((x) => x !== 'NaN'), '-1e309', '+Infinity', '0b11', '0o7', 'inf']);
  f[c] = raw;
  l[r] = f.join(' ');
  return { bytes: unlines(l), what: `line ${r + 1}, value ${c}: ${JSON.stringify(raw.length > 20 ? raw.slice(0, 12) + '…' : raw)}`, mustReject: 'a value that is not a finite decimal number' };
};

/** A vector line with a field more or less, an empty word, CRLF, or a blank line before it. */
export const vectorFields = (header: boolean): Mutator => (b, g) => {
  const l = lines(b);
  const r = (header ? 1 : 0) + g.int(l.length - (header ? 1 : 0));
  const op = g.int(5);
  const what = ['a value more', 'a value less', 'an empty word', 'a CR before the newline', 'a blank line before it'][op];
  if (op === 0) l[r] += ' 0.5';
  else if (op === 1) l[r] = l[r].split(' ').slice(0, -1).join(' ');
  else if (op === 2) l[r] = ' ' + l[r].split(' ').slice(1).join(' ');
  else if (op === 3) l[r] += '\r';
  else l.splice(r, 0, '');
  return { bytes: unlines(l), what: `line ${r + 1}: ${what}` };
};

/**
 * A GloVe file whose first line is very wide followed by many short lines: a reader that sizes
 * its matrix rows × (first line's width) before reading the rest asks for gigabytes (issue 8 #8).
 */
export const gloveWide: Mutator = (b, g) => {
  const l = lines(b);
  const width = pick(g, [30_000, 100_000]);
  const rows = pick(g, [10_000, 20_000]);
  const first = l[0].split(' ')[0] + ' 0'.repeat(width);
  const rest = Array.from({ length: rows }, (_, i) => `w${i} 0`);
  return { bytes: unlines([first, ...rest]), what: `first line ${width} values wide, then ${rows} lines of one value` };
};

// ---- PyTorch checkpoints (a zip of data.pkl and raw storages) -----------------------------------

/** A byte mutation of the checkpoint's pickle (data.pkl), the archive rebuilt around it (stored, as torch writes it). */
export const onPickle: Mutator = (b, g) => {
  const files = unzipSync(b);
  const name = Object.keys(files).find((n) => n.endsWith('/data.pkl'))!;
  const kinds = Object.keys(BYTE_MUTATORS);
  const kind = kinds[g.int(kinds.length)];
  const m = BYTE_MUTATORS[kind](files[name], g);
  files[name] = new Uint8Array(m.bytes);
  return { bytes: new Uint8Array(zipSync(files, { level: 0 })), what: `data.pkl: ${m.what}` };
};
