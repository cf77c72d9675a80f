import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyedVectors } from './keyed-vectors.js';
import { decodeVectors, detectFormat, encodeVectors, formatFloat32, readVectors, writeVectors, type VectorFormat } from './formats.js';
import { FormatError, IOError, RecurrentError, ValueError } from '../errors.js';

const formats: VectorFormat[] = ['word2vec-binary', 'word2vec-text', 'glove'];

function randomVectors(V: number, D: number, seed = 1): KeyedVectors {
  let s = seed;
  const next = (): number => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return s >>> 0; };
  const v = new Float32Array(V * D);
  const bits = new Uint32Array(v.buffer);
  for (let i = 0; i < v.length; i++) {
    // Random finite float32 of every magnitude, plus a few special values.
    do bits[i] = next(); while (!Number.isFinite(v[i]));
  }
  v[0] = -0; v[1] = 0; v[2] = 1e-45; v[3] = 3.4028234663852886e38; v[4] = 0.1;
  const words = Array.from({ length: V }, (_, i) => (i % 3 === 0 ? `wörd${i}` : `w${i}`));
  return new KeyedVectors(words, v, D);
}

test('formatFloat32 gives the shortest string that reads back to the same float32', () => {
  assert.equal(formatFloat32(Math.fround(0.1)), '0.1');
  assert.equal(formatFloat32(1), '1');
  assert.equal(formatFloat32(-0), '-0');
  for (const x of [Math.fround(Math.PI), Math.fround(-123456.789), Math.fround(7e-39)]) assert.equal(Math.fround(Number(formatFloat32(x))), x);
});

for (const format of formats) {
  test(`${format}: a written file reads back bit-identical, and the format is detected`, async () => {
    const kv = randomVectors(50, 7);
    const dir = mkdtempSync(join(tmpdir(), 'w2v-'));
    try {
      const path = join(dir, 'v');
      await writeVectors(path, kv, format);
      assert.deepEqual(readdirSync(dir), ['v'], 'no temporary file is left behind');
      const back = await readVectors(path, format);
      assert.deepEqual(back.words, kv.words);
      assert.deepEqual(new Uint32Array(back.vectors.buffer), new Uint32Array(kv.vectors.buffer));
      assert.deepEqual(readFileSync(path), Buffer.from(encodeVectors(kv, format)));
      assert.equal(detectFormat(readFileSync(path)), format);
      assert.deepEqual((await readVectors(path)).words, kv.words);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test(`${format}: every truncation and random bytes give a RecurrentError, never a crash`, () => {
    const bytes = encodeVectors(randomVectors(6, 3, 5), format);
    let errors = 0;
    for (let n = 0; n < bytes.length; n++) {
      try {
        decodeVectors(bytes.subarray(0, n), format);
      } catch (e) {
        assert.ok(e instanceof RecurrentError, `truncation at ${n}: ${String(e)}`);
        errors++;
      }
    }
    // GloVe has no header, so a cut right after a line's newline is a valid shorter file; a
    // binary file without its final newline is complete (readers differ on writing it).
    const lineEnds = format === 'glove' ? 6 : format === 'word2vec-binary' ? 1 : 0;
    assert.equal(errors, bytes.length - lineEnds, `${bytes.length - errors} truncations were accepted`);
    let s = 99;
    for (let trial = 0; trial < 300; trial++) {
      const junk = new Uint8Array(1 + (trial % 64));
      for (let i = 0; i < junk.length; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; junk[i] = s & 0xff; }
      if (trial % 2) junk.set(bytes.subarray(0, Math.min(junk.length, 8)));
      try {
        decodeVectors(junk, format);
      } catch (e) {
        assert.ok(e instanceof RecurrentError, `random bytes: ${String(e)}`);
      }
    }
  });
}

test('errors name the line or byte offset', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  assert.throws(() => decodeVectors(enc('2 3\na 1 2 3\nb 1 x 3\n'), 'word2vec-text'), (e: FormatError) => e.line === 3 && /value 2 \(column 3\) is not a decimal number: "x"/.test(e.message));
  assert.throws(() => decodeVectors(enc('3 2\na 1 2\nb 1 2\n'), 'word2vec-text'), (e: FormatError) => /truncated: the header promises 3 vectors, the file has 2/.test(e.message));
  assert.throws(() => decodeVectors(enc('2 2\na 1 2\nb 1\n'), 'word2vec-text'), (e: FormatError) => e.line === 3 && /expected a word and 2 values, got 2 fields/.test(e.message));
  assert.throws(() => decodeVectors(enc('hello\n'), 'word2vec-text'), (e: FormatError) => e.line === 1 && /header/.test(e.message));
  assert.throws(() => decodeVectors(enc('a 1 2\nb 1 2 3\n'), 'glove'), (e: FormatError) => e.line === 2);
  assert.throws(() => decodeVectors(enc('1 2\na 1 2'), 'word2vec-text'), (e: FormatError) => e.line === 2 && /does not end with a newline/.test(e.message));
  assert.throws(() => decodeVectors(enc('99999999 300\na 1\n'), 'word2vec-text'), /more than a file of/);
  const bin = encodeVectors(new KeyedVectors(['a', 'b'], new Float32Array([1, 2, 3, 4]), 2), 'word2vec-binary');
  // "2 2\n" (4 bytes) + "a " + 8 bytes + "\n" = 15; the second record's floats start at 17.
  assert.throws(() => decodeVectors(bin.subarray(0, 20), 'word2vec-binary'), (e: FormatError) => e.offset === 17 && /vector 2 of 2 \('b'\) needs 8 bytes, 3 left/.test(e.message));
  assert.throws(() => decodeVectors(new Uint8Array([...bin, 65]), 'word2vec-binary'), (e: FormatError) => e.offset === 26);
});

test('words that cannot be written are refused', () => {
  const kv = new KeyedVectors(['a b'], new Float32Array([1]), 1);
  assert.throws(() => encodeVectors(kv, 'word2vec-text'), ValueError);
});

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

test('text values must be finite decimal float32: hex, Infinity, nan, 1e309 and 1e39 are refused with line and column', () => {
  for (const format of ['word2vec-text', 'glove'] as const) {
    for (const bad of ['0x10', '1e309', '-1e309', '1e39', 'Infinity', '-inf', 'nan', 'NaN', '1_0', '0b1', '.']) {
      const text = format === 'glove' ? `a 1 2\nb 3 ${bad}\n` : `2 2\na 1 2\nb 3 ${bad}\n`;
      assert.throws(
        () => decodeVectors(utf8(text), format),
        (e: Error) => e instanceof FormatError && e.line === (format === 'glove' ? 2 : 3) && /value 2 \(column 3\)/.test(e.message) && e.message.includes(JSON.stringify(bad)),
        `${format} ${bad}`,
      );
    }
    const ok = decodeVectors(utf8(format === 'glove' ? 'a -1.5e3 +.25\nb 3.4028234e38 1E-45\n' : '2 2\na -1.5e3 +.25\nb 3.4028234e38 1E-45\n'), format);
    assert.deepEqual([...ok.vectors], [-1500, 0.25, Math.fround(3.4028234e38), Math.fround(1e-45)]);
  }
  assert.throws(() => decodeVectors(utf8('1 1\na 1e309\n'), 'word2vec-text'), /past the float32 range \(it reads as Infinity\)/);
});

test('non-finite values cannot be written as text (they could not be read back); binary keeps them', () => {
  const kv = new KeyedVectors(['a', 'b'], Float32Array.of(1, 2, 3, NaN), 2);
  for (const format of ['word2vec-text', 'glove'] as const) {
    assert.throws(() => encodeVectors(kv, format), (e: Error) => e instanceof ValueError && /cannot write NaN \(value 2 of "b"\)/.test(e.message));
  }
  assert.ok(Number.isNaN(decodeVectors(encodeVectors(kv, 'word2vec-binary'), 'word2vec-binary').vectors[3]));
});

test('GloVe allocates what the file can hold, not lines × the first line\'s width', () => {
  // 640 KB: a first line of 80 000 values, then 80 000 short lines. Sizing by the first line
  // would ask for 80 000 × 80 000 float32 (24 GiB).
  const text = `w ${'0 '.repeat(80_000).trimEnd()}\n${'a 1\n'.repeat(80_000)}`;
  const bytes = utf8(text);
  assert.ok(bytes.length < 700_000);
  const started = Date.now();
  assert.throws(() => decodeVectors(bytes, 'glove'), (e: Error) => e instanceof FormatError && e.line === 2 && /expected a word and 80000 values, got 2 fields/.test(e.message));
  assert.ok(Date.now() - started < 2000);
});

test('word2vec headers that promise more than the file holds are refused before allocating', () => {
  assert.throws(() => decodeVectors(utf8('3000000 300\na 1\n'), 'word2vec-text'), (e: Error) => e instanceof FormatError && e.line === 1 && /promises 3000000 vectors of 300 values, more than a file of 16 bytes/.test(e.message));
  const bin = Buffer.concat([Buffer.from('3000000 300\na '), Buffer.alloc(1200), Buffer.from('\n')]);
  assert.throws(() => decodeVectors(bin, 'word2vec-binary'), (e: Error) => e instanceof FormatError && e.offset === 0 && /promises 3000000 vectors of 300 float32/.test(e.message));
  assert.throws(() => decodeVectors(utf8('9999999999 9999999999\n'), 'word2vec-binary'), FormatError);
});

test('file-system errors are IOErrors naming the path and the operation', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'w2v-io-'));
  try {
    await assert.rejects(readVectors(join(dir, 'missing.vec')), (e: Error) => e instanceof IOError && e.cause === 'ENOENT' && e.operation === 'read' && e.message.includes('missing.vec'));
    await assert.rejects(readVectors(dir), (e: Error) => e instanceof IOError && e.cause === 'EISDIR');
    writeFileSync(join(dir, 'file'), 'x');
    const kv = new KeyedVectors(['a'], Float32Array.of(1), 1);
    await assert.rejects(writeVectors(join(dir, 'file', 'v.txt'), kv, 'word2vec-text'), (e: Error) => e instanceof IOError && e.message.includes('file'));
    await assert.rejects(writeVectors(dir, kv, 'glove'), (e: Error) => e instanceof IOError && e.message.includes(dir));
  } finally {
    rmSync(dir, { recursive: true });
  }
});
