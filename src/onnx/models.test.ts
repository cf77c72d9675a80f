import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { Generator } from '../random/generator.js';
import { randn } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/grad-mode.js';
import { Linear } from '../nn/linear.js';
import { Embedding } from '../nn/embedding.js';
import { Dropout } from '../nn/dropout.js';
import { Sequential, Tanh, ReLU, Sigmoid } from '../nn/sequential.js';
import { Module } from '../nn/module.js';
import { ManyToOne } from '../models/many-to-one.js';
import { ManyToMany } from '../models/many-to-many.js';
import { EncoderDecoder } from '../models/encoder-decoder.js';
import { lastLayerState } from '../models/recurrent-factory.js';
import { ValueError } from '../errors.js';
import { exportOnnx } from './export.js';
import { assertClose, f32, i32, run, session } from './test-helpers/ort.js';

const g = new Generator(5);
const CELLS = ['rnn', 'lstm', 'gru'] as const;

test('ManyToOne and ManyToMany: heads included, with and without lengths, other batch sizes, uni/bi, 1–2 layers', async () => {
  for (const cell of CELLS) {
    for (const bidirectional of [false, true]) {
      for (const numLayers of [1, 2]) {
        const opts = { cell, inputSize: 3, hiddenSize: 4, outputSize: 2, numLayers, bidirectional, generator: g };
        const models = [new ManyToOne(opts), new ManyToMany({ ...opts, outputBias: numLayers === 2 })];
        for (const m of models) {
          m.eval();
          const what = `${m.constructor.name} ${cell} bi=${bidirectional} L=${numLayers}`;
          const plain = await session(exportOnnx(m));
          const withLengths = await session(exportOnnx(m, { withLengths: true }));
          for (const [B, T, lengths] of [[2, 5, [5, 2]], [4, 3, [1, 3, 2, 3]]] as const) {
            const x = randn([B, T, 3], { generator: g });
            assertClose((await run(plain, { input: f32(x) })).output, noGrad(() => m.forward(x)), `${what} B=${B}`);
            const want = noGrad(() => m.forward(x, { lengths: [...lengths] }));
            assertClose((await run(withLengths, { input: f32(x), lengths: i32(lengths) })).output, want, `${what} B=${B} lengths`);
          }
        }
      }
    }
  }
});

test('ManyToOne and ManyToMany streaming step: the head on the top layer\'s new state, as a stream of recurrent.step calls', async () => {
  for (const cell of CELLS) {
    const m = new ManyToMany({ cell, inputSize: 2, hiddenSize: 3, outputSize: 2, numLayers: 2, outputBias: true, generator: g }).eval();
    const s = await session(exportOnnx(m, { step: true }));
    const B = 2;
    const state = m.recurrent.initState(B);
    const dims = [2, B, 3];
    let h: ort.Tensor = new ort.Tensor('float32', new Float32Array(12), dims);
    let c: ort.Tensor = new ort.Tensor('float32', new Float32Array(12), dims);
    for (let t = 0; t < 4; t++) {
      const x = randn([B, 2], { generator: g });
      const want = noGrad(() => m.head.forward(m.recurrent.step(x, state)));
      const r = await s.run({ input: f32(x), h, ...(cell === 'lstm' ? { c } : {}) });
      assertClose({ data: r.output.data as Float32Array, dims: r.output.dims }, want, `${cell} step ${t}`);
      h = r.h_out as ort.Tensor;
      if (cell === 'lstm') c = r.c_out as ort.Tensor;
    }
  }
  // A ManyToOne fed step by step ends where its forward over the whole sequence does.
  const one = new ManyToOne({ cell: 'gru', inputSize: 2, hiddenSize: 3, outputSize: 1, generator: g }).eval();
  await assert.rejects(async () => exportOnnx(new ManyToOne({ cell: 'gru', inputSize: 2, hiddenSize: 3, outputSize: 1, bidirectional: true }), { step: true }), /bidirectional, so it has no streaming step/);
  const s = await session(exportOnnx(one, { step: true }));
  const xs = randn([1, 3, 2], { generator: g });
  let h: ort.Tensor = new ort.Tensor('float32', new Float32Array(3), [1, 1, 3]);
  let last: ort.Tensor | null = null;
  for (let t = 0; t < 3; t++) {
    const r = await s.run({ input: f32(xs.select(1, t)), h });
    h = r.h_out as ort.Tensor;
    last = r.output as ort.Tensor;
  }
  assertClose({ data: last!.data as Float32Array, dims: last!.dims }, noGrad(() => one.forward(xs)), 'ManyToOne stream = forward');
});

test('EncoderDecoder: teacher-forced logits with and without lengths; the full graph for the first token then the step graph reproduce generate()', async () => {
  for (const cell of CELLS) {
    const m = new EncoderDecoder({ cell, srcVocabSize: 7, tgtVocabSize: 6, embeddingDim: 3, hiddenSize: 4, numLayers: 2, paddingIdx: 0, generator: g }).eval();
    const full = await session(exportOnnx(m, { withLengths: true }));
    const src = Int32Array.from([1, 2, 3, 4, 5, 0, 6, 2, 3, 1, 0, 0]);
    const tgt = Int32Array.from([1, 4, 2, 1, 3, 0]);
    const want = noGrad(() => m.forward(src, [2, 6], tgt, [2, 3], { srcLengths: [5, 4], tgtLengths: [3, 2] }));
    const got = await run(full, { source: i32(src, [2, 6]), target: i32(tgt, [2, 3]), source_lengths: i32([5, 4]), target_lengths: i32([3, 2]) });
    assertClose(got.logits, want, `${cell} logits`);
    // Greedy decoding in ONNX Runtime: first token through the full graph, then steps.
    const plain = await session(exportOnnx(m));
    const step = await session(exportOnnx(m, { step: true }));
    const source = Int32Array.from([3, 5, 2, 6]);
    const expected = m.generate(source, [1, 4], { bos: 1, eos: 2, maxLength: 6 })[0];
    const first = await plain.run({ source: i32(source, [1, 4]), target: i32([1], [1, 1]) });
    const ids: number[] = [];
    let logits = first.logits.data as Float32Array;
    let h = first.h_n as ort.Tensor;
    let c = first.c_n as ort.Tensor | undefined;
    for (let t = 0; t < 6; t++) {
      const next = logits.indexOf(Math.max(...logits));
      if (next === 2) break;
      ids.push(next);
      const r = await step.run({ token: i32([next]), h, ...(c ? { c } : {}) });
      logits = r.logits.data as Float32Array;
      h = r.h_out as ort.Tensor;
      c = r.c_out as ort.Tensor | undefined;
    }
    assert.deepEqual(ids, expected, `${cell} greedy decoding`);
  }
});

test('Linear, Sequential (Linear, Tanh, ReLU, Sigmoid, Dropout) and Embedding', async () => {
  const seq = new Sequential(new Linear(3, 5, { generator: g }), new Tanh(), new Dropout(0.3), new Sequential(new Linear(5, 4, { bias: false, generator: g }), new ReLU()), new Linear(4, 2, { generator: g }), new Sigmoid()).eval();
  const x = randn([6, 3], { generator: g });
  assertClose((await run(await session(exportOnnx(seq)), { input: f32(x) })).output, noGrad(() => seq.forward(x)), 'Sequential');
  const lin = new Linear(3, 2, { generator: g });
  assertClose((await run(await session(exportOnnx(lin)), { input: f32(x) })).output, noGrad(() => lin.forward(x)), 'Linear');
  const emb = new Embedding(9, 4, { paddingIdx: 0, generator: g });
  const ids = [0, 3, 8, 1, 2, 2];
  assertClose((await run(await session(exportOnnx(emb)), { ids: i32(ids, [2, 3]) })).output, emb.forward(ids, [2, 3]), 'Embedding');
});

test('a module it cannot export, and options that do not apply, are ValueErrors naming them', () => {
  class Mystery extends Module {}
  assert.throws(() => exportOnnx(new Mystery()), (e: unknown) => e instanceof ValueError && /cannot export Mystery/.test(e.message));
  assert.throws(() => exportOnnx(new Sequential(new Linear(2, 2), new Mystery() as never)), /cannot export Mystery at 'seq\.1'/);
  assert.throws(() => exportOnnx(new Sequential(new Tanh())), /has no Linear/);
  const m = new ManyToOne({ cell: 'lstm', inputSize: 2, hiddenSize: 3, outputSize: 1 });
  assert.throws(() => exportOnnx(m, { opset: 13 }), /opset must be an integer in 14 … 22.*got 13/);
  assert.throws(() => exportOnnx(m, { opset: 23 }), /got 23/);
  assert.throws(() => exportOnnx(m, { withInitialState: true }), /withInitialState does not apply to ManyToOne/);
  assert.throws(() => exportOnnx(new Linear(2, 2), { step: true }), /step does not apply to Linear/);
  assert.throws(() => exportOnnx(new Linear(2, 2), { withLengths: true }), /withLengths does not apply to Linear/);
  assert.throws(() => exportOnnx(m, { step: true, withLengths: true }), /streaming step takes no lengths/);
  assert.throws(() => exportOnnx(m, { dynamicAxes: false, batchSize: 2 }), /needs both batchSize and seqLen/);
  assert.throws(() => exportOnnx(m, { batchSize: 0 }), /batchSize must be a positive integer, got 0/);
  assert.throws(() => exportOnnx(m, { dynamic: true } as never), /unknown option 'dynamic'/);
});

test('ManyToOne keeps the last layer\'s states of both directions, as lastLayerState', async () => {
  // The bidirectional head reads [forward ‖ reverse] of the last layer: [B, 2·H].
  const m = new ManyToOne({ cell: 'gru', inputSize: 2, hiddenSize: 3, outputSize: 1, bidirectional: true, generator: g }).eval();
  const x = randn([2, 4, 2], { generator: g });
  const { h } = noGrad(() => ({ h: m.recurrent.forward(x)[1] as Tensor }));
  const feats = lastLayerState(m.recurrent, h);
  assert.deepEqual(feats.shape, [2, 6]);
  assertClose((await run(await session(exportOnnx(m)), { input: f32(x) })).output, noGrad(() => m.head.forward(feats)), 'head of lastLayerState');
});
