import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FormatError, RecurrentError, StateDictError, ValueError } from '../errors.js';
import { Module, type ModuleConfig } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';
import { loadModel, saveModel, MAX_CONFIG_DEPTH, type ModuleBuilders, type ModuleSpec } from './model-file.js';
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

/** Tiny's spec: shapes from `n` (checked), and how often it was built. */
function tinySpec(): { builders: ModuleBuilders; builds: () => number } {
  let builds = 0;
  const spec: ModuleSpec = {
    shapes: (c) => {
      const n = c.options.n;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new ValueError(`Tiny: n must be a positive integer, got ${String(n)}`);
      return { scale: [n], 'child.weight': [2, n] };
    },
    build: (c) => (builds++, new Tiny(c.options.n as number)),
  };
  return { builders: { Tiny: spec }, builds: () => builds };
}

/** A container holding its children as '0', '1', …, built through the load's context. */
class Wrap extends Module {
  constructor(readonly inner: Module[]) {
    super();
    inner.forEach((m, i) => this.registerModule(String(i), m));
  }
  override config(): ModuleConfig {
    return { type: 'Wrap', options: {}, children: this.inner.map((m) => m.config()) };
  }
}
const wrapSpec: ModuleSpec = {
  shapes: (_c, context) => {
    const kids = context.children();
    if (kids.some((k) => k === null)) return null;
    return Object.assign({}, ...kids.map((k, i) => Object.fromEntries(Object.entries(k!).map(([key, s]) => [`${i}.${key}`, s]))));
  },
  build: (_c, context) => new Wrap(context.children()),
};

/** Saves `tensors` with `config` (text) as a recurrent model file. */
function writeModel(file: string, config: string, tensors: Record<string, Tensor> = {}): Promise<void> {
  return saveSafetensors(file, tensors, { format: 'recurrent', version: '1', config });
}

test('a ModuleSpec: the shapes its config implies are compared with the stored tensors before anything is built', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'tiny.safetensors');
    const { tensors } = await (async () => (await saveModel(file, new Tiny(2).fill(1)), loadSafetensorsWithMetadata(file)))();
    const { builders, builds } = tinySpec();
    assert.deepEqual((await loadModel(file, builders)).stateDict(), new Tiny(2).fill(1).stateDict());
    assert.equal(builds(), 1);
    // The config edited to a size the weights do not have: refused before the 5 M-element module exists.
    await writeModel(file, '{"type":"Tiny","options":{"n":5000000}}', tensors);
    await assert.rejects(loadModel(file, builders), (e: unknown) => {
      assert.ok(e instanceof StateDictError, String(e));
      assert.ok(e.message.startsWith(file));
      assert.match(e.message, /'scale' expected shape \[5000000\] \(from the config\), got \[2\] \(in the file\); 'child\.weight' expected shape \[2, 5000000\] \(from the config\), got \[2, 2\]/);
      return true;
    });
    assert.equal(builds(), 1, 'the module was never built');
    // A bad option is a FormatError naming the file, the node and the option.
    await writeModel(file, '{"type":"Tiny","options":{"n":-1}}', tensors);
    await rejectsNaming(loadModel(file, builders), FormatError, file, /config \("Tiny"\): Tiny: n must be a positive integer, got -1/);
    // Missing and unexpected keys, also before building.
    await writeModel(file, '{"type":"Tiny","options":{"n":2}}', { scale: tensors.scale, extra: tensors.scale });
    await assert.rejects(loadModel(file, builders), (e: unknown) => e instanceof StateDictError && /missing keys: child\.weight; unexpected keys: extra/.test(e.message) && e.missing[0] === 'child.weight');
    assert.equal(builds(), 1);
  }));

test('children are built and measured with the builders of the load, at any depth up to MAX_CONFIG_DEPTH', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'wrap.safetensors');
    const model = new Wrap([new Tiny(2).fill(3), new Wrap([new Tiny(1).fill(4)])]);
    await saveModel(file, model);
    const { builders, builds } = tinySpec();
    const again = await loadModel(file, { ...builders, Wrap: wrapSpec });
    assert.ok(again instanceof Wrap && again.inner[1] instanceof Wrap);
    assert.deepEqual(again.stateDict(), model.stateDict());
    assert.equal(builds(), 2);
    // Plain build functions get the same context.
    const fns: ModuleBuilders = { Wrap: (_c, context) => new Wrap(context.children()), Tiny: tinyBuilders.Tiny };
    assert.deepEqual((await loadModel(file, fns)).stateDict(), model.stateDict());
    // A type without a builder deep in the tree is named with its place, before anything is built.
    await rejectsNaming(loadModel(file, { Wrap: wrapSpec }), FormatError, file, /unknown module type "Tiny" at config\.children\[0\]: no builder for it \(builders given: Wrap\)/);
    // Exactly MAX_CONFIG_DEPTH deep loads.
    let deep: Module = new Tiny(1).fill(5);
    for (let d = 1; d < MAX_CONFIG_DEPTH; d++) deep = new Wrap([deep]);
    await saveModel(file, deep);
    assert.deepEqual((await loadModel(file, { ...builders, Wrap: wrapSpec })).stateDict(), deep.stateDict());
  }));

test('a config nested 3,000 deep or holding huge values is a short FormatError, not a stack overflow', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'deep.safetensors');
    const depth = 3000;
    const open = '{"type":"Wrap","options":{},"children":['.repeat(depth);
    await writeModel(file, `${open}{"type":"Tiny","options":{"n":1}}${']}'.repeat(depth)}`);
    await assert.rejects(loadModel(file, { Wrap: wrapSpec, ...tinyBuilders }), (e: unknown) => {
      assert.ok(e instanceof FormatError, String(e));
      assert.match(e.message, new RegExp(`module configs nested more than ${MAX_CONFIG_DEPTH} deep`));
      assert.ok(e.message.length < 2000, `message of ${e.message.length} characters`);
      return true;
    });
    const huge = JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({ i, pad: 'x'.repeat(20) })));
    for (const config of [`{"type":"Tiny","options":${huge}}`, `{"type":${JSON.stringify('T'.repeat(20000))},"options":{}}`, huge, `{"type":"Tiny","options":{"n":${huge}}}`]) {
      await writeModel(file, config);
      await assert.rejects(loadModel(file, tinySpec().builders), (e: unknown) => {
        assert.ok(e instanceof FormatError, String(e));
        assert.ok(e.message.length < 1000, `message of ${e.message.length} characters: ${e.message.slice(0, 300)}`);
        return true;
      });
    }
  }));
