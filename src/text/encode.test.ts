import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CharTokenizer } from './char-tokenizer.js';
import { WordTokenizer } from './word-tokenizer.js';
import { Vocabulary } from './vocabulary.js';
import { decodeIds, encodeBatch, encodeText } from './encode.js';
import { oneHotEncode } from './one-hot.js';

test('char pipeline: text → ids → padded batch → one-hot, and back to text', () => {
  const tok = new CharTokenizer();
  const texts = ['héllo 😀', 'hi'];
  const vocab = Vocabulary.build(texts.map((t) => tok.tokenize(t)));
  const batch = encodeBatch(texts, tok, vocab, { addBos: true, addEos: true });
  assert.deepEqual(batch.shape, [2, 9]);
  assert.deepEqual([...batch.lengths], [9, 4]);
  assert.equal(batch.ids[2 * 9 - 1], vocab.padId);
  const oh = oneHotEncode(batch.ids, vocab.size, { shape: batch.shape });
  assert.deepEqual(oh.shape, [2, 9, vocab.size]);
  assert.equal(decodeIds(batch.ids.subarray(0, 9), tok, vocab), 'héllo 😀');
  assert.equal(decodeIds(encodeText('', tok, vocab), tok, vocab), '');
});

test('word pipeline with unknown words and truncation', () => {
  const tok = new WordTokenizer();
  const vocab = Vocabulary.build([tok.tokenize('the cat sat on the mat')]);
  const b = encodeBatch(['The dog sat', 'on the mat today again'], tok, vocab, { length: 3, truncationSide: 'left' });
  assert.deepEqual(vocab.decode(b.ids.subarray(0, 3)), ['the', '<unk>', 'sat']);
  assert.deepEqual(vocab.decode(b.ids.subarray(3, 6)), ['mat', '<unk>', '<unk>']);
  assert.throws(() => encodeText('the dog', tok, vocab, { unknown: 'error' }), /unknown token "dog" at position 1/);
});

test('tiny-shakespeare has 65 distinct characters', (t) => {
  const file = resolve(process.cwd(), '../shared/data/tiny-shakespeare/input.txt');
  if (!existsSync(file)) {
    t.skip(`shared data not found at ${file}`);
    return;
  }
  const tok = new CharTokenizer();
  const text = readFileSync(file, 'utf8');
  const vocab = Vocabulary.build([tok.tokenize(text)]);
  assert.equal(vocab.size - vocab.numSpecials, 65);
  const ids = encodeText(text.slice(0, 5000), tok, vocab, { unknown: 'error' });
  assert.equal(decodeIds(ids, tok, vocab), text.slice(0, 5000));
});

test('tatoeba French keeps narrow no-break spaces out of word tokens', (t) => {
  const file = resolve(process.cwd(), '../shared/data/tatoeba-eng-fra/eng-fra-first10000.tsv');
  if (!existsSync(file)) {
    t.skip(`shared data not found at ${file}`);
    return;
  }
  const tok = new WordTokenizer();
  const fr = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')[1]);
  const vocab = Vocabulary.build(fr.map((s) => tok.tokenize(s)), { minCount: 2 });
  for (const w of vocab.tokens) assert.ok(!/\s/u.test(w), `token ${JSON.stringify(w)} contains white space`);
  assert.ok(vocab.has('!') && vocab.has('bonjour'));
});
