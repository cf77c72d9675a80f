// `recurrent lm …` as a user runs it: JSON lines whose last line is the result, the files in
// --out, samples from the bundle, and one-line errors with exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, userError } from '../test-helpers/cli-run.js';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-lm-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));


const text = path.join(dir, 'verse.txt');
writeFileSync(text, 'the quick brown fox jumps over the lazy dog.\nthe lazy dog sleeps in the sun.\n'.repeat(40));
const quick = ['--embedding-size', '8', '--hidden-size', '16', '--batch-size', '4', '--steps', '20', '--epochs', '2', '--validate-every', '10'];
const model = path.join(dir, 'model');

test('lm train --json: validation events, then the result with the held-out loss; the files in --out', () => {
  const r = cli('lm', 'train', text, ...quick, '--out', model, '--json');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines[0].event, 'start');
  assert.ok(lines.filter((l) => l.event === 'validation').length >= 2);
  assert.equal(lines.filter((l) => l.event === 'epoch').length, 2);
  const last = lines[lines.length - 1];
  assert.equal(last.event, 'result');
  assert.equal(typeof last.validation.loss, 'number');
  assert.ok(Math.abs(last.validation.perplexity - Math.exp(last.validation.loss)) < 1e-3 * last.validation.perplexity);
  assert.equal(last.level, 'char');
  assert.equal(last.out, model);
  for (const f of ['model.safetensors', 'tokenizer.json', 'vocabulary.json', 'language-model.json', 'metrics.json', 'report.html']) assert.ok(existsSync(path.join(model, f)), f);
  assert.deepEqual(JSON.parse(readFileSync(path.join(model, 'metrics.json'), 'utf8')).validation, last.validation);
  const html = readFileSync(path.join(model, 'report.html'), 'utf8');
  assert.match(html, /<svg/);
  assert.match(html, /temperature 0\.5/);
});

test('lm sample: the same seed gives the same text; --count draws several; --json ends with the speed', () => {
  const a = cli('lm', 'sample', '--model', model, '--prompt', 'the ', '--length', '30', '--seed', '4', '--top-k', '5');
  assert.equal(a.status, 0, a.stderr);
  assert.ok(a.stdout.startsWith('the '));
  assert.equal(cli('lm', 'sample', '--model', model, '--prompt', 'the ', '--length', '30', '--seed', '4', '--top-k', '5').stdout, a.stdout);
  const j = cli('lm', 'sample', '--model', model, '--count', '3', '--length', '10', '--top-p', '0.9', '--json');
  assert.equal(j.status, 0, j.stderr);
  const lines = j.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.event), ['sample', 'sample', 'sample', 'result']);
  assert.ok(lines.slice(0, 3).every((l) => Array.from(l.text as string).length === 10));
  assert.equal(typeof lines[3].tokensPerSecond, 'number');
});

test('lm train without --json prints plain lines when standard output is not a terminal', () => {
  const r = cli('lm', 'train', text, ...quick, '--epochs', '1', '--level', 'word', '--out', path.join(dir, 'words'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /validation \d\.\d{4} nats\/token/);
  assert.match(r.stdout, /wrote /);
});

test('lm: a user\'s mistake is one line on standard error and exit code 2', () => {
  const empty = path.join(dir, 'empty.txt');
  writeFileSync(empty, '  \n');
  const binary = path.join(dir, 'binary.bin');
  writeFileSync(binary, Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x00]));
  const short = path.join(dir, 'short.txt');
  writeFileSync(short, 'abc');
  userError(['lm', 'train', path.join(dir, 'absent.txt')], /no such file|absent\.txt/);
  userError(['lm', 'train', empty], /the file is empty/);
  userError(['lm', 'train', binary], /not UTF-8 text/);
  userError(['lm', 'train', short, ...quick], /at least 2 are needed|too few|no training part|no validation part/);
  userError(['lm', 'train', text, '--level', 'sentence'], /level/);
  userError(['lm', 'train', text, '--hidden-size', 'big'], /expected an integer/);
  userError(['lm', 'train', text, '--hidden-size', '0'], /hiddenSize/);
  userError(['lm', 'train', text, '--minutes', '-2'], /minutes/);
  userError(['lm', 'train', text, '--dropout', '1.5'], /dropout/);
  userError(['lm', 'sample'], /--model/);
  userError(['lm', 'sample', '--model', path.join(dir, 'no-model')], /language-model\.json|not a language model folder/);
  userError(['lm', 'sample', '--model', model, '--temperature', '-1'], /temperature/);
  userError(['lm', 'sample', '--model', model, '--top-p', '2'], /topP/);
  userError(['lm', 'sample', '--model', model, '--length', '-5'], /length/);
  userError(['lm', 'sample', '--model', model, '--count', '0'], /count/);
});
