// The early-stopping part: one whole training speaker when speakers are known and asked for,
// a stratified share of the recordings otherwise; new options are checked by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validationSplit } from './validation-split.js';
import { frameAugmenter } from '../audio-common/augmenter.js';
import { AudioClassifier } from './classifier.js';
import { AUDIO_CLASSIFIER_DEFAULTS } from './options.js';

const y = Int32Array.from({ length: 40 }, (_, i) => i % 4);
const speakers = Array.from({ length: 40 }, (_, i) => ['ann', 'bob', 'cy', 'di'][Math.floor(i / 10)]);

test('validationSplit: by speaker holds out every recording of one speaker, drawn by the seed', () => {
  const s = validationSplit(y, speakers, { validationBy: 'speaker', validationFraction: 0.1, seed: 1 });
  assert.ok(s.speaker !== null);
  assert.equal(s.heldOut.length, 10);
  assert.ok(Array.from(s.heldOut).every((i) => speakers[i] === s.speaker));
  assert.ok(Array.from(s.train).every((i) => speakers[i] !== s.speaker));
  assert.deepEqual(validationSplit(y, speakers, { validationBy: 'speaker', validationFraction: 0.1, seed: 1 }), s);
});

test('validationSplit: by recording, or without speakers, or with one speaker, a stratified share', () => {
  for (const [by, sp] of [['recording', speakers], ['speaker', null], ['speaker', speakers.map(() => 'ann')], ['speaker', speakers.map((s, i) => (i === 3 ? null : s))]] as const) {
    const s = validationSplit(y, sp, { validationBy: by, validationFraction: 0.1, seed: 0 });
    assert.equal(s.speaker, null);
    assert.equal(s.heldOut.length, 4, `${by}: one of each label`);
  }
  assert.throws(() => validationSplit(y, speakers.slice(1), { validationBy: 'speaker', validationFraction: 0.1, seed: 0 }), /40 recordings but 39 speakers/);
});

test('augmentation options: off by default is no augmenter; bad values are ValueErrors naming the option', () => {
  assert.equal(frameAugmenter({ ...AUDIO_CLASSIFIER_DEFAULTS, freqMasks: 0, timeMasks: 0, speedPerturbation: 0 }), null);
  const aug = frameAugmenter({ ...AUDIO_CLASSIFIER_DEFAULTS, freqMasks: 1, timeMasks: 1, speedPerturbation: 0.1 })!;
  const m = { frames: new Float32Array(50 * 4).fill(1), T: 50, F: 4 };
  const a = aug(m);
  assert.equal(a.F, 4);
  assert.ok(a.T >= 45 && a.T <= 56);
  assert.throws(() => new AudioClassifier({ validationBy: 'voice' as never }), /validationBy/);
  assert.throws(() => new AudioClassifier({ timeMasks: 1.5 }), /timeMasks/);
  assert.throws(() => new AudioClassifier({ speedPerturbation: 1 }), /speedPerturbation/);
});
