import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KNOWN_DATASETS, isKnownDataset } from './registry.js';
import { sha256File } from './sha256.js';

/** Registry name → path of the byte-identical copy under ../shared/data. */
function sharedCopy(name: string): string {
  const root = resolve(process.cwd(), '../shared/data');
  if (name === 'tiny-shakespeare') return `${root}/tiny-shakespeare/input.txt`;
  if (name.startsWith('wikitext-2-')) return `${root}/wikitext-2-valid-test/${name.slice('wikitext-2-'.length)}.txt`;
  return `${root}/gutenberg-selections/${KNOWN_DATASETS[name as keyof typeof KNOWN_DATASETS].filename.slice('gutenberg-'.length)}`;
}

test('every entry is well formed: https raw URL at a pinned commit, sha256, flat file name', () => {
  const names = Object.keys(KNOWN_DATASETS);
  assert.ok(names.includes('tiny-shakespeare'));
  const files = new Set<string>();
  for (const [name, e] of Object.entries(KNOWN_DATASETS)) {
    assert.match(e.url, /^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[0-9a-f]{40}\//, name);
    assert.match(e.sha256, /^[0-9a-f]{64}$/, name);
    assert.ok(!e.filename.includes('/') && !e.filename.startsWith('.'), name);
    assert.ok(!files.has(e.filename), `${name}: file name ${e.filename} used twice`);
    files.add(e.filename);
    assert.ok(Number.isInteger(e.size) && e.size > 0);
  }
  assert.equal(isKnownDataset('tiny-shakespeare'), true);
  assert.equal(isKnownDataset('toString'), false);
});

test('checksums and sizes match the shared copies', async (t) => {
  const probe = sharedCopy('tiny-shakespeare');
  if (!existsSync(probe)) {
    t.skip(`shared data not found at ${probe}`);
    return;
  }
  for (const [name, e] of Object.entries(KNOWN_DATASETS)) {
    const file = sharedCopy(name);
    assert.equal((await stat(file)).size, e.size, `${name} size`);
    assert.equal(await sha256File(file), e.sha256, `${name} sha256`);
  }
});
