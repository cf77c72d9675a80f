// `recurrent forecast …` as a user runs it: JSON lines whose last line is the result, the files
// in --out, forecasts from the stored context, and one-line errors with exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, userError } from '../src/cli/test-helpers/cli-run.js';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-forecast-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));


// 300 days: a weekly cycle plus noise, a covariate, and a text column.
const rows = ['day,sales,temp,note'];
for (let t = 0; t < 300; t++) {
  const d = new Date(Date.UTC(2021, 0, 1) + t * 86_400_000).toISOString().slice(0, 10);
  rows.push(`${d},${(20 + 5 * Math.sin((2 * Math.PI * t) / 7) + Math.sin(t * 1.7)).toFixed(3)},${(10 + Math.cos(t / 30)).toFixed(2)},x${t}`);
}
const csv = path.join(dir, 'sales.csv');
writeFileSync(csv, rows.join('\n') + '\n');
const quick = ['--lookback', '14', '--hidden-size', '8', '--epochs', '3'];

test('forecast train --json: epoch events, then the result with the test and baseline metrics; the files in --out', () => {
  const out = path.join(dir, 'model');
  const r = cli('forecast', 'train', csv, '--time', 'day', '--target', 'sales', '--calendar', 'auto', ...quick, '--out', out, '--json');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines[0].event, 'start');
  assert.equal(lines.filter((l) => l.event === 'epoch').length, 3);
  const last = lines[lines.length - 1];
  assert.equal(last.event, 'result');
  assert.equal(last.test.n, 60, 'every point of the last 20% of 300 rows');
  for (const k of ['mae', 'rmse', 'mase']) assert.equal(typeof last.test[k], 'number', k);
  assert.deepEqual(Object.keys(last.baselines).sort(), ['linear', 'movingAverage', 'naive', 'seasonalNaive']);
  for (const b of Object.values(last.baselines) as { mae: number; n: number }[]) assert.equal(b.n, 60);
  assert.equal(last.out, out);
  assert.ok(last.seconds > 0);
  for (const f of ['model.safetensors', 'forecaster.json', 'metrics.json', 'report.html', 'context.json']) assert.ok(existsSync(path.join(out, f)), f);
  assert.deepEqual(JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8')).test, last.test);
  assert.match(readFileSync(path.join(out, 'report.html'), 'utf8'), /<svg/);

  // predict from the stored context (no file), and from the file: the same forecast
  const p = cli('forecast', 'predict', '--model', out, '--horizon', '5', '--json');
  assert.equal(p.status, 0, p.stderr);
  const pl = p.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(pl.filter((l) => l.event === 'forecast').length, 5);
  const res = pl[pl.length - 1];
  assert.equal(res.event, 'result');
  assert.equal(res.timestamps[0], '2021-10-28', 'the day after the last row');
  const q = cli('forecast', 'predict', '--model', out, csv, '--horizon', '5', '--json');
  assert.equal(q.status, 0, q.stderr);
  assert.deepEqual(JSON.parse(q.stdout.trim().split('\n').pop()!).values, res.values);

  // evaluate on the same file scores the same points as train did
  const e = cli('forecast', 'evaluate', '--model', out, csv, '--json');
  assert.equal(e.status, 0, e.stderr);
  assert.deepEqual(JSON.parse(e.stdout.trim()).test, last.test);

  const b = cli('forecast', 'backtest', '--model', out, csv, '--folds', '3', '--json');
  assert.equal(b.status, 0, b.stderr);
  const bl = b.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(bl.map((l) => l.event), ['fold', 'fold', 'fold', 'result']);
});

test('forecast train without --json prints plain lines when standard output is not a terminal', () => {
  const r = cli('forecast', 'train', csv, '--time', 'day', '--target', 'sales', ...quick, '--out', path.join(dir, 'plain'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /epoch +1 +loss/);
  assert.match(r.stdout, /naive/);
});

test('forecast: a user\'s mistake is one line on standard error and exit code 2', () => {
  const semi = path.join(dir, 'semi.csv');
  writeFileSync(semi, rows.map((l) => l.replaceAll(',', ';')).join('\n'));
  const tiny = path.join(dir, 'tiny.csv');
  writeFileSync(tiny, rows.slice(0, 30).join('\n'));
  const train = ['forecast', 'train'];
  userError([...train, csv, '--time', 'day', '--target', 'nope'], /no column named "nope"/);
  userError([...train, csv, '--time', 'day', '--target', 'note'], /line 2, column "note": expected a number/);
  userError([...train, tiny, '--time', 'day', '--target', 'sales'], /too few/);
  userError([...train, semi, '--time', 'day', '--target', 'sales'], /semicolon-separated; pass --delimiter ';'/);
  userError([...train, path.join(dir, 'absent.csv'), '--target', 'sales'], /no such file/);
  userError([...train, csv, '--target', 'sales', '--lookback', 'ten'], /expected an integer/);
  userError([...train, csv, '--time', 'day'], /--target/);
  userError([...train, csv, '--time', 'day', '--target', 'sales', '--cell', 'transformer'], /cell/);
  userError(['forecast', 'predict', '--model', path.join(dir, 'no-model')], /forecaster\.json/);
  // a past covariate cannot be fed back, so the model forecasts no further than it was trained
  const withTemp = path.join(dir, 'with-temp');
  assert.equal(cli(...train, csv, '--time', 'day', '--target', 'sales', '--features', 'temp', ...quick, '--out', withTemp).status, 0);
  userError(['forecast', 'predict', '--model', withTemp, '--horizon', '5'], /cannot be fed back.*train with horizon ≥ 5/);
});

test('forecast train --resume continues from a checkpoint to the same model as an uninterrupted run', () => {
  const base = ['forecast', 'train', csv, '--time', 'day', '--target', 'sales', '--lookback', '14', '--hidden-size', '8', '--patience', '100', '--json'];
  const whole = cli(...base, '--epochs', '4', '--out', path.join(dir, 'whole'));
  assert.equal(whole.status, 0, whole.stderr);
  const ck = path.join(dir, 'ck');
  const first = cli(...base, '--epochs', '2', '--checkpoint-dir', ck, '--out', path.join(dir, 'part'));
  assert.equal(first.status, 0, first.stderr);
  assert.ok(existsSync(path.join(ck, 'last.ckpt')));
  const rest = cli(...base, '--epochs', '4', '--resume', ck, '--out', path.join(dir, 'part'));
  assert.equal(rest.status, 0, rest.stderr);
  const last = (r: { stdout: string }) => JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.deepEqual(last(rest).test, last(whole).test);
  assert.equal(rest.stdout.split('\n').filter((l) => l.includes('"event":"epoch"')).length, 2, 'only the epochs after the checkpoint run');
});
