import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadFile } from './download.js';
import { describeFetchError } from './fetch-errors.js';
import { DatasetError, ValueError } from '../errors.js';

// Local servers only; every stalled response is ended by `after`, so the tests stop by themselves.
let server: Server;
let base = '';
let closedPort = 0;
const trickles = new Set<ReturnType<typeof setInterval>>();

function trickle(res: ServerResponse, bytes: number, everyMs: number): void {
  res.writeHead(200, { 'content-length': bytes });
  let sent = 0;
  const t = setInterval(() => {
    res.write('x');
    if (++sent === bytes) { clearInterval(t); trickles.delete(t); res.end(); }
  }, everyMs);
  trickles.add(t);
}

before(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/stall') {
      // Headers and ten bytes, then nothing.
      res.writeHead(200, { 'content-length': 1000 });
      res.write('0123456789');
    } else if (url === '/hang') {
      // Accepts the request and never answers.
    } else if (url === '/trickle') {
      trickle(res, 40, 25); // a byte every 25 ms: never idle for long, ~1 s in all
    } else if (url.startsWith('/loop')) {
      res.writeHead(302, { location: '/loop' });
      res.end();
    } else if (url === '/ok') {
      res.end('fine');
    } else {
      res.writeHead(404, 'Not Found');
      res.end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((ok) => probe.close(() => ok()));
});

after(async () => {
  for (const t of trickles) clearInterval(t);
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
});

async function inDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'download-'));
  try {
    await fn(dir);
    assert.deepEqual((await readdir(dir)).filter((n) => n !== 'f.txt'), [], 'no temporary file is left');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('a server that stalls after its headers: DatasetError naming the URL and the idle timeout', () =>
  inDir(async (dir) => {
    const url = `${base}/stall`;
    const t0 = Date.now();
    // 1 s, not less: on a loaded machine the process can sleep past a shorter timeout with the ten
    // bytes already waiting, and the timer then fires before the read (the error says 0 bytes).
    await assert.rejects(downloadFile(url, join(dir, 'f.txt'), { idleTimeoutMs: 1000 }), (e: unknown) =>
      e instanceof DatasetError && e.message.includes(url) && /idleTimeoutMs = 1000/.test(e.message) && /after 10 bytes/.test(e.message));
    assert.ok(Date.now() - t0 < 5000);
  }));

test('a server that never answers: the idle timeout covers waiting for the headers', () =>
  inDir(async (dir) => {
    await assert.rejects(downloadFile(`${base}/hang`, join(dir, 'f.txt'), { idleTimeoutMs: 200 }), (e: unknown) =>
      e instanceof DatasetError && /no data for 0\.2 s/.test(e.message));
  }));

test('the total timeout stops a download that trickles; without it the same download completes', () =>
  inDir(async (dir) => {
    const url = `${base}/trickle`;
    await assert.rejects(downloadFile(url, join(dir, 'f.txt'), { idleTimeoutMs: 2000, timeoutMs: 300 }), (e: unknown) =>
      e instanceof DatasetError && e.message.includes(url) && /timeoutMs = 300/.test(e.message));
    const got = await downloadFile(url, join(dir, 'f.txt'), { idleTimeoutMs: 2000 });
    assert.equal(got.size, 40);
    assert.equal(await readFile(join(dir, 'f.txt'), 'utf8'), 'x'.repeat(40));
  }));

test('"fetch failed" is replaced by its cause: connection refused, too many redirects', () =>
  inDir(async (dir) => {
    const refused = `http://127.0.0.1:${closedPort}/f.txt`;
    await assert.rejects(downloadFile(refused, join(dir, 'f.txt')), (e: unknown) =>
      e instanceof DatasetError && e.message.includes(refused) && /connection refused by 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/.test(e.message) && !/fetch failed/.test(e.message));
    await assert.rejects(downloadFile(`${base}/loop`, join(dir, 'f.txt')), (e: unknown) =>
      e instanceof DatasetError && /too many redirects/.test(e.message));
  }));

test('cancelling through the signal: a DatasetError saying so, nothing written', () =>
  inDir(async (dir) => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(downloadFile(`${base}/stall`, join(dir, 'f.txt'), { signal: ac.signal }), (e: unknown) =>
      e instanceof DatasetError && /cancelled by its signal after 10 bytes/.test(e.message));
  }));

test('a fetch that ignores its signal still cannot hang the download', () =>
  inDir(async (dir) => {
    const deaf = (): Promise<Response> => new Promise(() => undefined);
    await assert.rejects(downloadFile(`${base}/ok`, join(dir, 'f.txt'), { fetch: deaf, idleTimeoutMs: 100 }), /idleTimeoutMs = 100/);
  }));

test('timeouts must be positive milliseconds or Infinity', () =>
  inDir(async (dir) => {
    for (const bad of [0, -1, NaN, 2 ** 31]) {
      await assert.rejects(downloadFile(`${base}/ok`, join(dir, 'f.txt'), { idleTimeoutMs: bad }), ValueError);
      await assert.rejects(downloadFile(`${base}/ok`, join(dir, 'f.txt'), { timeoutMs: bad }), ValueError);
    }
    assert.equal((await downloadFile(`${base}/ok`, join(dir, 'f.txt'), { idleTimeoutMs: Infinity })).size, 4);
  }));

test('describeFetchError names DNS and TLS failures from the cause chain', () => {
  const wrap = (cause: object): Error => Object.assign(new TypeError('fetch failed'), { cause });
  const dns = Object.assign(new Error('getaddrinfo ENOTFOUND no-such.invalid'), { code: 'ENOTFOUND', hostname: 'no-such.invalid' });
  assert.equal(describeFetchError(wrap(dns)), 'DNS lookup of no-such.invalid failed (ENOTFOUND); check the host name');
  const tls = Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
  assert.match(describeFetchError(wrap(tls)), /^TLS failure \(CERT_HAS_EXPIRED\): certificate has expired/);
  const both = Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:80'), { code: 'ECONNREFUSED', address: '::1', port: 80 })]), {});
  assert.match(describeFetchError(wrap(both)), /connection refused by ::1:80/);
  assert.equal(describeFetchError('plain'), 'plain');
});
