import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherWindows, windowBatches } from './batches.js';
import { createTimeSeries } from './series.js';
import { splitAtRows, splitAtTimes, splitChronological } from './split.js';
import { makeWindows } from './windows.js';

const rows = (n: number) => createTimeSeries({ row: Array.from({ length: n }, (_, i) => i), twice: Array.from({ length: n }, (_, i) => 2 * i) });

test('splitChronological: consecutive, disjoint, in order, views of one buffer', () => {
  const s = rows(100);
  const sp = splitChronological(s, { train: 0.7, validation: 0.15 });
  assert.deepEqual(sp.boundaries, [0, 70, 85, 100]);
  assert.equal(sp.train.values[0][69], 69);
  assert.equal(sp.validation.values[0][0], 70);
  assert.equal(sp.test.values[0][0], 85);
  assert.equal(sp.test.values[0].buffer, s.values[0].buffer);
  assert.deepEqual(splitChronological(rows(10), { train: 0.5, validation: 0.2, test: 0.2 }).boundaries, [0, 5, 7, 9]);
  assert.deepEqual(splitChronological(rows(10), { train: 0.8 }).boundaries, [0, 8, 8, 10]);
  assert.throws(() => splitChronological(s, { train: 0.8, validation: 0.3 }), /add up to 1.1/);
  assert.throws(() => splitChronological(s, { train: -0.1 }), /fraction/);
  assert.throws(() => splitChronological(rows(1), { train: 0.5 }), /at least one row/);
});

test('splitAtRows and splitAtTimes', () => {
  assert.deepEqual(splitAtRows(rows(10), 6, 8).boundaries, [0, 6, 8, 10]);
  const s = createTimeSeries({ v: [1, 2, 3, 4, 5] }, [10, 20, 30, 40, 50]);
  assert.deepEqual(splitAtTimes(s, 25, 40).boundaries, [0, 2, 3, 5]);
  assert.throws(() => splitAtTimes(s, 5), /no row before 5/);
  assert.throws(() => splitAtRows(rows(10), 0), /0 < trainEnd/);
});

test('leakage: no window of a split ever reads a row of another split', () => {
  const s = rows(200);
  const sp = splitChronological(s, { train: 0.6, validation: 0.2 });
  const [, a, b, c] = sp.boundaries;
  const ranges = { train: [0, a], validation: [a, b], test: [b, c] } as const;
  for (const options of [
    { lookBack: 10, targets: ['row'] },
    { lookBack: 5, horizon: 7, stride: 3, samplingRate: 2, shift: 2, targets: ['row'], features: ['row', 'twice'], futureCovariates: ['row'] },
  ]) {
    for (const name of ['train', 'validation', 'test'] as const) {
      const [lo, hi] = ranges[name];
      const w = makeWindows(sp[name], options);
      assert.ok(w.count > 0);
      let maxTarget = -1;
      for (const batch of windowBatches(w, { batchSize: 16, shuffle: true, seed: 7 })) {
        const F = batch.xShape[2];
        batch.x.forEach((v, i) => {
          const row = w.features[i % F] === 'twice' ? v / 2 : v; // undo the 'twice' column
          assert.ok(row >= lo && row < hi, `${name}: input from row ${row} outside [${lo}, ${hi})`);
        });
        for (const v of batch.y) {
          assert.ok(v >= lo && v < hi, `${name}: target ${v} outside [${lo}, ${hi})`);
          maxTarget = Math.max(maxTarget, v);
        }
        for (const v of batch.future ?? []) assert.ok(v >= lo && v < hi);
      }
      // the windows reach as far as the split allows, but no further
      assert.ok(maxTarget > hi - 1 - w.stride * w.samplingRate - 1, `${name}: last target ${maxTarget}, split ends at ${hi}`);
    }
  }
  // one step-ahead in train: the last target is the last train row, never the first validation row
  const w = makeWindows(sp.train, { lookBack: 10, targets: ['row'] });
  assert.equal(gatherWindows(w, [w.count - 1]).y[0], a - 1);
});
