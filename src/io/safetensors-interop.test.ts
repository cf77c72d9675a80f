// Interop with PyTorch's `safetensors`: files written by the reference Python library
// (scripts/fixtures/make_safetensors_fixtures.py) are read exactly, and our writer produces the
// very same bytes from the same tensors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Tensor } from '../tensor/tensor.js';
import { readSafetensorsWithMetadata } from './safetensors-read.js';
import { writeSafetensors } from './safetensors-write.js';

const DIR = new URL('../../test/fixtures/safetensors/', import.meta.url);

interface Expected {
  metadata: Record<string, string>;
  tensors: Record<string, { dtype: string; shape: number[]; values: (number | string)[] }>;
}
const expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as Record<string, Expected>;
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.safetensors`, DIR)));
const value = (v: number | string): number => (typeof v === 'number' ? v : Number(v)); // "NaN", "Infinity"

for (const name of ['lstm', 'mixed', 'dtypes', 'unsigned']) {
  test(`reads ${name}.safetensors written by Python exactly: keys, shapes, dtypes, values, metadata`, () => {
    const want = expected[name];
    const { tensors, metadata } = readSafetensorsWithMetadata(fixture(name));
    assert.deepEqual(metadata, want.metadata);
    assert.deepEqual(Object.keys(tensors).sort(), Object.keys(want.tensors).sort());
    for (const [key, w] of Object.entries(want.tensors)) {
      const t = tensors[key];
      assert.deepEqual(t.shape, w.shape, key);
      assert.equal(t.dtype, w.dtype === 'F64' ? 'float64' : 'float32', key);
      // Object.is equality: -0 stays -0, NaN is NaN.
      assert.deepEqual([...t.data], w.values.map(value), key);
    }
  });
}

test('the LSTM fixture has PyTorch\'s parameter names and packed-gate shapes', () => {
  const { tensors } = readSafetensorsWithMetadata(fixture('lstm'));
  const H = 4, I = 3;
  assert.deepEqual(Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, t.shape])), {
    weight_ih_l0: [4 * H, I], weight_hh_l0: [4 * H, H], bias_ih_l0: [4 * H], bias_hh_l0: [4 * H],
    weight_ih_l0_reverse: [4 * H, I], weight_hh_l0_reverse: [4 * H, H], bias_ih_l0_reverse: [4 * H], bias_hh_l0_reverse: [4 * H],
  });
});

for (const name of ['lstm', 'mixed']) {
  test(`writing ${name}'s tensors and metadata reproduces Python's file byte for byte`, () => {
    const bytes = fixture(name);
    const { tensors, metadata } = readSafetensorsWithMetadata(bytes);
    // Rebuild from plain arrays, so nothing of the parsed file is reused.
    const fresh: Record<string, Tensor> = {};
    for (const [k, t] of Object.entries(tensors)) fresh[k] = new Tensor(t.data.slice(), t.shape);
    assert.deepEqual(writeSafetensors(fresh, metadata), bytes);
  });
}
