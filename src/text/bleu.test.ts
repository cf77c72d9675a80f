import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusBleu, sentenceBleu, tokenAccuracy } from './bleu.js';
import { ValueError } from '../errors.js';

const w = (s: string) => s.split(' ').filter(Boolean);
const close = (a: number, b: number, msg = '') => assert.ok(Math.abs(a - b) < 1e-9, `${msg}: ${a} vs ${b}`);

test('BLEU: Papineni et al.\'s clipping example (unigrams)', () => {
  // "the" × 7 against two references: "the" appears at most twice in one reference → p1 = 2/7;
  // c = 7, closest reference length 7 → BP = 1.
  const r = corpusBleu([w('the the the the the the the')], [[w('the cat is on the mat'), w('there is a cat on the mat')]], { maxOrder: 1 });
  close(r.precisions[0], 2 / 7, 'p1');
  close(r.bleu, (100 * 2) / 7, 'bleu');
  assert.equal(r.brevityPenalty, 1);
});

test('BLEU-4 of one sentence by hand, without and with smoothing', () => {
  // hyp "the cat sat on the mat" vs ref "the cat is on the mat":
  //   1-grams: the 2, cat, on, mat match; sat does not       → 5/6
  //   2-grams: "the cat", "on the", "the mat" of 5            → 3/5
  //   3-grams: "on the mat" of 4                              → 1/4
  //   4-grams: none of 3                                      → 0/3 → BLEU 0 without smoothing
  const hyp = w('the cat sat on the mat'), ref = w('the cat is on the mat');
  const plain = sentenceBleu(hyp, ref);
  assert.deepEqual(plain.precisions, [5 / 6, 3 / 5, 1 / 4, 0]);
  assert.equal(plain.bleu, 0);
  // add-one (n ≥ 2): (5/6 · 4/6 · 2/5 · 1/4)^(1/4) = (1/18)^(1/4) = 0.485492…
  close(sentenceBleu(hyp, ref, { smoothing: 'add-one' }).bleu, 100 * Math.pow(1 / 18, 0.25), 'add-one');
  close(sentenceBleu(hyp, ref, { smoothing: 'add-one' }).bleu, 48.549177170732, 'add-one value');
  // epsilon: p4 = 0.1/3 → (5/6 · 3/5 · 1/4 · 1/30)^(1/4) = (1/240)^(1/4) = 0.254078…
  close(sentenceBleu(hyp, ref, { smoothing: 'epsilon' }).bleu, 100 * Math.pow(1 / 240, 0.25), 'epsilon');
  // identical sentences of ≥ 4 tokens score 100
  close(sentenceBleu(ref, ref).bleu, 100, 'identical');
});

test('corpus BLEU sums counts before dividing, with the brevity penalty', () => {
  // s1 "a b c d" = its reference: 4/4, 3/3, 2/2, 1/1.  s2 "a b" vs "a b c d e f": 2/2, 1/1, 0/0, 0/0.
  // Corpus: every p_n = 1; c = 6, r = 10 → BP = exp(1 − 10/6) = exp(−2/3) = 0.513417…
  const r = corpusBleu([w('a b c d'), w('a b')], [[w('a b c d')], [w('a b c d e f')]]);
  assert.deepEqual(r.precisions, [1, 1, 1, 1]);
  close(r.brevityPenalty, Math.exp(-2 / 3), 'BP');
  close(r.bleu, 51.341711903259, 'bleu');
  assert.equal(r.hypothesisLength, 6);
  assert.equal(r.referenceLength, 10);
  // while s2 alone scores 0 (no 3-gram): corpus BLEU is not a mean of sentence BLEUs
  assert.equal(sentenceBleu(w('a b'), w('a b c d e f')).bleu, 0);
});

test('BLEU: the closest reference length, the shorter on a tie', () => {
  // hyp of 5 tokens, references of 4 and 6: tie → r = 4 → c ≥ r → BP = 1
  const r = corpusBleu([w('a b c d e')], [[w('a b c d x y'), w('a b c d')]]);
  assert.equal(r.referenceLength, 4);
  assert.equal(r.brevityPenalty, 1);
  // references of 7 and 9 for a hyp of 8 → r = 7; of 9 alone → BP = exp(1 − 9/8)
  close(corpusBleu([w('a b c d e f g h')], [[w('a b c d e f g h i')]]).brevityPenalty, Math.exp(1 - 9 / 8), 'BP');
});

test('BLEU: empty hypotheses score 0; mismatched inputs are refused', () => {
  assert.equal(corpusBleu([[]], [[w('a b')]]).bleu, 0);
  assert.throws(() => corpusBleu([w('a')], []), ValueError);
  assert.throws(() => corpusBleu([w('a')], [[]]), ValueError);
  assert.throws(() => corpusBleu([w('a')], [[w('a')]], { maxOrder: 0 }), ValueError);
});

test('token accuracy skips the ignored targets', () => {
  const r = tokenAccuracy([1, 2, 3, 4, 9], [1, 0, 3, -100, -100]);
  assert.deepEqual(r, { accuracy: 2 / 3, correct: 2, total: 3 });
  assert.throws(() => tokenAccuracy([1], [1, 2]), ValueError);
});
