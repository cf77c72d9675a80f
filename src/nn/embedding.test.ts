import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../errors.js';
import { Embedding } from './embedding.js';

test('Embedding.forward refuses ids that are not integers in the table, naming position and value', () => {
  const emb = new Embedding(5, 2);
  const bad: [number, string][] = [[NaN, 'NaN'], [2.7, '2.7'], [-1, '-1'], [5, '5'], [2 ** 32 + 1, '4294967297'], [2 ** 31, '2147483648'], [Infinity, 'Infinity']];
  for (const [id, shown] of bad) {
    assert.throws(() => emb.forward([0, 1, id]), (e: Error) => e instanceof ValueError && e.message.includes(`id ${shown} at flat position 2 is not an integer in 0..4`), shown);
  }
  assert.throws(() => emb.forward([0, 1, 2, 3, 9, 0], [2, 3]), (e: Error) => e instanceof ValueError && /id 9 at flat position 4 \(\[1, 1\]\)/.test(e.message));
  assert.throws(() => emb.forward(['1'] as unknown as number[]), (e: Error) => e instanceof ValueError && /id string 1 at flat position 0/.test(e.message));
});

test('Embedding.forward checks Int32Array ids for range too, and the shape', () => {
  const emb = new Embedding(5, 2);
  assert.throws(() => emb.forward(Int32Array.of(0, -3)), (e: Error) => e instanceof ValueError && /id -3 at flat position 1/.test(e.message));
  assert.throws(() => emb.forward(Int32Array.of(7)), ValueError);
  assert.throws(() => emb.forward([1, 2], [-1, -2]), ShapeError);
  assert.throws(() => emb.forward([1, 2], [3]), ShapeError);
  assert.deepEqual(emb.forward([4, 0], [1, 2]).shape, [1, 2, 2]);
  const out = emb.forward([3]);
  assert.deepEqual([...out.data], [...emb.weight.data.subarray(6, 8)]);
});
