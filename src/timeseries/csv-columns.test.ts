import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FormatError, ValueError } from '../errors.js';
import { readCsvColumns } from './csv-columns.js';
import { readCsvSeries } from './csv.js';

test('values must be finite decimals: 1e400, hex, Infinity and 1_000 are refused with line and column', () => {
  for (const bad of ['1e400', '-1e400', '0x10', 'Infinity', '1_000', '1e', '--1']) {
    assert.throws(
      () => readCsvSeries(`t,v\n1,2\n2,${bad}\n`, { timeColumn: 't', timeFormat: 'number' }),
      (e: Error) => e instanceof ValueError && /CSV line 3, column "v": expected a number/.test(e.message) && e.message.includes(JSON.stringify(bad)),
      bad,
    );
  }
  assert.throws(() => readCsvSeries('t,v\n1,2\n2,1e400\n', { timeColumn: 't', timeFormat: 'number' }), /overflows to Infinity/);
  assert.throws(() => readCsvSeries('t,v\n1e400,2\n', { timeColumn: 't', timeFormat: 'number' }), (e: Error) => e instanceof ValueError && /line 2, column "t": expected a finite decimal number, got "1e400"/.test(e.message));
  assert.deepEqual([...readCsvSeries('v\n1e300\n-.5\n+2.\n1E-320\n').series.values[0]], [1e300, -0.5, 2, 1e-320]);
});

test('long fields and header names are cut in messages', () => {
  const long = 'x'.repeat(100_000);
  assert.throws(() => readCsvSeries(`t,v\n1,${long}\n`), (e: Error) => e instanceof ValueError && e.message.length < 400);
  assert.throws(() => readCsvSeries(`${long},v\n1,2\n`, { timeColumn: 'nope' }), (e: Error) => e instanceof ValueError && e.message.length < 1200);
});

test('invalid UTF-8 is reported at the byte where it starts, after valid multi-byte text', () => {
  const bytes = Buffer.concat([Buffer.from('t,v\n1,2 # é ✓ 😀\n'), Buffer.from([0xe2, 0x28, 0xa1]), Buffer.from('\n')]);
  assert.throws(() => readCsvSeries(bytes), (e: Error) => e instanceof FormatError && e.offset === bytes.length - 4 && /latin1/.test(e.message));
  for (const [seq, name] of [[[0xc0, 0xaf], 'overlong'], [[0xed, 0xa0, 0x80], 'surrogate'], [[0xf4, 0x90, 0x80, 0x80], 'past U+10FFFF'], [[0xf0, 0x9f, 0x98], 'cut']] as const) {
    const b = Buffer.concat([Buffer.from('a\n1\n'), Buffer.from(seq)]);
    assert.throws(() => readCsvSeries(b), (e: Error) => e instanceof FormatError && e.offset === 4, name);
  }
});

test('bytes and text read the same: BOM, CRLF, blank lines, line numbers of multi-line records', () => {
  const bad = '\uFEFFt,v\r\n\r\n1,"2"\r\n2,"3\nx"\r\n';
  const good = '\uFEFFt,v\r\n\r\n1,"2"\r\n2," 3\n"\r\n';
  for (const [text, input] of [bad, good].flatMap((s) => [[s, s], [s, new TextEncoder().encode(s)]] as const)) {
    const read = () => readCsvColumns(input, { timeColumn: 't', timeFormat: 'number' });
    if (text === bad) assert.throws(read, (e: Error) => /CSV line 5, column "v"/.test(e.message));
    else {
      assert.deepEqual([...read().lines], [3, 5]);
      assert.deepEqual([...read().values[0]], [2, 3]);
      assert.deepEqual(read().header, ['t', 'v']);
    }
  }
});

test('columns longer than one chunk (64 Ki rows) come out whole and in order', () => {
  const n = 70_000;
  const lines = Array.from({ length: n }, (_, i) => `${i},${i * 0.5}`);
  const { time, values, lines: src } = readCsvColumns(`t,v\n${lines.join('\n')}\n`, { timeColumn: 't', timeFormat: 'number' });
  assert.equal(time.length, n);
  assert.ok(time.every((t, i) => t === i) && values[0].every((v, i) => v === i * 0.5) && src.every((l, i) => l === i + 2));
});

test('the parse streams: 150 000 rows read in a V8 heap of 32 MiB (a table of records needs ~200)', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'csv-mem-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'big.csv');
  const rows = Array.from({ length: 150_000 }, (_, i) => `${i},${(i % 977) / 8},${i % 13},${(i * 7) % 1000}.25`);
  writeFileSync(file, `t,a,b,c\n${rows.join('\n')}\n`);
  const csv = fileURLToPath(new URL('./csv.ts', import.meta.url));
  const script = `import { readFileSync } from 'node:fs'; const { readCsvSeries } = await import(${JSON.stringify(csv)});
    const { series } = readCsvSeries(readFileSync(${JSON.stringify(file)}), { timeColumn: 't', timeFormat: 'number' });
    process.stdout.write(String(series.values[2][149999]));`;
  const res = spawnSync(process.execPath, ['--max-old-space-size=32', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(res.status, 0, res.stderr.slice(-2000));
  assert.equal(res.stdout, String(((149_999 * 7) % 1000) + 0.25));
});
