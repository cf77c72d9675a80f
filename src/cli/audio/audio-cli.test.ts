// `recurrent audio train|predict` as a user runs it, on generated FSDD-style files: JSON lines
// whose last line is the held-out result, the files in --out, predictions from the saved model,
// and one-line errors with exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli, userError } from '../test-helpers/cli-run.js';
import { writeSyntheticDigits } from '../../tasks/audio-classifier/test-helpers/synthetic-digits.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-audio-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const data = path.join(dir, 'recordings');
writeSyntheticDigits(data, { speakers: ['ann', 'bob', 'cyd', 'dee'], digits: [0, 1, 2], perDigit: 4 });
const quick = ['--hidden-size', '8', '--epochs', '4', '--batch-size', '8', '--lr', '0.01', '--mfcc', '8', '--deltas', '0'];

test('audio train --json: epoch events, the result on two held-out speakers beside the baseline, the files; predict reads the model', () => {
  const out = path.join(dir, 'model');
  const r = cli('audio', 'train', data, ...quick, '--validation-by', 'speaker', '--freq-masks', '1', '--time-masks', '1', '--speed-perturbation', '0.1', '--out', out, '--json');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines[0].event, 'start');
  assert.deepEqual(lines[0].classes, ['0', '1', '2']);
  assert.equal(lines[0].heldOutSpeakers.length, 2);
  assert.ok(lines.filter((l) => l.event === 'epoch').length >= 1);
  const last = lines[lines.length - 1];
  assert.equal(last.event, 'result');
  assert.equal(last.test.n, 24, 'two speakers × 3 digits × 4');
  assert.deepEqual(last.test.speakers, lines[0].heldOutSpeakers);
  assert.equal(typeof last.accuracy, 'number');
  assert.equal(typeof last.baseline.accuracy, 'number');
  assert.equal(last.out, out);
  for (const f of ['model.safetensors', 'audio-classifier.json', 'baseline.json', 'metrics.json', 'report.html']) assert.ok(existsSync(path.join(out, f)), f);
  assert.equal(JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8')).accuracy, last.accuracy);
  const stored = JSON.parse(readFileSync(path.join(out, 'audio-classifier.json'), 'utf8')).options;
  assert.deepEqual([stored.validationBy, stored.freqMasks, stored.timeMasks, stored.speedPerturbation], ['speaker', 1, 1, 0.1], 'the flags reach the options');
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(html, /Confusion matrices/);
  assert.match(html, /log-mel spectrogram/);
  assert.match(html, /predicted \d/);

  const files = ['0_ann_0.wav', '2_dee_3.wav'].map((f) => path.join(data, f));
  const p = cli('audio', 'predict', '--model', out, ...files, '--json');
  assert.equal(p.status, 0, p.stderr);
  const preds = p.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(preds.map((x) => x.file), files);
  for (const x of preds) {
    assert.equal(x.event, 'prediction');
    assert.ok(Math.abs(Object.values(x.probabilities as Record<string, number>).reduce((a, b) => a + b, 0) - 1) < 1e-5);
  }
  const plain = cli('audio', 'predict', '--model', out, files[0]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /^[012]\t\d\.\d{3}\t/);
});

test('audio: a user\'s mistake is one line on standard error and exit code 2', () => {
  const notWav = path.join(dir, 'bad', '0_ann_0.wav');
  writeSyntheticDigits(path.join(dir, 'bad'), { speakers: ['ann', 'bob', 'cyd'], digits: [0, 1], perDigit: 1 });
  writeFileSync(notWav, 'not a wav file at all');
  writeFileSync(path.join(dir, 'loose.wav'), '');
  userError(['audio', 'train', path.join(dir, 'absent')], /absent: no such folder/);
  userError(['audio', 'train', dir, '--speaker-pattern', '('], /not a regular expression/);
  userError(['audio', 'train', path.join(dir, 'bad'), ...quick], /0_ann_0\.wav/);
  userError(['audio', 'train', data, '--pooling', 'sum'], /pooling/);
  userError(['audio', 'train', data, '--validation-by', 'voice'], /validation-by/);
  userError(['audio', 'train', data, '--speed-perturbation', '1', ...quick.slice(0, 2)], /speedPerturbation/);
  userError(['audio', 'train', data, '--hidden-size', 'ten'], /expected an integer/);
  userError(['audio', 'train', data, '--dropout', '1.5', ...quick.slice(0, 2)], /dropout/);
  userError(['audio', 'predict', '--model', path.join(dir, 'no-model'), path.join(data, '0_ann_0.wav')], /audio-classifier\.json/);
});
