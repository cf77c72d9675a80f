import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator } from '../random/generator.js';
import { randn } from '../tensor/create.js';
import { noGrad } from '../autograd/grad-mode.js';
import { LSTM } from '../nn/lstm.js';
import { GRU } from '../nn/gru.js';
import { RNN } from '../nn/rnn.js';
import { Sequential, Tanh, ReLU, Sigmoid, type TensorLayer } from '../nn/sequential.js';
import { Linear } from '../nn/linear.js';
import { Embedding } from '../nn/embedding.js';
import { Dropout } from '../nn/dropout.js';
import { RNNCell, LSTMCell, GRUCell } from '../nn/cells.js';
import { Module, type ModuleConfig } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';
import { ManyToOne } from './many-to-one.js';
import { ManyToMany } from './many-to-many.js';
import { EncoderDecoder } from './encoder-decoder.js';
import { save, load, defaultBuilders } from './builders.js';
import { readSafetensors } from '../io/index.js';
import { loadSafetensorsWithMetadata, saveSafetensors } from '../io/safetensors-file.js';
import type { ModuleSpec } from '../io/model-file.js';
import { FormatError, StateDictError } from '../errors.js';

const dir = mkdtempSync(join(tmpdir(), 'recurrent-models-'));

test('save → load rebuilds the same module with the same outputs', async () => {
  const g = new Generator(1);
  const cases = [
    new LSTM({ inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true, batchFirst: true, generator: g }),
    new GRU({ inputSize: 3, hiddenSize: 4, bias: false, generator: g }),
    new ManyToOne({ cell: 'gru', inputSize: 3, hiddenSize: 6, outputSize: 2, generator: g }),
    new Sequential(new Linear(3, 4, { generator: g }), new Tanh(), new Linear(4, 1, { generator: g })),
  ];
  for (const [i, m] of cases.entries()) {
    const path = join(dir, `m${i}.safetensors`);
    await save(path, m);
    const back = await load(path);
    assert.equal(back.constructor, m.constructor);
    assert.deepEqual(Object.keys(back.stateDict()), Object.keys(m.stateDict()));
    const x = randn([4, 2, 3], { generator: g });
    const run = (mod: object) => noGrad(() => {
      const r = (mod as unknown as { forward(x: unknown): unknown }).forward(x);
      const t = Array.isArray(r) ? r[0] : r;
      return (t as { toArray(): number[] }).toArray();
    });
    assert.deepEqual(run(back), run(m));
  }
  const ed = new EncoderDecoder({ srcVocabSize: 5, tgtVocabSize: 6, embeddingDim: 3, hiddenSize: 4, generator: g });
  await save(join(dir, 'ed.safetensors'), ed);
  const edBack = await load<EncoderDecoder>(join(dir, 'ed.safetensors'));
  assert.deepEqual(edBack.generate(Int32Array.from([1, 2, 3]), [1, 3], { bos: 1, eos: 2, maxLength: 5 }), ed.generate(Int32Array.from([1, 2, 3]), [1, 3], { bos: 1, eos: 2, maxLength: 5 }));
});

test('the weights are plain safetensors with PyTorch keys', async () => {
  const path = join(dir, 'lstm.safetensors');
  await save(path, new LSTM({ inputSize: 2, hiddenSize: 3 }));
  const dict = readSafetensors(readFileSync(path));
  assert.deepEqual(Object.keys(dict).sort(), ['bias_hh_l0', 'bias_ih_l0', 'weight_hh_l0', 'weight_ih_l0']);
  assert.deepEqual(dict.weight_ih_l0.shape, [12, 2]);
});

test('a corrupt model file is a clear error naming the file', async () => {
  const path = join(dir, 'bad.safetensors');
  writeFileSync(path, Buffer.from([1, 2, 3]));
  await assert.rejects(load(path), (e: Error) => e.message.includes(path));
});

/** Rewrites the config of the model file at `file` with `edit`, keeping its tensors. */
async function editConfig(file: string, edit: (config: any) => unknown): Promise<void> {
  const { tensors, metadata } = await loadSafetensorsWithMetadata(file);
  await saveSafetensors(file, tensors, { ...metadata, config: JSON.stringify(edit(JSON.parse(metadata.config!))) });
}

/** Asserts that `p` rejects with `type`, naming `file`, matching every pattern. */
async function rejectsWith(p: Promise<unknown>, type: new (...a: never[]) => Error, file: string, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${String(e)}`);
    assert.ok(e.message.includes(file), `should name the file: ${e.message}`);
    for (const re of patterns) assert.match(e.message, re);
    return true;
  });
}

test('an edited config is refused before anything is allocated: sizes against the stored shapes, every option checked', async () => {
  const file = join(dir, 'edited.safetensors');
  const fresh = () => save(file, new LSTM({ inputSize: 1, hiddenSize: 8 }));
  await fresh();
  const t0 = performance.now();
  const before = process.memoryUsage().arrayBuffers;
  await editConfig(file, (c) => ({ ...c, options: { ...c.options, hiddenSize: 8000 } }));
  await rejectsWith(load(file), StateDictError, file, /'weight_ih_l0' expected shape \[32000, 1\] \(from the config\), got \[32, 1\] \(in the file\)/, /'weight_hh_l0' expected shape \[32000, 8000\]/);
  assert.ok(performance.now() - t0 < 2000, 'refused at once');
  assert.ok(process.memoryUsage().arrayBuffers - before < 64 << 20, 'no 1 GB module was built');
  const cases: [Record<string, unknown>, RegExp, new (...a: never[]) => Error][] = [
    [{ hiddenSize: 1e5 }, /config \("LSTM"\): LSTM: weight_hh_l0 \[400000, 100000\]: needs 40000000000 elements/, FormatError],
    [{ hiddenSize: -8 }, /LSTM: hiddenSize must be an integer in 1 … \d+, got -8/, FormatError],
    [{ hiddenSize: 2.5 }, /hiddenSize .* got 2\.5/, FormatError],
    [{ inputSize: '1' }, /inputSize .* got "1"/, FormatError],
    [{ numLayers: 0 }, /numLayers/, FormatError],
    [{ dropout: 1 }, /dropout must be a number in \[0, 1\), got 1/, FormatError],
    [{ bidirectional: 'yes' }, /bidirectional must be true or false/, FormatError],
    [{ dtype: 'int8' }, /dtype must be one of 'float32', 'float64', got "int8"/, FormatError],
    [{ generator: 7 }, /./, StateDictError], // a generator in the config never reaches the constructor; the weights fit
  ];
  for (const [edit, pattern, type] of cases) {
    await fresh();
    await editConfig(file, (c) => ({ ...c, options: { ...c.options, ...edit } }));
    if (type === StateDictError) assert.ok((await load(file)) instanceof LSTM);
    else await rejectsWith(load(file), type, file, pattern);
  }
  // A bidirectional GRU edited to one direction: the reverse weights are unexpected.
  await save(file, new GRU({ inputSize: 2, hiddenSize: 3, bidirectional: true }));
  await editConfig(file, (c) => ({ ...c, options: { ...c.options, bidirectional: false } }));
  await rejectsWith(load(file), StateDictError, file, /unexpected keys: .*weight_ih_l0_reverse/);
  // Models check their own options too.
  await save(file, new ManyToOne({ cell: 'gru', inputSize: 3, hiddenSize: 4, outputSize: 2 }));
  await editConfig(file, (c) => ({ ...c, options: { ...c.options, cell: 'transformer' } }));
  await rejectsWith(load(file), FormatError, file, /ManyToOne: cell must be one of 'rnn', 'lstm', 'gru', got "transformer"/);
  await editConfig(file, (c) => ({ ...c, options: { ...c.options, cell: 'gru', outputSize: 0 } }));
  await rejectsWith(load(file), FormatError, file, /ManyToOne: outputSize .* got 0/);
  await editConfig(file, (c) => ({ ...c, options: { ...c.options, outputSize: 3 } }));
  await rejectsWith(load(file), StateDictError, file, /'head\.weight' expected shape \[3, 4\] \(from the config\), got \[2, 4\]/);
});

test('Sequential children are built with the builders given to load', async () => {
  class Scale extends Module implements TensorLayer {
    constructor(readonly by: number) {
      super();
    }
    forward(x: Tensor): Tensor {
      return x.mul(this.by);
    }
    override config(): ModuleConfig {
      return { type: 'Scale', options: { by: this.by } };
    }
  }
  const file = join(dir, 'seq-custom.safetensors');
  const g = new Generator(4);
  const model = new Sequential(new Linear(2, 3, { generator: g }), new Scale(2), new Sequential(new Tanh(), new Scale(0.5)));
  await save(file, model);
  await rejectsWith(load(file), FormatError, file, /unknown module type "Scale" at config\.children\[1\]/);
  const back = await load<Sequential>(file, { Scale: (c) => new Scale(c.options.by as number) });
  const x = randn([4, 2], { generator: g });
  assert.deepEqual(back.forward(x).toArray(), model.forward(x).toArray());
  // An override of a default type is used for children as well.
  let linears = 0;
  await load(file, { Linear: (c) => (linears++, defaultBuilders.Linear as ModuleSpec).build(c, { children: () => [] }) , Scale: (c) => new Scale(c.options.by as number) });
  assert.equal(linears, 1);
});

test('a Sequential config nested 3,000 deep is a FormatError, not a stack overflow', async () => {
  const file = join(dir, 'deep-seq.safetensors');
  const depth = 3000;
  const config = `${'{"type":"Sequential","options":{},"children":['.repeat(depth)}{"type":"Tanh","options":{}}${']}'.repeat(depth)}`;
  await saveSafetensors(file, {}, { format: 'recurrent', version: '1', config });
  await rejectsWith(load(file), FormatError, file, /nested more than 64 deep/);
});

test('every default builder tells exactly the parameter shapes of the module it builds', () => {
  const configs: ModuleConfig[] = [
    new Linear(3, 2).config(), new Linear(3, 2, { bias: false, dtype: 'float64' }).config(),
    new Embedding(7, 3, { paddingIdx: 0 }).config(), new Dropout(0.2).config(), new Tanh().config(),
    new RNN({ inputSize: 2, hiddenSize: 3, nonlinearity: 'relu', numLayers: 2 }).config(),
    new LSTM({ inputSize: 3, hiddenSize: 5, numLayers: 3, bidirectional: true, bias: false }).config(),
    new GRU({ inputSize: 1, hiddenSize: 2, bidirectional: true, numLayers: 2 }).config(),
    new RNNCell(2, 3, { nonlinearity: 'relu' }).config(), new LSTMCell(2, 3, { bias: false }).config(), new GRUCell(4, 2).config(),
    new ManyToOne({ cell: 'rnn', inputSize: 3, hiddenSize: 4, outputSize: 2, bidirectional: true, numLayers: 2 }).config(),
    new ManyToMany({ cell: 'lstm', inputSize: 3, hiddenSize: 4, outputSize: 5, outputBias: true }).config(),
    new ManyToMany({ cell: 'gru', inputSize: 3, hiddenSize: 4, outputSize: 5 }).config(),
    new EncoderDecoder({ cell: 'lstm', srcVocabSize: 5, tgtVocabSize: 6, embeddingDim: 3, hiddenSize: 4, numLayers: 2, paddingIdx: 0 }).config(),
    new Sequential(new Linear(3, 4), new ReLU(), new Sequential(new Linear(4, 1), new Sigmoid())).config(),
  ];
  const specOf = (c: ModuleConfig) => defaultBuilders[c.type] as ModuleSpec;
  const shapes = (c: ModuleConfig): unknown => specOf(c).shapes(c, { children: () => (c.children ?? []).map((k) => shapes(k) as never) });
  const build = (c: ModuleConfig): Module => specOf(c).build(c, { children: () => (c.children ?? []).map(build) });
  for (const c of configs) {
    const built = Object.fromEntries(Object.entries(build(c).stateDict()).map(([k, t]) => [k, t.shape]));
    assert.deepEqual(shapes(c), built, c.type);
  }
});
