import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../random/generator.js';
import { noGrad } from '../autograd/grad-mode.js';
import { ManyToOne } from './many-to-one.js';
import { ManyToMany } from './many-to-many.js';
import { EncoderDecoder } from './encoder-decoder.js';
import { crossEntropy, mseLoss } from '../losses/index.js';
import { Adam, clipGradNorm } from '../optim/index.js';

test('many-to-one: an LSTM classifies variable-length sequences by the sign of their sum', () => {
  const g = new Generator(11);
  const B = 32, T = 12;
  const batch = () => {
    const x = new Float32Array(B * T);
    const lengths = new Int32Array(B);
    const labels = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      lengths[b] = 4 + g.int(T - 3);
      let s = 0;
      for (let t = 0; t < lengths[b]; t++) {
        x[b * T + t] = g.normal();
        s += x[b * T + t];
      }
      labels[b] = s > 0 ? 1 : 0;
    }
    return { x: new Tensor(x, [B, T, 1]), lengths, labels };
  };
  const model = new ManyToOne({ cell: 'lstm', inputSize: 1, hiddenSize: 16, outputSize: 2, generator: g });
  const opt = new Adam(model.parameters(), { lr: 0.02 });
  for (let step = 0; step < 250; step++) {
    const { x, lengths, labels } = batch();
    const loss = crossEntropy(model.forward(x, { lengths }), labels);
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  let correct = 0;
  for (let k = 0; k < 4; k++) {
    const { x, lengths, labels } = batch();
    const pred = noGrad(() => model.forward(x, { lengths })).argmax(1);
    pred.forEach((p, i) => (correct += p === labels[i] ? 1 : 0));
  }
  const acc = correct / (4 * B);
  assert.ok(acc > 0.9, `accuracy ${acc} should exceed 0.9 (chance is 0.5)`);
});

test('many-to-many: the vanilla RNN learns to echo its input two steps later', () => {
  const g = new Generator(5);
  const B = 32, T = 16, delay = 2;
  const batch = () => {
    const x = new Float32Array(B * T), y = new Float32Array(B * T);
    for (let i = 0; i < B * T; i++) x[i] = 2 * g.uniform() - 1;
    for (let b = 0; b < B; b++) for (let t = delay; t < T; t++) y[b * T + t] = x[b * T + t - delay];
    return { x: new Tensor(x, [B, T, 1]), y: new Tensor(y, [B, T, 1]) };
  };
  const model = new ManyToMany({ cell: 'rnn', inputSize: 1, hiddenSize: 24, outputSize: 1, generator: g });
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  let first = 0, last = 0;
  for (let step = 0; step < 300; step++) {
    const { x, y } = batch();
    const loss = mseLoss(model.forward(x), y);
    if (step === 0) first = loss.item();
    last = loss.item();
    opt.zeroGrad();
    loss.backward();
    clipGradNorm(model.parameters(), 1);
    opt.step();
  }
  // predicting 0 everywhere scores (T−delay)/T · 1/3 ≈ 0.29
  assert.ok(first > 0.2, `initial loss ${first}`);
  assert.ok(last < 0.02, `final loss ${last} should be far below the 0.29 of predicting zero`);
});

test('encoder-decoder: a GRU seq2seq learns to reverse token sequences of different lengths', () => {
  const g = new Generator(3);
  const PAD = 0, BOS = 1, EOS = 2, V = 8, B = 32, S = 5;
  const make = () => {
    const src = new Int32Array(B * S).fill(PAD), tgtIn = new Int32Array(B * (S + 1)).fill(PAD), tgtOut = new Int32Array(B * (S + 1)).fill(-100);
    const srcLengths: number[] = [], tgtLengths: number[] = [], seqs: number[][] = [];
    for (let b = 0; b < B; b++) {
      const L = 3 + g.int(S - 2);
      const seq = Array.from({ length: L }, () => 3 + g.int(V - 3));
      seqs.push(seq);
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
    }
    return { src, tgtIn, tgtOut, srcLengths, tgtLengths, seqs };
  };
  const model = new EncoderDecoder({ cell: 'gru', srcVocabSize: V, tgtVocabSize: V, embeddingDim: 16, hiddenSize: 48, paddingIdx: PAD, generator: g });
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  for (let step = 0; step < 400; step++) {
    const d = make();
    const logits = model.forward(d.src, [B, S], d.tgtIn, [B, S + 1], { srcLengths: d.srcLengths, tgtLengths: d.tgtLengths });
    const loss = crossEntropy(logits.reshape([B * (S + 1), V]), d.tgtOut, { ignoreIndex: -100 });
    opt.zeroGrad();
    loss.backward();
    clipGradNorm(model.parameters(), 1);
    opt.step();
  }
  const d = make();
  const out = model.generate(d.src, [B, S], { bos: BOS, eos: EOS, maxLength: S + 2, srcLengths: d.srcLengths });
  const exact = out.filter((o, b) => o.join() === [...d.seqs[b]].reverse().join()).length / B;
  assert.ok(exact > 0.8, `exactly reversed: ${exact} of sequences should exceed 0.8`);
});
