import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FormatError, IOError, ValueError } from '../errors.js';
import { Vocabulary } from './vocabulary.js';
import { BpeTokenizer } from './bpe.js';
import { trainBpe } from './bpe-train.js';
import { CharTokenizer } from './char-tokenizer.js';
import { WordTokenizer } from './word-tokenizer.js';

const vocab = Vocabulary.build([['a', 'b']]);
const bpe = trainBpe(['ab ab abc'], { vocabSize: 8 });
const readers = [
  { name: 'Vocabulary', json: vocab.toJSON() as unknown as Record<string, unknown>, parse: (t: string) => Vocabulary.parse(t), load: (p: string) => Vocabulary.load(p), save: (p: string) => vocab.save(p) },
  { name: 'BpeTokenizer', json: bpe.toJSON() as unknown as Record<string, unknown>, parse: (t: string) => BpeTokenizer.parse(t), load: (p: string) => BpeTokenizer.load(p), save: (p: string) => bpe.save(p) },
];

for (const { name, json, parse, load, save } of readers) {
  test(`${name}: a file nested a million deep is refused before it is parsed, with its byte offset`, () => {
    const deep = `{"format":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    assert.throws(() => parse(deep), (e: Error) => e instanceof FormatError && /nests deeper than 32 levels/.test(e.message) && e.offset === 10 + 31);
  });

  test(`${name}: nested or long values in any field give a short message`, () => {
    const deep = JSON.parse('['.repeat(30) + ']'.repeat(30));
    const long = 'é'.repeat(100_000);
    for (const field of Object.keys(json)) {
      for (const bad of [deep, long, [deep], [long], [[long, deep]], { [long]: deep }]) {
        try {
          parse(JSON.stringify({ ...json, [field]: bad }));
        } catch (e) {
          assert.ok(e instanceof FormatError, `${field}: ${String(e).slice(0, 200)}`);
          assert.ok(e.message.length < 600, `${field}: ${e.message.length} characters: ${e.message.slice(0, 300)}`);
          continue;
        }
        assert.fail(`${field} accepted ${String(bad).slice(0, 40)}`);
      }
    }
  });

  test(`${name}: file-system errors on load and save are IOErrors naming the path`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'json-io-'));
    try {
      await assert.rejects(load(join(dir, 'missing.json')), (e: Error) => e instanceof IOError && e.cause === 'ENOENT' && e.operation === 'read' && e.message.includes('missing.json'));
      await assert.rejects(load(dir), (e: Error) => e instanceof IOError && e.cause === 'EISDIR' && e.path === dir);
      await writeFile(join(dir, 'file'), 'x');
      await assert.rejects(save(join(dir, 'file', 'x.json')), IOError);
      await assert.rejects(save(dir), (e: Error) => e instanceof IOError && e.message.includes(dir));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test('a malformed locale is refused when a tokenizer is made or loaded, not on its first text', () => {
  for (const make of [(locale: string) => new WordTokenizer({ locale }), (locale: string) => new CharTokenizer({ locale, unit: 'grapheme' }), (locale: string) => new BpeTokenizer(['a'], [], { locale, lowercase: true })]) {
    assert.throws(() => make('not a locale!'), (e: Error) => e instanceof ValueError && /locale must be a BCP 47 language tag/.test(e.message));
    assert.doesNotThrow(() => make('tr'));
  }
  assert.throws(() => BpeTokenizer.parse(JSON.stringify({ ...bpe.toJSON(), locale: '@@' })), (e: Error) => e instanceof FormatError && /locale/.test(e.message));
});
