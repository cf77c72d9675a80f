import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError, NonFiniteError, ValueError } from '../errors.js';
import { Generator } from '../random/generator.js';
import { arLagAic, chooseArLags, LinearAR } from './linear-ar.js';

const near = (a: number, b: number, tol: number, msg = '') => assert.ok(Math.abs(a - b) <= tol, `${msg} ${a} vs ${b} (tol ${tol})`);

/** x_t = c + Σ φ_j x_{t−1−j} + σ ε_t, after a burn-in of 200 steps. */
function arSeries(n: number, c: number, phi: readonly number[], seed: number, sigma = 1): Float64Array {
  const g = new Generator(seed);
  const burn = 200;
  const x = new Float64Array(n + burn);
  for (let t = 0; t < x.length; t++) {
    let v = c + sigma * g.normal();
    phi.forEach((a, j) => (v += t - 1 - j >= 0 ? a * x[t - 1 - j] : 0));
    x[t] = v;
  }
  return x.slice(burn);
}

test('LinearAR recovers AR(2) coefficients, step 1 and the implied direct step 2', () => {
  const x = arSeries(100_000, 2, [0.6, -0.3], 7);
  const ar = new LinearAR({ lags: 2, horizon: 2 }).fit(x);
  // step 1: x_{t+1} = 2 + 0.6 x_t − 0.3 x_{t−1}
  near(ar.coefficients[0], 0.6, 1e-2, 'a11');
  near(ar.coefficients[1], -0.3, 1e-2, 'a12');
  near(ar.intercepts[0], 2, 5e-2, 'c1');
  // step 2: x_{t+2} = 2 + 0.6(2 + 0.6 x_t − 0.3 x_{t−1}) − 0.3 x_t = 3.2 + 0.06 x_t − 0.18 x_{t−1}
  near(ar.coefficients[2], 0.06, 1e-2, 'a21');
  near(ar.coefficients[3], -0.18, 1e-2, 'a22');
  near(ar.intercepts[1], 3.2, 5e-2, 'c2');
  // a superfluous third lag gets a weight near 0
  const ar3 = new LinearAR({ lags: 3, horizon: 1 }).fit(x);
  near(ar3.coefficients[2], 0, 1e-2, 'a13');
});

test('one lag, one step equals the textbook simple regression (ridge 0)', () => {
  const x = arSeries(50, 1, [0.5], 3);
  const ar = new LinearAR({ lags: 1, horizon: 1, ridge: 0 }).fit(x);
  // regress x_{t+1} on x_t, t = 0 … n−2: a = cov/var, c = ȳ − a·x̄
  const u = x.subarray(0, 49), y = x.subarray(1);
  const mu = u.reduce((s, v) => s + v, 0) / 49, my = y.reduce((s, v) => s + v, 0) / 49;
  let cov = 0, vu = 0;
  for (let i = 0; i < 49; i++) (cov += (u[i] - mu) * (y[i] - my)), (vu += (u[i] - mu) ** 2);
  near(ar.coefficients[0], cov / vu, 1e-12, 'a');
  near(ar.intercepts[0], my - (cov / vu) * mu, 1e-12, 'c');
});

test('an exact linear recurrence is forecast exactly, at every step ahead', () => {
  // a sinusoid around 10 obeys x_t − 10 = 2cos ω (x_{t−1} − 10) − (x_{t−2} − 10): two lags, a constant
  const sine = Float64Array.from({ length: 120 }, (_, t) => 10 + 5 * Math.sin((2 * Math.PI * t) / 12 + 0.3));
  // a line plus a sinusoid has the characteristic roots 1, 1, e^{±iω}: four lags. The unit root
  // puts the constant in the span of the lags, so plain least squares is singular; the default
  // ridge picks one of the exact solutions.
  const mixed = Float64Array.from({ length: 120 }, (_, t) => 0.5 * t - 3 + 2 * Math.cos((2 * Math.PI * t) / 7));
  const origins = Int32Array.from({ length: 40 }, (_, i) => 60 + i);
  const cases = [[sine, 2, 0, 1e-8], [sine, 2, undefined, 1e-5], [mixed, 4, undefined, 1e-5]] as const;
  for (const [x, lags, ridge, tol] of cases) {
    const ar = new LinearAR({ lags, horizon: 6, ridge }).fit(x, 60); // trained on rows 0…59 only
    const f = ar.predict(x, origins);
    origins.forEach((L, n) => {
      for (let k = 1; k <= 6; k++) if (L + k < x.length) near(f[n * 6 + k - 1], x[L + k], tol, `lags ${lags} ridge ${ridge} origin ${L} k ${k}`);
    });
  }
  assert.throws(() => new LinearAR({ lags: 4, horizon: 1, ridge: 0 }).fit(mixed, 60), /singular/);
});

test('fit reads rows [0, end) only; toJSON / fromJSON round-trips', () => {
  const x = arSeries(300, 0, [0.8], 5);
  const ar = new LinearAR({ lags: 3, horizon: 4 }).fit(x, 200);
  const y = Float64Array.from(x);
  y.fill(1e6, 200);
  assert.deepEqual(new LinearAR({ lags: 3, horizon: 4 }).fit(y, 200).toJSON(), ar.toJSON());
  const back = LinearAR.fromJSON(JSON.parse(JSON.stringify(ar)));
  assert.deepEqual([...back.predict(x, [199, 250, 299])], [...ar.predict(x, [199, 250, 299])]);
  assert.throws(() => LinearAR.fromJSON({ ...ar.toJSON(), coefficients: [1] }), /12 coefficients/);
});

test('fromJSON checks every field and names the one that is wrong, in a short message', () => {
  const good = new LinearAR({ lags: 3, horizon: 2 }).fit(arSeries(100, 0, [0.5], 9)).toJSON();
  /** Asserts that fromJSON refuses `json` with a FormatError of at most 400 characters matching `pattern`. */
  const refuses = (json: unknown, pattern: RegExp) =>
    assert.throws(() => LinearAR.fromJSON(json), (e: unknown) => {
      assert.ok(e instanceof FormatError, `expected a FormatError, got ${String(e)}`);
      assert.match(e.message, pattern);
      assert.ok(e.message.length <= 400, `message of ${e.message.length} characters`);
      return true;
    });
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const long = 'x'.repeat(1_000_000);
  refuses(null, /the value must be an object/);
  refuses([good], /the value must be an object/);
  refuses({ ...good, type: long }, /type must be 'LinearAR', got "xxx/);
  refuses({ ...good, type: deep }, /type must be 'LinearAR', got \[\[\[/);
  for (const field of ['lags', 'horizon', 'ridge', 'intercepts', 'coefficients'] as const) {
    const { [field]: _, ...missing } = good;
    refuses(missing, new RegExp(`^LinearAR JSON: ${field} must be .*got undefined`));
    refuses({ ...good, [field]: null }, new RegExp(`${field} must be .*got null`));
  }
  refuses({ ...good, lags: 1.5 }, /lags must be an integer in 1 … 16777216, got 1.5/);
  refuses({ ...good, horizon: 0 }, /horizon must be an integer/);
  refuses({ ...good, lags: 1e300 }, /lags must be an integer/);
  refuses({ ...good, ridge: -1 }, /ridge must be a finite number >= 0, got -1/);
  refuses({ ...good, ridge: Infinity }, /ridge must be a finite number/);
  refuses({ ...good, intercepts: [1] }, /expected 2 intercepts \(horizon = 2\), got 1/);
  refuses({ ...good, coefficients: [1, 2, 3] }, /expected 6 coefficients \(horizon × lags = 2 × 3\), got 3/);
  refuses({ ...good, intercepts: [1, JSON.parse('1e309')] }, /intercepts\[1\] must be a finite number, got Infinity/);
  refuses({ ...good, coefficients: [...good.coefficients.slice(0, 5), NaN] }, /coefficients\[5\] must be a finite number, got NaN/);
  refuses({ ...good, coefficients: ['x', ...good.coefficients.slice(1)] }, /coefficients\[0\] must be a finite number, got "x"/);
  refuses({ ...good, coefficients: [deep, ...good.coefficients.slice(1)] }, /coefficients\[0\] must be a finite number, got \[\[\[/);
  refuses({ ...good, intercepts: [[1], 2] }, /intercepts\[0\] must be a finite number, got \[1\]/);
  // the checked value loads and forecasts as the original
  const back = LinearAR.fromJSON(good);
  assert.deepEqual(back.toJSON(), good);
});

test('a constant series: default ridge forecasts the constant, ridge 0 is a clear error', () => {
  const c = new Float64Array(30).fill(4.5);
  const f = new LinearAR({ lags: 2, horizon: 3 }).fit(c).predict(c, [29]);
  f.forEach((v) => near(v, 4.5, 1e-12));
  assert.throws(() => new LinearAR({ lags: 2, horizon: 1, ridge: 0 }).fit(c), /singular.*ridge > 0/);
});

test('LinearAR errors say what was needed', () => {
  const x = arSeries(20, 0, [0.5], 1);
  assert.throws(() => new LinearAR({ lags: 8, horizon: 5 }).fit(x), /20 training rows are too few.*at least 2·lags \+ horizon = 21/);
  assert.throws(() => new LinearAR({ lags: 0, horizon: 1 }), /lags to be an integer >= 1/);
  assert.throws(() => new LinearAR({ lags: 1, horizon: 1, ridge: -1 }), /ridge/);
  assert.throws(() => new LinearAR({ lags: 2, horizon: 1 }).predict(x, [5]), /not fitted/);
  const ar = new LinearAR({ lags: 3, horizon: 1 }).fit(x);
  assert.throws(() => ar.predict(x, [1]), (e: unknown) => e instanceof ValueError && /origin 1 \(origins\[0\]\) has 2 rows of history, needs lags = 3/.test(e.message));
  assert.throws(() => ar.predict(x, [20]), /not a row/);
  const gap = Float64Array.from(x);
  gap[3] = NaN;
  assert.throws(() => new LinearAR({ lags: 1, horizon: 1 }).fit(gap), NonFiniteError);
  assert.throws(() => new LinearAR({ lags: 1, horizon: 1 }).fit(x, 21), /end to be an integer in \[0, 20\]/);
});

test('chooseArLags picks the order by AIC on a fixed sample, capped at end/10', () => {
  assert.equal(chooseArLags(arSeries(3000, 1, [0.6, -0.3], 11), 3000, { maxLags: 12 }), 2);
  assert.equal(chooseArLags(arSeries(3000, 1, [0.7], 12), 3000, { maxLags: 12 }), 1);
  assert.equal(chooseArLags(arSeries(3000, 0, [0.5, 0, 0, 0.3], 13), 3000, { maxLags: 12 }), 4);
  // exact recurrence: RSS hits the floor at p = 2 and the penalty keeps it there
  const sine = Float64Array.from({ length: 200 }, (_, t) => 10 + 5 * Math.sin((2 * Math.PI * t) / 12));
  assert.equal(chooseArLags(sine, 200, { maxLags: 10 }), 2);
  const x = arSeries(400, 0, [0.5], 2);
  assert.equal(arLagAic(x, 200, { maxLags: 50 }).length, 20); // ⌊200/10⌋
  assert.equal(arLagAic(x, 400, { maxLags: 2, season: 12 }).length, 12); // the season lifts the cap
  assert.equal(arLagAic(x, 100, { maxLags: 2, season: 12 }).length, 10); // … but not past end/10
  assert.throws(() => chooseArLags(x, 9, { maxLags: 3 }), /end >= 10/);
});
