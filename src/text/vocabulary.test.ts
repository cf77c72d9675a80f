import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vocabulary } from './vocabulary.js';
import { FormatError, RecurrentError, ValueError } from '../errors.js';

const corpus = [['b', 'a', 'c', 'a'], ['a', 'b', 'd'], ['😀', 'a']];

test('specials first at fixed ids, then tokens by count, ties by token', () => {
  const v = Vocabulary.build(corpus);
  assert.deepEqual(v.tokens, ['<pad>', '<unk>', '<bos>', '<eos>', 'a', 'b', 'c', 'd', '😀']);
  assert.equal(v.padId, 0);
  assert.equal(v.tokenToId('<unk>'), v.unkId);
  assert.equal(v.size, 9);
});

test('minCount and maxSize (specials included)', () => {
  assert.deepEqual(Vocabulary.build(corpus, { minCount: 2 }).tokens.slice(4), ['a', 'b']);
  assert.deepEqual(Vocabulary.build(corpus, { maxSize: 5 }).tokens.slice(4), ['a']);
  assert.throws(() => Vocabulary.build(corpus, { maxSize: 3 }), (e: unknown) => e instanceof ValueError && /maxSize must be an integer >= 4/.test(e.message));
  assert.throws(() => Vocabulary.build(corpus, { minCount: 0 }), /minCount/);
  assert.throws(() => Vocabulary.build(['text' as never]), /got a string/);
});

test('custom and extra specials', () => {
  const v = Vocabulary.fromTokens(['x', '[SEP]', 'y'], { specials: { pad: '[PAD]' }, extraSpecials: ['[SEP]'] });
  assert.deepEqual(v.tokens, ['[PAD]', '<unk>', '<bos>', '<eos>', '[SEP]', 'x', 'y']);
  assert.equal(v.numSpecials, 5);
  assert.throws(() => Vocabulary.fromTokens([], { specials: { bos: '<eos>' } }), /given twice/);
});

test('unknown tokens: unk (default), skip, or a clear error naming token and position', () => {
  const v = Vocabulary.build(corpus);
  assert.deepEqual([...v.encode(['a', 'zz', 'b'])], [4, 1, 5]);
  assert.deepEqual([...v.encode(['a', 'zz', 'b'], { unknown: 'skip' })], [4, 5]);
  assert.throws(() => v.encode(['a', 'zz', 'b'], { unknown: 'error' }), (e: unknown) =>
    e instanceof ValueError && e.message.includes('"zz"') && e.message.includes('position 1'));
  assert.throws(() => v.encode([], { unknown: 'drop' as never }), /unknown must be/);
  assert.deepEqual([...v.encode([], { addBos: true, addEos: true })], [2, 3]);
  assert.ok(v.encode([]) instanceof Int32Array);
});

test('decode drops specials except <unk>; bad ids name their position', () => {
  const v = Vocabulary.build(corpus);
  assert.deepEqual(v.decode([2, 4, 1, 8, 3, 0, 0]), ['a', '<unk>', '😀']);
  assert.deepEqual(v.decode([2, 4], { skipSpecial: false }), ['<bos>', 'a']);
  assert.throws(() => v.decode([4, 99]), /id 99 at position 1 is outside \[0, 9\)/);
  assert.throws(() => v.idToToken(-1), ValueError);
  assert.equal(v.idToToken(4), 'a');
});

test('save/load round trip, tokens with newlines and emoji included', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vocab-'));
  try {
    const v = Vocabulary.build([['\n', '😀', 'e\u0301', ' ', '"', '\\']], { extraSpecials: ['<sep>'] });
    const file = join(dir, 'sub', 'vocab.json');
    await v.save(file);
    const back = await Vocabulary.load(file);
    assert.deepEqual(back.toJSON(), v.toJSON());
    assert.deepEqual([...back.encode(['😀', '\n'])], [...v.encode(['😀', '\n'])]);
    assert.deepEqual(Vocabulary.parse(await readFile(file)).tokens, v.tokens);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a corrupt vocabulary file gives a clear FormatError', async () => {
  const good = Vocabulary.build(corpus).toJSON();
  const cases: [unknown, RegExp][] = [
    [[], /expected a JSON object/],
    [{ ...good, format: 'recurrent-bpe' }, /expected format "recurrent-vocabulary"/],
    [{ ...good, tokens: ['<pad>', '<unk>', '<bos>'] }, /"tokens"\[3\] must be the special token "<eos>"/],
    [{ ...good, tokens: [...good.tokens, 'a'] }, /token "a" appears twice \(ids 4 and 9\)/],
    [{ ...good, tokens: [...good.tokens, 7] }, /"tokens"\[9\] must be a string/],
    [{ ...good, specials: null }, /"specials" must be an object/],
    [{ ...good, extraSpecials: undefined }, /"extraSpecials" must be an array/],
  ];
  for (const [value, re] of cases) {
    assert.throws(() => Vocabulary.fromJSON(value), (e: unknown) => e instanceof FormatError && re.test(e.message), String(re));
  }
  const dir = await mkdtemp(join(tmpdir(), 'vocab-'));
  try {
    const file = join(dir, 'vocab.json');
    await writeFile(file, JSON.stringify(good).slice(0, 50)); // truncated
    await assert.rejects(Vocabulary.load(file), (e: unknown) =>
      e instanceof FormatError && e.message.includes(file) && /not valid JSON/.test(e.message));
    await writeFile(file, Buffer.from([0xff, 0xfe, 0x00]));
    await assert.rejects(Vocabulary.load(file), /not valid UTF-8/);
    await assert.rejects(Vocabulary.load(join(dir, 'nope.json')), (e: unknown) => e instanceof RecurrentError && /ENOENT/.test(e.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('reserve: only the specials asked for, in the canonical order, then extras and tokens', () => {
  const none = Vocabulary.build(corpus, { reserve: [] });
  assert.deepEqual(none.tokens, ['a', 'b', 'c', 'd', '😀']);
  assert.equal(none.numSpecials, 0);
  assert.equal(none.hasSpecial('bos'), false);
  assert.throws(() => none.bosId, (e: unknown) => e instanceof ValueError && /reserves no <bos>/.test(e.message) && /reserve including 'bos'/.test(e.message));
  assert.throws(() => none.encode(['a', 'zz']), (e: unknown) => e instanceof ValueError && /"zz" at position 1/.test(e.message) && /reserves no <unk>/.test(e.message));
  assert.deepEqual([...none.encode(['a', 'zz', 'b'], { unknown: 'skip' })], [0, 1]);
  assert.throws(() => none.tokenToId('zz'), /reserves no <unk>/);
  assert.throws(() => none.encode(['a'], { addEos: true }), /reserves no <eos>/);

  const v = Vocabulary.build(corpus, { reserve: ['eos', 'unk'], extraSpecials: ['<sep>'] });
  assert.deepEqual(v.reserved, ['unk', 'eos']);
  assert.deepEqual(v.tokens.slice(0, 4), ['<unk>', '<eos>', '<sep>', 'a']);
  assert.equal(v.unkId, 0);
  assert.equal(v.eosId, 1);
  assert.equal(v.numSpecials, 3);
  assert.deepEqual([...v.encode(['a', 'zz'], { addEos: true })], [3, 0, 1]);
  assert.deepEqual(v.decode([3, 0, 1, 2]), ['a', '<unk>']);
  assert.throws(() => Vocabulary.build(corpus, { reserve: ['pad', 'pad'] }), /names "pad" twice/);
  assert.throws(() => Vocabulary.build(corpus, { reserve: ['mask' as never] }), /reserve\[0\] must be 'pad', 'unk', 'bos' or 'eos'/);
  assert.throws(() => Vocabulary.build(corpus, { reserve: 'pad' as never }), /reserve must be an array/);
  assert.throws(() => Vocabulary.build(corpus, { reserve: ['unk'], maxSize: 0 }), /maxSize must be an integer >= 1/);
});

test('reserve survives a round trip; version 1 files read as reserving all four', () => {
  const v = Vocabulary.build(corpus, { reserve: ['unk'] });
  const back = Vocabulary.parse(v.serialize());
  assert.deepEqual(back.tokens, v.tokens);
  assert.deepEqual(back.reserved, ['unk']);
  assert.equal(back.hasSpecial('pad'), false);
  const full = Vocabulary.build(corpus).toJSON();
  const { reserve: _dropped, ...rest } = full;
  const v1 = Vocabulary.fromJSON({ ...rest, version: 1 });
  assert.deepEqual(v1.reserved, ['pad', 'unk', 'bos', 'eos']);
  assert.equal(v1.eosId, 3);
  assert.throws(() => Vocabulary.fromJSON({ ...full, reserve: ['bos', 'bos'] }), (e: unknown) => e instanceof FormatError && /"reserve"/.test(e.message));
  assert.throws(() => Vocabulary.fromJSON({ ...full, reserve: ['unk'] }), (e: unknown) => e instanceof FormatError && /tokens"\[0\] must be the special token "<unk>"/.test(e.message));
});
