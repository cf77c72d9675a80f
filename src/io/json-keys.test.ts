import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonDepthPast, scanJsonKeys } from './json-keys.js';

test('finds top-level keys with their positions, skipping keys of nested objects and string values', () => {
  const text = '{"a":{"x":"\\"y\\":1"},"b":["c",{"d":2}],"e\\u0041":"{"}';
  const { topLevel, duplicate } = scanJsonKeys(text);
  assert.equal(duplicate, undefined);
  assert.deepEqual([...topLevel], [['a', 1], ['b', text.indexOf('"b"')], ['eA', text.indexOf('"e\\')]]);
});

test('reports the first repeated key of any object, with the index of its second occurrence', () => {
  assert.deepEqual(scanJsonKeys('{"a":1,"b":{"c":2,"c":3}}').duplicate, { key: 'c', index: 18 });
  assert.deepEqual(scanJsonKeys('{"a":1, "a":2}').duplicate, { key: 'a', index: 8 });
  // Equal keys in different objects are fine.
  assert.equal(scanJsonKeys('{"a":{"k":1},"b":{"k":1},"c":[{"k":1},{"k":2}]}').duplicate, undefined);
});

test('jsonDepthPast finds the first bracket past the limit, ignoring brackets in strings', () => {
  assert.equal(jsonDepthPast('{"a":[[1]]}', 2), 6);
  assert.equal(jsonDepthPast('{"a":[[1]]}', 3), -1);
  assert.equal(jsonDepthPast('{"a":"[[[\\"[{"}', 1), -1);
  assert.equal(jsonDepthPast('[],[],[[]]', 1), 7);
  const deep = '['.repeat(1_000_000);
  assert.equal(jsonDepthPast(deep, 64), 64);
  assert.equal(jsonDepthPast('"unterminated [[[', 0), -1);
});
