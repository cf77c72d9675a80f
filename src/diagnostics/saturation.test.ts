import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.js';
import { Generator, defaultGenerator } from '../random/generator.js';
import { RNN } from '../nn/rnn.js';
import { LSTM } from '../nn/lstm.js';
import { GRU } from '../nn/gru.js';
import { noGrad } from '../autograd/grad-mode.js';
import { ShapeError, ValueError } from '../errors.js';
import { gateSaturation, SATURATION_DEFAULTS, type GateSaturation } from './saturation.js';

function randnTensor(shape: number[], g: Generator, dtype: 'float32' | 'float64' = 'float64', scale = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = scale * g.normal();
  return new Tensor(d, shape);
}

/** Reference statistics of a list of pre-activations, by the same definitions, written out directly. */
function reference(pre: number[], activation: 'sigmoid' | 'tanh'): { saturated: number; mean: number; counts: number[]; below: number; above: number } {
  const [lo, hi] = SATURATION_DEFAULTS.range, bins = SATURATION_DEFAULTS.bins;
  const counts = new Array(bins).fill(0);
  let sat = 0, below = 0, above = 0;
  for (const p of pre) {
    const y = activation === 'sigmoid' ? 1 / (1 + Math.exp(-p)) : Math.tanh(p);
    if (activation === 'sigmoid' ? y < 0.05 || y > 0.95 : Math.abs(y) > 0.95) sat++;
    if (p < lo) below++;
    else if (p > hi) above++;
    else counts[Math.min(bins - 1, Math.floor((p - lo) / ((hi - lo) / bins)))]++;
  }
  return { saturated: sat / pre.length, mean: pre.reduce((a, b) => a + b, 0) / pre.length, counts, below, above };
}

function assertGate(actual: GateSaturation, pre: number[], activation: 'sigmoid' | 'tanh'): void {
  const r = reference(pre, activation);
  assert.equal(actual.count, pre.length);
  assert.equal(actual.activation, activation);
  assert.ok(Math.abs(actual.saturated - r.saturated) < 1e-12, `${actual.gate}: saturated ${actual.saturated} vs ${r.saturated}`);
  assert.ok(Math.abs(actual.mean - r.mean) < 1e-9, `${actual.gate}: mean ${actual.mean} vs ${r.mean}`);
  assert.deepEqual(actual.histogram.counts, r.counts, `${actual.gate} histogram`);
  assert.equal(actual.histogram.below, r.below);
  assert.equal(actual.histogram.above, r.above);
}

test('bidirectional GRU: the gates match pre-activations rebuilt from the fused forward pass', () => {
  const g = new Generator(11);
  const B = 3, T = 6, I = 2, H = 4;
  const gru = new GRU({ inputSize: I, hiddenSize: H, bidirectional: true, batchFirst: true, dtype: 'float64', generator: g });
  for (const p of gru.parameters()) for (let i = 0; i < p.size; i++) p.data[i] *= 4; // reach saturation
  const x = randnTensor([B, T, I], g);
  const [out] = noGrad(() => gru.forward(x)); // [B, T, 2H]
  const sat = gateSaturation(gru, x);
  assert.deepEqual(sat.map((s) => s.name), ['l0', 'l0_reverse']);
  for (const d of [0, 1]) {
    const w = gru.weights[0][d];
    const Wi = w.weightIh.data, Wh = w.weightHh.data, bi = w.biasIh!.data, bh = w.biasHh!.data;
    const pre: number[][] = [[], [], []];
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) {
      const prev = d === 0 ? t - 1 : t + 1; // the previous step in this direction's order
      const h = (j: number) => (prev < 0 || prev >= T ? 0 : out.data[(b * T + prev) * 2 * H + d * H + j]);
      const xi = (row: number) => { let s = bi[row]; for (let k = 0; k < I; k++) s += Wi[row * I + k] * x.data[(b * T + t) * I + k]; return s; };
      const hh = (row: number) => { let s = bh[row]; for (let k = 0; k < H; k++) s += Wh[row * H + k] * h(k); return s; };
      for (let j = 0; j < H; j++) {
        pre[0].push(xi(j) + hh(j));
        pre[1].push(xi(H + j) + hh(H + j));
        const r = 1 / (1 + Math.exp(-(xi(j) + hh(j))));
        pre[2].push(xi(2 * H + j) + r * hh(2 * H + j));
      }
    }
    const gates = sat[d].gates;
    assert.deepEqual(gates.map((s) => s.gate), ['r', 'z', 'n']);
    assertGate(gates[0], pre[0], 'sigmoid');
    assertGate(gates[1], pre[1], 'sigmoid');
    assertGate(gates[2], pre[2], 'tanh');
    assert.ok(gates.some((s) => s.saturated > 0.1) && gates.some((s) => s.saturated < 0.9), 'the test covers both sides of the thresholds');
  }
});

test('two stacked LSTM layers: layer 1 sees layer 0\'s output; c is the cell state; time-major input', () => {
  const g = new Generator(12);
  const T = 5, B = 2, I = 3, H = 4;
  const deep = new LSTM({ inputSize: I, hiddenSize: H, numLayers: 2, dtype: 'float64', generator: g });
  const l0 = new LSTM({ inputSize: I, hiddenSize: H, dtype: 'float64', generator: g });
  const l1 = new LSTM({ inputSize: H, hiddenSize: H, dtype: 'float64', generator: g });
  for (const [k, p] of deep.namedParameters()) {
    const target = k.endsWith('_l0') ? l0 : l1;
    const own = [...target.namedParameters()].find(([n]) => n === k.replace('_l1', '_l0'))![1];
    own.data.set(p.data);
  }
  const x = randnTensor([T, B, I], g, 'float64', 2);
  const sat = gateSaturation(deep, x);
  const [out0] = noGrad(() => l0.forward(x));
  const [s0] = gateSaturation(l0, x), [s1] = gateSaturation(l1, out0);
  assert.deepEqual(sat.map((s) => s.name), ['l0', 'l1']);
  assert.deepEqual(sat[0].gates.map((s) => s.gate), ['i', 'f', 'g', 'o', 'c']);
  for (const [a, e] of [[sat[0], s0], [sat[1], s1]] as const) {
    a.gates.forEach((ga, k) => {
      assert.equal(ga.saturated, e.gates[k].saturated);
      assert.ok(Math.abs(ga.mean - e.gates[k].mean) < 1e-12);
      assert.deepEqual(ga.histogram.counts, e.gates[k].histogram.counts);
    });
  }
  for (const s of sat[0].gates) assert.equal(s.count, T * B * H);
});

test('extremes: a forget bias of +10 saturates f open; tiny weights saturate nothing; relu counts zeros', () => {
  const g = new Generator(13);
  const lstm = new LSTM({ inputSize: 2, hiddenSize: 8, batchFirst: true, generator: g });
  const H = 8;
  for (const p of lstm.parameters()) p.data.fill(0);
  lstm.weights[0][0].biasHh!.data.fill(10, H, 2 * H);
  const x = randnTensor([4, 10, 2], g, 'float32');
  const gates = gateSaturation(lstm, x)[0].gates;
  const f = gates.find((s) => s.gate === 'f')!;
  assert.equal(f.high, 1);
  assert.equal(f.low, 0);
  assert.equal(f.histogram.above, f.count, 'pre-activation 10 lies above the default range');
  for (const s of gates.filter((s) => s.gate !== 'f')) assert.equal(s.saturated, 0, `${s.gate} with zero weights`);
  assert.equal(gates.find((s) => s.gate === 'i')!.mean, 0);

  const relu = new RNN({ inputSize: 1, hiddenSize: 16, nonlinearity: 'relu', batchFirst: true, generator: g });
  const [r] = gateSaturation(relu, randnTensor([8, 12, 1], g, 'float32'), { bins: 4, range: [-1, 1] });
  const h = r.gates[0];
  assert.equal(h.activation, 'relu');
  assert.ok(h.low > 0.2 && h.low < 0.8, `share of dead relu units ${h.low}`);
  assert.equal(h.high, 0);
  assert.deepEqual(Array.from(h.histogram.edges), [-1, -0.5, 0, 0.5, 1]);
  assert.equal(h.histogram.counts.reduce((a, b) => a + b, 0) + h.histogram.below + h.histogram.above, h.count);
});

test('the model\'s generator is untouched; bad inputs and options are refused', () => {
  const g = new Generator(14);
  const rnn = new RNN({ inputSize: 3, hiddenSize: 4, batchFirst: true, generator: g });
  const x = randnTensor([2, 5, 3], new Generator(1), 'float32');
  const before = [g.getState(), defaultGenerator().getState()];
  gateSaturation(rnn, x);
  assert.deepEqual([g.getState(), defaultGenerator().getState()], before);
  assert.throws(() => gateSaturation(rnn, randnTensor([2, 5, 2], g, 'float32')), ShapeError);
  assert.throws(() => gateSaturation(rnn, randnTensor([5, 3], g, 'float32')), /expected shape \[B, T, 3\]/);
  assert.throws(() => gateSaturation(rnn, x.to('float64')), ValueError);
  assert.throws(() => gateSaturation(rnn, x, { bins: 0 }), /bins must be a positive integer/);
  assert.throws(() => gateSaturation(rnn, x, { range: [1, -1] }), /finite lo < hi/);
});
