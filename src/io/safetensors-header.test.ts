import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError } from '../errors.js';
import { readSafetensors } from './safetensors-read.js';
import { rawSafetensors } from './test-helpers/safetensors-bytes.js';

/** The FormatError that reading `bytes` throws. */
function formatError(bytes: Uint8Array): FormatError {
  try {
    readSafetensors(bytes);
  } catch (e) {
    assert.ok(e instanceof FormatError, `expected FormatError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a FormatError');
}

test('a deeply nested header is refused at the bracket past 64 levels, before it is parsed', () => {
  const depth = 1_000_000;
  const e = formatError(rawSafetensors(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`));
  assert.match(e.message, /nests deeper than 64 levels/);
  assert.equal(e.offset, 8 + 5 + 63); // '{"a":' then the 64th '[' opens level 65
  // Nesting inside a string is not nesting.
  assert.match(formatError(rawSafetensors({ a: '['.repeat(1000) })).message, /tensor "a": expected \{dtype, shape, data_offsets\}/);
});

test('nesting within the limit but in the wrong place gives a short message, not the whole value', () => {
  const deep = '['.repeat(60) + ']'.repeat(60);
  for (const header of [
    `{"t":${deep}}`,
    `{"t":{"dtype":"F32","shape":${deep},"data_offsets":[0,0]}}`,
    `{"t":{"dtype":${deep},"shape":[],"data_offsets":[0,4]}}`,
    `{"t":{"dtype":"F32","shape":[1],"data_offsets":${deep}}}`,
    `{"__metadata__":{"k":${deep}}}`,
    `{"__metadata__":${deep}}`,
  ]) {
    const e = formatError(rawSafetensors(header));
    assert.ok(e.message.length < 400, e.message);
    assert.match(e.message, /\[\[\[\[\[\[\[\[\[…\]\]\]\]\]\]\]\]\]/);
  }
});

test('long values and names are cut in messages', () => {
  const long = 'x'.repeat(50_000);
  const cases = [
    { [long]: { dtype: 'F32', shape: [1], data_offsets: [0, 8] } },
    { t: { dtype: long, shape: [1], data_offsets: [0, 4] } },
    { t: { dtype: 'F32', shape: Array.from({ length: 10_000 }, () => 1.5), data_offsets: [0, 4] } },
    { __metadata__: { [long]: 1 } },
    { __metadata__: { k: [long] } },
  ];
  for (const header of cases) {
    const e = formatError(rawSafetensors(header));
    assert.ok(e.message.length < 500, `${e.message.length}: ${e.message.slice(0, 300)}`);
  }
});
