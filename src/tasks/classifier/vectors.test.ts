import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValueError } from '../../errors.js';
import { trainWordVectors } from './vectors.js';

test('trainWordVectors: tokens of the classifier tokenizer, cached by inputs and settings', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vectors-'));
  try {
    const corpus = join(dir, 'corpus.txt');
    writeFileSync(corpus, Array.from({ length: 200 }, (_, i) => `The Cat sat on the mat, ${i % 2 ? 'happily' : 'sadly'}. A dog ran.`).join('\n'));
    const options = { files: [corpus], texts: ['Great phone!'], size: 8, epochs: 1, minCount: 1, cacheDir: join(dir, 'cache') };
    const first = await trainWordVectors(options);
    assert.equal(first.cached, false);
    assert.equal(first.vectors.dim, 8);
    for (const w of ['cat', 'mat', ',', 'great', '!']) assert.ok(first.vectors.has(w), `lower-cased word tokens, punctuation kept: ${w}`);
    assert.ok(!first.vectors.has('Cat'));
    const again = await trainWordVectors(options);
    assert.equal(again.cached, true);
    assert.equal(again.path, first.path);
    assert.deepEqual(again.vectors.get('cat'), first.vectors.get('cat'));
    const other = await trainWordVectors({ ...options, texts: ['Awful phone!'] });
    assert.equal(other.cached, false, 'other texts, another cache entry');
    assert.notEqual(other.path, first.path);
    await assert.rejects(trainWordVectors({ files: [] }), ValueError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
