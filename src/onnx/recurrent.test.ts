import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { Generator } from '../random/generator.js';
import { randn } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/grad-mode.js';
import { LSTM } from '../nn/lstm.js';
import { GRU } from '../nn/gru.js';
import { RNN } from '../nn/rnn.js';
import type { RecurrentBase } from '../nn/recurrent-base.js';
import { RNNCell, LSTMCell, GRUCell } from '../nn/cells.js';
import type { RecurrentOptions } from '../nn/recurrent-options.js';
import { exportOnnx } from './export.js';
import { assertClose, f32, i32, run, session } from './test-helpers/ort.js';

const g = new Generator(11);

const CELLS: [string, (o: RecurrentOptions) => RecurrentBase][] = [
  ['LSTM', (o) => new LSTM(o)],
  ['GRU', (o) => new GRU(o)],
  ['GRU reset-before', (o) => new GRU({ ...o, resetAfter: false })],
  ['RNN tanh', (o) => new RNN(o)],
  ['RNN relu', (o) => new RNN({ ...o, nonlinearity: 'relu' })],
];

/** Our forward: output and the final states ([h] or [h, c]). */
function ours(layer: RecurrentBase, x: Tensor, state: Tensor[] | null, lengths?: number[]): { out: Tensor; h: Tensor; c: Tensor | null } {
  return noGrad(() => {
    const opts = lengths ? { lengths } : {};
    if (layer instanceof LSTM) {
      const [out, [h, c]] = layer.forward(x, state ? [state[0], state[1]] : null, opts);
      return { out, h, c };
    }
    const [out, h] = (layer as GRU).forward(x, state ? state[0] : null, opts);
    return { out, h, c: null };
  });
}

test('RNN, LSTM and GRU: every cell, uni/bi, 1–2 layers, bias on/off, batchFirst both ways, with and without lengths, batch sizes other than the export\'s', async () => {
  for (const [cell, make] of CELLS) {
    for (const bidirectional of [false, true]) {
      for (const numLayers of [1, 2]) {
        for (const batchFirst of [false, true]) {
          const bias = !(numLayers === 2 && batchFirst); // some of each
          const layer = make({ inputSize: 3, hiddenSize: 5, numLayers, bidirectional, batchFirst, bias, generator: g }).eval();
          const what = `${cell} bi=${bidirectional} L=${numLayers} batchFirst=${batchFirst} bias=${bias}`;
          const plain = await session(exportOnnx(layer));
          const withLengths = await session(exportOnnx(layer, { withLengths: true }));
          for (const [B, T, lengths] of [[2, 6, [6, 3]], [5, 4, [4, 1, 3, 4, 2]]] as const) {
            const x = randn(batchFirst ? [B, T, 3] : [T, B, 3], { generator: g });
            const want = ours(layer, x, null);
            const got = await run(plain, { input: f32(x) });
            assertClose(got.output, want.out, `${what} B=${B} output`);
            assertClose(got.h_n, want.h, `${what} B=${B} h_n`);
            if (want.c) assertClose(got.c_n, want.c, `${what} B=${B} c_n`);
            const wantL = ours(layer, x, null, [...lengths]);
            const gotL = await run(withLengths, { input: f32(x), lengths: i32(lengths) });
            assertClose(gotL.output, wantL.out, `${what} B=${B} lengths output`);
            assertClose(gotL.h_n, wantL.h, `${what} B=${B} lengths h_n`);
            if (wantL.c) assertClose(gotL.c_n, wantL.c, `${what} B=${B} lengths c_n`);
          }
        }
      }
    }
  }
});

test('initial states are graph inputs h0 (and c0) with withInitialState', async () => {
  for (const [cell, make] of CELLS.slice(0, 4)) {
    const layer = make({ inputSize: 2, hiddenSize: 3, numLayers: 2, bidirectional: true, generator: g }).eval();
    const s = await session(exportOnnx(layer, { withInitialState: true, withLengths: true }));
    const x = randn([4, 3, 2], { generator: g });
    const h0 = randn([4, 3, 3], { generator: g });
    const c0 = randn([4, 3, 3], { generator: g });
    const want = ours(layer, x, layer instanceof LSTM ? [h0, c0] : [h0], [4, 2, 3]);
    const feeds = { input: f32(x), h0: f32(h0), lengths: i32([4, 2, 3]), ...(layer instanceof LSTM ? { c0: f32(c0) } : {}) };
    const got = await run(s, feeds);
    assertClose(got.output, want.out, `${cell} output`);
    assertClose(got.h_n, want.h, `${cell} h_n`);
    if (want.c) assertClose(got.c_n, want.c, `${cell} c_n`);
  }
});

test('the streaming step matches layer.step(), state in and out, over a stream of steps', async () => {
  for (const [cell, make] of CELLS) {
    for (const numLayers of [1, 2]) {
      const layer = make({ inputSize: 3, hiddenSize: 4, numLayers, generator: g }).eval();
      const s = await session(exportOnnx(layer, { step: true }));
      const B = 3;
      const state = layer.initState(B);
      let h: Float32Array = new Float32Array(numLayers * B * 4);
      let c: Float32Array = new Float32Array(numLayers * B * 4);
      for (let t = 0; t < 5; t++) {
        const x = randn([B, 3], { generator: g });
        const y = noGrad(() => layer.step(x, state));
        const dims = [numLayers, B, 4];
        const got = await run(s, { input: f32(x), h: new ort.Tensor('float32', h, dims), ...(state.c ? { c: new ort.Tensor('float32', c, dims) } : {}) });
        assertClose(got.output, y, `${cell} L=${numLayers} step ${t} output`);
        assertClose(got.h_out, state.h, `${cell} L=${numLayers} step ${t} h`);
        if (state.c) assertClose(got.c_out, state.c, `${cell} L=${numLayers} step ${t} c`);
        h = got.h_out.data;
        if (state.c) c = got.c_out.data;
      }
    }
  }
});

test('static shapes: batchSize and seqLen fix the dimensions; ONNX Runtime refuses another batch', async () => {
  const layer = new GRU({ inputSize: 2, hiddenSize: 3, batchFirst: true, generator: g }).eval();
  const s = await session(exportOnnx(layer, { dynamicAxes: false, batchSize: 2, seqLen: 4 }));
  const x = randn([2, 4, 2], { generator: g });
  assertClose((await run(s, { input: f32(x) })).output, ours(layer, x, null).out, 'static output');
  await assert.rejects(s.run({ input: f32(randn([3, 4, 2], { generator: g })) }), /dimension|Got invalid dimensions/i);
});

test('every supported opset runs in ONNX Runtime with the same outputs', async () => {
  const layer = new LSTM({ inputSize: 2, hiddenSize: 3, bidirectional: true, generator: g }).eval();
  const x = randn([3, 2, 2], { generator: g });
  const want = ours(layer, x, null, [3, 2]);
  for (let opset = 14; opset <= 22; opset++) {
    const got = await run(await session(exportOnnx(layer, { opset, withLengths: true })), { input: f32(x), lengths: i32([3, 2]) });
    assertClose(got.output, want.out, `opset ${opset}`);
  }
});

test('the weights are converted exactly: a GRU whose only nonzero block is one gate tells the gate order', async () => {
  // With every weight zero, r = z = σ(b); n = tanh(b_in + r·b_hn); h₁ = (1 − z)·n. Put distinct
  // biases per gate and compare with the formula: a swapped gate order gives another number.
  const gru = new GRU({ inputSize: 1, hiddenSize: 1, generator: g }).eval();
  for (const [, p] of gru.namedParameters()) p.data.fill(0);
  gru.weights[0][0].biasIh!.data.set([0.3, -0.7, 0.9]); // r, z, n
  gru.weights[0][0].biasHh!.data.set([0.1, 0.2, -0.4]);
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const r = sig(0.4), z = sig(-0.5), n = Math.tanh(0.9 + r * -0.4);
  const got = await run(await session(exportOnnx(gru)), { input: f32(new Tensor(new Float32Array(1), [1, 1, 1])) });
  assert.ok(Math.abs(got.output.data[0] - (1 - z) * n) < 1e-6, `h₁ = ${got.output.data[0]}, expected ${(1 - z) * n}`);
});

test('a float64 layer exports with its weights rounded to float32 (the graph is float32)', async () => {
  const layer = new LSTM({ inputSize: 2, hiddenSize: 3, dtype: 'float64', generator: g }).eval();
  const x = randn([4, 2, 2], { generator: g, dtype: 'float64' });
  const got = await run(await session(exportOnnx(layer)), { input: f32(x) });
  const want = ours(layer, x, null).out;
  for (let i = 0; i < want.data.length; i++) assert.ok(Math.abs(got.output.data[i] - want.data[i]) < 1e-5, `element ${i}: ${got.output.data[i]} vs ${want.data[i]}`);
});

test('RNNCell, LSTMCell and GRUCell: input, hx (cx) → h (c), every variant, bias on and off', async () => {
  const cells = [
    new RNNCell(3, 4, { generator: g }), new RNNCell(3, 4, { nonlinearity: 'relu', bias: false, generator: g }),
    new LSTMCell(3, 4, { generator: g }), new GRUCell(3, 4, { generator: g }), new GRUCell(3, 4, { resetAfter: false, generator: g }),
  ];
  for (const cell of cells) {
    const what = JSON.stringify(cell.config());
    const s = await session(exportOnnx(cell));
    for (const B of [2, 5]) {
      const x = randn([B, 3], { generator: g });
      const hx = randn([B, 4], { generator: g });
      const cx = randn([B, 4], { generator: g });
      if (cell instanceof LSTMCell) {
        const [h, c] = noGrad(() => cell.forward(x, [hx, cx]));
        const got = await run(s, { input: f32(x), hx: f32(hx), cx: f32(cx) });
        assertClose(got.h, h, `${what} h`);
        assertClose(got.c, c, `${what} c`);
      } else {
        const h = noGrad(() => (cell as RNNCell).forward(x, hx));
        assertClose((await run(s, { input: f32(x), hx: f32(hx) })).h, h, `${what} B=${B}`);
      }
    }
  }
});
