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
import { Sequential, Tanh } from '../nn/sequential.js';
import { Linear } from '../nn/linear.js';
import { ManyToOne } from './many-to-one.js';
import { EncoderDecoder } from './encoder-decoder.js';
import { save, load } from './builders.js';
import { readSafetensors } from '../io/index.js';

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
