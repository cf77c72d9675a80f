import { test } from 'node:test';
import assert from 'node:assert/strict';
import { previewJson } from './json-preview.js';

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
});
