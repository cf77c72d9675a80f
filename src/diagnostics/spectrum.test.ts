import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../random/generator.js';
import { RNN } from '../nn/rnn.js';
import { LSTM } from '../nn/lstm.js';
import { GRU } from '../nn/gru.js';
import { Linear } from '../nn/linear.js';
import { ManyToOne } from '../models/many-to-one.js';
import { ValueError } from '../errors.js';
import { recurrentSpectrum } from './spectrum.js';

/** An H×H block: ρ·R(θ) 2×2 rotations on the diagonal (eigenvalues ρ·e^{±iθ}, singular values ρ). */
function scaledRotations(H: number, rho: number, theta: number): Float64Array {
  const w = new Float64Array(H * H);
  for (let i = 0; i < H; i += 2) {
    w[i * H + i] = rho * Math.cos(theta); w[i * H + i + 1] = -rho * Math.sin(theta);
    w[(i + 1) * H + i] = rho * Math.sin(theta); w[(i + 1) * H + i + 1] = rho * Math.cos(theta);
  }
  return w;
}

test('RNN: the spectrum of a W_hh set to scaled rotations is ρ, in float64 from float32 weights', () => {
  const rnn = new RNN({ inputSize: 2, hiddenSize: 6, generator: new Generator(0) });
  rnn.weights[0][0].weightHh.data.set(scaledRotations(6, 0.9, 0.7));
  const [w] = recurrentSpectrum(rnn);
  assert.equal(w.name, 'weight_hh_l0');
  assert.deepEqual(w.gates.map((g) => g.gate), ['h']);
  assert.ok(Math.abs(w.gates[0].spectralRadius - 0.9) < 1e-6, `${w.gates[0].spectralRadius}`); // float32 weights
  for (const s of w.gates[0].singularValues) assert.ok(Math.abs(s - 0.9) < 1e-6);
  assert.equal(w.gates[0].singularValues.length, 6);
});

test('LSTM and GRU: one spectrum per gate block, in PyTorch packing order, per layer and direction', () => {
  const H = 4;
  const lstm = new LSTM({ inputSize: 3, hiddenSize: H, dtype: 'float64', generator: new Generator(1) });
  const whh = lstm.weights[0][0].weightHh.data; // [4H, H]: i, f, g, o
  [0.1, 0.99, 0.5, 2].forEach((scale, k) => whh.set(scaledRotations(H, scale, 0.3), k * H * H));
  const [s] = recurrentSpectrum(lstm);
  assert.deepEqual(s.gates.map((g) => g.gate), ['i', 'f', 'g', 'o']);
  [0.1, 0.99, 0.5, 2].forEach((scale, k) => {
    assert.ok(Math.abs(s.gates[k].spectralRadius - scale) < 1e-12, `${s.gates[k].gate}: ${s.gates[k].spectralRadius}`);
    assert.ok(Math.abs(s.gates[k].singularValues[0] - scale) < 1e-12);
  });
  const gru = new GRU({ inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true, generator: new Generator(2) });
  const all = recurrentSpectrum(gru);
  assert.deepEqual(all.map((w) => [w.name, w.layer, w.direction]), [
    ['weight_hh_l0', 0, 0], ['weight_hh_l0_reverse', 0, 1], ['weight_hh_l1', 1, 0], ['weight_hh_l1_reverse', 1, 1],
  ]);
  for (const w of all) {
    assert.deepEqual(w.gates.map((g) => g.gate), ['r', 'z', 'n']);
    for (const g of w.gates) assert.ok(g.spectralRadius <= g.singularValues[0] + 1e-9, 'ρ ≤ σ_max');
  }
});

test('a diagonal W_hh: ρ is the largest |entry|; a nilpotent one: ρ = 0 with σ_max > 0', () => {
  const rnn = new RNN({ inputSize: 1, hiddenSize: 3, dtype: 'float64', generator: new Generator(3) });
  rnn.weights[0][0].weightHh.data.set([0.5, 0, 0, 0, -1.5, 0, 0, 0, 0.25]);
  assert.equal(recurrentSpectrum(rnn)[0].gates[0].spectralRadius, 1.5);
  assert.deepEqual(Array.from(recurrentSpectrum(rnn)[0].gates[0].singularValues), [1.5, 0.5, 0.25]);
  rnn.weights[0][0].weightHh.data.set([0, 2, 0, 0, 0, 3, 0, 0, 0]); // strictly upper triangular
  const [w] = recurrentSpectrum(rnn);
  assert.ok(w.gates[0].spectralRadius < 1e-12);
  assert.equal(w.gates[0].singularValues[0], 3);
});

test('a model holding a recurrent layer: names carry the module path; at initialisation ρ ≈ 1/√3', () => {
  const m = new ManyToOne({ cell: 'rnn', inputSize: 1, hiddenSize: 128, outputSize: 1, generator: new Generator(4) });
  const [w] = recurrentSpectrum(m);
  assert.equal(w.name, 'recurrent.weight_hh_l0');
  // U(−1/√H, 1/√H) entries have variance 1/(3H): by the circular law ρ → √(1/3) ≈ 0.577.
  assert.ok(Math.abs(w.gates[0].spectralRadius - Math.sqrt(1 / 3)) < 0.06, `${w.gates[0].spectralRadius}`);
  assert.throws(() => recurrentSpectrum(new Linear(2, 2)), (e: unknown) => e instanceof ValueError && /holds no recurrent layer/.test(e.message));
});
