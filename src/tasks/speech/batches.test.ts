// CTC batches: augmentation changes the training batches and is reproducible under the seed; the
// lengths (CTC's input lengths) are the stretched utterances' frames; targets are concatenated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ctcBatches } from './batches.js';
import { frameAugmenter } from '../audio-common/augmenter.js';
import { SpeechRecognizer } from './recognizer.js';
import type { FrameMatrix } from '../audio-classifier/baseline.js';

const F = 5;
const items: FrameMatrix[] = [60, 72, 81, 95].map((T, k) => ({ frames: Float32Array.from({ length: T * F }, (_, i) => Math.sin(i * 0.37 + k)), T, F }));
const labels = [Int32Array.of(1, 2), Int32Array.of(3), Int32Array.of(4, 5, 6), Int32Array.of(7, 8)];
const augment = { freqMasks: 2, freqMaskWidth: 2, timeMasks: 2, timeMaskWidth: 8, speedPerturbation: 0.1, seed: 3 };
const which = Int32Array.of(0, 2, 3);

test('ctcBatches: augmented batches differ from plain ones, repeat under the seed, and carry the stretched lengths', () => {
  const plain = ctcBatches(items, labels, null)(which);
  assert.deepEqual(Array.from(plain.lengths), [60, 81, 95]);
  assert.deepEqual(Array.from(plain.targets), [1, 2, 4, 5, 6, 7, 8], 'the transcripts one after another');
  assert.deepEqual(Array.from(plain.targetLengths), [2, 3, 2]);

  const a = ctcBatches(items, labels, frameAugmenter(augment))(which);
  const b = ctcBatches(items, labels, frameAugmenter(augment))(which);
  assert.deepEqual(a.x.data, b.x.data, 'one seed, one batch');
  assert.deepEqual(a.lengths, b.lengths);
  const expected = frameAugmenter(augment)!;
  assert.deepEqual(Array.from(a.lengths), Array.from(which, (i) => expected(items[i]).T), 'CTC input lengths are the augmented frames');
  assert.notDeepEqual(Array.from(a.lengths), Array.from(plain.lengths), 'speed perturbation changes the lengths');
  assert.deepEqual(a.x.shape, [Math.max(...a.lengths), 3, F]);
  assert.deepEqual(a.targets, plain.targets, 'the transcripts are not augmented');

  const other = ctcBatches(items, labels, frameAugmenter({ ...augment, seed: 4 }))(which);
  assert.notDeepEqual(other.x.data, a.x.data, 'another seed, other draws');
  const again = ctcBatches(items, labels, frameAugmenter(augment));
  again(which);
  assert.notDeepEqual(again(which).x.data, a.x.data, 'a string entering a second batch is drawn anew');
  assert.equal(frameAugmenter({ ...augment, freqMasks: 0, timeMasks: 0, speedPerturbation: 0 }), null, 'all off: no augmentation');
});

test('SpeechRecognizer: augmentation options are checked by name', () => {
  assert.equal(new SpeechRecognizer({ timeMasks: 3 }).options.timeMasks, 3);
  assert.throws(() => new SpeechRecognizer({ freqMasks: -1 }), /freqMasks/);
  assert.throws(() => new SpeechRecognizer({ timeMaskWidth: 1.5 }), /timeMaskWidth/);
  assert.throws(() => new SpeechRecognizer({ speedPerturbation: 1 }), /speedPerturbation/);
});
