import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.js';
import { ShapeError, ValueError } from '../errors.js';
import { subsetData, tensorData } from './data.js';

test('tensorData copies the rows of x and y along dim 0 into new tensors', () => {
  const x = new Tensor(Float32Array.from({ length: 4 * 2 * 3 }, (_, i) => i), [4, 2, 3]);
  const y = new Tensor(Float32Array.from([10, 11, 12, 13]), [4, 1]);
  const data = tensorData(x, y);
  assert.equal(data.length, 4);
  const b = data.batch(Int32Array.from([3, 1]));
  assert.deepEqual(b.x.shape, [2, 2, 3]);
  assert.deepEqual(b.x.toArray(), [18, 19, 20, 21, 22, 23, 6, 7, 8, 9, 10, 11]);
  assert.deepEqual(b.y.toArray(), [13, 11]);
  b.x.data[0] = -1;
  assert.equal(x.data[18], 18, 'a copy, not a view');
  assert.throws(() => data.batch(Int32Array.from([4])), ValueError);
  assert.throws(() => tensorData(x, new Tensor(new Float32Array(3), [3])), (e: unknown) => e instanceof ShapeError && /same first dimension/.test(e.message));
});

test('subsetData maps its indices onto the examples it holds', () => {
  const x = new Tensor(Float32Array.from([0, 1, 2, 3, 4]), [5, 1]);
  const sub = subsetData(tensorData(x, x), Int32Array.from([3, 4]));
  assert.equal(sub.length, 2);
  assert.deepEqual(sub.batch(Int32Array.from([1, 0])).x.toArray(), [4, 3]);
});
