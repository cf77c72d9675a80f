import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FormatError, RecurrentError, ValueError } from '../errors.js';
import { readCsvSeries, readCsvSeriesFile } from './csv.js';
import { seriesColumn } from './series.js';

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const dataDir = path.resolve(process.cwd(), '../shared/data');

test('reads quoted headers, CRLF, no final newline, ISO dates', () => {
  const text = '"Month","Passengers"\r\n"1949-01",112\r\n"1949-02",118\r\n"1949-03",132';
  const { series, report } = readCsvSeries(text, { timeColumn: 'Month' });
  assert.deepEqual(series.columns, ['Passengers']);
  assert.deepEqual([...series.timestamps], [day(1949, 1, 1), day(1949, 2, 1), day(1949, 3, 1)]);
  assert.deepEqual([...series.values[0]], [112, 118, 132]);
  assert.deepEqual(report.frequency, { unit: 'month', step: 1 });
  assert.equal(report.rows, 3);
  assert.equal(report.unsorted, false);
});

test('unicode and odd headers: BOM, spaces, accents, emoji, quotes with commas', () => {
  const text = '\uFEFFDate, "Température (°C)" ,"a,b",🌧 rain\n2020-01-01,1.5,2,0\n2020-01-02,-2.5e0,3,1\n';
  const { series } = readCsvSeries(text, { timeColumn: 'Date', columns: ['🌧 rain', 'Température (°C)', 'a,b'] });
  assert.deepEqual(series.columns, ['🌧 rain', 'Température (°C)', 'a,b']);
  assert.deepEqual([...seriesColumn(series, 'Température (°C)')], [1.5, -2.5]);
  assert.deepEqual([...seriesColumn(series, 'a,b')], [2, 3]);
});

test('an unknown column names the header and suggests a near match', () => {
  const text = 'Date,Temp\n2020-01-01,1\n';
  assert.throws(() => readCsvSeries(text, { timeColumn: 'date' }), (e: Error) => e instanceof ValueError && /"date"/.test(e.message) && /did you mean "Date"/.test(e.message));
  assert.throws(() => readCsvSeries('a;b\n1;2\n', { columns: ['b'] }), /delimiter/);
  assert.equal(readCsvSeries('a;b\n1;2\n', { columns: ['b'], delimiter: ';' }).series.values[0][0], 2);
});

test('a header that names a used column twice is a FormatError', () => {
  assert.throws(() => readCsvSeries('t,x,x\n1,2,3\n', { timeColumn: 't', timeFormat: 'number' }), FormatError);
});

test('empty input, whitespace only and a header alone are clear FormatErrors', () => {
  for (const text of ['', '   \n\r\n', '\uFEFF']) {
    assert.throws(() => readCsvSeries(text), (e: Error) => e instanceof FormatError && /empty/.test(e.message));
  }
  assert.throws(() => readCsvSeries('Date,Temp\r\n', { timeColumn: 'Date' }), (e: Error) => e instanceof FormatError && /at least one data row/.test(e.message));
  assert.throws(() => readCsvSeries(new Uint8Array(0)), FormatError);
});

test('a single-row series is read, with no frequency', () => {
  const { series, report } = readCsvSeries('Date,Temp\n2020-05-01,7', { timeColumn: 'Date' });
  assert.equal(series.timestamps.length, 1);
  assert.equal(series.values[0][0], 7);
  assert.equal(report.frequency, null);
  assert.deepEqual(report.gaps, []);
});

test('without a time column rows are steps 0, 1, 2 and every column is kept', () => {
  const { series } = readCsvSeries('x,y\n1,10\n2,20\n3,30\n');
  assert.deepEqual([...series.timestamps], [0, 1, 2]);
  assert.deepEqual(series.columns, ['x', 'y']);
});

test('rows are sorted by time (stable) and the report says so', () => {
  const { series, report } = readCsvSeries('t,v\n2020-01-03,3\n2020-01-01,1\n2020-01-02,2\n', { timeColumn: 't' });
  assert.deepEqual([...series.values[0]], [1, 2, 3]);
  assert.equal(report.unsorted, true);
});

test('duplicated timestamps: an error naming the lines, or first / last / mean', () => {
  const text = 't,v\n2020-01-01,1\n2020-01-02,2\n2020-01-02,4\n2020-01-03,5\n';
  assert.throws(
    () => readCsvSeries(text, { timeColumn: 't' }),
    (e: Error) => e instanceof ValueError && /2020-01-02 on lines 3, 4/.test(e.message) && /duplicates:/.test(e.message),
  );
  const col = (duplicates: 'first' | 'last' | 'mean') => [...readCsvSeries(text, { timeColumn: 't', duplicates }).series.values[0]];
  assert.deepEqual(col('first'), [1, 2, 5]);
  assert.deepEqual(col('last'), [1, 4, 5]);
  assert.deepEqual(col('mean'), [1, 3, 5]);
  const { report } = readCsvSeries(text, { timeColumn: 't', duplicates: 'first' });
  assert.deepEqual(report.duplicates, [{ timestamp: day(2020, 1, 2), lines: [3, 4] }]);
});

test('missing timestamps are reported, and fillGaps inserts them for the missing-value policy', () => {
  const text = 't,v\n2020-01-01,1\n2020-01-02,2\n2020-01-05,5\n2020-01-06,6\n';
  const { report } = readCsvSeries(text, { timeColumn: 't' });
  assert.deepEqual(report.frequency, { unit: 'ms', step: 86_400_000 });
  assert.deepEqual(report.gaps, [{ after: day(2020, 1, 2), before: day(2020, 1, 5), missing: 2 }]);
  assert.throws(() => readCsvSeries(text, { timeColumn: 't', fillGaps: true }), (e: Error) => /inserted for missing timestamp 2020-01-03/.test(e.message) && /fillGaps inserted 2 rows/.test(e.message));
  const { series, report: r2 } = readCsvSeries(text, { timeColumn: 't', fillGaps: true, missing: 'interpolate' });
  assert.deepEqual([...series.values[0]], [1, 2, 3, 4, 5, 6]);
  assert.equal(r2.inserted, 2);
  assert.equal(r2.filled, 2);
});

test('monthly gaps are counted in calendar months', () => {
  const { report, series } = readCsvSeries('m,v\n2020-01,1\n2020-02,2\n2020-05,5\n', { timeColumn: 'm', fillGaps: true, missing: 'ffill' });
  assert.deepEqual(report.gaps, [{ after: day(2020, 2, 1), before: day(2020, 5, 1), missing: 2 }]);
  assert.deepEqual([...series.timestamps], [1, 2, 3, 4, 5].map((m) => day(2020, m, 1)));
  assert.deepEqual([...series.values[0]], [1, 2, 2, 2, 5]);
});

test('missing values are an error by default, naming the column, the line and the policies', () => {
  const text = 't,a,b\n2020-01-01,1,NA\n2020-01-02,,20\n2020-01-03,3,30\n2020-01-04,4,\n';
  assert.throws(
    () => readCsvSeries(text, { timeColumn: 't' }),
    (e: Error) => e instanceof ValueError && /column "a" at line 3/.test(e.message) && /'drop' \| 'ffill' \| 'interpolate'/.test(e.message) && /"b": 2/.test(e.message),
  );
  const read = (missing: 'drop' | 'ffill' | 'interpolate') => readCsvSeries(text, { timeColumn: 't', missing });
  const dropped = read('drop');
  assert.deepEqual([...dropped.series.timestamps], [day(2020, 1, 3)]);
  assert.equal(dropped.report.dropped, 3);
  assert.deepEqual(dropped.report.missing, { a: 1, b: 2 });
  const ff = read('ffill').series;
  assert.deepEqual([...ff.values[0]], [1, 1, 3, 4]);
  assert.deepEqual([...ff.values[1]], [20, 20, 30, 30]); // a leading gap takes the first observed value
  const li = read('interpolate').series;
  assert.deepEqual([...li.values[0]], [1, 2, 3, 4]);
  assert.deepEqual([...li.values[1]], [20, 20, 30, 30]);
});

test('custom missing tokens, and text that is neither a number nor a token', () => {
  const text = 't,v\n1,-999\n2,5\n3,sunny\n';
  assert.throws(
    () => readCsvSeries(text, { timeColumn: 't', timeFormat: 'number', missingTokens: ['-999'], missing: 'drop' }),
    (e: Error) => e instanceof ValueError && /line 4, column "v": expected a number, got "sunny"/.test(e.message),
  );
  const { series } = readCsvSeries('t,v\n1,-999\n2,5\n', { timeColumn: 't', timeFormat: 'number', missingTokens: ['-999'], missing: 'drop' });
  assert.deepEqual([...series.values[0]], [5]);
});

test('bad dates name the line and the fix; custom time parsers work', () => {
  assert.throws(() => readCsvSeries('d,v\n2021-02-28,1\n2021-02-30,2\n', { timeColumn: 'd' }), (e: Error) => e instanceof ValueError && /line 3, column "d"/.test(e.message) && /timeFormat/.test(e.message));
  const dmy = (s: string) => {
    const [d, m, y] = s.split('/').map(Number);
    return Date.UTC(y, m - 1, d);
  };
  const { series } = readCsvSeries('d,v\n31/12/1999,1\n01/01/2000,2\n', { timeColumn: 'd', timeFormat: dmy });
  assert.deepEqual([...series.timestamps], [day(1999, 12, 31), day(2000, 1, 1)]);
});

test('rows with the wrong number of fields are a FormatError with the line', () => {
  assert.throws(() => readCsvSeries('a,b\n1,2\n3,4,5\n'), (e: Error) => e instanceof FormatError && e.line === 3);
  assert.throws(() => readCsvSeries('a,b\n"1,2\n'), FormatError);
});

test('bytes: UTF-8 by default, invalid bytes are a FormatError, latin1 on request', () => {
  const latin1 = Uint8Array.from([...Buffer.from('t,Temp\xe9rature\n1,2\n', 'latin1')]);
  assert.throws(() => readCsvSeries(latin1), (e: Error) => e instanceof FormatError && /latin1/.test(e.message));
  const { series } = readCsvSeries(latin1, { encoding: 'latin1', timeColumn: 't', timeFormat: 'number' });
  assert.deepEqual(series.columns, ['Température']);
});

test('fuzz: random bytes and random CSV-ish text give a series or a RecurrentError, never a crash', () => {
  let state = 12345;
  const rand = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const alphabet = 'ab,;"\n\r 0123456789.-eE:TZ\uFEFFNA\t\u00e9';
  const started = Date.now();
  for (let trial = 0; trial < 600; trial++) {
    const len = Math.floor(rand() * 200);
    const input =
      trial % 2 === 0
        ? Uint8Array.from({ length: len }, () => Math.floor(rand() * 256))
        : 'a,b\n' + Array.from({ length: len }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const opts = trial % 3 === 0 ? { timeColumn: 'a', timeFormat: 'number' as const } : {};
    try {
      const { series } = readCsvSeries(input, opts);
      for (const col of series.values) assert.equal(col.length, series.timestamps.length);
    } catch (err) {
      assert.ok(err instanceof RecurrentError, `trial ${trial}: expected a RecurrentError, got ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
      assert.ok((err as Error).message.length > 10);
    }
  }
  assert.ok(Date.now() - started < 5000);
});

test('readCsvSeriesFile: a missing file is a RecurrentError with the path', async () => {
  await assert.rejects(readCsvSeriesFile('/nonexistent/x.csv'), (e: Error) => e instanceof RecurrentError && /x\.csv/.test(e.message));
});

function shared(t: { skip: (m: string) => void }, rel: string): string | undefined {
  const file = path.join(dataDir, rel);
  if (!existsSync(file)) {
    t.skip(`shared data not found at ${file}`);
    return undefined;
  }
  return file;
}

test('real data: airline passengers, 144 months without gaps', async (t) => {
  const file = shared(t, 'airline-passengers/airline-passengers.csv');
  if (!file) return;
  const { series, report } = await readCsvSeriesFile(file, { timeColumn: 'Month', columns: ['Passengers'] });
  assert.equal(series.timestamps.length, 144);
  assert.deepEqual(report.frequency, { unit: 'month', step: 1 });
  assert.deepEqual(report.gaps, []);
  assert.equal(series.values[0][0], 112);
  assert.equal(series.timestamps[143], day(1960, 12, 1));
});

test('real data: Melbourne minimum temperatures report the two missing New Year’s Eves', (t) => {
  const file = shared(t, 'melbourne-temperatures/daily-min-temperatures.csv');
  if (!file) return;
  const bytes = readFileSync(file);
  const { report } = readCsvSeries(bytes, { timeColumn: 'Date' });
  assert.equal(report.rows, 3650);
  assert.deepEqual(
    report.gaps.map((g) => [new Date(g.after).toISOString().slice(0, 10), g.missing]),
    [['1984-12-30', 1], ['1988-12-30', 1]],
  );
  const filled = readCsvSeries(bytes, { timeColumn: 'Date', fillGaps: true, missing: 'interpolate' });
  assert.equal(filled.series.timestamps.length, 3652);
});

test('real data: Seattle weather, numeric columns by name; the text column is refused clearly', (t) => {
  const file = shared(t, 'seattle-weather/seattle-weather.csv');
  if (!file) return;
  const text = readFileSync(file, 'utf8');
  const { series } = readCsvSeries(text, { timeColumn: 'date', columns: ['precipitation', 'temp_max', 'temp_min', 'wind'] });
  assert.equal(series.timestamps.length, 1461);
  assert.deepEqual(series.columns, ['precipitation', 'temp_max', 'temp_min', 'wind']);
  assert.throws(() => readCsvSeries(text, { timeColumn: 'date' }), /column "weather": expected a number, got "drizzle"/);
});

test('real data: S&P 500 trading days are irregular but without duplicates', (t) => {
  const file = shared(t, 'sp500-daily/sp500-2000.csv');
  if (!file) return;
  const { series, report } = readCsvSeries(readFileSync(file), { timeColumn: 'date', columns: ['close'] });
  assert.equal(series.timestamps.length, 5105);
  assert.equal(report.duplicates.length, 0);
  assert.ok(Math.abs(series.values[0][0] - 1455.219971) < 1e-9);
});
