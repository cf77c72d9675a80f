import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomicWriteFile, createAtomicWriter, isTempFileName, removeStaleTempFiles } from './atomic-write.js';
import { IOError } from '../errors.js';

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

test('file-system failures are IOErrors naming the path and the operation', () =>
  withDir(async (dir) => {
    const blocker = join(dir, 'file');
    await writeFile(blocker, 'x');
    await assert.rejects(atomicWriteFile(join(blocker, 'sub', 'a.txt'), 'y'), (e: unknown) =>
      e instanceof IOError && e.operation === 'mkdir' && e.path === join(blocker, 'sub') && /^(ENOTDIR|EEXIST)$/.test(e.cause) &&
      e.message.includes(JSON.stringify(join(blocker, 'sub'))));
    const folder = join(dir, 'folder');
    await mkdir(folder);
    await assert.rejects(atomicWriteFile(folder, 'y'), (e: unknown) =>
      e instanceof IOError && e.operation === 'rename' && e.path === folder && e.cause === 'EISDIR' && /cannot .* "[^"]*folder": is a folder \(EISDIR\)/.test(e.message));
    assert.deepEqual((await readdir(dir)).sort(), ['file', 'folder']);
  }));

test('stale temporary files of the destination are removed at the next write; live ones are kept', () =>
  withDir(async (dir) => {
    const file = join(dir, 'm.bin');
    const startedS = Date.now() / 1000 - process.uptime();
    const reusedPid = `.m.bin.${process.pid}-0badc0ffee00.partial`; // our pid, but from before we started
    const live = `.m.bin.${process.pid}-00000000beef.partial`; // ours, being written now
    const alive = '.m.bin.1-aaaaaaaaaaaa.partial'; // pid 1 always runs
    const other = `.n.bin.${process.pid}-0badc0ffee00.partial`; // another destination's
    for (const n of [reusedPid, live, alive, other]) await writeFile(join(dir, n), 'partial');
    await utimes(join(dir, reusedPid), startedS - 60, startedS - 60);
    await utimes(join(dir, other), startedS - 60, startedS - 60);
    await atomicWriteFile(file, 'whole');
    assert.deepEqual((await readdir(dir)).sort(), [alive, live, other, 'm.bin'].sort());
  }));

test('SIGKILL mid-write leaves a partial file that the next save removes', () =>
  withDir(async (dir) => {
    const file = join(dir, 'model.bin');
    // The child opens a writer, writes 1 MiB, says so, and waits to be killed.
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
      const { createAtomicWriter } = await import(${JSON.stringify(new URL('./atomic-write.ts', import.meta.url).href)});
      const w = await createAtomicWriter(${JSON.stringify(file)});
      await w.write(new Uint8Array(1 << 20).fill(7));
      process.stdout.write('written\\n');
      setInterval(() => {}, 1000);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000); // bound the test if the child hangs
    try {
      await new Promise<void>((ok, fail) => {
        child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('written')) ok(); });
        child.once('exit', (code) => fail(new Error(`child exited early with ${code}`)));
      });
      const partials = (await readdir(dir)).filter(isTempFileName);
      assert.equal(partials.length, 1);
      assert.ok(partials[0].includes(`.${child.pid}-`), partials[0]);
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGKILL');
      await exited;
    } finally {
      clearTimeout(killer);
    }
    const body = new Uint8Array(3 << 20).fill(9);
    await atomicWriteFile(file, body);
    assert.deepEqual(await readdir(dir), ['model.bin']);
    assert.deepEqual(new Uint8Array(await readFile(file)), body);
  }));

test('removeStaleTempFiles on a missing folder removes nothing', async () => {
  assert.deepEqual(await removeStaleTempFiles(join(tmpdir(), 'no-such-folder-recurrent', 'x')), []);
});
