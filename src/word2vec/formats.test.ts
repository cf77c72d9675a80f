import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyedVectors } from './keyed-vectors.js';
import { decodeVectors, detectFormat, encodeVectors, formatFloat32, readVectors, writeVectors, type VectorFormat } from './formats.js';
import { FormatError, RecurrentError, ValueError } from '../errors.js';

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
  assert.throws(() => decodeVectors(enc('2 3\na 1 2 3\nb 1 x 3\n'), 'word2vec-text'), (e: FormatError) => e.line === 3 && /value 2 is not a number: "x"/.test(e.message));
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
