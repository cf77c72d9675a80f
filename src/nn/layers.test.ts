import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradcheck, randLeaf } from '../../test/helpers/gradcheck.js';
import { Generator } from '../random/generator.js';
import { Tensor } from '../tensor/tensor.js';
import { tensor, zeros } from '../tensor/create.js';
import { noGrad } from '../autograd/grad-mode.js';
import { RNN } from './rnn.js';
import { LSTM } from './lstm.js';
import { GRU } from './gru.js';
import { RNNCell, LSTMCell, GRUCell } from './cells.js';
import { Linear } from './linear.js';
import { Embedding } from './embedding.js';
import { Dropout } from './dropout.js';
import { Sequential, Tanh } from './sequential.js';
import { KeyedVectors } from '../word2vec/index.js';
import { Vocabulary } from '../text/index.js';
import { NonFiniteError, ShapeError, StateDictError, ValueError } from '../errors.js';

const g = new Generator(3);
const f64 = { dtype: 'float64' as const, generator: g };

test('Linear, Embedding, Sequential pass finite-difference checks', () => {
  const lin = new Linear(4, 3, f64);
  const x = randLeaf([2, 5, 4], g);
  gradcheck(([x, w, b]) => { lin.weight.data.set(w.data); lin.bias!.data.set(b.data); return lin.forward(x); }, [x, lin.weight, lin.bias!]);
  const seq = new Sequential(new Linear(4, 6, f64), new Tanh(), new Linear(6, 2, f64));
  gradcheck(([x]) => seq.forward(x), [x]);
  const emb = new Embedding(7, 3, { ...f64, paddingIdx: 0 });
  // the padding row is excluded: by definition it receives no gradient even where it is used
  gradcheck(([]) => emb.forward([1, 2, 3, 3, 6], [5]), [emb.weight]);
});

test('Embedding: padding row gets no gradient; bad ids name the position', () => {
  const emb = new Embedding(5, 2, { paddingIdx: 0 });
  assert.deepEqual(Array.from(emb.weight.data.subarray(0, 2)), [0, 0]);
  emb.forward([0, 1, 0], [3]).sum().backward();
  assert.deepEqual(Array.from(emb.weight.grad!.data), [0, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
  assert.throws(() => emb.forward([1, 9]), /id 9 at flat position 1/);
  const frozen = Embedding.fromPretrained(tensor([[1, 2], [3, 4]]));
  assert.equal(frozen.weight.requiresGrad, false);
  const words = new KeyedVectors(['cat', 'fish'], Float32Array.from([0.5, -0.5, 1, 1]), 2);
  const vocab = Vocabulary.fromTokens(['cat', 'dog']);
  const e = Embedding.fromPretrained(words, vocab, { freeze: false });
  // ids: <pad> 0, <unk> 1, <bos> 2, <eos> 3, cat 4, dog 5
  assert.deepEqual(Array.from(e.weight.data.subarray(8, 12)), [0.5, -0.5, 0, 0]);
  assert.deepEqual(e.missing, ['<pad>', '<unk>', '<bos>', '<eos>', 'dog']);
});

test('Dropout: scaled mask in training, identity in eval', () => {
  const d = new Dropout(0.5, new Generator(1));
  const x = zeros([1000]).add(1);
  const y = d.forward(x);
  const kept = y.toArray().filter((v) => v !== 0);
  assert.ok(kept.every((v) => v === 2));
  assert.ok(Math.abs(kept.length - 500) < 60);
  d.eval();
  assert.equal(d.forward(x), x);
  // backward: the gradient is the same scaled mask
  d.train();
  const xg = tensor(Float32Array.from({ length: 200 }, (_, i) => 1 + i), [200], { requiresGrad: true });
  const yg = d.forward(xg);
  yg.sum().backward();
  xg.grad!.toArray().forEach((gv, i) => assert.equal(gv, yg.data[i] / xg.data[i]));
});

test('recurrent dropout between layers: active in training only, never after the last layer', () => {
  const gru = new GRU({ inputSize: 2, hiddenSize: 8, numLayers: 2, dropout: 0.5, generator: new Generator(8) });
  const x = tensor(Float32Array.from({ length: 5 * 3 * 2 }, (_, i) => Math.sin(i)), [5, 3, 2]);
  const [a] = gru.forward(x);
  const [b] = gru.forward(x);
  assert.notDeepEqual(a.toArray(), b.toArray(), 'two training passes draw different masks');
  gru.eval();
  const [c] = gru.forward(x);
  const [d2] = gru.forward(x);
  assert.deepEqual(c.toArray(), d2.toArray());
  const single = new GRU({ inputSize: 2, hiddenSize: 8, numLayers: 1, dropout: 0.5, generator: new Generator(8) });
  const [e] = single.forward(x);
  const [f] = single.forward(x);
  assert.deepEqual(e.toArray(), f.toArray(), 'one layer: no dropout on its output');
});

for (const [name, make] of [
  ['RNN tanh', () => new RNN({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, ...f64 })],
  ['RNN relu', () => new RNN({ inputSize: 3, hiddenSize: 4, nonlinearity: 'relu', ...f64 })],
  ['LSTM', () => new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, batchFirst: true, ...f64 })],
  ['GRU', () => new GRU({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, ...f64 })],
] as const) {
  test(`${name}: finite differences through every weight, input and initial state, with lengths`, () => {
    const m = make();
    const batchFirst = m.batchFirst;
    const x = randLeaf(batchFirst ? [3, 5, 3] : [5, 3, 3], g);
    const LD = m.numLayers * m.numDirections;
    const h0 = randLeaf([LD, 3, 4], g, 0.5);
    const c0 = randLeaf([LD, 3, 4], g, 0.5);
    const lengths = [5, 2, 4];
    const fwd = (inputs: Tensor[]): Tensor[] => {
      if (m instanceof LSTM) {
        const [out, [hN, cN]] = m.forward(inputs[0], [inputs[1], inputs[2]], { lengths });
        return [out, hN, cN];
      }
      const [out, hN] = (m as RNN | GRU).forward(inputs[0], inputs[1], { lengths });
      return [out, hN];
    };
    gradcheck(fwd, [x, h0, c0]);
    // The parameters are perturbed in place, so the closure reads them from the module.
    gradcheck(() => fwd([x, h0, c0]), m.parameters() as Tensor[]);
  });
}

test('cells pass finite differences and equal one step of the layer', () => {
  for (const cell of [new RNNCell(3, 4, f64), new LSTMCell(3, 4, f64), new GRUCell(3, 4, f64)]) {
    const x = randLeaf([2, 3], g);
    const h = randLeaf([2, 4], g);
    const c = randLeaf([2, 4], g);
    if (cell instanceof LSTMCell) gradcheck(([x, h, c]) => cell.forward(x, [h, c]), [x, h, c]);
    else gradcheck(([x, h]) => cell.forward(x, h), [x, h]);
  }
});

test('streaming step equals the full-sequence forward without re-running history', () => {
  const lstm = new LSTM({ inputSize: 2, hiddenSize: 3, numLayers: 2, ...f64 });
  const x = randLeaf([6, 1, 2], g);
  const [full] = lstm.forward(x);
  // recorded (training mode, grad on), graph-free under noGrad, and graph-free in eval mode
  for (const mode of ['recorded', 'noGrad', 'eval'] as const) {
    lstm.train(mode !== 'eval');
    const s = lstm.initState(1);
    for (let t = 0; t < 6; t++) {
      const y = mode === 'noGrad' ? noGrad(() => lstm.step(x.select(0, t), s)) : lstm.step(x.select(0, t), s);
      assert.equal(y.requiresGrad, mode === 'recorded');
      assert.deepEqual(y.shape, [1, 3]);
      const want = full.select(0, t);
      y.toArray().forEach((v, i) => assert.ok(Math.abs(v - want.data[i]) < 1e-12, `${mode} step ${t}`));
    }
    assert.equal(s.h.requiresGrad, false);
  }
  const gru = new GRU({ inputSize: 2, hiddenSize: 3, numLayers: 3, ...f64 }).eval();
  const [gFull] = gru.forward(x);
  const gs = gru.initState(1);
  const last = [0, 1, 2, 3, 4, 5].map((t) => gru.step(x.select(0, t).squeeze(0), gs)).pop()!;
  assert.deepEqual(last.shape, [3]);
  last.toArray().forEach((v, i) => assert.ok(Math.abs(v - gFull.data[5 * 3 + i]) < 1e-12));
  assert.throws(() => gru.step(zeros([1, 5], { dtype: 'float64' }), gs), /\[B, 2\]/);
  assert.throws(() => new GRU({ inputSize: 2, hiddenSize: 3, bidirectional: true }).step(zeros([1, 2]), { h: zeros([2, 1, 3]), c: null }), /bidirectional/);
});

test('unbatched input [T, I] works like a batch of one', () => {
  const gru = new GRU({ inputSize: 2, hiddenSize: 3, ...f64 });
  const x = randLeaf([4, 2], g);
  const [o1, h1] = gru.forward(x);
  const [o2, h2] = gru.forward(x.unsqueeze(1));
  assert.deepEqual(o1.shape, [4, 3]);
  assert.deepEqual(h1.shape, [1, 3]);
  assert.deepEqual(o1.toArray(), o2.toArray());
  assert.deepEqual(h1.toArray(), h2.toArray());
});

test('bad input gets a clear error', () => {
  const lstm = new LSTM({ inputSize: 3, hiddenSize: 4 });
  assert.throws(() => lstm.forward(zeros([5, 2, 4])), (e: unknown) => e instanceof ShapeError && /inputSize=3/.test(e.message) && /\[5, 2, 4\]/.test(e.message));
  assert.throws(() => lstm.forward(zeros([5, 2, 3]), [zeros([1, 3, 4]), zeros([1, 2, 4])]), (e: unknown) => e instanceof ShapeError && /h0/.test(e.message));
  assert.throws(() => lstm.forward(zeros([5, 2, 3]), null, { lengths: [6, 2] }), (e: unknown) => e instanceof ValueError && /lengths\[0\] = 6/.test(e.message));
  assert.throws(() => lstm.forward(zeros([5, 2, 3]), null, { lengths: [0, 2] }), /lengths\[0\] = 0/);
  assert.throws(() => lstm.forward(zeros([5, 2, 3]), null, { lengths: [2] }), ShapeError);
  const bad = zeros([5, 2, 3]);
  bad.data[3 * 2 * 3 + 1 * 3 + 2] = NaN;
  assert.throws(() => lstm.forward(bad), (e: unknown) => e instanceof NonFiniteError && /\[3, 1, 2\]/.test(e.message));
  const dict = lstm.stateDict();
  dict.weight_ih_l5 = dict.weight_ih_l0;
  assert.throws(() => lstm.loadStateDict(dict), (e: unknown) => e instanceof StateDictError && /unexpected keys: weight_ih_l5/.test(e.message));
  const d2 = lstm.stateDict();
  delete d2.bias_hh_l0;
  assert.throws(() => lstm.loadStateDict(d2), /missing keys: bias_hh_l0/);
  const d3 = lstm.stateDict();
  d3.weight_hh_l0 = zeros([4, 4]);
  assert.throws(() => lstm.loadStateDict(d3), /weight_hh_l0' expected shape \[16, 4\], got \[4, 4\]/);
  assert.throws(() => new RNN({ inputSize: 0, hiddenSize: 2 }), /inputSize/);
});

test('state-dict keys follow PyTorch', () => {
  const gru = new GRU({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true });
  assert.deepEqual(Object.keys(gru.stateDict()), [
    'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0',
    'weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'bias_ih_l0_reverse', 'bias_hh_l0_reverse',
    'weight_ih_l1', 'weight_hh_l1', 'bias_ih_l1', 'bias_hh_l1',
    'weight_ih_l1_reverse', 'weight_hh_l1_reverse', 'bias_ih_l1_reverse', 'bias_hh_l1_reverse',
  ]);
  assert.deepEqual(gru.stateDict().weight_ih_l1.shape, [12, 8]);
});

test('the same seed gives the same model', () => {
  const a = new LSTM({ inputSize: 3, hiddenSize: 5, generator: new Generator(42) });
  const b = new LSTM({ inputSize: 3, hiddenSize: 5, generator: new Generator(42) });
  const c = new LSTM({ inputSize: 3, hiddenSize: 5, generator: new Generator(43) });
  assert.deepEqual(a.parameters().map((p) => p.toArray()), b.parameters().map((p) => p.toArray()));
  assert.notDeepEqual(a.parameters()[0].toArray(), c.parameters()[0].toArray());
});
