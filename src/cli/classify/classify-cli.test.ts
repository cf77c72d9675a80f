// `recurrent classify …` as a user runs it: JSON lines whose last line is the result, the files
// in --out, predictions from the saved model, and one-line errors with exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, userError } from '../test-helpers/cli-run.js';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Generator } from '../../random/generator.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-classify-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!);

// 200 short texts whose class is told by one cue word among filler words.
const g = new Generator(1);
const filler = ['the', 'a', 'it', 'was', 'very', 'quite', 'food', 'phone', 'movie', 'and', 'so'];
const cues = { pos: ['great', 'good', 'lovely'], neg: ['awful', 'bad', 'poor'] };
const data = Array.from({ length: 200 }, (_, i) => {
  const label = i % 2 ? 'pos' : 'neg';
  const words = Array.from({ length: 2 + g.int(8) }, () => filler[g.int(filler.length)]);
  words.splice(g.int(words.length + 1), 0, cues[label][g.int(3)]);
  return { text: words.join(' '), label };
});
const tsv = path.join(dir, 'texts.tsv');
writeFileSync(tsv, data.map((d) => `${d.text}\t${d.label}`).join('\n') + '\n');
const csv = path.join(dir, 'texts.csv');
writeFileSync(csv, 'id,review,sentiment\n' + data.map((d, i) => `${i},"${d.text}, indeed",${d.label}`).join('\n') + '\n');
const quick = ['--hidden-size', '8', '--embedding-dim', '8', '--epochs', '3', '--baseline-c', '1', '--ensemble', '1'];

test('classify train --json: epoch events, the held-out result beside the baseline, the files; predict and evaluate read the model', () => {
  const out = path.join(dir, 'model');
  const r = cli('classify', 'train', tsv, ...quick, '--out', out, '--json');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines[0].event, 'start');
  assert.deepEqual(lines[0].classes, ['neg', 'pos']);
  assert.equal(lines.filter((l) => l.event === 'epoch').length, 3);
  const last = lines[lines.length - 1];
  assert.equal(last.event, 'result');
  assert.equal(last.test.n, 40, 'a stratified 20% of 200');
  for (const k of ['accuracy', 'macroF1']) {
    assert.equal(typeof last[k], 'number', k);
    assert.equal(typeof last.baseline[k], 'number', `baseline ${k}`);
  }
  assert.equal(last.out, out);
  for (const f of ['model-0.safetensors', 'classifier.json', 'vocabulary.json', 'baseline.json', 'metrics.json', 'report.html']) assert.ok(existsSync(path.join(out, f)), f);
  assert.equal(JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8')).accuracy, last.accuracy);
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(html, /aria-label="cell"/, 'confusion heat map');
  assert.match(html, /Most wrong/);

  const p = cli('classify', 'predict', '--model', out, 'it was great', 'so bad', '--json');
  assert.equal(p.status, 0, p.stderr);
  const preds = p.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(preds.map((x) => x.text), ['it was great', 'so bad']);
  for (const x of preds) assert.ok(Math.abs(x.probabilities.neg + x.probabilities.pos - 1) < 1e-6);
  const texts = path.join(dir, 'lines.txt');
  writeFileSync(texts, 'it was great\n\nso bad\n');
  const q = cli('classify', 'predict', '--model', out, '--file', texts, '--json');
  assert.equal(q.status, 0, q.stderr);
  assert.deepEqual(q.stdout.trim().split('\n').map((l) => JSON.parse(l)), preds, 'the same predictions from a file');

  const e = cli('classify', 'evaluate', '--model', out, tsv, '--json');
  assert.equal(e.status, 0, e.stderr);
  const ev = JSON.parse(e.stdout.trim());
  assert.equal(ev.n, 200);
  assert.equal(ev.confusion.flat().reduce((a: number, b: number) => a + b, 0), 200);
});

test('classify train --folds: accuracy mean, std and folds for the network and the baseline; a CSV by column names or indices', () => {
  const r = cli('classify', 'train', csv, '--text-column', 'review', '--label-column', '2', ...quick, '--folds', '3', '--out', path.join(dir, 'cv'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const last = lastJson(r.stdout);
  assert.equal(last.accuracy.folds.length, 3);
  assert.equal(typeof last.accuracy.mean, 'number');
  assert.equal(typeof last.accuracy.std, 'number');
  assert.equal(last.baseline.accuracy.folds.length, 3);
  assert.equal(last.test.n, 200, 'every text held out once');
  assert.ok(last.baseline.accuracy.mean > 0.9, `baseline ${last.baseline.accuracy.mean}`);
  const plain = cli('classify', 'train', tsv, ...quick, '--out', path.join(dir, 'plain'));
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /epoch +1 +loss/);
  assert.match(plain.stdout, /TF-IDF \+ logistic regression/);
});

test('classify: a user\'s mistake is one line on standard error and exit code 2', () => {
  const noTab = path.join(dir, 'notab.tsv');
  writeFileSync(noTab, 'good phone\tpos\nno label here, at all\n');
  const oneClass = path.join(dir, 'one.tsv');
  writeFileSync(oneClass, 'good\tpos\ngreat\tpos\n');
  const train = ['classify', 'train'];
  userError([...train, path.join(dir, 'absent.tsv')], /no such file/);
  userError([...train, noTab], /line 2 is not "text<TAB>label".*--text-column/);
  userError([...train, oneClass], /at least two classes/);
  userError([...train, csv, '--text-column', 'body', '--label-column', 'sentiment'], /--text-column "body" is neither a column/);
  userError([...train, csv, '--text-column', 'review'], /go together/);
  userError([...train, tsv, '--pooling', 'sum'], /pooling/);
  userError([...train, tsv, '--folds', '1'], /--folds must be an integer in 2/);
  userError([...train, tsv, '--hidden-size', 'ten'], /expected an integer/);
  userError([...train, tsv, '--dropout', '1.5'], /dropout/);
  userError([...train, tsv, '--level', 'char', '--pretrained', tsv], /level 'word'/);
  userError([...train, tsv, '--pretrained', tsv, '--word2vec-corpus', tsv], /pass one of them/);
  userError(['classify', 'predict', '--model', path.join(dir, 'no-model'), 'text'], /classifier\.json/);
  userError(['classify', 'predict', '--model', path.join(dir, 'model')], /no texts/);
});
