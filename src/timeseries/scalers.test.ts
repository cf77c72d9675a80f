import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NonFiniteError, ValueError } from '../errors.js';
import { MinMaxScaler, RobustScaler, StandardScaler, scalerFromJSON, type SeriesScaler } from './scalers.js';
import { createTimeSeries } from './series.js';
import { splitChronological } from './split.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `index ${i}: ${a[i]} vs ${b[i]}`);
};

const s = createTimeSeries({ x: [1, 2, 3, 4], c: [5, 5, 5, 5], keep: [9, 9, 9, 9] });

test('StandardScaler: population mean and std, hand-computed', () => {
  const sc = new StandardScaler().fit(s, ['x', 'c']);
  close(sc.center, [2.5, 5]);
  close(sc.scale, [Math.sqrt(1.25), 1]); // the constant column gets scale 1
  const z = sc.transform(s);
  close(z.values[0], [-1.5, -0.5, 0.5, 1.5].map((v) => v / Math.sqrt(1.25)));
  close(z.values[1], [0, 0, 0, 0]);
  assert.equal(z.values[2], s.values[2]); // columns that were not fitted pass through untouched
});

test('MinMaxScaler: [0, 1] by default and any featureRange', () => {
  close(new MinMaxScaler().fit(s, ['x']).transform(s).values[0], [0, 1 / 3, 2 / 3, 1]);
  close(new MinMaxScaler({ featureRange: [-1, 1] }).fit(s, ['x']).transform(s).values[0], [-1, -1 / 3, 1 / 3, 1]);
  assert.throws(() => new MinMaxScaler({ featureRange: [1, 1] }), ValueError);
});

test('RobustScaler: median and IQR with NumPy-style interpolation', () => {
  const sc = new RobustScaler().fit(s, ['x']);
  close(sc.center, [2.5]);
  close(sc.scale, [1.5]); // percentile 75 = 3.25, percentile 25 = 1.75
  const wide = new RobustScaler({ quantileRange: [0, 100] }).fit(s, ['x']);
  close(wide.scale, [3]);
});

test('every scaler inverts its transform, on series and on flat [.., C] arrays', () => {
  const data = createTimeSeries({ a: [3, -1, 7.5, 2, 0.25], b: [100, 300, 200, 250, 150] });
  for (const sc of [new StandardScaler(), new MinMaxScaler(), new RobustScaler()] as SeriesScaler[]) {
    sc.fit(data);
    const back = sc.inverseTransform(sc.transform(data));
    close(back.values[0], data.values[0], 1e-12);
    close(back.values[1], data.values[1], 1e-12);
    // y batch [B=5, H=1, C=2] interleaved as (b, c)
    const flat = Float64Array.from({ length: 10 }, (_, i) => data.values[i % 2][i >> 1]);
    close(sc.inverseTransformValues(sc.transformValues(flat, ['a', 'b']), ['a', 'b']), flat, 1e-12);
    close(sc.inverseTransformValues(sc.transform(data).values[1], ['b']), data.values[1], 1e-12);
  }
});

test('toJSON / scalerFromJSON round-trip exactly through JSON text', () => {
  const data = createTimeSeries({ a: [0.1, 0.2, 0.7], b: [1e6, 3e6, 2e6 + 1 / 3] });
  for (const sc of [new StandardScaler(), new MinMaxScaler({ featureRange: [-1, 1] }), new RobustScaler({ quantileRange: [10, 90] })] as SeriesScaler[]) {
    sc.fit(data);
    const again = scalerFromJSON(JSON.parse(JSON.stringify(sc)));
    assert.equal(again.constructor, sc.constructor);
    assert.deepEqual(again.toJSON(), sc.toJSON());
    assert.deepEqual(again.transform(data).values, sc.transform(data).values);
  }
  assert.throws(() => scalerFromJSON({ kind: 'log' } as never), /expected kind/);
});

test('leakage: a scaler fitted on the train split does not change when later splits change', () => {
  const n = 100;
  const base = Float64Array.from({ length: n }, (_, i) => i);
  const spoiled = Float64Array.from(base, (v, i) => (i >= 70 ? v * 1000 - 5 : v));
  const fitOn = (col: Float64Array) => {
    const split = splitChronological(createTimeSeries({ v: col }), { train: 0.7, validation: 0.15 });
    return new StandardScaler().fit(split.train).toJSON();
  };
  const a = fitOn(base);
  assert.deepEqual(a, fitOn(spoiled));
  assert.equal(a.center[0], 34.5); // mean of rows 0 … 69 only
});

test('errors: not fitted, unknown column, non-finite training data, empty series', () => {
  assert.throws(() => new StandardScaler().transform(s), /not fitted/);
  assert.throws(() => new StandardScaler().fit(s, ['nope']), /no column named "nope"/);
  assert.throws(() => new StandardScaler().fit(createTimeSeries({ x: [1, NaN] })), NonFiniteError);
  assert.throws(() => new StandardScaler().fit(createTimeSeries({ x: [] })), /at least one row/);
  const sc = new StandardScaler().fit(s, ['x']);
  assert.throws(() => sc.inverseTransformValues([1, 2, 3], ['x', 'x']), /multiple of 2/);
  assert.throws(() => sc.inverseTransformValues([1], ['c']), /was not fitted/);
});
