import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenizerFromJSON, tokenizerToJSON } from './tokenizer-json.js';
import { CharTokenizer } from './char-tokenizer.js';
import { WordTokenizer } from './word-tokenizer.js';
import { BpeTokenizer } from './bpe.js';
import { trainBpe } from './bpe-train.js';
import { FormatError, ValueError } from '../errors.js';

const text = 'Déjà vu,\u0007 DON\'T panic!\u001b[0m 猫\tend';

/** A JSON round trip (through text, as a bundle file) tokenizes exactly as the original. */
function roundTrip(t: CharTokenizer | WordTokenizer | BpeTokenizer): void {
  const back = tokenizerFromJSON(JSON.parse(JSON.stringify(tokenizerToJSON(t))));
  assert.equal(back.constructor, t.constructor);
  assert.deepEqual(back.tokenize(text), t.tokenize(text));
}

test('char, word and BPE tokenizers survive a JSON round trip with their options', () => {
  roundTrip(new CharTokenizer());
  roundTrip(new CharTokenizer({ unit: 'grapheme', lowercase: true, dropControl: true, normalize: 'NFC' }));
  roundTrip(new WordTokenizer());
  roundTrip(new WordTokenizer({ punctuation: 'strip', split: 'whitespace', lowercase: false, locale: 'tr', dropControl: true }));
  roundTrip(trainBpe([text, 'more text to merge, merge, merge'], { vocabSize: 60, dropControl: true }));
  roundTrip(trainBpe([text], { vocabSize: 40, lowercase: true }));
});

test('dropControl removes control characters but keeps tab, newline and carriage return', () => {
  const raw = 'a\u0000b\u0007c\td\ne\rf\u007f\u009bg';
  assert.deepEqual(new CharTokenizer({ dropControl: true }).tokenize(raw), ['a', 'b', 'c', '\t', 'd', '\n', 'e', '\r', 'f', 'g']);
  assert.equal(new CharTokenizer().tokenize(raw).length, raw.length);
  const bpe = trainBpe([raw], { vocabSize: 20, dropControl: true });
  assert.ok(!bpe.alphabet.includes('\u0007'));
  assert.equal(bpe.options.dropControl, true);
  assert.throws(() => new WordTokenizer({ dropControl: 'yes' as never }), (e: unknown) => e instanceof ValueError && /dropControl must be true or false/.test(e.message));
});

test('a broken tokenizer value is a FormatError naming the field', () => {
  const bad = (v: unknown, re: RegExp) => assert.throws(() => tokenizerFromJSON(v, 'model/tokenizer.json'), (e: unknown) =>
    e instanceof FormatError && e.message.includes('model/tokenizer.json') && re.test(e.message));
  bad(null, /expected an object/);
  bad({ type: 'sentencepiece' }, /"type" must be 'char', 'word' or 'bpe'/);
  bad({ type: 'char', options: 3 }, /"options" must be an object/);
  bad({ type: 'word', options: { casing: true } }, /"options.casing" is not an option/);
  bad({ type: 'char', options: { unit: 'byte' } }, /unit must be/);
  bad({ type: 'bpe', model: { format: 'recurrent-bpe', version: 1, lowercase: 'no' } }, /lowercase/);
  assert.throws(() => tokenizerToJSON({ tokenize: () => [], detokenize: () => '' }), /expected a CharTokenizer, WordTokenizer or BpeTokenizer/);
});
