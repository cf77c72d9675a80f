import test from 'node:test';
import assert from 'node:assert/strict';
import { resolveSampling, sampleToken, samplingDistribution } from './sampling.js';
import { Generator } from '../../random/generator.js';

// p ∝ exp(logits): 0.4, 0.3, 0.2, 0.1 (and two tiny tails)
const logits = [Math.log(0.4), Math.log(0.3), Math.log(0.2), Math.log(0.1), Math.log(1e-3), Math.log(1e-3)];

function draws(options: Parameters<typeof resolveSampling>[0], seed: number, n: number): number[] {
  const g = new Generator(seed);
  const o = resolveSampling(options);
  return Array.from({ length: n }, () => sampleToken(logits, o, g));
}

test('the same seed draws the same tokens; another seed others', () => {
  assert.deepEqual(draws({}, 5, 200), draws({}, 5, 200));
  assert.notDeepEqual(draws({}, 5, 200), draws({}, 6, 200));
});

test('top-k never emits a token outside the k most likely', () => {
  const seen = new Set(draws({ topK: 2, temperature: 3 }, 1, 5000));
  assert.deepEqual([...seen].sort(), [0, 1]);
  const p = samplingDistribution(logits, resolveSampling({ topK: 3 }));
  assert.equal(p[3], 0);
  assert.ok(Math.abs(p[0] - 0.4 / 0.9) < 1e-9);
});

test('top-p keeps the smallest set whose mass reaches p, and never emits the rest', () => {
  const sum = 0.4 + 0.3 + 0.2 + 0.1 + 2e-3;
  // cumulative 0.399, 0.698, 0.898 …: p = 0.6 keeps {0, 1}; p = 0.85 keeps {0, 1, 2}
  assert.deepEqual([...new Set(draws({ topP: 0.6 }, 2, 5000))].sort(), [0, 1]);
  const p = samplingDistribution(logits, resolveSampling({ topP: 0.85 }));
  assert.deepEqual(Array.from(p).map((v) => v > 0), [true, true, true, false, false, false]);
  assert.ok(Math.abs(p[2] - (0.2 / sum) / (0.9 / sum)) < 1e-9);
  // a single token above p is kept alone
  assert.deepEqual([...new Set(draws({ topP: 0.1 }, 3, 500))], [0]);
});

test('temperature 0 is greedy; a small temperature tends to it', () => {
  assert.deepEqual(new Set(draws({ temperature: 0 }, 4, 100)), new Set([0]));
  const p = samplingDistribution(logits, resolveSampling({ temperature: 0.01 }));
  assert.ok(p[0] > 0.999999);
  const q = samplingDistribution(logits, resolveSampling({ temperature: 1 }));
  assert.ok(Math.abs(q.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.ok(Math.abs(q[1] - 0.3 / (1 + 2e-3)) < 1e-9);
});

test('draws follow the distribution', () => {
  const d = draws({}, 9, 20000);
  const share = d.filter((x) => x === 0).length / d.length;
  assert.ok(Math.abs(share - 0.4 / 1.002) < 0.02, `share of token 0: ${share}`);
});

test('bad sampling options are ValueErrors naming the option', () => {
  assert.throws(() => resolveSampling({ temperature: -1 }), /temperature must be a finite number ≥ 0/);
  assert.throws(() => resolveSampling({ topK: 1.5 }), /topK must be an integer ≥ 0/);
  assert.throws(() => resolveSampling({ topP: 0 }), /topP must be a number in \(0, 1\]/);
  assert.throws(() => samplingDistribution([0, NaN], resolveSampling({})), /NaN/);
});
