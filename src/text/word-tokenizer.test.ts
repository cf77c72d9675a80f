import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordTokenizer } from './word-tokenizer.js';

test('defaults: lower-case, punctuation kept as tokens, contractions whole', () => {
  assert.deepEqual(new WordTokenizer().tokenize("Don't PANIC, friend!"), ["don't", 'panic', ',', 'friend', '!']);
});

test('punctuation strip keeps emoji and symbols', () => {
  const tok = new WordTokenizer({ punctuation: 'strip' });
  assert.deepEqual(tok.tokenize('Hello, world… 🙂 — $5!'), ['hello', 'world', '🙂', '$', '5']);
});

test('Unicode words: accents, combining marks, CJK dictionary segmentation', () => {
  const tok = new WordTokenizer({ lowercase: false });
  assert.deepEqual(tok.tokenize('naïve cafe\u0301'), ['naïve', 'cafe\u0301']);
  const zh = tok.tokenize('我喜欢猫');
  assert.ok(zh.length >= 2, `expected Chinese to be split into words, got ${JSON.stringify(zh)}`);
  assert.equal(zh.join(''), '我喜欢猫');
});

test('whitespace split keeps pre-tokenised tokens such as <unk>', () => {
  const tok = new WordTokenizer({ split: 'whitespace' });
  assert.deepEqual(tok.tokenize(' The <unk> of\tthe  Game \n'), ['the', '<unk>', 'of', 'the', 'game']);
  const strip = new WordTokenizer({ split: 'whitespace', punctuation: 'strip' });
  assert.deepEqual(strip.tokenize('"Hello," she said.'), ['hello', 'she', 'said']);
});

test('empty and whitespace-only input give no tokens; detokenize joins with spaces', () => {
  const tok = new WordTokenizer();
  assert.deepEqual(tok.tokenize(''), []);
  assert.deepEqual(tok.tokenize(' \n\t '), []);
  assert.equal(tok.detokenize(['a', 'b']), 'a b');
});

test('locale-aware lower-casing (Turkish dotted I)', () => {
  assert.deepEqual(new WordTokenizer({ locale: 'tr' }).tokenize('İSTANBUL'), ['istanbul']);
});

test('bad options give a clear error', () => {
  assert.throws(() => new WordTokenizer({ punctuation: 'drop' as never }), /punctuation must be 'keep' or 'strip'/);
  assert.throws(() => new WordTokenizer({ split: 'regex' as never }), /split must be/);
});

test('no-break spaces (U+202F, U+00A0) never end up inside a word', () => {
  assert.deepEqual(new WordTokenizer().tokenize('Merci\u202f! Vous\u00a0? 5\u202f000'), ['merci', '!', 'vous', '?', '5', '000']);
});
