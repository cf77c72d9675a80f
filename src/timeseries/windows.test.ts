import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NonFiniteError, ValueError } from '../errors.js';
import { batchCount, gatherWindows, windowBatches } from './batches.js';
import { createTimeSeries } from './series.js';
import { makeWindows } from './windows.js';

const ramp = (n: number, k = 1) => Array.from({ length: n }, (_, i) => i * k);
const all = (count: number) => Int32Array.from({ length: count }, (_, i) => i);

test('defaults match Keras timeseries_dataset_from_array(data[:-T], data[T:], sequence_length=T)', () => {
  const s = createTimeSeries({ v: ramp(10) });
  const w = makeWindows(s, { lookBack: 3, targets: ['v'] });
  assert.equal(w.count, 7);
  const b = gatherWindows(w, all(w.count));
  assert.deepEqual(b.xShape, [7, 3, 1]);
  assert.deepEqual(b.yShape, [7, 1, 1]);
  assert.deepEqual([...b.x.subarray(0, 3)], [0, 1, 2]);
  assert.deepEqual([...b.x.subarray(18, 21)], [6, 7, 8]);
  assert.deepEqual([...b.y], [3, 4, 5, 6, 7, 8, 9]);
});

test('horizon, stride, samplingRate and shift follow the documented row arithmetic', () => {
  const s = createTimeSeries({ v: ramp(20) });
  const w = makeWindows(s, { lookBack: 3, horizon: 2, stride: 2, samplingRate: 2, shift: 1, targets: ['v'] });
  assert.equal(w.span, 11); // (3 + 1 + 2 − 1)·2 + 1
  assert.equal(w.count, 5); // ⌊(20 − 11)/2⌋ + 1
  const b = gatherWindows(w, all(w.count));
  // window 0: inputs rows 0, 2, 4; skip one sampled step (6); targets rows 8, 10
  assert.deepEqual([...b.x.subarray(0, 3)], [0, 2, 4]);
  assert.deepEqual([...b.y.subarray(0, 2)], [8, 10]);
  // last window 4 starts at row 8: inputs 8, 10, 12; targets 16, 18 — the last row it touches is 18 < 20
  assert.deepEqual([...b.x.subarray(12, 15)], [8, 10, 12]);
  assert.deepEqual([...b.y.subarray(8, 10)], [16, 18]);
  assert.deepEqual([...w.targetTimestamps(4)], [16, 18]);
});

test('multivariate features, several targets and known-future covariates', () => {
  const s = createTimeSeries({ temp: ramp(8), rain: ramp(8, 10), hour: ramp(8, 100) });
  const w = makeWindows(s, { lookBack: 2, horizon: 2, features: ['temp', 'rain'], targets: ['temp', 'rain'], futureCovariates: ['hour'] });
  const b = gatherWindows(w, [1]);
  assert.deepEqual(b.xShape, [1, 2, 2]);
  assert.deepEqual([...b.x], [1, 10, 2, 20]); // [b][t][f]
  assert.deepEqual([...b.y], [3, 30, 4, 40]); // [b][k][c]
  assert.deepEqual(b.futureShape, [1, 2, 1]);
  assert.deepEqual([...b.future!], [300, 400]); // covariates at the target rows
  const plain = gatherWindows(makeWindows(s, { lookBack: 2, targets: ['temp'] }), [0]);
  assert.equal(plain.future, undefined);
});

test('time-major batches are the [T, B, F] transpose of batch-first ones', () => {
  const s = createTimeSeries({ a: ramp(12), b: ramp(12, -1) });
  const w = makeWindows(s, { lookBack: 4, horizon: 2, targets: ['a'], features: ['a', 'b'] });
  const ids = [5, 0, 3];
  const bf = gatherWindows(w, ids);
  const tm = gatherWindows(w, ids, true);
  assert.deepEqual(tm.xShape, [4, 3, 2]);
  assert.deepEqual(tm.yShape, [2, 3, 1]);
  for (let b = 0; b < 3; b++)
    for (let t = 0; t < 4; t++)
      for (let f = 0; f < 2; f++) assert.equal(tm.x[(t * 3 + b) * 2 + f], bf.x[(b * 4 + t) * 2 + f]);
  for (let b = 0; b < 3; b++) for (let k = 0; k < 2; k++) assert.equal(tm.y[k * 3 + b], bf.y[b * 2 + k]);
});

test('windows are views: nothing is copied until a batch is gathered', () => {
  const s = createTimeSeries({ v: ramp(6) });
  const w = makeWindows(s, { lookBack: 2, targets: ['v'] });
  assert.equal(w.targetValues[0], s.values[0]); // the same buffer
  s.values[0][1] = 42;
  assert.deepEqual([...gatherWindows(w, [0]).x], [0, 42]);
});

test('windowBatches: batch sizes, remainder, seeded shuffle that is a permutation', () => {
  const s = createTimeSeries({ v: ramp(105) });
  const w = makeWindows(s, { lookBack: 5, targets: ['v'] }); // 100 windows
  const sizes = [...windowBatches(w, { batchSize: 32 })].map((b) => b.xShape[0]);
  assert.deepEqual(sizes, [32, 32, 32, 4]);
  assert.equal(batchCount(w, { batchSize: 32 }), 4);
  assert.deepEqual([...windowBatches(w, { batchSize: 32, dropRemainder: true })].map((b) => b.xShape[0]), [32, 32, 32]);
  assert.equal(batchCount(w, { batchSize: 32, dropRemainder: true }), 3);
  assert.equal([...windowBatches(w)].length, 1); // default batch size 128
  const order = (seed: number) => [...windowBatches(w, { batchSize: 10, shuffle: true, seed })].flatMap((b) => [...b.indices]);
  assert.deepEqual(order(1), order(1));
  assert.notDeepEqual(order(1), order(2));
  assert.deepEqual([...order(1)].sort((a, b) => a - b), [...all(100)]);
  for (const b of windowBatches(w, { batchSize: 7, shuffle: true, seed: 3 })) {
    b.indices.forEach((i, r) => assert.equal(b.y[r], i + 5)); // y still belongs to its own window
  }
  const chrono = [...windowBatches(w, { batchSize: 10 })].flatMap((b) => [...b.indices]);
  assert.deepEqual(chrono, [...all(100)]);
});

test('too short a series, bad options and missing values are clear errors', () => {
  const s = createTimeSeries({ v: ramp(5), gap: [1, NaN, 3, 4, 5] });
  const w = makeWindows(s, { lookBack: 5, targets: ['v'] });
  assert.equal(w.count, 0);
  assert.throws(() => windowBatches(w).next(), (e: Error) => e instanceof ValueError && /5 rows holds no window; each spans 6 rows/.test(e.message));
  assert.throws(() => makeWindows(createTimeSeries({ v: [] }), { lookBack: 1, targets: ['v'] }).requireWindows('x'), /0 rows/);
  assert.throws(() => makeWindows(s, { lookBack: 0, targets: ['v'] }), /lookBack to be an integer >= 1, got 0/);
  assert.throws(() => makeWindows(s, { lookBack: 2, stride: 1.5, targets: ['v'] }), /stride/);
  assert.throws(() => makeWindows(s, { lookBack: 2, targets: [] }), /at least one target/);
  assert.throws(() => makeWindows(s, { lookBack: 2, targets: ['x'] }), /no column named "x"/);
  assert.throws(() => makeWindows(s, { lookBack: 2, targets: ['gap'] }), (e: Error) => e instanceof NonFiniteError && /"gap" at row 1/.test(e.message));
  assert.throws(() => gatherWindows(makeWindows(s, { lookBack: 2, targets: ['v'] }), [3]), /indices in \[0, 3\)/);
  assert.throws(() => windowBatches(makeWindows(s, { lookBack: 2, targets: ['v'] }), { batchSize: 0 }).next(), /batchSize/);
});

test('a single-row series has no window of any size', () => {
  const w = makeWindows(createTimeSeries({ v: [7] }), { lookBack: 1, targets: ['v'] });
  assert.equal(w.count, 0);
});
