import { test } from 'node:test';
import assert from 'node:assert/strict';
import onnxProto from 'onnx-proto';
import { Generator } from '../random/generator.js';
import { randn } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/grad-mode.js';
import { ForecastNet, type ForecastNetOptions } from '../tasks/forecaster/network.js';
import { Forecaster } from '../tasks/forecaster/forecaster.js';
import { ClassifierNet, type ClassifierNetOptions } from '../tasks/classifier/network.js';
import { TextClassifier } from '../tasks/classifier/classifier.js';
import { encodeTexts } from '../tasks/classifier/encoding.js';
import { createTimeSeries } from '../timeseries/series.js';
import { LanguageNet } from '../tasks/language-model/network.js';
import * as ort from 'onnxruntime-node';
import { ValueError } from '../errors.js';
import { exportOnnx } from './export.js';
import { assertClose, f32, i32, run, session } from './test-helpers/ort.js';

const g = new Generator(7);

test('ForecastNet: direct, recursive and encoderDecoder, with and without known-future covariates, quantiles, other batch sizes', async () => {
  const base: ForecastNetOptions = { cell: 'lstm', inputSize: 3, hiddenSize: 5, numLayers: 2, dropout: 0, strategy: 'direct', horizon: 4, targets: 2, quantiles: 3, futureSize: 2, forgetBias: 1, generator: g };
  const variants: ForecastNetOptions[] = [
    base,
    { ...base, futureSize: 0, quantiles: 1, cell: 'gru' },
    { ...base, strategy: 'recursive', horizon: 1, cell: 'rnn', numLayers: 1 },
    { ...base, strategy: 'encoderDecoder' },
    { ...base, strategy: 'encoderDecoder', futureSize: 0, cell: 'gru', numLayers: 1 },
    { ...base, strategy: 'encoderDecoder', cell: 'rnn', targets: 1 },
  ];
  for (const o of variants) {
    const net = new ForecastNet(o).eval();
    const what = `${o.cell} ${o.strategy} K=${o.futureSize}`;
    const s = await session(exportOnnx(net));
    for (const [B, T] of [[2, 6], [5, 3]]) {
      const x = randn([B, T, o.inputSize], { generator: g });
      const future = o.futureSize > 0 ? randn([B, o.horizon, o.futureSize], { generator: g }) : null;
      const got = await run(s, { x: f32(x), ...(future ? { future: f32(future) } : {}) });
      assertClose(got.forecast, noGrad(() => net.forward(x, future)), `${what} B=${B}`);
    }
  }
  assert.throws(() => exportOnnx(new ForecastNet(base), { withLengths: true }), (e: unknown) => e instanceof ValueError && /withLengths does not apply to ForecastNet/.test(e.message));
});

test('ClassifierNet: every pooling, LSTM and GRU, uni/bi, 1–2 layers, with the lengths of right-padded texts', async () => {
  let k = 0;
  for (const pooling of ['last', 'max', 'mean', 'attention'] as const) {
    for (const cell of ['lstm', 'gru'] as const) {
      for (const bidirectional of [false, true]) {
        const numLayers = 1 + (k++ % 2);
        const o: ClassifierNetOptions = { vocabSize: 12, embeddingDim: 4, cell, hiddenSize: 5, numLayers, bidirectional, pooling, embeddingDropout: 0.2, dropout: 0.3, classes: 3, generator: g };
        const net = new ClassifierNet(o).eval();
        const what = `${pooling} ${cell} bi=${bidirectional} L=${numLayers}`;
        const s = await session(exportOnnx(net));
        for (const [B, T] of [[3, 5], [2, 7]]) {
          const lengths = Int32Array.from({ length: B }, (_, b) => (b === 0 ? T : 1 + g.int(T)));
          const ids = new Int32Array(B * T);
          for (let b = 0; b < B; b++) for (let t = 0; t < lengths[b]; t++) ids[b * T + t] = 1 + g.int(11);
          const want = noGrad(() => net.forwardWithWeights(ids, [B, T], lengths));
          const got = await run(s, { ids: i32(ids, [B, T]), lengths: i32(lengths) });
          assertClose(got.logits, want.logits, `${what} B=${B} logits`);
          if (want.weights) assertClose(got.attention_weights, want.weights, `${what} B=${B} attention weights`);
        }
      }
    }
  }
});

test('ClassifierNet pooling at the opsets where the reductions take their axes as an input (18 and later) and as an attribute', async () => {
  for (const pooling of ['max', 'mean', 'attention'] as const) {
    const net = new ClassifierNet({ vocabSize: 8, embeddingDim: 3, cell: 'gru', hiddenSize: 4, numLayers: 1, bidirectional: true, pooling, embeddingDropout: 0, dropout: 0, classes: 2, generator: g }).eval();
    const ids = Int32Array.from([3, 1, 4, 1, 5, 2, 6, 0, 0, 0]);
    const lengths = Int32Array.from([5, 2]);
    const want = noGrad(() => net.forward(ids, [2, 5], lengths));
    for (const opset of [14, 17, 18, 22]) {
      const got = await run(await session(exportOnnx(net, { opset })), { ids: i32(ids, [2, 5]), lengths: i32(lengths) });
      assertClose(got.logits, want, `${pooling} opset ${opset}`);
    }
  }
});

/** Texts told apart by one cue word. */
function texts(n: number): { texts: string[]; labels: string[] } {
  const filler = ['the', 'a', 'it', 'was', 'very', 'food', 'and'];
  const out = { texts: [] as string[], labels: [] as string[] };
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 2 + g.int(5) }, () => filler[g.int(filler.length)]);
    words.splice(g.int(words.length + 1), 0, i % 2 ? 'good' : 'bad');
    out.texts.push(words.join(' '));
    out.labels.push(i % 2 ? 'pos' : 'neg');
  }
  return out;
}

test('a trained TextClassifier ensemble: probabilities equal predictProbabilities; classes, tokenizer and vocabulary in the metadata', async () => {
  const train = texts(48);
  const clf = new TextClassifier({ hiddenSize: 6, embeddingDim: 6, epochs: 1, batchSize: 16, baselineC: 1, ensemble: 2 });
  await clf.fit(train.texts, train.labels);
  const bytes = exportOnnx(clf);
  const s = await session(bytes);
  const sample = texts(5).texts;
  const seqs = encodeTexts(sample, clf.encoding!, clf.options.maxLength);
  const T = Math.max(...seqs.map((q) => q.length));
  const ids = new Int32Array(seqs.length * T);
  seqs.forEach((q, b) => ids.set(q, b * T));
  const got = await run(s, { ids: i32(ids, [seqs.length, T]), lengths: i32(seqs.map((q) => q.length)) });
  assertClose(got.probabilities, new Tensor(Float32Array.from(clf.predictProbabilities(sample)), [seqs.length, 2]), 'ensemble probabilities');
  const meta = Object.fromEntries(onnxProto.onnx.ModelProto.decode(bytes).metadataProps.map((p) => [p.key, p.value]));
  assert.deepEqual(JSON.parse(meta['recurrent.classes']), clf.classes);
  assert.ok(JSON.parse(meta['recurrent.vocabulary']));
  assert.ok(JSON.parse(meta['recurrent.tokenizer']));
});

test('a trained Forecaster exports its network, with the scaler and columns in the metadata', async () => {
  const n = 60;
  const y = Float64Array.from({ length: n }, (_, t) => 10 + Math.sin(t / 3));
  const series = createTimeSeries({ y }, Array.from({ length: n }, (_, t) => Date.UTC(2020, 0, 1) + t * 86_400_000));
  const f = new Forecaster({ targets: ['y'], lookBack: 7, hiddenSize: 4, epochs: 1, seed: 1 });
  await f.fit(series);
  const bytes = exportOnnx(f);
  const net = f.net!;
  const s = await session(bytes);
  const x = randn([3, 7, net.options.inputSize], { generator: g });
  const future = net.options.futureSize > 0 ? randn([3, net.options.horizon, net.options.futureSize], { generator: g }) : null;
  const got = await run(s, { x: f32(x), ...(future ? { future: f32(future) } : {}) });
  assertClose(got.forecast, noGrad(() => net.eval().forward(x, future)), 'forecast');
  const meta = Object.fromEntries(onnxProto.onnx.ModelProto.decode(bytes).metadataProps.map((p) => [p.key, p.value]));
  assert.deepEqual(JSON.parse(meta['recurrent.forecaster']).state.inputs, f.state!.inputs);
  assert.throws(() => exportOnnx(new Forecaster({ targets: ['y'] })), /the forecaster is not trained/);
});

test('LanguageNet: a chunk with the state in and out continues a stream; the step graph matches net.step()', async () => {
  for (const cell of ['lstm', 'gru', 'rnn'] as const) {
    const net = new LanguageNet({ cell, vocabSize: 9, embeddingSize: 4, hiddenSize: 5, numLayers: 2, dropout: 0.2, generator: g }).eval();
    const chunk = await session(exportOnnx(net));
    const step = await session(exportOnnx(net, { step: true }));
    const [T, B] = [4, 3];
    const ids = Int32Array.from({ length: T * B }, () => g.int(9));
    const h0 = randn([2, B, 5], { generator: g });
    const c0 = randn([2, B, 5], { generator: g });
    const want = noGrad(() => net.forward(ids, T, B, { h: h0, c: cell === 'lstm' ? c0 : null }));
    const got = await run(chunk, { ids: i32(ids, [T, B]), h: f32(h0), ...(cell === 'lstm' ? { c: f32(c0) } : {}) });
    assertClose(got.logits, want.logits, `${cell} chunk logits`);
    assertClose(got.h_n, want.state.h, `${cell} chunk h_n`);
    if (want.state.c) assertClose(got.c_n, want.state.c, `${cell} chunk c_n`);
    const state = net.initState(B);
    let h: ort.Tensor = f32(state.h);
    let c: ort.Tensor = state.c ? f32(state.c) : h;
    for (let t = 0; t < 3; t++) {
      const token = Int32Array.from({ length: B }, () => g.int(9));
      const logits = net.step(token, state);
      const r = await step.run({ token: i32(token), h, ...(state.c ? { c } : {}) });
      assertClose({ data: r.logits.data as Float32Array, dims: r.logits.dims }, logits, `${cell} step ${t}`);
      h = r.h_out as ort.Tensor;
      if (state.c) c = r.c_out as ort.Tensor;
    }
  }
});
