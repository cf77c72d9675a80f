import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FormatError, ValueError } from '../../errors.js';
import { Generator } from '../../random/generator.js';
import { TextClassifier } from './classifier.js';
import { netProbabilities } from './train-net.js';
import { encodeTexts } from './encoding.js';

/** Short texts whose class is told by one word among filler words. */
function synthetic(n: number, seed: number): { texts: string[]; labels: string[] } {
  const g = new Generator(seed);
  const filler = ['the', 'a', 'it', 'was', 'very', 'quite', 'food', 'phone', 'movie', 'and', 'so'];
  const cue = { pos: ['great', 'good', 'lovely'], neg: ['awful', 'bad', 'poor'] };
  const texts: string[] = [], labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2 ? 'pos' : 'neg';
    const words = Array.from({ length: 2 + g.int(8) }, () => filler[g.int(filler.length)]);
    words.splice(g.int(words.length + 1), 0, cue[label][g.int(3)]);
    texts.push(words.join(' '));
    labels.push(label);
  }
  return { texts, labels };
}

const small = { hiddenSize: 8, embeddingDim: 8, epochs: 4, batchSize: 16, lr: 1e-2, baselineC: 1, ensemble: 1 } as const;

test('a small classifier learns the cue words; padding never changes a prediction', async () => {
  const train = synthetic(240, 1);
  const test_ = synthetic(60, 2);
  for (const pooling of ['max', 'attention', 'last', 'mean'] as const) {
    const clf = new TextClassifier({ ...small, pooling, epochs: pooling === 'max' ? 6 : 2 });
    await clf.fit(train.texts, train.labels);
    const alone = clf.predictProbabilities([test_.texts[0]]);
    const batched = clf.predictProbabilities([test_.texts[0], 'the the the the the the the the the the the the great', 'bad']);
    for (let c = 0; c < 2; c++) assert.ok(Math.abs(alone[c] - batched[c]) < 1e-6, `${pooling}: ${alone[c]} alone vs ${batched[c]} in a padded batch`);
    if (pooling === 'max') {
      const e = clf.evaluate(test_.texts, test_.labels);
      assert.ok(e.model.accuracy >= 0.9, `accuracy ${e.model.accuracy}`);
      assert.ok(e.baseline!.accuracy >= 0.9, `baseline accuracy ${e.baseline!.accuracy}`);
      assert.deepEqual(e.classes, ['neg', 'pos']);
      const [p] = clf.predict(['it was great']);
      assert.equal(p.label, 'pos');
      assert.ok(Math.abs(p.probabilities.neg + p.probabilities.pos - 1) < 1e-6);
    }
  }
});

test('same seed, same model; an ensemble averages its networks; save and load give identical probabilities', async () => {
  const train = synthetic(120, 3);
  const texts = ['it was awful', 'so good', '', 'unknownword zzz'];
  const a = new TextClassifier({ ...small, epochs: 2, ensemble: 2, level: 'bpe', bpeVocabSize: 60 });
  await a.fit(train.texts, train.labels);
  const b = new TextClassifier({ ...small, epochs: 2, ensemble: 2, level: 'bpe', bpeVocabSize: 60 });
  await b.fit(train.texts, train.labels);
  const pa = a.predictProbabilities(texts);
  assert.deepEqual(b.predictProbabilities(texts), pa);
  assert.equal(a.nets.length, 2);
  assert.deepEqual([a.encoding!.vocabulary.padId, a.encoding!.vocabulary.unkId, a.encoding!.vocabulary.reserved.length], [0, 1, 2], '<pad> = 0 = PAD_ID, <unk> = 1, nothing else reserved');
  const seqs = encodeTexts(texts, a.encoding!, a.options.maxLength);
  const [p0, p1] = a.nets.map((n) => netProbabilities(n, seqs));
  pa.forEach((v, i) => assert.ok(Math.abs(v - (p0[i] + p1[i]) / 2) < 1e-12));
  assert.notDeepEqual(p0, p1, 'the networks differ (seeds seed and seed + 1)');
  const dir = mkdtempSync(join(tmpdir(), 'clf-'));
  try {
    await a.save(dir);
    const back = await TextClassifier.load(dir);
    assert.deepEqual(back.predictProbabilities(texts), pa);
    assert.deepEqual(back.evaluate(train.texts, train.labels).baseline, a.evaluate(train.texts, train.labels).baseline);
    assert.deepEqual(back.classes, ['neg', 'pos']);
    writeFileSync(join(dir, 'classifier.json'), '{"format": "something-else"}');
    await assert.rejects(TextClassifier.load(dir), FormatError);
    await assert.rejects(TextClassifier.load(join(dir, 'absent')), /no classifier\.json here/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('minutes bounds training by wall clock, shared by the networks of an ensemble', async () => {
  const train = synthetic(240, 5);
  const clf = new TextClassifier({ ...small, epochs: 100_000, patience: 100_000, ensemble: 2, minutes: 0.6 / 60 });
  const t0 = performance.now();
  const histories = await clf.fit(train.texts, train.labels);
  const seconds = (performance.now() - t0) / 1000;
  assert.ok(seconds < 3, `took ${seconds} s for a 0.6 s budget`);
  assert.deepEqual(histories.map((h) => h.stopReason), ['aborted', 'aborted']);
  assert.equal(clf.predict(['good']).length, 1);
});

test('bad options and bad data are ValueErrors naming what is wrong', async () => {
  assert.throws(() => new TextClassifier({ pooling: 'sum' as never }), /pooling/);
  assert.throws(() => new TextClassifier({ hiddenSize: 0 }), /hiddenSize/);
  assert.throws(() => new TextClassifier({ level: 'char', pretrained: 'v.bin' }), /level 'word'/);
  const c = new TextClassifier(small);
  await assert.rejects(c.fit(['a', 'b'], ['x', 'x']), /at least 2 are needed/);
  await assert.rejects(c.fit(['a', 'b'], ['x']), ValueError);
  assert.throws(() => c.predict(['a']), /not trained/);
});
