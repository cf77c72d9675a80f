import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDataset } from './load-dataset.js';
import { KNOWN_DATASETS } from './registry.js';
import { DatasetError, IOError, ValueError } from '../errors.js';

const BODY = Buffer.from('First Citizen:\nBefore we proceed any further, hear me speak.\n'.repeat(50));
const SHA = createHash('sha256').update(BODY).digest('hex');
const SHAKESPEARE = resolve(process.cwd(), '../shared/data/tiny-shakespeare/input.txt');

let server: Server;
let base = '';
const hits = new Map<string, number>();

before(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    hits.set(url, (hits.get(url) ?? 0) + 1);
    if (url === '/data.txt') {
      res.writeHead(200, { 'content-length': BODY.length });
      res.end(BODY);
    } else if (url === '/cut.txt') {
      // Announces the full size, sends a tenth, then drops the connection.
      res.writeHead(200, { 'content-length': BODY.length });
      res.write(BODY.subarray(0, BODY.length / 10), () => res.socket?.destroy());
    } else if (url === '/shakespeare.txt' && existsSync(SHAKESPEARE)) {
      readFile(SHAKESPEARE).then((b) => res.end(b), () => res.end());
    } else {
      res.writeHead(404, 'Not Found');
      res.end('no');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
});

async function withCache(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'dataset-cache-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const offline = async (): Promise<Response> => {
  throw new Error('network must not be used');
};

test('downloads, verifies, then serves from the cache without the network', () =>
  withCache(async (dir) => {
    const url = `${base}/data.txt`;
    const first = await loadDataset(url, { cacheDir: dir, sha256: SHA });
    assert.equal(first.fromCache, false);
    assert.equal(first.sha256, SHA);
    assert.deepEqual(await readFile(first.path), BODY);
    const again = await loadDataset(url, { cacheDir: dir, sha256: SHA, fetch: offline });
    assert.equal(again.fromCache, true);
    assert.equal(again.path, first.path);
    assert.deepEqual(await readdir(dir), ['data.txt']); // no temporary files left
  }));

test('checksum mismatch: DatasetError naming URL, expected and actual; nothing left in the cache', () =>
  withCache(async (dir) => {
    const url = `${base}/data.txt`;
    const wrong = 'ab'.repeat(32);
    await assert.rejects(loadDataset(url, { cacheDir: dir, sha256: wrong }), (e: unknown) =>
      e instanceof DatasetError && e.message.includes(url) && e.message.includes(wrong) && e.message.includes(SHA));
    assert.deepEqual(await readdir(dir), []);
  }));

test('a half-written temporary file is never taken as complete', () =>
  withCache(async (dir) => {
    const url = `${base}/data.txt`;
    await writeFile(join(dir, '.data.txt.999-deadbeef.partial'), BODY.subarray(0, 100));
    const before = hits.get('/data.txt') ?? 0;
    const got = await loadDataset(url, { cacheDir: dir, sha256: SHA });
    assert.equal(got.fromCache, false);
    assert.equal(hits.get('/data.txt'), before + 1);
    assert.deepEqual(await readFile(got.path), BODY);
  }));

test('a truncated or corrupt file under the final name is replaced', () =>
  withCache(async (dir) => {
    const url = `${base}/data.txt`;
    await writeFile(join(dir, 'data.txt'), BODY.subarray(0, 100));
    assert.equal((await loadDataset(url, { cacheDir: dir, sha256: SHA })).fromCache, false);
    const flipped = Buffer.from(BODY);
    flipped[5] ^= 1;
    await writeFile(join(dir, 'data.txt'), flipped); // right size, wrong bytes
    const got = await loadDataset(url, { cacheDir: dir, sha256: SHA, size: BODY.length });
    assert.equal(got.fromCache, false);
    assert.deepEqual(await readFile(got.path), BODY);
  }));

test('a connection cut mid-download leaves no file behind', () =>
  withCache(async (dir) => {
    await assert.rejects(loadDataset(`${base}/cut.txt`, { cacheDir: dir }), DatasetError);
    assert.deepEqual(await readdir(dir), []);
  }));

test('HTTP errors, wrong sizes and bad names are clear errors', () =>
  withCache(async (dir) => {
    await assert.rejects(loadDataset(`${base}/missing.txt`, { cacheDir: dir }), (e: unknown) =>
      e instanceof DatasetError && /HTTP 404/.test(e.message) && e.message.includes('/missing.txt'));
    await assert.rejects(loadDataset(`${base}/data.txt`, { cacheDir: dir, size: 10 }), /expected 10/);
    await assert.rejects(loadDataset('no-such-dataset', { cacheDir: dir }), (e: unknown) =>
      e instanceof ValueError && e.message.includes('tiny-shakespeare'));
    await assert.rejects(loadDataset(`${base}/data.txt`, { cacheDir: dir, sha256: 'xyz' }), /64 hex digits/);
    await assert.rejects(loadDataset(`${base}/data.txt`, { cacheDir: dir, filename: '../escape.txt' }), /cache file name/);
    await assert.rejects(loadDataset(`${base}/data.txt`, { cacheDir: dir, fetch: offline }), (e: unknown) =>
      e instanceof DatasetError && /network must not be used/.test(e.message));
    assert.deepEqual(await readdir(dir), []);
  }));

test('known name: registry checksum matches the shared copy; cache hit needs no network', (t) =>
  withCache(async (dir) => {
    if (!existsSync(SHAKESPEARE)) {
      t.skip(`shared data not found at ${SHAKESPEARE}`);
      return;
    }
    const entry = KNOWN_DATASETS['tiny-shakespeare'];
    // Download through the local server, as if it were the real URL.
    const seen: string[] = [];
    const viaLocal = (url: string): Promise<Response> => {
      seen.push(url);
      return fetch(`${base}/shakespeare.txt`);
    };
    const got = await loadDataset('tiny-shakespeare', { cacheDir: dir, fetch: viaLocal });
    assert.deepEqual(seen, [entry.url]);
    assert.equal(got.sha256, entry.sha256);
    assert.equal(got.path, join(dir, entry.filename));
    await rm(got.path);
    await copyFile(SHAKESPEARE, got.path);
    const cached = await loadDataset('tiny-shakespeare', { cacheDir: dir, fetch: offline });
    assert.equal(cached.fromCache, true);
    assert.equal(cached.size, entry.size);
  }));

test('a cache that cannot be used is an IOError naming the path, before any request', () =>
  withCache(async (dir) => {
    const blocker = join(dir, 'file');
    await writeFile(blocker, 'x');
    await assert.rejects(loadDataset(`${base}/data.txt`, { cacheDir: blocker, fetch: offline }), (e: unknown) =>
      e instanceof IOError && e.path === join(blocker, 'data.txt') && e.cause === 'ENOTDIR' && e.message.startsWith('loadDataset: cannot inspect'));
  }));

test('idle timeout and total timeout reach the download', () =>
  withCache(async (dir) => {
    await assert.rejects(loadDataset(`${base}/data.txt`, { cacheDir: dir, idleTimeoutMs: 0 }), /idleTimeoutMs must be/);
    await assert.rejects(loadDataset(`${base}/data.txt`, { cacheDir: dir, timeoutMs: -5 }), /timeoutMs must be/);
    assert.deepEqual(await readdir(dir), []);
  }));
