// SpeechRecognizer on generated digit strings: CTC training lowers the loss, transcripts and
// error rates have their shapes, width-1 beam search is best-path decoding, and the saved
// folder gives identical log-probabilities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SpeechRecognizer } from './recognizer.js';
import { makeDigitStrings, type DigitClip } from './digit-strings.js';
import { syntheticWord } from '../audio-classifier/test-helpers/synthetic-digits.js';
import { Generator } from '../../random/generator.js';
import { ctcGreedyDecode } from '../../ctc/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'speech-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const g = new Generator(0);
const clips: DigitClip[] = [];
for (const [s, speaker] of ['ann', 'bob'].entries()) for (let d = 0; d < 10; d++) clips.push({ samples: syntheticWord(d, s, g), digit: d, speaker });

test('SpeechRecognizer: CTC lowers the loss; transcripts decode to words; width 1 is best path; the folder round-trips exactly', async () => {
  const strings = makeDigitStrings(clips, 8000, { count: 24, minDigits: 1, maxDigits: 3, seed: 1 });
  const asr = new SpeechRecognizer({ hiddenSize: 12, numLayers: 1, epochs: 6, batchSize: 6, lr: 1e-2, patience: 6, features: { nMfcc: 8, deltas: 0 } });
  const frames = strings.map((s) => asr.featuresOf(s.samples, 8000));
  const h = await asr.fit(frames, strings.map((s) => s.text));
  assert.ok(h.epochs[h.epochs.length - 1].loss < h.epochs[0].loss, `loss ${h.epochs.map((e) => e.loss.toFixed(2)).join(' → ')}`);

  const e = asr.evaluate(frames.slice(0, 6), strings.slice(0, 6).map((s) => s.text));
  assert.equal(e.n, 6);
  assert.ok(e.cer >= 0 && e.wer >= 0 && e.exact >= 0 && e.exact <= 1);
  const lps = asr.logProbabilities(frames.slice(0, 6));
  const greedy = asr.transcribe(frames.slice(0, 6), { beamWidth: 1 });
  lps.forEach((lp, i) => {
    const T = frames[i].T;
    assert.equal(lp.length, T * 11, '[T, 1 + 10 words]');
    assert.equal(greedy[i].alignment.length, T);
    assert.deepEqual(greedy[i].tokens, ctcGreedyDecode(lp, T, 11));
    assert.equal(greedy[i].text, greedy[i].tokens.map((t) => ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][t - 1]).join(' '));
  });

  await asr.save(path.join(dir, 'asr'));
  const back = await SpeechRecognizer.load(path.join(dir, 'asr'));
  assert.deepEqual(back.logProbabilities(frames.slice(0, 4)), asr.logProbabilities(frames.slice(0, 4)), 'identical outputs after the round trip');
  assert.deepEqual(back.transcribe(frames.slice(0, 4)), asr.transcribe(frames.slice(0, 4)));
});

test('SpeechRecognizer: encode and decode through the vocabulary; bad words, options and untrained use are ValueErrors', () => {
  const asr = new SpeechRecognizer();
  assert.deepEqual(Array.from(asr.encode('four one  seven')), [5, 2, 8]);
  assert.equal(asr.decode([5, 2, 8]), 'four one seven');
  assert.throws(() => asr.encode('four score'), /"score" .* is not in the vocabulary/);
  assert.throws(() => new SpeechRecognizer({ vocabulary: ['a', 'a'] }), /vocabulary/);
  assert.throws(() => new SpeechRecognizer({ beamWidth: 0 }), /beamWidth/);
  assert.throws(() => asr.transcribe([{ frames: new Float32Array(39), T: 1, F: 39 }]), /not trained/);
});
