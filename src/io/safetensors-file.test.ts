import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FormatError, IOError, RecurrentError, ValueError } from '../errors.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { loadSafetensors, loadSafetensorsWithMetadata, saveSafetensors } from './safetensors-file.js';
import { writeSafetensors } from './safetensors-write.js';
import { unreadableTensor } from './test-helpers/tiny-module.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recurrent-'));
  try {
    await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const dict = (): Record<string, Tensor> => ({ w: tensor([[1, 2], [3, 4]]), b: tensor([0.25], [1], { dtype: 'float64' }) });

test('saveSafetensors writes exactly writeSafetensors\' bytes; loadSafetensors reads them back', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'a', 'w.safetensors');
    await saveSafetensors(file, dict(), { format: 'pt' });
    assert.deepEqual(new Uint8Array(fs.readFileSync(file)), writeSafetensors(dict(), { format: 'pt' }));
    const back = await loadSafetensors(file);
    assert.deepEqual(back, dict());
    assert.deepEqual((await loadSafetensorsWithMetadata(file)).metadata, { format: 'pt' });
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['w.safetensors']);
  }));

test('an existing file is replaced whole', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'w.safetensors');
    await saveSafetensors(file, { big: tensor(new Float32Array(1000), [1000]) });
    await saveSafetensors(file, { small: tensor([7]) });
    assert.deepEqual(await loadSafetensors(file), { small: tensor([7]) });
  }));

test('a write that fails midway keeps the old file and removes the temporary one', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'w.safetensors');
    await saveSafetensors(file, dict());
    const before = fs.readFileSync(file);
    await assert.rejects(saveSafetensors(file, { a: tensor(new Float32Array(1 << 20), [1 << 20]), z: unreadableTensor(4) }), /simulated I\/O failure/);
    assert.deepEqual(fs.readFileSync(file), before);
    assert.deepEqual(fs.readdirSync(dir), ['w.safetensors']);
  }));

test('invalid input is refused before the disk is touched', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'new', 'w.safetensors');
    await assert.rejects(saveSafetensors(file, { __metadata__: tensor([1]) }), ValueError);
    assert.deepEqual(fs.readdirSync(dir), []);
  }));

test('loading names the path: a missing file (RecurrentError IO) or a corrupt one (FormatError)', () =>
  withDir(async (dir) => {
    const missing = path.join(dir, 'nope.safetensors');
    await assert.rejects(loadSafetensors(missing), (e: unknown) =>
      e instanceof RecurrentError && e.code === 'IO' && e.message.includes(missing) && /ENOENT/.test(e.message));
    const bad = path.join(dir, 'bad.safetensors');
    fs.writeFileSync(bad, writeSafetensors(dict()).subarray(0, 40));
    await assert.rejects(loadSafetensors(bad), (e: unknown) => e instanceof FormatError && e.message.startsWith(bad) && e.offset === 0);
  }));

test('file-system failures are IOErrors: reading a folder, saving under a file', () =>
  withDir(async (dir) => {
    await assert.rejects(loadSafetensors(dir), (e: unknown) =>
      e instanceof IOError && e.operation === 'read' && e.path === dir && e.cause === 'EISDIR' && e.message.startsWith('loadSafetensors: cannot read'));
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, 'x');
    await assert.rejects(saveSafetensors(path.join(blocker, 'w.safetensors'), dict()), (e: unknown) =>
      e instanceof IOError && e.operation === 'mkdir' && e.path === blocker);
  }));
