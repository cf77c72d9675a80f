// Keras / TF.js weights in and out, against the real implementations:
// - test/fixtures/keras/*.json (made by scripts/fixtures/make_keras_fixtures.mjs with TF.js
//   layers): loaded into our layers, outputs equal TF.js' to 1e-5; saved back, the weights equal
//   the fixture's bit for bit;
// - GRU reset_after=True, which TF.js cannot run: PyTorch's GRU outputs (test/fixtures/rnn, made
//   with torch) through Keras' layout, built here independently of the conversion, and the Keras
//   cell equations written out on Keras-layout weights;
// - TF.js live: our random layers exported and run by TF.js give our outputs;
// - wrong counts and shapes are ShapeErrors that name the weight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { assertClose } from '../../../test/helpers/gradcheck.js';
import { Tensor } from '../../tensor/tensor.js';
import { Generator } from '../../random/generator.js';
import { RNN } from '../../nn/rnn.js';
import { LSTM } from '../../nn/lstm.js';
import { GRU } from '../../nn/gru.js';
import { ShapeError, ValueError } from '../../errors.js';
import { fromKerasWeights, toKerasWeights, type KerasRecurrent } from './weights.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/keras/', import.meta.url));
const TORCH_FIXTURES = fileURLToPath(new URL('../../../test/fixtures/rnn/', import.meta.url));

interface Enc { shape: number[]; data: number[] }
interface KerasFixture {
  name: string;
  layers: { className: string; config: Record<string, any> }[];
  weights: (Enc & { name: string })[];
  input: Enc;
  output: Enc;
  states: Enc[] | null;
}

const fixtures: KerasFixture[] = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(FIXTURES + f, 'utf8')) as KerasFixture);

/** Our layer equivalent to a fixture's stack of Keras layers (batch-first, like Keras). */
function layerFor(fx: KerasFixture, dtype: 'float32' | 'float64'): KerasRecurrent {
  const rec = fx.layers.filter((l) => l.className !== 'InputLayer');
  const bidirectional = rec[0].className === 'Bidirectional';
  const inner = bidirectional ? rec[0].config.layer : rec[0];
  const cfg = inner.config;
  const options = {
    inputSize: fx.input.shape[2], hiddenSize: cfg.units, numLayers: rec.length, bias: cfg.useBias,
    bidirectional, batchFirst: true, dtype,
  };
  if (inner.className === 'LSTM') return new LSTM(options);
  if (inner.className === 'GRU') return new GRU({ ...options, resetAfter: cfg.resetAfter });
  return new RNN({ ...options, nonlinearity: cfg.activation });
}

function run(layer: KerasRecurrent, x: Tensor): { out: Tensor; h: Tensor; c: Tensor | null } {
  if (layer instanceof LSTM) {
    const [out, [h, c]] = layer.forward(x);
    return { out, h, c };
  }
  const [out, h] = layer.forward(x);
  return { out, h, c: null };
}

test('the fixtures were made by TF.js and cover every layer kind', () => {
  const names = fixtures.map((f) => f.name);
  for (const n of ['simple_rnn', 'simple_rnn_relu', 'lstm', 'lstm_no_bias', 'gru_reset_before', 'lstm_stacked', 'lstm_bidirectional', 'gru_reset_before_bidirectional_stacked', 'simple_rnn_bidirectional']) {
    assert.ok(names.includes(n), `missing fixture ${n}`);
  }
});

for (const fx of fixtures) {
  for (const dtype of ['float32', 'float64'] as const) {
    test(`${fx.name} (${dtype}): TF.js weights loaded give TF.js' outputs to 1e-5, and save back bit for bit`, () => {
      const layer = layerFor(fx, dtype);
      fromKerasWeights(layer, fx.weights);
      const x = new Tensor(dtype === 'float32' ? Float32Array.from(fx.input.data) : Float64Array.from(fx.input.data), fx.input.shape);
      const { out, h, c } = run(layer, x);
      assert.deepEqual(out.shape, fx.output.shape);
      assertClose(out.data, fx.output.data, { atol: 1e-5, msg: `${fx.name} output` });
      if (fx.states) {
        // Keras returns [h] or [h, c] of the last step, [B, H]; ours are [L·D, B, H] with L·D = 1.
        assertClose(h.data, fx.states[0].data, { atol: 1e-5, msg: `${fx.name} final h` });
        if (c) assertClose(c.data, fx.states[1].data, { atol: 1e-5, msg: `${fx.name} final c` });
      }
      const back = toKerasWeights(layer);
      assert.equal(back.length, fx.weights.length);
      back.forEach((w, i) => {
        assert.deepEqual(w.shape, fx.weights[i].shape, `${w.name} shape`);
        assert.ok(fx.weights[i].name.endsWith(w.name.split('/').pop() as string), `${w.name} is in ${fx.weights[i].name}'s place`);
        assert.deepEqual(Array.from(w.data), fx.weights[i].data, `${w.name} values`);
      });
    });
  }
}

// ---- GRU reset_after=True ----------------------------------------------------------------------

interface TorchFixture {
  config: { inputSize: number; hiddenSize: number; numLayers: number; bias: boolean; batchFirst: boolean; bidirectional: boolean };
  params: Record<string, Enc>;
  input: Enc;
  h0: Enc | null;
  expected: { out: Enc; hN: Enc };
}

/**
 * PyTorch GRU parameters in Keras reset_after=True layout, written out directly: kernel
 * [I, 3H] = [W_iz ‖ W_ir ‖ W_in]ᵀ, recurrent_kernel [H, 3H] = [W_hz ‖ W_hr ‖ W_hn]ᵀ,
 * bias [2, 3H] = [[b_iz, b_ir, b_in], [b_hz, b_hr, b_hn]].
 */
function torchToKeras(fx: TorchFixture): Enc[] {
  const { hiddenSize: H, numLayers, bidirectional, bias } = fx.config;
  const rows = (m: Enc, gate: number) => m.data.slice(gate * H * m.shape[1], (gate + 1) * H * m.shape[1]);
  const transposeCat = (m: Enc): Enc => {
    const cols = m.shape[1];
    const blocks = [rows(m, 1), rows(m, 0), rows(m, 2)]; // z, r, n
    const data: number[] = [];
    for (let r = 0; r < cols; r++) for (const blk of blocks) for (let j = 0; j < H; j++) data.push(blk[j * cols + r]);
    return { shape: [cols, 3 * H], data };
  };
  const zrn = (b: Enc) => [...b.data.slice(H, 2 * H), ...b.data.slice(0, H), ...b.data.slice(2 * H)];
  const out: Enc[] = [];
  for (let l = 0; l < numLayers; l++) {
    for (const sfx of bidirectional ? ['', '_reverse'] : ['']) {
      const p = (n: string) => fx.params[`${n}_l${l}${sfx}`];
      out.push(transposeCat(p('weight_ih')), transposeCat(p('weight_hh')));
      if (bias) out.push({ shape: [2, 3 * H], data: [...zrn(p('bias_ih')), ...zrn(p('bias_hh'))] });
    }
  }
  return out;
}

for (const name of ['gru_1layer', 'gru_2layer', 'gru_bidir_2layer', 'gru_batch_first']) {
  test(`GRU reset_after=True: PyTorch's ${name} outputs through Keras' layout, to 1e-12`, () => {
    const fx = JSON.parse(readFileSync(`${TORCH_FIXTURES}${name}.json`, 'utf8')) as TorchFixture;
    const gru = new GRU({ ...fx.config, dtype: 'float64' });
    const keras = torchToKeras(fx);
    fromKerasWeights(gru, keras);
    const x = new Tensor(Float64Array.from(fx.input.data), fx.input.shape);
    const h0 = fx.h0 ? new Tensor(Float64Array.from(fx.h0.data), fx.h0.shape) : null;
    const [out, hN] = gru.forward(x, h0);
    assertClose(out.data, fx.expected.out.data, { atol: 1e-12, msg: `${name} out` });
    assertClose(hN.data, fx.expected.hN.data, { atol: 1e-12, msg: `${name} hN` });
    // Two bias rows keep b_ih and b_hh apart: the state dict is PyTorch's exactly, and so is the way back.
    for (const [k, v] of Object.entries(fx.params)) assert.deepEqual(Array.from((gru.stateDict()[k] as Tensor).data), v.data, k);
    toKerasWeights(gru).forEach((w, i) => assert.deepEqual(Array.from(w.data), keras[i].data, w.name));
  });
}

/**
 * Keras' GRUCell (reset_after=True) step, as Keras writes it, on Keras-layout weights:
 *   x_z, x_r, x_h = split(x·kernel + bias[0]);  i_z, i_r, i_h = split(h·recurrent_kernel + bias[1])
 *   z = σ(x_z + i_z);  r = σ(x_r + i_r);  hh = tanh(x_h + r ⊙ i_h);  h' = z ⊙ h + (1 − z) ⊙ hh
 * x [B, T, I] batch-first, from zeros; returns the outputs [B, T, H].
 */
function kerasGruResetAfter(kernel: ArrayLike<number>, rk: ArrayLike<number>, bias: ArrayLike<number>, x: ArrayLike<number>, B: number, T: number, I: number, H: number): Float64Array {
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const out = new Float64Array(B * T * H);
  for (let b = 0; b < B; b++) {
    let h = new Float64Array(H);
    for (let t = 0; t < T; t++) {
      const mx = new Float64Array(3 * H), mi = new Float64Array(3 * H);
      for (let c = 0; c < 3 * H; c++) {
        let s = bias[c], u = bias[3 * H + c];
        for (let i = 0; i < I; i++) s += x[(b * T + t) * I + i] * kernel[i * 3 * H + c];
        for (let j = 0; j < H; j++) u += h[j] * rk[j * 3 * H + c];
        mx[c] = s;
        mi[c] = u;
      }
      const next = new Float64Array(H);
      for (let j = 0; j < H; j++) {
        const z = sig(mx[j] + mi[j]), r = sig(mx[H + j] + mi[H + j]);
        const hh = Math.tanh(mx[2 * H + j] + r * mi[2 * H + j]);
        next[j] = z * h[j] + (1 - z) * hh;
        out[(b * T + t) * H + j] = next[j];
      }
      h = next;
    }
  }
  return out;
}

test('GRU reset_after=True: Keras-layout weights give the Keras cell equations written out', () => {
  const g = new Generator(5);
  const B = 2, T = 4, I = 3, H = 5;
  const r = (n: number) => Float64Array.from({ length: n }, () => 1.2 * g.uniform() - 0.6);
  const kernel = r(I * 3 * H), rk = r(H * 3 * H), bias = r(2 * 3 * H), x = r(B * T * I);
  const gru = new GRU({ inputSize: I, hiddenSize: H, batchFirst: true, dtype: 'float64' });
  fromKerasWeights(gru, [{ shape: [I, 3 * H], data: kernel }, { shape: [H, 3 * H], data: rk }, { shape: [2, 3 * H], data: bias }]);
  const [out] = gru.forward(new Tensor(x, [B, T, I]));
  assertClose(out.data, kerasGruResetAfter(kernel, rk, bias, x, B, T, I, H), { atol: 1e-12, msg: 'GRU reset_after=True' });
});

// ---- TF.js live: our weights out, TF.js runs them ----------------------------------------------

test('TF.js runs our exported SimpleRNN, LSTM and GRU (reset_after=False) weights and gives our outputs to 1e-5', async () => {
  const require = createRequire(import.meta.url);
  const tf = require('@tensorflow/tfjs-core');
  require('@tensorflow/tfjs-backend-cpu');
  const tfl = require('@tensorflow/tfjs-layers');
  await tf.setBackend('cpu');
  const g = new Generator(9);
  const B = 3, T = 6, I = 2, H = 5;
  const init = { kernelInitializer: 'zeros', recurrentInitializer: 'zeros', biasInitializer: 'zeros', returnSequences: true };
  const cases: [KerasRecurrent, () => unknown][] = [
    [new RNN({ inputSize: I, hiddenSize: H, batchFirst: true, generator: g }), () => tfl.layers.simpleRNN({ units: H, ...init })],
    [new LSTM({ inputSize: I, hiddenSize: H, batchFirst: true, numLayers: 2, generator: g }), () => tfl.layers.lstm({ units: H, recurrentActivation: 'sigmoid', ...init })],
    [new GRU({ inputSize: I, hiddenSize: H, batchFirst: true, bidirectional: true, resetAfter: false, generator: g }),
      () => tfl.layers.bidirectional({ layer: tfl.layers.gru({ units: H, resetAfter: false, recurrentActivation: 'sigmoid', ...init }) })],
  ];
  for (const [layer, make] of cases) {
    const model = tfl.sequential();
    model.add(tfl.layers.inputLayer({ batchInputShape: [null, T, I] }));
    for (let l = 0; l < layer.numLayers; l++) model.add(make());
    model.setWeights(toKerasWeights(layer).map((w) => tf.tensor(w.data, w.shape)));
    const xData = Float32Array.from({ length: B * T * I }, () => g.normal());
    const expected = model.predict(tf.tensor(xData, [B, T, I])).dataSync();
    assertClose(run(layer, new Tensor(xData, [B, T, I])).out.data, expected, { atol: 1e-5, msg: layer.constructor.name });
    // TF.js' own tensors (shape + dataSync) load as they are.
    const copy = new (layer.constructor as new (o: object) => KerasRecurrent)({ ...layer.config().options, generator: g });
    fromKerasWeights(copy, model.getWeights());
    assert.deepEqual(toKerasWeights(copy).map((w) => Array.from(w.data)), toKerasWeights(layer).map((w) => Array.from(w.data)));
  }
});

// ---- bad input ----------------------------------------------------------------------------------

test('wrong counts and shapes are ShapeErrors that name the weight and the layer, and nothing is written', () => {
  const lstm = new LSTM({ inputSize: 3, hiddenSize: 4, bidirectional: true });
  const ws = toKerasWeights(lstm);
  const before = toKerasWeights(lstm).map((w) => Array.from(w.data));
  assert.throws(() => fromKerasWeights(lstm, ws.slice(0, 5)), (e: unknown) =>
    e instanceof ShapeError && /fromKerasWeights\(LSTM\) weight count/.test(e.message) && /6 tensors \(forward\/kernel, .*backward\/bias\)/.test(e.message) && /got 5/.test(e.message));
  const bad = ws.map((w, i) => (i === 4 ? { ...w, shape: [3, 16] } : w));
  assert.throws(() => fromKerasWeights(lstm, bad), (e: unknown) =>
    e instanceof ShapeError && /weight 4 \(backward\/recurrent_kernel\)/.test(e.message) && /expected shape \[4, 16\], got \[3, 16\]/.test(e.message));
  const short = ws.map((w, i) => (i === 0 ? { ...w, data: w.data.subarray(1) } : w));
  assert.throws(() => fromKerasWeights(lstm, short), (e: unknown) => e instanceof ShapeError && /weight 0 \(forward\/kernel\) values/.test(e.message));
  assert.deepEqual(toKerasWeights(lstm).map((w) => Array.from(w.data)), before, 'a refused load writes nothing');
  // A GRU bias names the variant it belongs to.
  const before2 = new GRU({ inputSize: 2, hiddenSize: 3, resetAfter: false });
  const after2 = toKerasWeights(new GRU({ inputSize: 2, hiddenSize: 3 }));
  assert.throws(() => fromKerasWeights(before2, after2), (e: unknown) =>
    e instanceof ShapeError && /weight 2 \(bias\)/.test(e.message) && /expected shape \[9\], got \[2, 9\]/.test(e.message) && /resetAfter: true/.test(e.message));
  assert.throws(() => fromKerasWeights(new GRU({ inputSize: 2, hiddenSize: 3 }), toKerasWeights(before2)), (e: unknown) =>
    e instanceof ShapeError && /resetAfter: false/.test(e.message));
  // A TF.js weight's own name is quoted.
  assert.throws(() => fromKerasWeights(new RNN({ inputSize: 2, hiddenSize: 3 }), [{ name: 'simple_rnn/kernel', shape: [3, 3], data: new Float32Array(9) }, ...toKerasWeights(new RNN({ inputSize: 2, hiddenSize: 3 })).slice(1)]),
    (e: unknown) => e instanceof ShapeError && /given as 'simple_rnn\/kernel'/.test(e.message));
  assert.throws(() => fromKerasWeights({} as KerasRecurrent, []), ValueError);
  assert.throws(() => toKerasWeights({} as KerasRecurrent), ValueError);
});
