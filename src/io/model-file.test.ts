import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FormatError, RecurrentError, StateDictError, ValueError } from '../errors.js';
import { Module } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';
import { loadModel, saveModel } from './model-file.js';
import { loadSafetensorsWithMetadata, saveSafetensors } from './safetensors-file.js';
import { Tiny, tinyBuilders, unreadableTensor } from './test-helpers/tiny-module.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recurrent-'));
  try {
    await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Asserts that `p` rejects with `type` and a message that names `file` and matches `pattern`. */
async function rejectsNaming(p: Promise<unknown>, type: new (...a: never[]) => Error, file: string, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${String(e)}`);
    assert.ok(e.message.includes(file), `message should name ${file}: ${e.message}`);
    assert.match(e.message, pattern);
    return true;
  });
}

test('saveModel then loadModel rebuilds the same module with the same weights', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'sub', 'tiny.safetensors');
    const model = new Tiny(3).fill(1);
    await saveModel(file, model);
    const again = await loadModel(file, tinyBuilders);
    assert.ok(again instanceof Tiny);
    assert.equal(again.n, 3);
    assert.deepEqual(again.stateDict(), model.stateDict());
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['tiny.safetensors']);
  }));

test('a model file is plain safetensors: weights by PyTorch name, config in __metadata__', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'tiny.safetensors');
    await saveModel(file, new Tiny(2).fill(0));
    const { tensors, metadata } = await loadSafetensorsWithMetadata(file);
    assert.deepEqual(Object.keys(tensors).sort(), ['child.weight', 'scale']);
    assert.deepEqual(metadata, { format: 'recurrent', version: '1', config: '{"type":"Tiny","options":{"n":2}}' });
  }));

test('a module without config() cannot be saved, and nothing is written', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'plain.safetensors');
    await assert.rejects(saveModel(file, new Module()), (e: unknown) => e instanceof StateDictError && /has no config\(\)/.test(e.message));
    assert.deepEqual(fs.readdirSync(dir), []);
  }));

test('a save that fails midway leaves the previous model file intact and no temporary file', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'tiny.safetensors');
    await saveModel(file, new Tiny(4).fill(2));
    const before = fs.readFileSync(file);
    // The header and a 4 MB tensor reach the temporary file, then reading the next tensor fails.
    class Failing extends Tiny {
      override stateDict(): Record<string, Tensor> {
        return { ...super.stateDict(), a_big: tensor(new Float32Array(1 << 20), [1 << 20]), z_bad: unreadableTensor(8) };
      }
    }
    await assert.rejects(saveModel(file, new Failing(4).fill(9)), /simulated I\/O failure/);
    assert.deepEqual(fs.readFileSync(file), before);
    assert.deepEqual(fs.readdirSync(dir), ['tiny.safetensors']);
    assert.deepEqual((await loadModel(file, tinyBuilders)).stateDict(), new Tiny(4).fill(2).stateDict());
  }));

test('corrupt or foreign files are errors that name the file and the problem', () =>
  withDir(async (dir) => {
    const at = (name: string) => path.join(dir, name);

    fs.writeFileSync(at('text.safetensors'), 'hello, this is not safetensors');
    await rejectsNaming(loadModel(at('text.safetensors'), tinyBuilders), FormatError, at('text.safetensors'), /header length \d+ runs past the end/);

    const good = fs.readFileSync((await saveModel(at('good.safetensors'), new Tiny(2)), at('good.safetensors')));
    fs.writeFileSync(at('cut.safetensors'), good.subarray(0, good.length - 3));
    await rejectsNaming(loadModel(at('cut.safetensors'), tinyBuilders), FormatError, at('cut.safetensors'), /truncated/);

    await saveSafetensors(at('weights.safetensors'), { w: tensor([1]) }, { format: 'pt' });
    await rejectsNaming(loadModel(at('weights.safetensors'), tinyBuilders), FormatError, at('weights.safetensors'), /not a recurrent model file: __metadata__.format is "pt".*loadStateDict/);

    await saveSafetensors(at('v2.safetensors'), {}, { format: 'recurrent', version: '2', config: '{}' });
    await rejectsNaming(loadModel(at('v2.safetensors'), tinyBuilders), FormatError, at('v2.safetensors'), /unsupported model file version "2"/);

    await saveSafetensors(at('noconfig.safetensors'), {}, { format: 'recurrent', version: '1' });
    await rejectsNaming(loadModel(at('noconfig.safetensors'), tinyBuilders), FormatError, at('noconfig.safetensors'), /no "config"/);

    await saveSafetensors(at('badjson.safetensors'), {}, { format: 'recurrent', version: '1', config: '{"type":' });
    await rejectsNaming(loadModel(at('badjson.safetensors'), tinyBuilders), FormatError, at('badjson.safetensors'), /config is not valid JSON/);

    await saveSafetensors(at('badshape.safetensors'), {}, { format: 'recurrent', version: '1', config: '{"type":"Tiny","options":[]}' });
    await rejectsNaming(loadModel(at('badshape.safetensors'), tinyBuilders), FormatError, at('badshape.safetensors'), /config.options must be an object/);

    await saveSafetensors(at('gru.safetensors'), {}, { format: 'recurrent', version: '1', config: '{"type":"GRU","options":{}}' });
    await rejectsNaming(loadModel(at('gru.safetensors'), tinyBuilders), FormatError, at('gru.safetensors'), /unknown module type "GRU": no builder for it \(builders given: Tiny\)/);
    await rejectsNaming(loadModel(at('gru.safetensors')), FormatError, at('gru.safetensors'), /builders given: none/);

    await rejectsNaming(loadModel(at('missing.safetensors'), tinyBuilders), RecurrentError, at('missing.safetensors'), /cannot read .*ENOENT/);
  }));

test('weights that do not fit the rebuilt module are a StateDictError naming the file and keys', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'tiny.safetensors');
    const config = JSON.stringify(new Tiny(2).config());
    await saveSafetensors(file, { scale: tensor([1, 2]), extra: tensor([0]) }, { format: 'recurrent', version: '1', config });
    await assert.rejects(loadModel(file, tinyBuilders), (e: unknown) => {
      assert.ok(e instanceof StateDictError);
      assert.ok(e.message.startsWith(file));
      assert.deepEqual(e.missing, ['child.weight']);
      assert.deepEqual(e.unexpected, ['extra']);
      return true;
    });
    // A builder that ignores the config gives a module of another shape.
    await saveModel(file, new Tiny(2));
    await assert.rejects(loadModel(file, { Tiny: () => new Tiny(5) }), /tiny\.safetensors: loadStateDict\(Tiny\): key 'scale' expected shape \[5\], got \[2\]/);
    await assert.rejects(loadModel(file, { Tiny: () => ({}) as Module }), (e: unknown) => e instanceof ValueError && /expected a Module/.test(e.message));
  }));
