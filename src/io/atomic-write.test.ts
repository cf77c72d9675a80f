import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomicWriteFile, createAtomicWriter, isTempFileName } from './atomic-write.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('writes and replaces a file, creating its directory, leaving no temporary file', () =>
  withDir(async (dir) => {
    const file = join(dir, 'a', 'b.txt');
    await atomicWriteFile(file, 'one');
    await atomicWriteFile(file, new Uint8Array([0x74, 0x77, 0x6f]));
    assert.equal(await readFile(file, 'utf8'), 'two');
    assert.deepEqual(await readdir(join(dir, 'a')), ['b.txt']);
  }));

test('the destination keeps its old content until commit; abort leaves it untouched', () =>
  withDir(async (dir) => {
    const file = join(dir, 'x.txt');
    await writeFile(file, 'old');
    const w = await createAtomicWriter(file);
    assert.ok(isTempFileName(join(w.tempPath).split('/').at(-1)!));
    await w.write(new TextEncoder().encode('new'));
    assert.equal(await readFile(file, 'utf8'), 'old');
    await w.abort();
    await w.abort();
    assert.equal(await readFile(file, 'utf8'), 'old');
    assert.deepEqual(await readdir(dir), ['x.txt']);
  }));

test('concurrent writers: the result is one of them, whole', () =>
  withDir(async (dir) => {
    const file = join(dir, 'c.txt');
    const bodies = ['a'.repeat(100_000), 'b'.repeat(100_000), 'c'.repeat(100_000)];
    await Promise.all(bodies.map((b) => atomicWriteFile(file, b)));
    assert.ok(bodies.includes(await readFile(file, 'utf8')));
    assert.deepEqual(await readdir(dir), ['c.txt']);
  }));
