// Listing labelled WAV files from the three layouts, and the held-out splits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listAudioDataset, splitAudioDataset, type AudioItem } from './dataset.js';

const dir = mkdtempSync(path.join(tmpdir(), 'audio-dataset-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const touch = (p: string) => {
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, '');
};

test('a flat FSDD folder: label and speaker from the file names; a name that does not match is an error', async () => {
  const flat = path.join(dir, 'flat');
  for (const s of ['ann', 'bob', 'cyd', 'dee']) for (const d of [0, 1, 2]) for (const i of [0, 1]) touch(path.join(flat, `${d}_${s}_${i}.wav`));
  touch(path.join(flat, 'README.txt'));
  const items = await listAudioDataset(flat);
  assert.equal(items.length, 24);
  assert.deepEqual(items[0], { path: path.join(flat, '0_ann_0.wav'), label: '0', speaker: 'ann' });
  const split = splitAudioDataset(items, { seed: 3 });
  assert.equal(split.heldOutSpeakers.length, 2);
  const heldOut = new Set(split.heldOutSpeakers);
  for (const i of split.test) assert.ok(heldOut.has(items[i].speaker!), 'the test part holds the held-out speakers only');
  for (const i of split.train) assert.ok(!heldOut.has(items[i].speaker!), 'no held-out voice in training');
  assert.equal(split.train.length + split.test.length, 24);
  assert.deepEqual(splitAudioDataset(items, { seed: 3 }), split, 'deterministic under the seed');
  const other = [0, 1, 2, 4, 5].map((seed) => splitAudioDataset(items, { seed }).heldOutSpeakers.join());
  assert.ok(new Set(other).size > 1, 'the seed chooses the speakers');

  touch(path.join(flat, 'stray.wav'));
  await assert.rejects(listAudioDataset(flat), /stray\.wav: the file name does not match --speaker-pattern/);
  const custom = await listAudioDataset(flat, { speakerPattern: '^(?<label>\\d|stray)(?:_(?<speaker>[a-z]+)_\\d+)?\\.wav$' });
  assert.equal(custom.length, 25);
  assert.deepEqual(custom.find((i) => i.label === 'stray')?.speaker, null);
  assert.deepEqual(splitAudioDataset(custom).heldOutSpeakers, [], 'a file without a speaker: a stratified split instead');
  await assert.rejects(listAudioDataset(flat, { speakerPattern: '(' }), /not a regular expression/);
  await assert.rejects(listAudioDataset(flat, { speakerPattern: '^(\\d)_' }), /named group \(\?<label>/);
});

test('one sub-folder per label, and a CSV of path,label: no speakers, so a stratified random split', async () => {
  const byLabel = path.join(dir, 'bylabel');
  for (const l of ['dog', 'cat']) for (let i = 0; i < 10; i++) touch(path.join(byLabel, l, `${i}.wav`));
  const items = await listAudioDataset(byLabel);
  assert.equal(items.length, 20);
  assert.deepEqual(new Set(items.map((i) => i.label)), new Set(['cat', 'dog']));
  assert.ok(items.every((i) => i.speaker === null));
  const split = splitAudioDataset(items, { seed: 0, testFraction: 0.2 });
  assert.deepEqual(split.heldOutSpeakers, []);
  const testLabels = Array.from(split.test, (i) => items[i].label).sort();
  assert.deepEqual(testLabels, ['cat', 'cat', 'dog', 'dog'], 'stratified: 20% of each class');

  const csv = path.join(dir, 'list.csv');
  writeFileSync(csv, 'path,label\nbylabel/dog/0.wav,dog\n"bylabel/cat/0.wav",cat\n\n');
  const fromCsv: AudioItem[] = await listAudioDataset(csv);
  assert.deepEqual(fromCsv.map((i) => [i.path, i.label]), [[path.join(dir, 'bylabel/dog/0.wav'), 'dog'], [path.join(dir, 'bylabel/cat/0.wav'), 'cat']]);
  writeFileSync(csv, 'path,label\nbylabel/dog/0.wav\n');
  await assert.rejects(listAudioDataset(csv), /line 2 is not "path,label"/);
});

test('bad sources: a missing folder, an empty one, a single class', async () => {
  await assert.rejects(listAudioDataset(path.join(dir, 'absent')), /absent: no such folder/);
  mkdirSync(path.join(dir, 'empty'));
  await assert.rejects(listAudioDataset(path.join(dir, 'empty')), /no WAV files found/);
  touch(path.join(dir, 'one', 'yes', 'a.wav'));
  await assert.rejects(listAudioDataset(path.join(dir, 'one')), /at least two classes/);
});
