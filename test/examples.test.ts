import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// The examples import 'recurrent' by name (the package refers to itself), so they need the build.
const built = existsSync('dist/index.js');

for (const [file, expect] of [
  ['examples/quickstart.ts', /final MSE/],
  ['examples/pytorch-port.ts', /weight_ih_l1_reverse/],
] as const) {
  test(`example runs: ${file}`, (t) => {
    if (!built) {
      t.skip('dist/ not built (run npm run build)');
      return;
    }
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, expect);
  });
}

test('example runs: examples/timeseries-airline.ts (Forecaster on the airline series)', (t) => {
  const data = '../shared/data/airline-passengers/airline-passengers.csv';
  if (!built) return t.skip('dist/ not built (run npm run build)');
  if (!existsSync(data)) return t.skip(`${data} is absent (the shared data sets sit beside the repository)`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/timeseries-airline.ts', data], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /LSTM +MAE [\d.]+/);
  assert.match(r.stdout, /linear +MAE/);
  assert.match(r.stdout, /1961 forecast: (\d+ ){11}\d+/);
});

// The text tasks' examples, each with a budget of a few seconds (their last argument, in minutes).
for (const [file, data, expect] of [
  ['examples/char-lm.ts', '../shared/data/tiny-shakespeare/input.txt', /validation loss [\d.]+ nats\/char[\s\S]*same sample true/],
  ['examples/translate.ts', '../shared/data/tatoeba-eng-fra/eng-fra-first10000.tsv', /BLEU greedy [\d.]+ +beam 5 [\d.]+/],
] as const) {
  test(`example runs: ${file} (a few seconds of training)`, (t) => {
    if (!built) return t.skip('dist/ not built (run npm run build)');
    if (!existsSync(data)) return t.skip(`${data} is absent (the shared data sets sit beside the repository)`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', file, data, '0.1'], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, expect);
  });
}
