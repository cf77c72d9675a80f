import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lbfgs } from './lbfgs.js';
import { TfidfLogistic, fitLogistic, ngrams, type SparseRows } from './tfidf-logistic.js';

test('lbfgs finds the minimum of an ill-conditioned quadratic', () => {
  const a = [1, 10, 100, 1000];
  const target = [3, -2, 0.5, 7];
  const r = lbfgs((x, g) => {
    let f = 0;
    for (let i = 0; i < 4; i++) {
      f += 0.5 * a[i] * (x[i] - target[i]) ** 2;
      g[i] = a[i] * (x[i] - target[i]);
    }
    return f;
  }, new Float64Array(4));
  assert.ok(r.converged);
  r.x.forEach((v, i) => assert.ok(Math.abs(v - target[i]) < 1e-8, `x[${i}] = ${v}`));
});

test('logistic regression reaches the known optimum of a separable 1-D problem', () => {
  // x = +1 (class 1) and x = −1 (class 0). By symmetry b = 0 and W = [[−a], [a]]: the loss is
  // 2C·log(1 + e^{−2a}) + a², minimal where a = 2C·σ(−2a).
  const X: SparseRows = { rows: 2, cols: 1, indptr: Int32Array.of(0, 1, 2), indices: Int32Array.of(0, 0), values: Float64Array.of(1, -1) };
  for (const C of [0.5, 1, 10]) {
    const w = fitLogistic(X, Int32Array.of(1, 0), 2, C);
    let lo = 0, hi = 2 * C;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (mid < (2 * C) / (1 + Math.exp(2 * mid))) lo = mid;
      else hi = mid;
    }
    assert.ok(Math.abs(w[1] - lo) < 1e-6 && Math.abs(w[0] + lo) < 1e-6, `C ${C}: W = [${w[0]}, ${w[1]}], expected ±${lo}`);
    assert.ok(Math.abs(w[2]) < 1e-6 && Math.abs(w[3]) < 1e-6, 'intercepts 0');
  }
});

test('TF-IDF rows: sublinear tf, smooth idf, unit length; bigrams; unseen n-grams dropped', () => {
  assert.deepEqual(ngrams('Not GOOD, not a-ok'), ['not', 'good', 'not', 'ok', 'not good', 'good not', 'not ok']);
  const docs = ['good good film', 'bad film'];
  const m = new TfidfLogistic({ C: 1 }).fit(docs, [1, 0], 2);
  const X = m.transform(['good good film', 'unseen words only']);
  const terms = m.toJSON().terms;
  const row = new Map<string, number>();
  for (let k = X.indptr[0]; k < X.indptr[1]; k++) row.set(terms[X.indices[k]], X.values[k]);
  const idf = (df: number) => Math.log(3 / (1 + df)) + 1;
  const raw = { good: (1 + Math.log(2)) * idf(1), film: idf(2), 'good good': idf(1), 'good film': idf(1) };
  const norm = Math.hypot(...Object.values(raw));
  for (const [t, v] of Object.entries(raw)) assert.ok(Math.abs(row.get(t)! - v / norm) < 1e-12, t);
  assert.equal(X.indptr[2] - X.indptr[1], 0, 'nothing known in the second text');
  const P = m.predictProba(['good', 'bad']);
  assert.ok(P[1] > 0.5 && P[2] > 0.5, 'good → 1, bad → 0');
  const again = TfidfLogistic.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.deepEqual(again.predictProba(['good film', 'bad']), m.predictProba(['good film', 'bad']));
});
