// Seeded mutations of bytes and of JSON text. Every mutator is a pure function of its input and
// the Generator, so (reader, run seed, case index) names one mutated file exactly, and returns a
// short description of what it did, which the reports print beside the case.
import type { Generator } from '../../src/random/generator.js';

/** One mutated input: its bytes, what was done, and (when set) why any reader must refuse it. */
export interface Mutated {
  bytes: Uint8Array;
  what: string;
  /** Set when the mutation makes the input invalid for every correct reader (e.g. 1e400 as a value). */
  mustReject?: string;
}

/** `meta` is the seed's: what a format-aware mutator knows of its structure (a CSV's delimiter and time column). */
export type Mutator = (bytes: Uint8Array, g: Generator, meta?: Readonly<Record<string, unknown>>) => Mutated;

export const enc = new TextEncoder();
/** Lenient decoding: the mutators only read the structure of seeds, which are valid UTF-8. */
export const dec = new TextDecoder('utf-8');

export const pick = <T>(g: Generator, xs: readonly T[]): T => xs[g.int(xs.length)];

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

const hex = (b: ArrayLike<number>) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const show = (s: string) => (s.length > 60 ? `${JSON.stringify(s.slice(0, 40))}… (${s.length} chars)` : JSON.stringify(s));

/** Bytes that are structural in the formats read here (JSON, CSV, word-vector text). */
const SPECIAL = [0x00, 0xff, 0x7f, 0x80, 0x7b, 0x7d, 0x5b, 0x5d, 0x22, 0x2c, 0x3a, 0x5c, 0x0a, 0x0d, 0x20, 0x09, 0x30, 0x39, 0x2d, 0x65, 0x2e];
/** Byte strings that break UTF-8: a lone continuation, overlong NUL, surrogate, past U+10FFFF, cut sequences. */
const BAD_UTF8 = [[0xff], [0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xc3], [0xfe, 0xfe]];

// ---- byte mutations, for every format -------------------------------------------------------

export const bitFlip: Mutator = (b, g) => {
  const out = Uint8Array.from(b);
  const done: string[] = [];
  for (let k = 1 + g.int(4); k > 0 && out.length; k--) {
    const at = g.int(out.length);
    const bit = g.int(8);
    out[at] ^= 1 << bit;
    done.push(`${at}:${bit}`);
  }
  return { bytes: out, what: `flip bits (byte:bit) ${done.join(', ')}` };
};

export const byteSet: Mutator = (b, g) => {
  const out = Uint8Array.from(b);
  const done: string[] = [];
  for (let k = 1 + g.int(4); k > 0 && out.length; k--) {
    const at = g.int(out.length);
    out[at] = g.int(2) ? pick(g, SPECIAL) : g.int(256);
    done.push(`${at}=0x${out[at].toString(16)}`);
  }
  return { bytes: out, what: `set bytes ${done.join(', ')}` };
};

export const insert: Mutator = (b, g) => {
  const at = g.int(b.length + 1);
  const tokens = ['"', '\\', '\\u', '[', '{', ']', '}', ',', ':', '\n', '\r\n', '\t', ' ', '1e400', '0x10', '-', '.', 'null', '\u00e9', '\u{1F600}'];
  const add = g.int(2) ? enc.encode(pick(g, tokens)) : Uint8Array.from({ length: 1 + g.int(16) }, () => g.int(256));
  return { bytes: concat(b.subarray(0, at), add, b.subarray(at)), what: `insert ${hex(add)} at byte ${at}` };
};

export const remove: Mutator = (b, g) => {
  const at = g.int(Math.max(1, b.length));
  const n = Math.min(1 + g.int(16), b.length - at);
  return { bytes: concat(b.subarray(0, at), b.subarray(at + n)), what: `delete ${n} bytes at byte ${at}` };
};

export const truncate: Mutator = (b, g) => {
  const n = g.int(b.length);
  return { bytes: b.slice(0, n), what: `truncate to ${n} of ${b.length} bytes` };
};

/** Copies a chunk of the file to another place (repeated records, headers, keys). */
export const splice: Mutator = (b, g) => {
  const a = g.int(b.length);
  const e = Math.min(b.length, a + 1 + g.int(64));
  const at = g.int(b.length + 1);
  return { bytes: concat(b.subarray(0, at), b.subarray(a, e), b.subarray(at)), what: `copy bytes [${a}, ${e}) to byte ${at}` };
};

/** Invalid UTF-8, placed right after a quote or space half the time so it lands inside a string or word. */
export const invalidUtf8: Mutator = (b, g) => {
  const bad = Uint8Array.from(pick(g, BAD_UTF8));
  let at = g.int(b.length + 1);
  if (g.int(2)) {
    const marks: number[] = [];
    for (let i = 0; i < b.length; i++) if (b[i] === 0x22 || b[i] === 0x20) marks.push(i + 1);
    if (marks.length) at = pick(g, marks);
  }
  return { bytes: concat(b.subarray(0, at), bad, b.subarray(at)), what: `insert invalid UTF-8 ${hex(bad)} at byte ${at}` };
};

export const BYTE_MUTATORS: Record<string, Mutator> = {
  'bit-flip': bitFlip, 'byte-set': byteSet, insert, delete: remove, truncate, splice, 'invalid-utf8': invalidUtf8,
};

// ---- JSON mutations: on the parsed value, written back with raw text where JSON cannot say it --

type Path = (string | number)[];
interface Node { path: Path; value: unknown }

function nodes(v: unknown, path: Path = [], out: Node[] = []): Node[] {
  if (out.length > 5000) return out;
  out.push({ path, value: v });
  if (Array.isArray(v)) v.forEach((x, i) => nodes(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) nodes(x, [...path, k], out);
  return out;
}

const pathText = (p: Path) => '$' + p.map((k) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join('');

/** A placeholder string, replaced after JSON.stringify by raw text (1e400, 10 000 brackets, a duplicate key). */
const RAW = (k: number) => `\u0000raw${k}\u0000`;

function getAt(root: unknown, path: Path): unknown {
  let o = root as Record<string | number, unknown>;
  for (const k of path) o = o[k] as Record<string | number, unknown>;
  return o;
}

/** `root` with the value at `path` replaced (a deep copy; the root itself when path is []). */
function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = JSON.parse(JSON.stringify(root)) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]] = value;
  return copy;
}

function withRaw(value: unknown, raws: string[]): string {
  let text = JSON.stringify(value);
  raws.forEach((r, k) => (text = text.split(JSON.stringify(RAW(k))).join(r)));
  return text;
}

/** A node passing `want` (any node when none does), below the root nine times in ten. */
function choose(g: Generator, all: Node[], want: (n: Node) => boolean = () => true): Node {
  const wanted = all.filter(want);
  const pool = wanted.length ? wanted : all;
  const inner = pool.filter((n) => n.path.length > 0);
  return inner.length && g.int(10) !== 0 ? pick(g, inner) : pick(g, pool);
}

export type JsonMutator = (json: unknown, g: Generator) => { text: string; what: string; mustReject?: string };

const deep: JsonMutator = (json, g) => {
  const n = choose(g, nodes(json));
  const depth = pick(g, [1000, 3000, 10_000, 30_000]);
  const shape = g.int(3);
  const raw = shape === 0 ? '['.repeat(depth) + ']'.repeat(depth)
    : shape === 1 ? '{"a":'.repeat(depth) + '0' + '}'.repeat(depth)
    : '[{"a":'.repeat(depth) + 'null' + '}]'.repeat(depth);
  return { text: withRaw(setAt(json, n.path, RAW(0)), [raw]), what: `replace ${pathText(n.path)} with ${['arrays', 'objects', 'arrays of objects'][shape]} nested ${depth} deep` };
};

/** Numbers JSON cannot hold or that parse to ±Infinity; the last three are not JSON at all. */
export const NON_FINITE = ['1e400', '-1e400', '1e309', '1' + '0'.repeat(310), 'NaN', 'Infinity', '0x10'];

const nonFinite: JsonMutator = (json, g) => {
  const n = choose(g, nodes(json), (x) => typeof x.value === 'number');
  const raw = pick(g, NON_FINITE);
  return { text: withRaw(setAt(json, n.path, RAW(0)), [raw]), what: `replace ${pathText(n.path)} (${show(JSON.stringify(n.value) ?? '')}) with ${show(raw)}`, mustReject: `${show(raw)} is not a finite number` };
};

/** Finite numbers that are out of range, not integers, or too large for sizes. */
const BAD_NUMBERS = [-1, 0, 0.5, 2.5, -0, 1e5, 8000, 2 ** 31, 2 ** 32 + 1, 2 ** 53 + 1, 1e21, 1e-7, 1e300];

const badNumber: JsonMutator = (json, g) => {
  const n = choose(g, nodes(json), (x) => typeof x.value === 'number');
  const v = pick(g, BAD_NUMBERS);
  const raw = Object.is(v, -0) ? '-0' : String(v);
  return { text: withRaw(setAt(json, n.path, RAW(0)), [raw]), what: `replace ${pathText(n.path)} (${show(JSON.stringify(n.value) ?? '')}) with ${raw}` };
};

const typeSwap: JsonMutator = (json, g) => {
  const n = choose(g, nodes(json));
  const joined = Array.isArray(n.value) ? n.value.join('') : undefined;
  const options = ['null', 'true', '0', '""', '"x"', '[]', '{}', '[null]', '{"":1}', '"1"', ...(joined !== undefined ? [JSON.stringify(joined)] : [])];
  const raw = pick(g, options);
  return { text: withRaw(setAt(json, n.path, RAW(0)), [raw]), what: `replace ${pathText(n.path)} with ${show(raw)}` };
};

const drop: JsonMutator = (json, g) => {
  const n = choose(g, nodes(json), (x) => x.path.length > 0);
  if (n.path.length === 0) return { text: '', what: 'replace the whole document with nothing' };
  const parentPath = n.path.slice(0, -1);
  const key = n.path[n.path.length - 1];
  const parent = JSON.parse(JSON.stringify(getAt(json, parentPath)));
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return { text: JSON.stringify(setAt(json, parentPath, parent)), what: `delete ${pathText(n.path)}` };
};

/** A key written twice in one object, the copy before or after the original (JSON.parse keeps the last). */
const dupKey: JsonMutator = (json, g) => {
  const objs = nodes(json).filter((x) => x.value && typeof x.value === 'object' && !Array.isArray(x.value) && Object.keys(x.value).length > 0);
  if (objs.length === 0) return typeSwap(json, g);
  const n = pick(g, objs);
  const o = n.value as Record<string, unknown>;
  const key = pick(g, Object.keys(o));
  const other = pick(g, [JSON.stringify(o[key]), 'null', '"x"', '[]', '{}', '1e400', '-1']);
  const before = g.int(2) === 0;
  const marker = RAW(1);
  const copy: Record<string, unknown> = before ? { [marker]: RAW(2), ...o } : { ...o, [marker]: RAW(2) };
  const text = withRaw(setAt(json, n.path, copy), []).split(`${JSON.stringify(marker)}:${JSON.stringify(RAW(2))}`).join(`${JSON.stringify(key)}:${other}`);
  return { text, what: `write key ${pathText([...n.path, key])} twice, ${before ? 'first' : 'then'} as ${show(other)}` };
};

const longString: JsonMutator = (json, g) => {
  const n = choose(g, nodes(json), (x) => typeof x.value === 'string');
  const len = pick(g, [20_000, 200_000, 1_000_000]);
  const s = pick(g, ['x', '\u00e9', '"', '\\', '\u{1F600}', ' ']).repeat(len);
  return { text: JSON.stringify(setAt(json, n.path, s)), what: `replace ${pathText(n.path)} with a ${len}-character string` };
};

/** Names that look up inherited members of a plain object when used as keys. */
const proto: JsonMutator = (json, g) => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'];
  const strings = nodes(json).filter((x) => typeof x.value === 'string');
  if (strings.length && g.int(2)) {
    const n = pick(g, strings);
    const name = pick(g, names);
    return { text: JSON.stringify(setAt(json, n.path, name)), what: `replace ${pathText(n.path)} with ${JSON.stringify(name)}` };
  }
  const objs = nodes(json).filter((x) => x.value && typeof x.value === 'object' && !Array.isArray(x.value));
  if (objs.length === 0) return typeSwap(json, g);
  const n = pick(g, objs);
  const name = pick(g, names);
  const copy = { ...(n.value as object), [RAW(1)]: RAW(2) };
  const text = withRaw(setAt(json, n.path, copy), []).split(`${JSON.stringify(RAW(1))}:${JSON.stringify(RAW(2))}`).join(`${JSON.stringify(name)}:{"type":"x"}`);
  return { text, what: `add key ${JSON.stringify(name)} to ${pathText(n.path)}` };
};

export const JSON_MUTATORS: Record<string, JsonMutator> = {
  'json-deep': deep, 'json-non-finite': nonFinite, 'json-bad-number': badNumber, 'json-type': typeSwap,
  'json-drop': drop, 'json-dup-key': dupKey, 'json-long-string': longString, 'json-proto': proto,
};

/** A JSON mutator applied to JSON bytes. */
export function onJson(m: JsonMutator): Mutator {
  return (b, g) => {
    const r = m(JSON.parse(dec.decode(b)), g);
    return { bytes: enc.encode(r.text), what: r.what, mustReject: r.mustReject };
  };
}
