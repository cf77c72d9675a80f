// `recurrent speech train|transcribe` as a user runs it, on generated FSDD-style files: JSON
// lines whose last line holds the held-out CER and WER, the files in --out, transcripts from the
// saved model, and one-line errors with exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli, userError } from '../test-helpers/cli-run.js';
import { writeSyntheticDigits } from '../../tasks/audio-classifier/test-helpers/synthetic-digits.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-speech-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const data = path.join(dir, 'recordings');
const digits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
writeSyntheticDigits(data, { speakers: ['ann', 'bob', 'cyd'], digits, perDigit: 1 });
const quick = ['--hidden-size', '8', '--num-layers', '1', '--epochs', '2', '--batch-size', '8', '--train-strings', '16', '--test-strings', '4', '--max-digits', '3', '--mfcc', '8', '--deltas', '0', '--held-out-speakers', '1'];

test('speech train --json: epoch events, CER and WER on the held-out speaker, the files; transcribe reads the model', () => {
  const out = path.join(dir, 'model');
  const r = cli('speech', 'train', data, ...quick, '--out', out, '--json');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines[0].event, 'start');
  assert.equal(lines[0].heldOutSpeakers.length, 1);
  assert.equal(lines.filter((l) => l.event === 'epoch').length, 2);
  const last = lines[lines.length - 1];
  assert.equal(last.event, 'result');
  for (const k of ['cer', 'wer', 'exact']) assert.equal(typeof last[k], 'number', k);
  assert.equal(typeof last.greedy.cer, 'number');
  assert.equal(last.test.n, 4);
  assert.deepEqual(last.test.speakers, lines[0].heldOutSpeakers);
  assert.equal(last.out, out);
  for (const f of ['model.safetensors', 'speech.json', 'metrics.json', 'report.html']) assert.ok(existsSync(path.join(out, f)), f);
  assert.match(readFileSync(path.join(out, 'report.html'), 'utf8'), /CTC alignments[\s\S]*argmax path/);

  const files = [path.join(data, '3_ann_0.wav'), path.join(data, '7_bob_0.wav')];
  const t = cli('speech', 'transcribe', '--model', out, ...files, '--json');
  assert.equal(t.status, 0, t.stderr);
  const ts = t.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(ts.map((x) => [x.event, x.file]), files.map((f) => ['transcript', f]));
  for (const x of ts) assert.match(x.text, /^((zero|one|two|three|four|five|six|seven|eight|nine)( |$))*$/);
});

test('speech: a user\'s mistake is one line on standard error and exit code 2', () => {
  const byLabel = path.join(dir, 'bylabel');
  writeSyntheticDigits(path.join(byLabel, 'yes'), { speakers: ['x'], digits: [0], perDigit: 1 });
  writeSyntheticDigits(path.join(byLabel, 'no'), { speakers: ['x'], digits: [1], perDigit: 1 });
  userError(['speech', 'train', path.join(dir, 'absent')], /absent: no such folder/);
  userError(['speech', 'train', byLabel], /every file name must give its speaker/);
  userError(['speech', 'train', data, '--train-strings', '0'], /--train-strings must be an integer ≥ 1/);
  userError(['speech', 'train', data, '--beam-width', 'wide'], /expected an integer/);
  userError(['speech', 'train', data, '--min-digits', '4', '--max-digits', '2'], /minDigits ≤ maxDigits/);
  userError(['speech', 'transcribe', '--model', path.join(dir, 'no-model'), path.join(data, '0_ann_0.wav')], /speech\.json/);
});
