import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clip, preview, previewJson } from './json-preview.js';

test('short JSON values read exactly as JSON.stringify writes them', () => {
  const values: unknown[] = [null, true, 0, -1.5, 'a"b\\c\n', [], {}, [1, [2, [3]]], { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] }, { '': { 'k"': [null, false] } }];
  for (const v of values) assert.equal(previewJson(v), JSON.stringify(v));
});

test('deep nesting neither overflows the stack nor shows more than 8 levels', () => {
  const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000));
  assert.throws(() => JSON.stringify(deep), RangeError); // what messages used to do
  assert.equal(previewJson(deep), '[[[[[[[[[…]]]]]]]]]');
  let obj: unknown = 1;
  for (let i = 0; i < 100_000; i++) obj = { a: obj };
  assert.equal(previewJson(obj), '{"a":'.repeat(8) + '{…}' + '}'.repeat(8));
});

test('long values are cut at max characters, without building the rest', () => {
  const long = previewJson('x'.repeat(1_000_000));
  assert.equal(long, `"${'x'.repeat(199)}…`);
  const many = previewJson(Array.from({ length: 1_000_000 }, (_, i) => i), 50);
  assert.equal(many.length, 51);
  assert.ok(many.startsWith('[0,1,2,') && many.endsWith('…'));
  assert.equal(previewJson({ ['k'.repeat(500)]: 1 }, 20), `{"${'k'.repeat(18)}…`);
});

test('any value, not only JSON: cycles, BigInt, undefined, functions, throwing getters', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  assert.ok(previewJson(cyclic).startsWith('{"a":1,"self":{"a":1,"self":'));
  assert.equal(previewJson(10n), '10n');
  assert.equal(previewJson(undefined), 'undefined');
  assert.equal(previewJson([() => 1, Symbol('s')]), '[<function>,Symbol(s)]');
  const trap = { a: 1, get b(): number { throw new Error('no'); } };
  assert.equal(previewJson(trap), '{"a":1,"b":…');
  assert.equal(previewJson({ w: new Float32Array(1e6), z: -0 }), '{"w":Float32Array(1000000),"z":-0}');
});

test('preview (option values) keeps messages short whatever the value: 3 levels, 8 items, spaced', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.equal(preview(deep), '[[[[…]]]]');
  assert.ok(preview('x'.repeat(1e6)).length <= 200);
  assert.ok(preview(Array.from({ length: 1e5 }, (_, i) => ({ i, s: 'y'.repeat(100) }))).length <= 200);
  assert.equal(preview({ a: [1, NaN], b: 'c' }), '{"a": [1, NaN], "b": "c"}');
  assert.equal(preview(new Float32Array(1e6)), 'Float32Array(1000000)');
  assert.equal(preview(undefined), 'undefined');
  assert.equal(preview(Array.from({ length: 20 }, (_, i) => i)), '[0, 1, 2, 3, 4, 5, 6, 7, … (20 in all)]');
  assert.equal(preview([[[[]]], [[[1]]]]), '[[[[]]], [[[…]]]]');
  assert.equal(preview(-0), '-0');
  const trap = { a: 1, get b(): number { throw new Error('no'); } };
  assert.equal(preview(trap), '{"a": 1, "b": …');
});

test('clip cuts text to max characters in all, marking the cut', () => {
  assert.equal(clip('abc', 3), 'abc');
  assert.equal(clip('abcd', 3), 'ab…');
  assert.equal(clip('x'.repeat(1e6)).length, 200);
});
