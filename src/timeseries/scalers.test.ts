import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError, NonFiniteError, ValueError } from '../errors.js';
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

test('scalerFromJSON checks every field and names the one that is wrong', () => {
  const good = { kind: 'standard', columns: ['a', 'b'], center: [1, 2], scale: [0.5, 3] };
  const fails = (json: unknown, pattern: RegExp) =>
    assert.throws(() => scalerFromJSON(json as never), (e: unknown) => {
      assert.ok(e instanceof FormatError, `expected FormatError, got ${String(e)}`);
      assert.match(e.message, /^scaler JSON: /);
      assert.match(e.message, pattern);
      return true;
    });
  fails(undefined, /expected an object \{kind, columns, center, scale\}, got undefined/);
  fails(null, /got null/);
  fails([good], /got \[\{"kind": "standard"/);
  fails({ ...good, kind: undefined }, /expected kind 'standard' \| 'minmax' \| 'robust', got undefined/);
  fails({ ...good, kind: 'log' }, /expected kind .* got "log"/);
  fails({ ...good, columns: undefined }, /columns must be an array of column names, got undefined/);
  fails({ ...good, columns: 'ab' }, /columns must be an array of column names, got "ab"/);
  fails({ ...good, columns: ['a', 7] }, /columns\[1\] must be a column name \(a string\), got 7/);
  fails({ ...good, center: undefined }, /center must be an array of numbers, one per column, got undefined/);
  fails({ ...good, center: [1] }, /center has 1 values for 2 columns/);
  fails({ ...good, center: [1, NaN] }, /center\[1\] \(column "b"\) must be a finite number, got NaN/);
  fails({ ...good, center: [1, '2'] }, /center\[1\] .* got "2"/);
  fails({ ...good, scale: [0.5, Infinity] }, /scale\[1\] \(column "b"\) must be a finite number, got Infinity/);
  fails({ ...good, scale: [0, 3] }, /scale\[0\] \(column "a"\) must be > 0, got 0/);
  fails({ ...good, scale: [-1, 3] }, /scale\[0\] .* must be > 0, got -1/);
  fails({ ...good, scale: [1, 2, 3] }, /scale has 3 values for 2 columns/);
  fails({ ...good, kind: 'minmax' }, /featureRange must be \[a, b\], two finite numbers, got undefined/);
  fails({ ...good, kind: 'minmax', featureRange: [1, 1] }, /featureRange must be \[a, b\] with a < b, got \[1, 1\]/);
  fails({ ...good, kind: 'minmax', featureRange: [0, NaN] }, /featureRange must be \[a, b\], two finite numbers/);
  fails({ ...good, kind: 'robust', quantileRange: [25] }, /quantileRange must be \[a, b\]/);
  fails({ ...good, kind: 'robust', quantileRange: [-5, 75] }, /quantileRange must be \[a, b\] with 0 <= a < b <= 100, got \[-5, 75\]/);
  fails({ ...good, kind: 'robust', quantileRange: [75, 25] }, /got \[75, 25\]/);
  assert.throws(() => MinMaxScaler.fromJSON(good), /expected kind 'minmax', got 'standard'/);
  // Valid forms load, an unfitted scaler's included.
  assert.deepEqual(scalerFromJSON(good).toJSON(), good);
  assert.deepEqual(scalerFromJSON({ kind: 'robust', columns: [], center: [], scale: [], quantileRange: [10, 90] }).toJSON(), { kind: 'robust', columns: [], center: [], scale: [], quantileRange: [10, 90] });
});
