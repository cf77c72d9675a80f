import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BpeTokenizer, bpePieces } from './bpe.js';
import { trainBpe } from './bpe-train.js';
import { Vocabulary } from './vocabulary.js';
import { FormatError, IOError, ValueError } from '../errors.js';

const corpus = ['low low low low low', 'lower lower', 'newest newest newest newest newest newest', 'widest widest widest'];

test('pieces cover the text exactly', () => {
  for (const s of ['', 'Hello,  world!\n\n 123abc', ' e\u0301t\u00e9 😀😀 日本', '\ud800 lone']) {
    assert.equal(bpePieces(s).join(''), s);
  }
});

test('train, encode, decode round trip', () => {
  const bpe = trainBpe(corpus, { vocabSize: 30 });
  assert.ok(bpe.merges.length > 0);
  for (const s of ['lowest newer', 'low', '', 'unseen zebra words', ' widest  low ']) {
    assert.equal(bpe.detokenize(bpe.tokenize(s)), s);
  }
  // Frequent words become single tokens.
  assert.deepEqual(bpe.tokenize('newest'), ['newest']);
  assert.deepEqual(bpe.tokenize(' newest'), [' newest']);
});

test('merges are deterministic: same result whatever the corpus order', () => {
  const a = trainBpe(corpus, { vocabSize: 40 });
  const b = trainBpe([...corpus].reverse(), { vocabSize: 40 });
  assert.deepEqual(a.merges, b.merges);
  assert.deepEqual(a.alphabet, b.alphabet);
});

test('ties are broken by symbol order', () => {
  // 'ab' and 'cd' both occur twice: 'a','b' sorts first, so it is merged first.
  const bpe = trainBpe(['cd ab', 'ab cd'], { vocabSize: 100 });
  assert.deepEqual(bpe.merges[0], ['a', 'b']);
  assert.deepEqual(bpe.merges[1], ['c', 'd']);
});

test('vocabSize and minFrequency bound the merges', () => {
  const bpe = trainBpe(corpus, { vocabSize: 15 });
  assert.equal(bpe.tokens().length, Math.max(15, bpe.alphabet.length));
  const none = trainBpe(['abc'], { vocabSize: 100 }); // every pair occurs once
  assert.equal(none.merges.length, 0);
  assert.throws(() => trainBpe(corpus, { vocabSize: 0 }), ValueError);
  assert.throws(() => trainBpe(corpus, { vocabSize: 10, minFrequency: 0 }), /minFrequency/);
});

test('unicode: emoji, combining marks, CJK and surrogate pairs survive', () => {
  const texts = ['😀😀 😀😀 😀😀', 'e\u0301te\u0301 e\u0301te\u0301', '日本語 日本語 日本語', '𠀋𠀋 𠀋𠀋'];
  const bpe = trainBpe(texts, { vocabSize: 50 });
  for (const t of texts) {
    const toks = bpe.tokenize(t);
    assert.equal(bpe.detokenize(toks), t);
    for (const tok of toks) assert.ok(!/[\uD800-\uDFFF]/u.test(tok), `token ${JSON.stringify(tok)} splits a surrogate pair`);
  }
  assert.ok(bpe.tokenize('😀😀').length === 1);
});

test('unseen characters become single tokens that the vocabulary maps to <unk>', () => {
  const bpe = trainBpe(corpus, { vocabSize: 30 });
  const vocab = Vocabulary.fromTokens(bpe.tokens());
  const toks = bpe.tokenize('low🦄');
  assert.equal(toks.at(-1), '🦄');
  const ids = vocab.encode(toks);
  assert.equal(ids.at(-1), vocab.unkId);
  assert.throws(() => vocab.encode(toks, { unknown: 'error' }), /unknown token "🦄" at position/);
});

test('save/load round trip gives identical tokenization', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bpe-'));
  try {
    const bpe = trainBpe(corpus, { vocabSize: 35, lowercase: true, normalize: 'NFC' });
    const file = join(dir, 'bpe.json');
    await bpe.save(file);
    const back = await BpeTokenizer.load(file);
    assert.deepEqual(back.toJSON(), bpe.toJSON());
    assert.deepEqual(back.tokenize('LOWEST Newer'), bpe.tokenize('LOWEST Newer'));
    assert.deepEqual(BpeTokenizer.parse(await readFile(file)).merges, bpe.merges);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('corrupt BPE files give a FormatError naming the problem', async () => {
  const good = trainBpe(corpus, { vocabSize: 30 }).toJSON();
  const cases: [unknown, RegExp][] = [
    [{ ...good, format: 'other' }, /expected format "recurrent-bpe"/],
    [{ ...good, version: 9 }, /unsupported version/],
    [{ ...good, alphabet: ['ab'] }, /"alphabet"\[0\] must be one code point/],
    [{ ...good, merges: [['l', 'zz']] }, /neither in the alphabet nor made by an earlier merge/],
    [{ ...good, merges: [['l']] }, /"merges"\[0\] must be a pair/],
    [{ ...good, lowercase: 'yes' }, /"lowercase" must be a boolean/],
  ];
  for (const [value, re] of cases) {
    assert.throws(() => BpeTokenizer.fromJSON(value), (e: unknown) => e instanceof FormatError && re.test(e.message));
  }
  assert.throws(() => BpeTokenizer.parse(JSON.stringify(good).slice(0, 40)), (e: unknown) => e instanceof FormatError && /not valid JSON/.test(e.message));
  const dir = await mkdtemp(join(tmpdir(), 'bpe-'));
  try {
    await writeFile(join(dir, 'x.json'), '{"format":');
    await assert.rejects(BpeTokenizer.load(join(dir, 'x.json')), (e: unknown) => e instanceof FormatError && e.message.includes('x.json'));
    await assert.rejects(BpeTokenizer.load(join(dir, 'missing.json')), (e: unknown) => e instanceof IOError && e.operation === 'read' && /cannot read ".*missing\.json": no such file or folder \(ENOENT\)/.test(e.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('tiny-shakespeare: trains quickly and round-trips exactly', (t) => {
  const file = resolve(process.cwd(), '../shared/data/tiny-shakespeare/input.txt');
  if (!existsSync(file)) {
    t.skip(`shared data not found at ${file}`);
    return;
  }
  const text = readFileSync(file, 'utf8');
  const head = text.slice(0, 200_000);
  const bpe = trainBpe(head.split('\n'), { vocabSize: 300 });
  assert.equal(bpe.tokens().length, 300);
  const sample = text.slice(1_000_000, 1_010_000);
  const toks = bpe.tokenize(sample);
  assert.equal(bpe.detokenize(toks), sample);
  assert.ok(toks.length < sample.length * 0.6, `expected compression, got ${toks.length} tokens for ${sample.length} chars`);
});

test('the documented example holds', () => {
  const bpe = trainBpe(['low lower lowest', 'new newer newest'], { vocabSize: 40 });
  assert.deepEqual(bpe.tokenize('lowest newer'), ['lo', 'we', 'st', ' newe', 'r']);
});
