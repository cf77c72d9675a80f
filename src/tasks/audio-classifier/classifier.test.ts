// AudioClassifier end to end on generated words: it learns them, beats nothing by luck, and its
// folder loads back to identical outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AudioClassifier } from './classifier.js';
import { syntheticWord } from './test-helpers/synthetic-digits.js';
import { Generator } from '../../random/generator.js';
import { Tensor } from '../../tensor/tensor.js';
import { AudioNet } from './network.js';

const dir = mkdtempSync(path.join(tmpdir(), 'audio-clf-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const g = new Generator(0);
const words = (speaker: number, n: number) => Array.from({ length: n }, (_, i) => ({ digit: i % 3, samples: syntheticWord(i % 3, speaker, g) }));

test('AudioClassifier learns three generated words of unseen speakers; the saved folder gives the same probabilities', async () => {
  const clf = new AudioClassifier({ hiddenSize: 12, epochs: 12, batchSize: 8, lr: 1e-2, patience: 12, features: { nMfcc: 8, deltas: 0 } });
  const train = [0, 1, 2].flatMap((s) => words(s, 12));
  const test = words(3, 9);
  const frames = (ws: { samples: Float32Array }[]) => ws.map((w) => clf.features({ sampleRate: 8000, channels: [w.samples], bitDepth: 32, format: 'float' }));
  const history = await clf.fit(frames(train), train.map((w) => String(w.digit)));
  assert.ok(history.epochs.length >= 1);
  const e = clf.evaluate(frames(test), test.map((w) => String(w.digit)));
  assert.deepEqual(e.classes, ['0', '1', '2']);
  assert.ok(e.model.accuracy >= 0.8, `accuracy ${e.model.accuracy}`);
  assert.ok(e.baseline !== null && e.baseline.accuracy >= 0.6, `baseline ${e.baseline?.accuracy}`);
  assert.equal(e.model.confusion.flat().reduce((a, b) => a + b, 0), 9);

  await clf.save(path.join(dir, 'model'));
  const back = await AudioClassifier.load(path.join(dir, 'model'));
  assert.deepEqual(back.classes, clf.classes);
  assert.deepEqual(back.predictProbabilities(frames(test)), clf.predictProbabilities(frames(test)), 'identical outputs after the round trip');
  assert.deepEqual(back.evaluate(frames(test), test.map((w) => String(w.digit))).baseline, e.baseline, 'the baseline too');
  assert.deepEqual(back.options.features, clf.options.features);
});

test('AudioNet: padded frames change nothing (lengths), shapes are checked; bad options and untrained use are ValueErrors', () => {
  const net = new AudioNet({ inputSize: 3, cell: 'gru', hiddenSize: 4, numLayers: 1, bidirectional: true, pooling: 'mean', inputDropout: 0, dropout: 0, classes: 2, generator: new Generator(1) });
  net.eval();
  const x = Float32Array.from({ length: 5 * 1 * 3 }, (_, i) => Math.sin(i));
  const short = net.forward(new Tensor(x.slice(0, 9), [3, 1, 3]), Int32Array.of(3)).data;
  const padded = new Float32Array(15);
  padded.set(x.slice(0, 9));
  padded.fill(7, 9);
  const long = net.forward(new Tensor(padded, [5, 1, 3]), Int32Array.of(3)).data;
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(short[i] - long[i]) < 1e-6, 'padding is masked');
  assert.throws(() => net.forward(new Tensor(padded, [5, 3, 1]), Int32Array.of(3)), /expected shape \[T, 1, 3\]/);
  assert.throws(() => new AudioClassifier({ hiddenSize: 0 }), /hiddenSize/);
  assert.throws(() => new AudioClassifier({ pooling: 'sum' as never }), /pooling/);
  assert.throws(() => new AudioClassifier().predict([{ frames: new Float32Array(3), T: 1, F: 3 }]), /not trained/);
});
