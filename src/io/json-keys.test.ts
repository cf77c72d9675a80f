import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanJsonKeys } from './json-keys.js';

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
