import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError, ValueError } from '../errors.js';
import { readCsvSeries } from './csv.js';

const numeric = { timeColumn: 't', timeFormat: 'number', fillGaps: true, missing: 'interpolate' } as const;

test('fillGaps refuses one far-away timestamp before allocating, naming the gap, its lines and the count', () => {
  const started = Date.now();
  assert.throws(
    () => readCsvSeries('t,v\n1,1\n2,2\n1e12,3\n', numeric),
    (e: Error) =>
      e instanceof FormatError &&
      e.line === 4 &&
      /would insert 999999999997 rows, more than the limit of 1000 \(max\(1000, 10 × 3 rows read\)\)/.test(e.message) &&
      /gap, 2 \(line 3\) → 2001-09-09T01:46:40\.000Z \(line 4\), alone needs 999999999997/.test(e.message) &&
      /maxInsertedRows/.test(e.message),
  );
  assert.ok(Date.now() - started < 1000);
});

test('fillGaps refuses a millisecond series followed by the next day', () => {
  const ms = (k: number) => new Date(Date.UTC(2020, 0, 1) + k).toISOString();
  const text = `t,v\n${ms(0)},1\n${ms(1)},2\n${ms(2)},3\n2020-01-02T00:00:00.000Z,4\n`;
  assert.throws(
    () => readCsvSeries(text, { timeColumn: 't', fillGaps: true, missing: 'ffill' }),
    (e: Error) => e instanceof FormatError && /would insert 86399997 rows/.test(e.message) && /2020-01-01T00:00:00\.002Z \(line 4\) → 2020-01-02 \(line 5\)/.test(e.message),
  );
});

test('the limit is 10 × the rows read when that is above 1000, and maxInsertedRows raises it', () => {
  const rows = Array.from({ length: 200 }, (_, i) => `${i},${i}`);
  const text = `t,v\n${rows.join('\n')}\n2199,2199\n`; // 201 rows, a gap of 1999 missing steps: within 2010
  assert.equal(readCsvSeries(text, numeric).report.inserted, 1999);
  const small = `t,v\n${rows.slice(0, 100).join('\n')}\n2099,1\n`; // 101 rows, 1999 missing > 1010
  assert.throws(() => readCsvSeries(small, numeric), (e: Error) => e instanceof FormatError && /more than the limit of 1010/.test(e.message));
  const { series, report } = readCsvSeries(small, { ...numeric, maxInsertedRows: 1999 });
  assert.equal(report.inserted, 1999);
  assert.equal(series.timestamps.length, 2100);
  assert.equal(series.values[0][1000], 99 + ((1 - 99) * (1000 - 99)) / 2000);
  assert.throws(() => readCsvSeries(small, { ...numeric, maxInsertedRows: 1998 }), (e: Error) => e instanceof FormatError && /more than the limit of 1998;/.test(e.message));
});

test('maxInsertedRows must be a non-negative integer', () => {
  for (const bad of [-1, 1.5, NaN, Infinity]) {
    assert.throws(() => readCsvSeries('t,v\n1,1\n', { ...numeric, maxInsertedRows: bad }), ValueError, String(bad));
  }
});
