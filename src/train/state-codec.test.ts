import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.js';
import { FormatError } from '../errors.js';
import { MAX_STATE_DEPTH, decodeState, encodeState } from './state-codec.js';

const FILE = 'runs/a/last.ckpt';

test('encodeState/decodeState round-trip tensors, float arrays and the numbers JSON cannot write', () => {
  const m = new Tensor(Float32Array.from([1, 2, 3, 4]), [2, 2]);
  const state = { step: 3, m, history: Float64Array.from([0.5, 0.25]), best: Infinity, none: NaN, zero: -0, tiny: 5e-324, tags: ['a', true, null] };
  const tensors: Record<string, Tensor> = {};
  const json = JSON.parse(JSON.stringify(encodeState(state, 'x', tensors)));
  const back = decodeState(json, tensors, FILE) as typeof state;
  assert.equal(back.m, m);
  assert.deepEqual([...back.history], [0.5, 0.25]);
  assert.deepEqual([back.step, back.best, back.none, Object.is(back.zero, -0), back.tiny, back.tags], [3, Infinity, NaN, true, 5e-324, ['a', true, null]]);
});

test('decodeState refuses state nested deeper than MAX_STATE_DEPTH with a FormatError naming the file, not a stack overflow', () => {
  for (const text of ['['.repeat(30_000) + ']'.repeat(30_000), '{"a":'.repeat(30_000) + '0' + '}'.repeat(30_000), '[{"a":'.repeat(10_000) + 'null' + '}]'.repeat(10_000)]) {
    assert.throws(() => decodeState(JSON.parse(text), {}, FILE), (e: unknown) => e instanceof FormatError && e.message.startsWith(FILE) && e.message.includes(`deeper than ${MAX_STATE_DEPTH} levels`));
  }
  // one level short of the bound still decodes
  const ok = '['.repeat(MAX_STATE_DEPTH) + ']'.repeat(MAX_STATE_DEPTH);
  assert.doesNotThrow(() => decodeState(JSON.parse(ok), {}, FILE));
  assert.throws(() => decodeState(JSON.parse('[' + ok + ']'), {}, FILE), FormatError);
});

test('a marker naming no tensor is a FormatError that shows at most a short preview of the name', () => {
  const name = '\u{1F600}'.repeat(1_000_000);
  assert.throws(() => decodeState({ m: { $tensor: name } }, {}, FILE), (e: unknown) => e instanceof FormatError && e.message.includes(FILE) && e.message.length < 400 && /which the file does not hold/.test(e.message));
  // inherited members of a plain object are not tensors of the file
  for (const n of ['constructor', 'toString', '__proto__']) assert.throws(() => decodeState({ $array: n }, {}, FILE), FormatError);
});

test('decodeState keeps a "__proto__" key as an own key and leaves the prototype alone', () => {
  const back = decodeState(JSON.parse('{"a":{"__proto__":{"polluted":1},"b":2}}'), {}, FILE) as { a: Record<string, unknown> };
  assert.equal(Object.getPrototypeOf(back.a), Object.prototype);
  assert.deepEqual(Object.keys(back.a), ['__proto__', 'b']);
  assert.equal((back.a as { polluted?: unknown }).polluted, undefined);
  // a $number marker whose value is not a string is an ordinary object, not a number
  assert.deepEqual(decodeState({ $number: [[1]] }, {}, FILE), { $number: [[1]] });
});
