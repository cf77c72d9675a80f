// `recurrent lab …` as a user runs it: JSON lines per evaluation and the result last, report.html
// and metrics.json in --out, plain lines without --json, and one-line errors with exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, userError } from '../src/cli/test-helpers/cli-run.js';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-lab-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const quick = ['--steps', '20', '--eval-every', '10'];

test('lab adding --json: eval events, then the result line with every model; report.html and metrics.json in --out', () => {
  const out = path.join(dir, 'adding');
  const r = cli('lab', 'adding', '--length', '12', '--cells', 'rnn,irnn,lstm,gru', ...quick, '--seed', '3', '--out', out, '--json');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const evals = lines.filter((l) => l.event === 'eval');
  assert.ok(evals.length >= 4 * 2, `${evals.length} eval lines`);
  for (const e of evals) for (const k of ['step', 'trainLoss', 'testLoss', 'seconds']) assert.ok(k in e, k);
  const last = lines[lines.length - 1];
  assert.equal(last.event, 'result');
  assert.equal(last.task, 'adding');
  assert.equal(last.length, 12);
  assert.equal(last.baseline, Number((1 / 6).toPrecision(6)));
  assert.equal(last.out, out);
  assert.deepEqual(Object.keys(last.models), ['rnn', 'irnn', 'lstm', 'gru']);
  for (const m of Object.values(last.models) as Record<string, unknown>[]) {
    assert.deepEqual(Object.keys(m), ['testLoss', 'solved', 'gradientRatio', 'horizon']);
    assert.equal(typeof m.testLoss, 'number');
    assert.equal(typeof m.solved, 'boolean');
    assert.equal(typeof m.horizon, 'number');
  }
  const metrics = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
  assert.equal(metrics.models.gru.gradientNorms.length, 12);
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(html, /<svg/);
  assert.match(html, /Gradient flow/);
});

test('lab reber without --json prints plain lines', () => {
  const r = cli('lab', 'reber', '--length', '9', '--cells', 'gru', ...quick, '--out', path.join(dir, 'lab-reber-9'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /gru +step +10/);
  assert.match(r.stdout, /gradient ratio/);
  assert.ok(existsSync(path.join(dir, 'lab-reber-9', 'report.html')));
});

test('lab: a bad task, cell, length or flag is one line on stderr and exit 2', () => {
  userError(['lab', 'multiply'], /unknown task 'multiply'/);
  userError(['lab', 'adding', '--cells', 'rnn,transformer'], /unknown cell 'transformer'/);
  userError(['lab', 'reber', '--length', '3'], /length must be an integer in 7/);
  userError(['lab', 'copy', '--steps', 'many'], /expected an integer/);
  userError(['lab', 'adding', '--wat'], /unknown option/);
  userError(['lab', 'adding', '--clip', '-2'], /clip must be a positive number/);
});

test('diagnose --model DIR DATA: per-step gradient norms of the encoder and the derived measures; a bad folder is exit 2', () => {
  const rows = ['day,sales'];
  for (let t = 0; t < 200; t++) rows.push(`${t},${(20 + 5 * Math.sin((2 * Math.PI * t) / 7) + Math.sin(t * 1.7)).toFixed(3)}`);
  const csv = path.join(dir, 'sales.csv');
  writeFileSync(csv, rows.join('\n') + '\n');
  const model = path.join(dir, 'forecaster');
  const t = cli('forecast', 'train', csv, '--target', 'sales', '--lookback', '20', '--hidden-size', '8', '--num-layers', '2', '--epochs', '2', '--out', model, '--json');
  assert.equal(t.status, 0, t.stderr);
  const r = cli('diagnose', '--model', model, csv, '--windows', '50', '--json');
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout.trim());
  assert.equal(res.event, 'result');
  assert.equal(res.lookBack, 20);
  assert.equal(res.windows, 50);
  assert.equal(res.layers.length, 2);
  for (const l of res.layers) {
    assert.equal(l.norms.length, 20);
    assert.ok(l.norms.every((v: number) => v > 0));
    assert.ok(Math.abs(l.gradientRatio - l.norms[0] / l.norms[19]) < 1e-3 * l.gradientRatio);
    assert.ok(l.horizon >= 1 && l.horizon <= 20);
    assert.equal(typeof l.exploding, 'boolean');
    assert.ok(l.spectralRadius > 0);
  }
  const plain = cli('diagnose', '--model', model, csv);
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /layer 1: .*horizon \d+ of 20 steps/);
  userError(['diagnose', '--model', path.join(dir, 'none'), csv], /not a forecaster folder/);
  userError(['diagnose', csv], /required option '--model/);
});
