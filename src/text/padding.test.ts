import { test } from 'node:test';
import assert from 'node:assert/strict';
import { padSequences } from './padding.js';
import { ValueError } from '../errors.js';

const seqs = [[5, 6, 7], [8], []];

test('right padding to the longest, with mask and Int32Array lengths', () => {
  const b = padSequences(seqs);
  assert.deepEqual(b.shape, [3, 3]);
  assert.deepEqual([...b.ids], [5, 6, 7, 8, 0, 0, 0, 0, 0]);
  assert.deepEqual([...b.mask], [1, 1, 1, 1, 0, 0, 0, 0, 0]);
  assert.ok(b.lengths instanceof Int32Array);
  assert.deepEqual([...b.lengths], [3, 1, 0]);
  assert.ok(b.mask instanceof Float32Array);
});

test('left padding and pad value', () => {
  const b = padSequences(seqs, { length: 4, paddingSide: 'left', padValue: -1 });
  assert.deepEqual([...b.ids], [-1, 5, 6, 7, -1, -1, -1, 8, -1, -1, -1, -1]);
  assert.deepEqual([...b.mask], [0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
  assert.equal(b.paddingSide, 'left');
});

test('truncation on either side; lengths count what is kept', () => {
  assert.deepEqual([...padSequences(seqs, { length: 2 }).ids], [5, 6, 8, 0, 0, 0]);
  const l = padSequences(seqs, { length: 2, truncationSide: 'left' });
  assert.deepEqual([...l.ids], [6, 7, 8, 0, 0, 0]);
  assert.deepEqual([...l.lengths], [2, 1, 0]);
});

test('time-major layout as PyTorch batch_first=False', () => {
  const b = padSequences([[1, 2], [3]], { batchFirst: false });
  assert.deepEqual(b.shape, [2, 2]);
  assert.deepEqual([...b.ids], [1, 3, 2, 0]);
  assert.deepEqual([...b.mask], [1, 1, 1, 0]);
});

test('empty batch and bad input', () => {
  const e = padSequences([]);
  assert.deepEqual(e.shape, [0, 0]);
  assert.equal(e.ids.length, 0);
  assert.throws(() => padSequences([[1.5]]), (err: unknown) => err instanceof ValueError && /sequence 0 position 0 holds 1.5/.test(err.message));
  assert.throws(() => padSequences(seqs, { length: -1 }), /length must be/);
  assert.throws(() => padSequences(seqs, { paddingSide: 'pre' as never }), /paddingSide must be/);
});
