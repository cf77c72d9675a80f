import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn } from '../tensor/create.js';
import { ValueError } from '../errors.js';
import { Generator } from '../random/generator.js';
import type { Tensor } from '../tensor/tensor.js';
import { writeSafetensors } from './safetensors-write.js';
import { readSafetensorsWithMetadata } from './safetensors-read.js';

function headerOf(bytes: Uint8Array): { n: number; text: string } {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { n, text: new TextDecoder().decode(bytes.subarray(8, 8 + n)) };
}

test('round trip: float32 and float64 tensors of every rank keep dtype, shape and bits', () => {
  const g = new Generator(3);
  const dict: Record<string, Tensor> = {
    scalar: tensor(1.25),
    vec: randn([5], { generator: g }),
    mat: randn([3, 4], { generator: g, dtype: 'float64' }),
    cube: randn([2, 3, 2], { generator: g }),
    empty: tensor([], [2, 0]),
    special: tensor([NaN, -0, Infinity, -Infinity, 1e-45], [5]),
  };
  const { tensors, metadata } = readSafetensorsWithMetadata(writeSafetensors(dict, { note: 'hi' }));
  assert.deepEqual(metadata, { note: 'hi' });
  assert.deepEqual(Object.keys(tensors).sort(), Object.keys(dict).sort());
  for (const [k, t] of Object.entries(dict)) {
    assert.equal(tensors[k].dtype, t.dtype, k);
    assert.deepEqual(tensors[k].shape, t.shape, k);
    assert.deepEqual(tensors[k].data, t.data, k);
  }
});

test('layout: padded header so data is 8-byte aligned, F64 before F32, names sorted as UTF-8 bytes', () => {
  const bytes = writeSafetensors({
    b: tensor([1]), a: tensor([2]), '\uffff': tensor([3]), '😀': tensor([4]), d: tensor([5], [1], { dtype: 'float64' }),
  });
  const { n, text } = headerOf(bytes);
  assert.equal(n % 8, 0);
  assert.match(text, /^\{.*\} *$/);
  assert.ok(text.length - text.trimEnd().length < 8);
  const keys = Object.keys(JSON.parse(text));
  // UTF-16 order would put the emoji (a surrogate pair, 0xD83D…) before U+FFFF; UTF-8 order does not.
  assert.deepEqual(keys, ['d', 'a', 'b', '\uffff', '😀']);
  assert.equal(bytes.length, 8 + n + 8 + 4 * 4);
});

test('no metadata argument writes no __metadata__; an empty one writes {} (as Python does)', () => {
  assert.equal(headerOf(writeSafetensors({})).text, '{}      ');
  assert.equal(headerOf(writeSafetensors({}, {})).text, '{"__metadata__":{}}     ');
});

test('writes the data of a tensor that is a view into a larger buffer', () => {
  const big = new Float32Array([9, 1, 2, 3, 9]);
  const view = tensor(big.subarray(1, 4), [3]);
  assert.deepEqual([...readSafetensorsWithMetadata(writeSafetensors({ v: view })).tensors.v.data], [1, 2, 3]);
});

test('refuses what safetensors cannot hold, with a ValueError that says why', () => {
  assert.throws(() => writeSafetensors({ __metadata__: tensor([1]) }), /"__metadata__" is reserved/);
  assert.throws(() => writeSafetensors({ a: [1, 2] as unknown as Tensor }), /value of "a" must be a Tensor, got object/);
  assert.throws(() => writeSafetensors({}, { epochs: 3 as unknown as string }), /metadata "epochs" must be a string, got number/);
  assert.throws(() => writeSafetensors({ ['bad\uD800']: tensor([1]) }), (e: unknown) => e instanceof ValueError && /lone UTF-16 surrogate/.test(e.message));
});
