// The reader never crashes or hangs on bad bytes: random bytes, every truncation and random
// corruptions of valid files each end in a parsed file or a RecurrentError (a FormatError),
// never a TypeError/RangeError/SyntaxError, and quickly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RecurrentError, FormatError } from '../errors.js';
import { Generator } from '../random/generator.js';
import { tensor } from '../tensor/create.js';
import { readSafetensors } from './safetensors-read.js';
import { writeSafetensors } from './safetensors-write.js';

/** Reads `bytes`; a throw must be a RecurrentError. Returns whether it parsed. */
function readOrRecurrentError(bytes: Uint8Array, label: string): boolean {
  try {
    readSafetensors(bytes);
    return true;
  } catch (e) {
    assert.ok(e instanceof RecurrentError, `${label}: expected a RecurrentError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return false;
  }
}

const valid = [
  writeSafetensors({ w: tensor([[1, 2], [3, 4]]), b: tensor([0.5], [1], { dtype: 'float64' }) }, { format: 'pt', note: 'é' }),
  new Uint8Array(readFileSync(new URL('../../test/fixtures/safetensors/dtypes.safetensors', import.meta.url))),
  new Uint8Array(readFileSync(new URL('../../test/fixtures/safetensors/lstm.safetensors', import.meta.url))),
];

test('every proper truncation of a valid file is a FormatError', () => {
  for (const [k, file] of valid.entries()) {
    assert.ok(readOrRecurrentError(file, `file ${k} whole`));
    for (let len = 0; len < file.length; len++) {
      assert.throws(() => readSafetensors(file.subarray(0, len)), FormatError, `file ${k} cut to ${len} bytes`);
    }
  }
});

test('random byte strings, including ones with a plausible length prefix, never crash', () => {
  const g = new Generator(11);
  const byte = () => Math.floor(g.uniform() * 256);
  for (let i = 0; i < 3000; i++) {
    const bytes = Uint8Array.from({ length: Math.floor(g.uniform() * 200) }, byte);
    if (i % 2 && bytes.length >= 8) {
      // A length that fits the file, so the JSON path is exercised too.
      new DataView(bytes.buffer).setBigUint64(0, BigInt(Math.floor(g.uniform() * (bytes.length - 7))), true);
      if (bytes.length > 8) bytes[8] = 0x7b; // '{'
    }
    readOrRecurrentError(bytes, `random #${i}`);
  }
});

test('random corruptions of valid files (flipped, inserted, deleted bytes) never crash', () => {
  const g = new Generator(5);
  const pick = (n: number) => Math.floor(g.uniform() * n);
  for (let i = 0; i < 3000; i++) {
    const file = valid[i % valid.length];
    const bytes = Array.from(file);
    for (let k = 1 + pick(3); k > 0; k--) {
      const at = pick(bytes.length);
      const op = pick(3);
      if (op === 0) bytes[at] = pick(256);
      else if (op === 1) bytes.splice(at, 0, pick(256));
      else bytes.splice(at, 1);
    }
    readOrRecurrentError(Uint8Array.from(bytes), `corruption #${i}`);
  }
});

test('a huge declared header length or huge shape is refused without allocating it', () => {
  const bytes = new Uint8Array(16);
  new DataView(bytes.buffer).setBigUint64(0, 2n ** 64n - 1n, true);
  assert.throws(() => readSafetensors(bytes), /runs past the end of the file/);
  const json = new TextEncoder().encode('{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}');
  const big = new Uint8Array(8 + json.length + 8);
  new DataView(big.buffer).setUint32(0, json.length, true);
  big.set(json, 8);
  assert.throws(() => readSafetensors(big), /too large|needs/);
});
