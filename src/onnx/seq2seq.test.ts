import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { Generator } from '../random/generator.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/grad-mode.js';
import { Seq2Seq, type Seq2SeqOptions } from '../tasks/seq2seq/model.js';
import { Translator } from '../tasks/seq2seq/translator.js';
import { exportOnnx } from './export.js';
import { assertClose, i32, run, session } from './test-helpers/ort.js';

const g = new Generator(13);

/** log-softmax of each row of [N, V]. */
function logSoftmax(x: ArrayLike<number>, V: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < x.length / V; r++) {
    let m = -Infinity;
    for (let v = 0; v < V; v++) m = Math.max(m, x[r * V + v]);
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp(x[r * V + v] - m);
    for (let v = 0; v < V; v++) out[r * V + v] = x[r * V + v] - m - Math.log(sum);
  }
  return out;
}

test('Seq2Seq: teacher-forced logits and attention weights for every score, GRU and LSTM, uni/bi encoders; the step graph matches its step decoder', async () => {
  const variants: Partial<Seq2SeqOptions>[] = [
    { attention: 'dot', cell: 'gru' },
    { attention: 'general', cell: 'lstm', bidirectional: true, numLayers: 2 },
    { attention: 'additive', cell: 'gru', bidirectional: true },
    { attention: 'additive', cell: 'lstm', numLayers: 2 },
    { attention: 'general', cell: 'rnn' },
  ];
  for (const v of variants) {
    const m = new Seq2Seq({ srcVocabSize: 9, tgtVocabSize: 8, embeddingDim: 4, hiddenSize: 5, dropout: 0.2, generator: g, ...v } as Seq2SeqOptions).eval();
    const what = `${v.attention} ${v.cell} bi=${!!v.bidirectional} L=${v.numLayers ?? 1}`;
    const full = await session(exportOnnx(m));
    const step = await session(exportOnnx(m, { step: true }));
    const [B, S, T] = [3, 5, 4];
    const lengths = Int32Array.from([5, 2, 4]);
    const src = new Int32Array(B * S);
    for (let b = 0; b < B; b++) for (let s = 0; s < lengths[b]; s++) src[b * S + s] = 1 + g.int(8);
    const tgt = Int32Array.from({ length: B * T }, () => 1 + g.int(7));
    const want = noGrad(() => m.forward(src, [B, S], lengths, tgt, [B, T]));
    const got = await run(full, { source: i32(src, [B, S]), source_lengths: i32(lengths), target: i32(tgt, [B, T]) });
    assertClose(got.logits, want.logits, `${what} logits`);
    assertClose(got.attention_weights, want.weights, `${what} attention weights`);
    // Decoding: the full graph on [[bos]] gives the first step; the step graph the next ones.
    const decoder = m.stepDecoder(src, [B, S], lengths);
    const bos = Int32Array.from([1, 1, 1]);
    const first = await full.run({ source: i32(src, [B, S]), source_lengths: i32(lengths), target: i32(bos, [B, 1]) });
    let ours = decoder.step(bos);
    assertClose({ data: logSoftmax(first.logits.data as Float32Array, 8), dims: [B, 8] }, new Tensor(Float32Array.from(ours.logProbs), [B, 8]), `${what} first step`);
    let h = first.h_n as ort.Tensor;
    let c = first.c_n as ort.Tensor | undefined;
    for (let t = 0; t < 3; t++) {
      const tokens = Int32Array.from({ length: B }, () => 1 + g.int(7));
      ours = decoder.step(tokens);
      const r = await step.run({ token: i32(tokens), h, ...(c ? { c } : {}), memory: first.memory, source_lengths: i32(lengths) });
      assertClose({ data: logSoftmax(r.logits.data as Float32Array, 8), dims: [B, 8] }, new Tensor(Float32Array.from(ours.logProbs), [B, 8]), `${what} step ${t}`);
      assertClose({ data: r.attention_weights.data as Float32Array, dims: r.attention_weights.dims }, new Tensor(Float32Array.from(ours.attention), [B, S]), `${what} step ${t} attention`);
      h = r.h_out as ort.Tensor;
      c = r.c_out as ort.Tensor | undefined;
    }
  }
});

test('a trained Translator exports with its tokenizers and vocabularies in the metadata', async () => {
  const en = ['one', 'two', 'three'], fr = ['un', 'deux', 'trois'];
  const pairs = Array.from({ length: 24 }, (_, i) => ({ source: `${en[i % 3]} ${en[(i + 1) % 3]} .`, target: `${fr[(i + 1) % 3]} ${fr[i % 3]} .` }));
  const t = new Translator({ embeddingDim: 4, hiddenSize: 6, epochs: 1, batchSize: 8, minutes: null });
  await t.fit(pairs);
  const s = await session(exportOnnx(t, { step: true }));
  assert.deepEqual([...s.inputNames].sort(), ['h', 'memory', 'source_lengths', 'token']);
  assert.throws(() => exportOnnx(new Translator({})), /the translator is not trained/);
});
