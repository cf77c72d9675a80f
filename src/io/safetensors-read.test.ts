import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError } from '../errors.js';
import { readSafetensors, readSafetensorsWithMetadata } from './safetensors-read.js';
import { leBytes, rawSafetensors } from './test-helpers/safetensors-bytes.js';

/** Asserts a FormatError whose message matches `pattern`, at byte `offset` when given. */
function assertFormatError(bytes: Uint8Array, pattern: RegExp, offset?: number): void {
  assert.throws(() => readSafetensors(bytes), (e: unknown) => {
    assert.ok(e instanceof FormatError, `expected FormatError, got ${String(e)}`);
    assert.match(e.message, pattern);
    if (offset !== undefined) assert.equal(e.offset, offset, e.message);
    return true;
  });
}

const entry = (dtype: string, shape: number[], begin: number, end: number) => ({ dtype, shape, data_offsets: [begin, end] });

test('reads F32 and F64 tensors with their shapes, and the metadata', () => {
  const bytes = rawSafetensors(
    { __metadata__: { format: 'pt' }, w: entry('F32', [2, 2], 0, 16), s: entry('F64', [], 16, 24), e: entry('F32', [0, 3], 24, 24) },
    [...leBytes('f32', [1, -2, 0.5, 3]), ...leBytes('f64', [Math.PI])],
  );
  const { tensors, metadata } = readSafetensorsWithMetadata(bytes);
  assert.deepEqual(metadata, { format: 'pt' });
  assert.deepEqual(tensors.w.shape, [2, 2]);
  assert.equal(tensors.w.dtype, 'float32');
  assert.deepEqual([...tensors.w.data], [1, -2, 0.5, 3]);
  assert.equal(tensors.s.dtype, 'float64');
  assert.deepEqual(tensors.s.shape, []);
  assert.equal(tensors.s.item(), Math.PI);
  assert.deepEqual(tensors.e.shape, [0, 3]);
  assert.equal(tensors.e.size, 0);
  assert.deepEqual(Object.keys(readSafetensors(bytes)).sort(), ['e', 's', 'w']);
});

test('accepts an empty file ({} padded), a null __metadata__ and a header padded with spaces', () => {
  assert.deepEqual(readSafetensorsWithMetadata(rawSafetensors('{}      ')), { tensors: {}, metadata: {} });
  const t = readSafetensorsWithMetadata(rawSafetensors('{"__metadata__":null,"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}   ', leBytes('f32', [7])));
  assert.deepEqual(t.metadata, {});
  assert.equal(t.tensors.a.item(), 7);
});

test('data is copied: a tensor neither aliases nor keeps the input bytes', () => {
  const bytes = rawSafetensors({ a: entry('F32', [1], 0, 4) }, leBytes('f32', [1]));
  const a = readSafetensors(bytes).a;
  bytes.fill(0);
  assert.equal(a.item(), 1);
  assert.equal(a.data.buffer.byteLength, 4);
});

test('reads from a Uint8Array that is a view at an odd offset into a larger buffer', () => {
  const inner = rawSafetensors({ a: entry('F64', [2], 0, 16) }, leBytes('f64', [1.5, -2]));
  const outer = new Uint8Array(inner.length + 3);
  outer.set(inner, 1);
  assert.deepEqual([...readSafetensors(outer.subarray(1, 1 + inner.length)).a.data], [1.5, -2]);
});

test('reads from a Node Buffer (whose slice() is a view into a shared pool)', () => {
  const bytes = Buffer.from(rawSafetensors({ a: entry('F32', [2], 0, 8) }, leBytes('f32', [1, 2])));
  const a = readSafetensors(bytes).a;
  assert.deepEqual([...a.data], [1, 2]);
  assert.equal(a.data.buffer.byteLength, 8);
});

test('a tensor named __proto__ becomes an own key, not the prototype', () => {
  const dict = readSafetensors(rawSafetensors('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', leBytes('f32', [2])));
  assert.deepEqual(Object.keys(dict), ['__proto__']);
  assert.equal(Object.getPrototypeOf(dict), Object.prototype);
  assert.equal(dict['__proto__'].item(), 2);
});

test('integers become float32 when exact, otherwise a FormatError naming value, index and offset', () => {
  const ok = readSafetensors(rawSafetensors({ a: entry('I32', [3], 0, 12), b: entry('I64', [2], 12, 28) },
    [...leBytes('i32', [-5, 16777216, 2 ** 31 - 128]), ...leBytes('i64', [-(2n ** 60n), 12n])]));
  assert.deepEqual([...ok.a.data], [-5, 16777216, 2 ** 31 - 128]);
  assert.deepEqual([...ok.b.data], [-(2 ** 60), 12]);
  const header = { a: entry('I32', [2], 0, 8) };
  const dataStart = 8 + JSON.stringify(header).length;
  assertFormatError(rawSafetensors(header, leBytes('i32', [1, 16777217])), /"a" \(I32\) holds 16777217 at flat index 1, which float32 cannot represent exactly/, dataStart + 4);
  assertFormatError(rawSafetensors({ b: entry('I64', [1], 0, 8) }, leBytes('i64', [2n ** 60n + 1n])), /holds 1152921504606846977 at flat index 0/);
  assertFormatError(rawSafetensors({ c: entry('U32', [1], 0, 4) }, leBytes('u32', [2 ** 32 - 1])), /holds 4294967295/);
});

test('F16 and BF16 decode exactly, including subnormals, infinities and NaN', () => {
  // half: 1, -2, smallest subnormal 2^-24, largest 65504, -inf, NaN
  const half = leBytes('u16', [0x3c00, 0xc000, 0x0001, 0x7bff, 0xfc00, 0x7e00]);
  // bfloat16: 1, -3.140625, +inf, smallest subnormal 2^-133
  const bf = leBytes('u16', [0x3f80, 0xc049, 0x7f80, 0x0001]);
  const t = readSafetensors(rawSafetensors({ h: entry('F16', [6], 0, 12), b: entry('BF16', [4], 12, 20) }, [...half, ...bf]));
  assert.deepEqual([...t.h.data], [1, -2, 2 ** -24, 65504, -Infinity, NaN]);
  assert.deepEqual([...t.b.data], [1, -3.140625, Infinity, 2 ** -133]);
});

test('the 8-byte length: too short a file, or a header length past the end', () => {
  assertFormatError(new Uint8Array(0), /0 bytes is too short/, 0);
  assertFormatError(new Uint8Array(7), /7 bytes is too short/, 0);
  assertFormatError(rawSafetensors('{}', [], 3), /header length 3 runs past the end of the file \(only 2 bytes follow/, 0);
  assertFormatError(rawSafetensors('{}', [], 2 ** 40), /header length 1099511627776 runs past the end/, 0);
});

test('a header that is not UTF-8, not JSON, or not an object', () => {
  assertFormatError(rawSafetensors('{"a":1}').map((b, i) => (i === 10 ? 0xff : b)), /not valid UTF-8/, 8);
  assertFormatError(rawSafetensors('{"a": '), /header is not valid JSON/);
  assertFormatError(rawSafetensors('{"a": 1,}'), /header is not valid JSON/);
  assertFormatError(rawSafetensors('[1, 2]'), /must be a JSON object starting with '\{'/, 8);
  assertFormatError(rawSafetensors('  {}'), /starting with '\{'/, 8);
});

test('malformed entries: not an object, bad dtype, shape or data_offsets', () => {
  assertFormatError(rawSafetensors({ a: 3 }), /tensor "a": expected \{dtype, shape, data_offsets\}, got 3/, 9);
  assertFormatError(rawSafetensors({ a: entry('Q7', [1], 0, 4) }, [0, 0, 0, 0]), /unknown dtype "Q7"; readable dtypes are F64, F32, F16, BF16/);
  assertFormatError(rawSafetensors({ a: entry('F8_E4M3', [1], 0, 1) }, [0]), /unsupported dtype "F8_E4M3".*convert the tensor to F32/);
  assertFormatError(rawSafetensors({ a: entry('F32', [-1], 0, 4) }, [0, 0, 0, 0]), /shape must be an array of non-negative integers, got \[-1\]/);
  assertFormatError(rawSafetensors({ a: entry('F32', [1.5], 0, 4) }, [0, 0, 0, 0]), /shape must be/);
  assertFormatError(rawSafetensors({ a: { dtype: 'F32', shape: [1], data_offsets: [0] } }, [0, 0, 0, 0]), /data_offsets must be \[begin, end\]/);
  assertFormatError(rawSafetensors({ a: entry('F32', [0], 4, 0) }, [0, 0, 0, 0]), /data_offsets \[4, 0\] end before they begin/);
  assertFormatError(rawSafetensors({ __metadata__: { a: 1 } }), /__metadata__.a must be a string, got 1/, 9);
  assertFormatError(rawSafetensors({ __metadata__: [] }), /__metadata__ must be an object of strings/);
});

test('the error offset of a bad entry points at its key in the header', () => {
  const header = '{"ok":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"é":{"dtype":"X","shape":[],"data_offsets":[4,4]}}';
  const keyAt = 8 + new TextEncoder().encode(header.slice(0, header.indexOf('"é"'))).length;
  assertFormatError(rawSafetensors(header, leBytes('f32', [1])), /tensor "é": unknown dtype "X"/, keyAt);
});

test('byte length must equal the number of elements times the dtype size', () => {
  assertFormatError(rawSafetensors({ a: entry('F32', [2, 3], 0, 20) }, new Uint8Array(20)), /shape \[2,3\] of F32 needs 24 bytes \(6 × 4\), but data_offsets \[0, 20\] hold 20/, 9);
  assertFormatError(rawSafetensors({ a: entry('F64', [1], 0, 4) }, new Uint8Array(4)), /needs 8 bytes/);
});

test('byte ranges: overlap, gap, past the end, trailing bytes', () => {
  const two = (a: [number, number], b: [number, number], data: number) => ({ a: entry('F32', [(a[1] - a[0]) / 4], ...a), b: entry('F32', [(b[1] - b[0]) / 4], ...b), size: data });
  const make = ({ a, b, size }: ReturnType<typeof two>) => {
    const header = { a, b };
    return { bytes: rawSafetensors(header, new Uint8Array(size)), dataStart: 8 + JSON.stringify(header).length };
  };
  let r = make(two([0, 8], [4, 12], 12));
  assertFormatError(r.bytes, /tensor "b" data_offsets \[4, 12\] overlaps tensor "a", which ends at 8/, r.dataStart + 4);
  r = make(two([0, 4], [8, 12], 12));
  assertFormatError(r.bytes, /gap in the data buffer: bytes \[4, 8\) before tensor "b" belong to no tensor/, r.dataStart + 4);
  r = make(two([4, 8], [8, 12], 12));
  assertFormatError(r.bytes, /bytes \[0, 4\) before tensor "a"/, r.dataStart);
  r = make(two([0, 4], [4, 12], 10));
  assertFormatError(r.bytes, /tensor "b" data_offsets \[4, 12\] runs past the end of the data buffer \(10 bytes\); the file is truncated/, r.dataStart + 4);
  r = make(two([0, 4], [4, 8], 11));
  assertFormatError(r.bytes, /3 bytes after the last tensor belong to no tensor/, r.dataStart + 8);
  // The same range twice is an overlap, even for two tensors of equal size.
  r = make(two([0, 4], [0, 4], 4));
  assertFormatError(r.bytes, /overlaps/);
});

test('duplicate keys, at the top level or inside __metadata__, are refused with their offset', () => {
  const header = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
  assertFormatError(rawSafetensors(header, leBytes('f32', [1])), /key "a" appears twice in the header/, 8 + header.lastIndexOf('"a"'));
  assertFormatError(rawSafetensors('{"__metadata__":{"k":"1","k":"2"}}'), /key "k" appears twice/);
  // Escapes that spell the same key are the same key.
  assertFormatError(rawSafetensors('{"__metadata__":{"k":"1","\\u006b":"2"}}'), /key "k" appears twice/);
});

test('error messages start with the source name when given', () => {
  assert.throws(() => readSafetensors(new Uint8Array(3), { source: 'weights/a.safetensors' }), /^FormatError: weights\/a\.safetensors: 3 bytes is too short/);
});
