import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../random/generator.js';
import { noGrad } from '../autograd/grad-mode.js';
import { ManyToOne } from './many-to-one.js';
import { ManyToMany } from './many-to-many.js';
import { EncoderDecoder } from './encoder-decoder.js';
import { crossEntropy, mseLoss } from '../losses/index.js';
import { fit, tensorData, type TrainData } from '../train/index.js';

test('many-to-one: an LSTM classifies variable-length sequences by the sign of their sum', async () => {
  const g = new Generator(11);
  const N = 2048, T = 12;
  // `count` sequences of 4 … T normal values, zero-padded to T, labelled 1 when their sum is positive
  const draw = (count: number) => {
    const x = new Float32Array(count * T);
    const lengths = new Int32Array(count);
    const labels = new Int32Array(count);
    for (let b = 0; b < count; b++) {
      lengths[b] = 4 + g.int(T - 3);
      let s = 0;
      for (let t = 0; t < lengths[b]; t++) {
        x[b * T + t] = g.normal();
        s += x[b * T + t];
      }
      labels[b] = s > 0 ? 1 : 0;
    }
    return { x: new Tensor(x, [count, T, 1]), lengths, labels };
  };
  const pool = draw(N);
  const rows = tensorData(pool.x, new Tensor(Float32Array.from(pool.labels), [N]));
  const data: TrainData<ReturnType<typeof draw>> = {
    length: N,
    batch: (ids) => {
      const { x, y } = rows.batch(ids);
      return { x, lengths: ids.map((i) => pool.lengths[i]), labels: Int32Array.from(y.data) };
    },
  };
  const model = new ManyToOne({ cell: 'lstm', inputSize: 1, hiddenSize: 16, outputSize: 2, generator: g });
  await fit(model, data, { loss: (m, b) => crossEntropy(m.forward(b.x, { lengths: b.lengths }), b.labels), epochs: 4, batchSize: 32, lr: 0.02, clipNorm: null, generator: g });
  const unseen = draw(128);
  const pred = noGrad(() => model.forward(unseen.x, { lengths: unseen.lengths })).argmax(1);
  let correct = 0;
  pred.forEach((p, i) => (correct += p === unseen.labels[i] ? 1 : 0));
  const acc = correct / 128;
  assert.ok(acc > 0.9, `accuracy ${acc} on unseen sequences should exceed 0.9 (chance is 0.5)`);
});

test('many-to-many: the vanilla RNN learns to echo its input two steps later', async () => {
  const g = new Generator(5);
  const N = 640, T = 16, delay = 2;
  const x = new Float32Array(N * T), y = new Float32Array(N * T);
  for (let i = 0; i < N * T; i++) x[i] = 2 * g.uniform() - 1;
  for (let b = 0; b < N; b++) for (let t = delay; t < T; t++) y[b * T + t] = x[b * T + t - delay];
  const model = new ManyToMany({ cell: 'rnn', inputSize: 1, hiddenSize: 24, outputSize: 1, generator: g });
  const h = await fit(model, tensorData(new Tensor(x, [N, T, 1]), new Tensor(y, [N, T, 1])), {
    loss: (m, b) => mseLoss(m.forward(b.x), b.y), epochs: 15, batchSize: 32, lr: 0.01, generator: g,
  });
  const first = h.stepLoss[0], last = h.stepLoss[h.stepLoss.length - 1];
  // predicting 0 everywhere scores (T−delay)/T · 1/3 ≈ 0.29
  assert.ok(first > 0.2, `initial loss ${first}`);
  assert.ok(last < 0.02, `final loss ${last} should be far below the 0.29 of predicting zero`);
});

test('encoder-decoder: a GRU seq2seq learns to reverse token sequences of different lengths', async () => {
  const g = new Generator(3);
  const PAD = 0, BOS = 1, EOS = 2, V = 8, S = 5;
  const draw = () => Array.from({ length: 3 + g.int(S - 2) }, () => 3 + g.int(V - 3));
  // source padded to S; decoder input BOS + reversed; target reversed + EOS, -100 where ignored
  const encode = (seqs: number[][]) => {
    const B = seqs.length;
    const src = new Int32Array(B * S).fill(PAD), tgtIn = new Int32Array(B * (S + 1)).fill(PAD), tgtOut = new Int32Array(B * (S + 1)).fill(-100);
    const srcLengths: number[] = [], tgtLengths: number[] = [];
    seqs.forEach((seq, b) => {
      const L = seq.length;
      seq.forEach((v, t) => (src[b * S + t] = v));
      const rev = [...seq].reverse();
      tgtIn[b * (S + 1)] = BOS;
      rev.forEach((v, t) => {
        tgtIn[b * (S + 1) + t + 1] = v;
        tgtOut[b * (S + 1) + t] = v;
      });
      tgtOut[b * (S + 1) + L] = EOS;
      srcLengths.push(L);
      tgtLengths.push(L + 1);
    });
    return { B, src, tgtIn, tgtOut, srcLengths, tgtLengths };
  };
  const pool = Array.from({ length: 640 }, draw);
  const data: TrainData<ReturnType<typeof encode>> = { length: pool.length, batch: (ids) => encode(Array.from(ids, (i) => pool[i])) };
  const model = new EncoderDecoder({ cell: 'gru', srcVocabSize: V, tgtVocabSize: V, embeddingDim: 16, hiddenSize: 48, paddingIdx: PAD, generator: g });
  await fit(model, data, {
    loss: (m, d) => {
      const logits = m.forward(d.src, [d.B, S], d.tgtIn, [d.B, S + 1], { srcLengths: d.srcLengths, tgtLengths: d.tgtLengths });
      return crossEntropy(logits.reshape([d.B * (S + 1), V]), d.tgtOut, { ignoreIndex: -100 });
    },
    epochs: 20, batchSize: 32, lr: 0.01, generator: g,
  });
  const seqs = Array.from({ length: 32 }, draw);
  const d = encode(seqs);
  const out = model.generate(d.src, [d.B, S], { bos: BOS, eos: EOS, maxLength: S + 2, srcLengths: d.srcLengths });
  const exact = out.filter((o, b) => o.join() === [...seqs[b]].reverse().join()).length / d.B;
  assert.ok(exact > 0.8, `exactly reversed: ${exact} of sequences should exceed 0.8`);
});
