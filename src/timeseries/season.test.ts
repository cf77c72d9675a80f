import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NonFiniteError, ValueError } from '../errors.js';
import { Generator } from '../random/generator.js';
import { detectSeason, seasonCandidates } from './season.js';

const DAILY = { unit: 'ms', step: 86_400_000 } as const;
const MONTHLY = { unit: 'month', step: 1 } as const;

test('a period-12 sine on a trend, plus noise → 12 (not its multiples 24, 36)', () => {
  const g = new Generator(1);
  const x = Float64Array.from({ length: 240 }, (_, t) => 3 + 0.01 * t + Math.sin((2 * Math.PI * t) / 12) + 0.5 * g.normal());
  assert.equal(detectSeason(x), 12);
  assert.equal(detectSeason(x, { frequency: MONTHLY }), 12);
  assert.equal(detectSeason(x, { minLag: 13 }), 24); // with 12 out of reach, the next multiple
});

test('white noise and a straight line have no season', () => {
  for (const seed of [2, 3, 4]) {
    const g = new Generator(seed);
    assert.equal(detectSeason(Float64Array.from({ length: 1000 }, () => g.normal())), null, `seed ${seed}`);
  }
  assert.equal(detectSeason(Float64Array.from({ length: 50 }, (_, t) => 2 * t + 1)), null);
  assert.equal(detectSeason(Float64Array.of(1, 2, 3)), null); // too short to search any lag
});

test('daily data with a weekly pattern and a yearly cycle → 7; the yearly cycle alone → 365', () => {
  const g = new Generator(5);
  const week = [0, 0.2, 0.3, 0.2, 0.5, -1.5, -1.8];
  const year = (t: number) => 3 * Math.sin((2 * Math.PI * t) / 365.25);
  const both = Float64Array.from({ length: 3 * 365 }, (_, t) => 10 + week[t % 7] + year(t) + 0.5 * g.normal());
  assert.equal(detectSeason(both, { frequency: DAILY }), 7);
  assert.equal(detectSeason(both), 7);
  const yearly = Float64Array.from({ length: 4 * 365 }, (_, t) => 10 + year(t) + 0.5 * g.normal());
  assert.equal(detectSeason(yearly, { frequency: DAILY }), 365);
});

test('a sunspot-like cycle of about 11 years in monthly data → within ±6 of 132', () => {
  const g = new Generator(6);
  // cycles of 126–138 months, a skewed hump, AR(1) noise, no negative counts
  const x = new Float64Array(132 * 14);
  let phase = 0, len = 132, noise = 0;
  for (let t = 0; t < x.length; t++) {
    phase += 1 / len;
    if (phase >= 1) (phase -= 1), (len = 132 + 12 * (g.uniform() - 0.5));
    noise = 0.8 * noise + 8 * g.normal();
    x[t] = Math.max(0, 100 * Math.sin(Math.PI * phase) ** 2 + noise);
  }
  for (const frequency of [null, MONTHLY]) {
    const s = detectSeason(x, { frequency });
    assert.ok(s !== null && Math.abs(s - 132) <= 6, `frequency ${JSON.stringify(frequency)}: ${s}`); // 12 is not a peak here
  }
});

test('seasonCandidates from the step', () => {
  assert.deepEqual(seasonCandidates(DAILY), [7, 365]);
  assert.deepEqual(seasonCandidates({ unit: 'ms', step: 3_600_000 }), [24, 168]);
  assert.deepEqual(seasonCandidates({ unit: 'ms', step: 1_800_000 }), [48, 336]);
  assert.deepEqual(seasonCandidates({ unit: 'ms', step: 7 * 86_400_000 }), [52]);
  assert.deepEqual(seasonCandidates({ unit: 'businessDay', step: 1 }), [5, 261]);
  assert.deepEqual(seasonCandidates(MONTHLY), [12]);
  assert.deepEqual(seasonCandidates({ unit: 'month', step: 3 }), [4]);
  assert.deepEqual(seasonCandidates({ unit: 'month', step: 12 }), []);
  assert.deepEqual(seasonCandidates({ unit: 'ms', step: 1 }), []); // plain step numbers
  assert.deepEqual(seasonCandidates(null), []);
});

test('business-day data with a weekday pattern → 5', () => {
  const g = new Generator(8);
  const x = Float64Array.from({ length: 600 }, (_, t) => [1, 0.4, 0, -0.3, -1.1][t % 5] + 0.4 * g.normal());
  assert.equal(detectSeason(x, { frequency: { unit: 'businessDay', step: 1 } }), 5);
});

test('detectSeason errors', () => {
  assert.throws(() => detectSeason(Float64Array.of(1, NaN, 3, 4, 5)), NonFiniteError);
  assert.throws(() => detectSeason(new Float64Array(10), { maxLag: 9 }), (e: unknown) => e instanceof ValueError && /n − 2 = 8/.test(e.message));
  assert.throws(() => detectSeason(new Float64Array(10), { minLag: 0 }), /minLag/);
});
