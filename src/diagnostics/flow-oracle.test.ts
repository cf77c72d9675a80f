// End to end against autograd as the oracle: per-step norms ‖∂L/∂h_t‖ of a tanh RNN unrolled
// with RNNCell, read off zero "probe" leaves added to each h_t, then the derived measures.
// In the linear regime (inputs of 1e-8, no bias, so tanh′ ≈ 1) with W_hh = ρ·Q, Q orthogonal,
// the gradient shrinks by exactly ρ per step back in time: the decay rate must equal the
// spectral radius recurrentSpectrum reports, and the horizon must follow from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../random/generator.js';
import { RNN } from '../nn/rnn.js';
import { RNNCell } from '../nn/cells.js';
import { decayRate, explodingGradient, memoryHorizon } from './gradient-flow.js';
import { recurrentSpectrum } from './spectrum.js';
import { orthogonal_ } from '../nn/init.js';

/** ρ times a random orthogonal H×H matrix (Gram–Schmidt on Gaussian columns), row-major. */
function scaledOrthogonal(H: number, rho: number, g: Generator): Float64Array {
  return orthogonal_(new Tensor(new Float64Array(H * H), [H, H]), rho, g).data as Float64Array;
}

/** ‖∂L/∂h_t‖ for t = 0 … T−1 by autograd, L = Σ_j v_j·h_{T−1}[j]. */
function autogradCurve(cell: RNNCell, T: number, g: Generator): Float64Array {
  const H = cell.hiddenSize;
  const probes: Tensor[] = [];
  let h: Tensor | null = null;
  for (let t = 0; t < T; t++) {
    const x = new Tensor(Float64Array.from({ length: cell.inputSize }, () => 1e-8 * g.normal()), [1, cell.inputSize]);
    const probe = new Tensor(new Float64Array(H), [1, H], true); // zero: changes nothing, collects ∂L/∂h_t
    probes.push(probe);
    h = cell.forward(x, h).add(probe);
  }
  const v = new Tensor(Float64Array.from({ length: H }, (_, j) => (j % 2 ? 1 : -1)), [1, H]);
  h!.mul(v).sum().backward();
  return Float64Array.from(probes, (p) => Math.hypot(...p.grad!.data));
}

test('the decay rate of autograd\'s ‖∂L/∂h_t‖ equals ρ(W_hh) in the linear regime; horizon and explosion follow', () => {
  const H = 8, T = 60;
  for (const rho of [0.7, 0.95, 1.2]) {
    const g = new Generator(31);
    const rnn = new RNN({ inputSize: 2, hiddenSize: H, bias: false, dtype: 'float64', generator: g });
    rnn.weights[0][0].weightHh.data.set(scaledOrthogonal(H, rho, g));
    const radius = recurrentSpectrum(rnn)[0].gates[0].spectralRadius;
    assert.ok(Math.abs(radius - rho) < 1e-12, `ρ ${radius}`);
    const cell = new RNNCell(2, H, { bias: false, dtype: 'float64', generator: g });
    cell.weightIh.data.set(rnn.weights[0][0].weightIh.data);
    cell.weightHh.data.set(rnn.weights[0][0].weightHh.data);
    const curve = autogradCurve(cell, T, g);
    const d = decayRate(curve);
    assert.ok(Math.abs(d.factor - radius) < 1e-6, `ρ ${rho}: decay factor ${d.factor}`);
    // On this clean geometric curve the horizon is the first k with ρ^k < 1e-3.
    const expected = rho < 1 ? Math.ceil(Math.log(1e-3) / Math.log(rho) - 1e-9) : T;
    assert.equal(memoryHorizon(curve), Math.min(expected, T), `ρ ${rho}`);
    assert.equal(explodingGradient(curve), rho ** (T - 1) > 1e3, `ρ ${rho}`);
  }
});
