import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CharTokenizer } from './char-tokenizer.js';
import { RecurrentError } from '../errors.js';

test('code points, never UTF-16 halves: emoji and astral CJK stay whole', () => {
  const tok = new CharTokenizer();
  const text = 'a😀b𠀋';
  assert.equal(text.length, 6); // UTF-16 units
  assert.deepEqual(tok.tokenize(text), ['a', '😀', 'b', '𠀋']);
  for (const t of tok.tokenize(text)) assert.ok(!/[\uD800-\uDFFF]/u.test(t), `lone surrogate in ${JSON.stringify(t)}`);
  assert.equal(tok.detokenize(tok.tokenize(text)), text);
});

test('combining marks are separate code points, one grapheme', () => {
  const s = 'e\u0301te\u0301';
  assert.deepEqual(new CharTokenizer().tokenize(s), ['e', '\u0301', 't', 'e', '\u0301']);
  assert.deepEqual(new CharTokenizer({ unit: 'grapheme' }).tokenize(s), ['e\u0301', 't', 'e\u0301']);
  assert.deepEqual(new CharTokenizer({ normalize: 'NFC' }).tokenize(s), ['é', 't', 'é']);
});

test('grapheme unit keeps skin-tone emoji, ZWJ families and flags whole', () => {
  const s = '👍🏽👨‍👩‍👧🇫🇷';
  assert.deepEqual(new CharTokenizer({ unit: 'grapheme' }).tokenize(s), ['👍🏽', '👨‍👩‍👧', '🇫🇷']);
});

test('lowercase, empty input, lone surrogate does not crash', () => {
  assert.deepEqual(new CharTokenizer({ lowercase: true }).tokenize('AbC'), ['a', 'b', 'c']);
  assert.deepEqual(new CharTokenizer().tokenize(''), []);
  assert.deepEqual(new CharTokenizer().tokenize('x\ud800y'), ['x', '\ud800', 'y']);
});

test('round trip is exact on mixed scripts', () => {
  const tok = new CharTokenizer();
  const s = 'Ça va? 日本語のテキスト\r\n\t😀 مرحبا';
  assert.equal(tok.detokenize(tok.tokenize(s)), s);
});

test('bad options give a clear error', () => {
  assert.throws(() => new CharTokenizer({ unit: 'byte' as never }), (e: unknown) => e instanceof RecurrentError && /unit must be/.test(e.message));
  assert.throws(() => new CharTokenizer({ normalize: 'NFX' as never }), /normalize must be/);
});
