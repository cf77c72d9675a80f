import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from './corpus.js';
import { IOError } from '../errors.js';

test('a corpus file that cannot be read is an IOError naming the path: missing, or a folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'w2v-corpus-io-'));
  try {
    const missing = join(dir, 'missing.txt');
    const opts = { minCount: 1, lowercase: false };
    await assert.rejects(readCorpus({ file: missing }, opts), (e: unknown) =>
      e instanceof IOError && e.path === missing && e.operation === 'read' && e.cause === 'ENOENT' &&
      e.message === `word2vec corpus: cannot read ${JSON.stringify(missing)}: no such file or folder (ENOENT); check the path`);
    await assert.rejects(readCorpus({ file: dir }, opts), (e: unknown) => e instanceof IOError && e.path === dir && e.cause === 'EISDIR');
  } finally {
    rmSync(dir, { recursive: true });
  }
});
