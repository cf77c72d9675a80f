import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros } from '../tensor/create.js';
import { Generator } from '../random/generator.js';
import { LSTM } from './lstm.js';
import { RNN } from './rnn.js';
import { eye_, kaimingUniform_, lstmForgetBias_, orthogonal_, xavierNormal_, xavierUniform_ } from './init.js';

const g = new Generator(9);

function gram(data: ArrayLike<number>, rows: number, cols: number, byRows: boolean): number[][] {
  const n = byRows ? rows : cols, len = byRows ? cols : rows;
  const at = (i: number, k: number) => (byRows ? data[i * cols + k] : data[k * cols + i]);
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let k = 0; k < len; k++) s += at(i, k) * at(j, k);
    return s;
  }));
}

test('orthogonal_: WᵀW = I (tall) and WWᵀ = I (wide), scaled by gain', () => {
  for (const [r, c] of [[8, 8], [12, 4], [4, 12]]) {
    const w = orthogonal_(zeros([r, c], { dtype: 'float64' }), 2, g);
    const G = gram(w.data, r, c, r < c);
    G.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - (i === j ? 4 : 0)) < 1e-9, `[${r}x${c}] G[${i}][${j}] = ${v}`)));
  }
});

test('xavier and kaiming bounds and spread', () => {
  const w = xavierUniform_(zeros([200, 300]), 1, g);
  const bound = Math.sqrt(6 / 500);
  assert.ok(w.toArray().every((v) => Math.abs(v) <= bound));
  const n = xavierNormal_(zeros([200, 300]), 1, g).toArray();
  const std = Math.sqrt(n.reduce((a, v) => a + v * v, 0) / n.length);
  assert.ok(Math.abs(std - Math.sqrt(2 / 500)) < 0.002, `std ${std}`);
  const k = kaimingUniform_(zeros([10, 50]), Math.SQRT2, g);
  assert.ok(k.toArray().every((v) => Math.abs(v) <= Math.sqrt(6 / 50)));
});

test('identity init for an IRNN and forget-gate bias for an LSTM', () => {
  const rnn = new RNN({ inputSize: 2, hiddenSize: 3, nonlinearity: 'relu' });
  eye_(rnn.weights[0][0].weightHh);
  assert.deepEqual(rnn.weights[0][0].weightHh.toArray(), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
  const lstm = new LSTM({ inputSize: 2, hiddenSize: 3, numLayers: 2, bidirectional: true });
  lstmForgetBias_(lstm, 1);
  for (const layer of lstm.weights) for (const w of layer) {
    const sum = w.biasIh!.toArray().map((v, i) => v + w.biasHh!.data[i]);
    assert.deepEqual(sum.slice(3, 6), [1, 1, 1]);
  }
});

test('PyTorch default: every recurrent weight in U(−1/√H, 1/√H)', () => {
  const lstm = new LSTM({ inputSize: 5, hiddenSize: 16 });
  for (const p of lstm.parameters()) assert.ok(p.toArray().every((v) => Math.abs(v) <= 0.25));
});
