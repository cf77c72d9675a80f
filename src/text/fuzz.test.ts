import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vocabulary } from './vocabulary.js';
import { BpeTokenizer } from './bpe.js';
import { trainBpe } from './bpe-train.js';
import { RecurrentError } from '../errors.js';

/** Seeded bytes so that a failure can be reproduced. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random bytes, or a valid file with random bytes flipped, cut or inserted. */
function mutate(valid: Uint8Array, rand: () => number): Uint8Array {
  const kind = Math.floor(rand() * 4);
  if (kind === 0) return Uint8Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256));
  const b = Uint8Array.from(valid);
  if (kind === 1) return b.subarray(0, Math.floor(rand() * b.length));
  for (let k = 0; k < 1 + rand() * 4; k++) b[Math.floor(rand() * b.length)] = kind === 2 ? Math.floor(rand() * 256) : '{}[]",:0a\\'.charCodeAt(Math.floor(rand() * 10));
  return b;
}

const readers: [string, Uint8Array, (bytes: Uint8Array) => unknown, (path: string) => Promise<unknown>][] = [
  ['Vocabulary', new TextEncoder().encode(Vocabulary.build([['a', 'b', '😀']]).serialize()), (b) => Vocabulary.parse(b), (p) => Vocabulary.load(p)],
  ['BpeTokenizer', new TextEncoder().encode(trainBpe(['ab ab abc abc'], { vocabSize: 10 }).serialize()), (b) => BpeTokenizer.parse(b), (p) => BpeTokenizer.load(p)],
];

for (const [name, valid, parse, load] of readers) {
  test(`${name}: random and mutated bytes give a RecurrentError or a valid object, never a crash`, async () => {
    const rand = rng(42);
    const dir = await mkdtemp(join(tmpdir(), 'fuzz-'));
    try {
      for (let i = 0; i < 300; i++) {
        const bytes = mutate(valid, rand);
        try {
          parse(bytes);
        } catch (e) {
          assert.ok(e instanceof RecurrentError, `case ${i}: ${name}.parse threw ${String(e)}`);
          assert.ok(e.message.length > 10);
        }
        if (i % 30 === 0) {
          const file = join(dir, `f${i}.json`);
          await writeFile(file, bytes);
          await load(file).catch((e: unknown) => assert.ok(e instanceof RecurrentError, `case ${i}: ${name}.load threw ${String(e)}`));
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
