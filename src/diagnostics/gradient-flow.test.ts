import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../random/generator.js';
import { ValueError } from '../errors.js';
import { decayRate, explodingGradient, gradientFlow, gradientGrowth, gradientRatio, memoryHorizon } from './gradient-flow.js';

/** g[t] = rate^(T−1−t): geometric back in time from 1 at the last step. */
const geometric = (T: number, rate: number) => Float64Array.from({ length: T }, (_, t) => rate ** (T - 1 - t));

test('memoryHorizon: first step distance below fraction × last; T when never; NaN without a reference', () => {
  assert.equal(memoryHorizon(geometric(100, 0.5)), 10); // 0.5^10 ≈ 9.8e-4 < 1e-3, 0.5^9 ≈ 2e-3 is not
  assert.equal(memoryHorizon(geometric(100, 0.5), { fraction: 0.1 }), 4);
  assert.equal(memoryHorizon(geometric(100, 0.99)), 100, 'an LSTM-like flat curve reaches the whole sequence');
  assert.equal(memoryHorizon(geometric(5, 0.5), { fraction: 0.1 }), 4);
  assert.equal(memoryHorizon(Float64Array.of(1)), 1);
  // Scale-free: the same curve 1e-30 times smaller has the same horizon.
  assert.equal(memoryHorizon(geometric(100, 0.5).map((v) => v * 1e-30)), 10);
  // Far below float32's range (the tanh RNN on the adding problem reaches 1e-40 and less).
  const deep = geometric(400, 0.1); // down to 1e-399 → 0 in float64 at the far end
  assert.equal(memoryHorizon(deep, { fraction: 1e-41 }), 42);
  const withNaN = geometric(10, 0.5);
  withNaN[8] = NaN;
  assert.equal(memoryHorizon(withNaN, { fraction: 0.3 }), 2, 'NaN never counts as below');
  assert.ok(Number.isNaN(memoryHorizon(Float64Array.of(1, 0))));
  assert.ok(Number.isNaN(memoryHorizon(Float64Array.of(1, Infinity))));
  assert.throws(() => memoryHorizon(new Float64Array(0)), ValueError);
  assert.throws(() => memoryHorizon(geometric(3, 0.5), { fraction: 0 }), /fraction must be a finite number > 0, got 0/);
});

test('decayRate recovers the geometric factor, per step and in decades, down to 1e-300', () => {
  for (const rate of [0.5, 0.9, 1, 1.05, 0.2]) {
    const d = decayRate(geometric(300, rate));
    assert.ok(Math.abs(d.factor - rate) < 1e-12 * rate, `rate ${rate}: factor ${d.factor}`);
    assert.ok(Math.abs(d.log10Factor - Math.log10(rate)) < 1e-12);
    assert.equal(d.points, 300);
    assert.ok(d.r2 > 1 - 1e-12);
  }
  // 0.1^t underflows to 0 past t ≈ 323: those steps are skipped; the subnormals before them
  // (1e-308 … 1e-323) keep only a few digits, so the fit is close, not exact.
  const d = decayRate(geometric(400, 0.1));
  assert.ok(d.points < 400 && d.points > 300, `${d.points} points`);
  assert.ok(Math.abs(d.log10Factor + 1) < 1e-5, `${d.log10Factor}`);
  // Noise around the line: the rate within a few percent, r² below 1.
  const g = new Generator(1);
  const noisy = geometric(200, 0.9).map((v) => v * Math.exp(0.3 * g.normal()));
  const n = decayRate(noisy);
  assert.ok(Math.abs(n.factor - 0.9) < 0.01, `${n.factor}`);
  assert.ok(n.r2 < 1 && n.r2 > 0.9, `${n.r2}`);
  // Zeros, NaN and Infinity are skipped; fewer than two points give NaN.
  const gaps = geometric(20, 0.5);
  gaps[3] = 0; gaps[7] = NaN; gaps[11] = Infinity;
  assert.ok(Math.abs(decayRate(gaps).factor - 0.5) < 1e-12);
  assert.equal(decayRate(gaps).points, 17);
  assert.ok(Number.isNaN(decayRate(Float64Array.of(0, 1)).factor));
});

test('explodingGradient: growth back in time beyond the factor, or a non-finite entry', () => {
  assert.equal(explodingGradient(geometric(100, 1.1)), true, '1.1^99 ≈ 1.3e4 > 1e3');
  assert.equal(explodingGradient(geometric(50, 1.1)), false, '1.1^49 ≈ 107');
  assert.equal(explodingGradient(geometric(50, 1.1), { factor: 100 }), true);
  assert.equal(explodingGradient(geometric(100, 0.5)), false);
  const spike = geometric(100, 0.9);
  spike[40] = 5e3;
  assert.equal(explodingGradient(spike), true, 'a spike in the middle counts, not only g[0]');
  assert.equal(explodingGradient(Float64Array.of(1, NaN, 1)), true);
  assert.equal(explodingGradient(Float64Array.of(Infinity, 1)), true);
  assert.equal(explodingGradient(Float64Array.of(1, 0)), true, 'growth from a zero last step is unbounded');
  assert.equal(explodingGradient(Float64Array.of(0, 0)), false);
  assert.throws(() => explodingGradient(geometric(3, 1), { factor: -1 }), ValueError);
});

test('gradientRatio, gradientGrowth and gradientFlow agree with the single measures', () => {
  const g = geometric(100, 0.8);
  assert.ok(Math.abs(gradientRatio(g) - 0.8 ** 99) < 1e-20);
  assert.equal(gradientGrowth(g), 1);
  const f = gradientFlow(g, { fraction: 0.01 });
  assert.equal(f.steps, 100);
  assert.equal(f.horizon, memoryHorizon(g, { fraction: 0.01 }));
  assert.equal(f.horizon, 21); // 0.8^21 ≈ 0.0092
  assert.deepEqual(f.decay, decayRate(g));
  assert.equal(f.exploding, false);
  assert.equal(gradientFlow(geometric(100, 1.2), { explodingFactor: 1e10 }).exploding, false);
});
