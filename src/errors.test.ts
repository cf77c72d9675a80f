import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { IOError, ioError, PlatformError, RecurrentError, ResourceError, ShapeError, withIOError } from './errors.js';

test('withIOError turns a failing file-system call into an IOError', async () => {
  await assert.rejects(withIOError('/no/such/dir', 'list', () => readFile('/no/such/dir'), 'listRuns'), (e: unknown) =>
    e instanceof IOError && e.message === 'listRuns: cannot list the folder "/no/such/dir": no such file or folder (ENOENT); check the path');
  assert.equal(await withIOError('x', 'read', async () => 7), 7);
});

test('ioError wraps a system error, keeps a RecurrentError, and words unknown codes with Node\'s text', async () => {
  const e = await readFile('/no/such/dir/x.csv').catch((err: unknown) => ioError(err, 'x.csv', 'read'));
  assert.ok(e instanceof IOError);
  assert.equal(e.code, 'IO');
  assert.equal(e.name, 'IOError');
  assert.deepEqual([e.path, e.operation, e.cause], ['x.csv', 'read', 'ENOENT']);
  assert.equal(e.message, 'cannot read "x.csv": no such file or folder (ENOENT); check the path');
  const platform = new PlatformError('needs Node.js');
  assert.equal(ioError(platform, 'x', 'read'), platform);
  const odd = ioError(Object.assign(new Error('something odd'), { code: 'EWEIRD' }), 'out/m.bin', 'rename', 'save');
  assert.equal(odd.message, 'save: cannot move a finished temporary file onto "out/m.bin": something odd (EWEIRD)');
  assert.equal((ioError('boom', 'f', 'write') as IOError).cause, 'UNKNOWN');
});

test('ResourceError says what was asked and the limit', () => {
  const e = new ResourceError('wasm backend', 3 * 2 ** 30, 2 ** 31, { hint: 'use a shorter sequence' });
  assert.equal(e.code, 'RESOURCE');
  assert.deepEqual([e.requested, e.limit, e.unit], [3 * 2 ** 30, 2 ** 31, 'bytes']);
  assert.equal(e.message, 'wasm backend: needs 3.0 GiB (3221225472 bytes), more than the limit of 2.0 GiB (2147483648 bytes); use a shorter sequence');
  assert.equal(new ResourceError('threads', 1e6, 256, { unit: 'threads' }).message, 'threads: needs 1000000 threads, more than the limit of 256 threads');
});

test('every subclass is a RecurrentError with its own code and name', () => {
  const s = new ShapeError('f', [2, 3], [3]);
  assert.ok(s instanceof RecurrentError && s.code === 'SHAPE' && s.name === 'ShapeError');
});
