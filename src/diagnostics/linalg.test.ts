import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../random/generator.js';
import { ValueError } from '../errors.js';
import { eigenvalues, singularValues, spectralRadius } from './linalg.js';
import { orthogonal_ } from '../nn/init.js';
import { Tensor } from '../tensor/tensor.js';

/** n×n product a·b, row-major. */
function mm(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * n + k] * b[k * n + j];
  return c;
}
function transpose(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
  return t;
}
/** A random orthogonal n×n matrix: Gram–Schmidt on Gaussian columns. */
function orthogonal(n: number, g: Generator): Float64Array {
  return orthogonal_(new Tensor(new Float64Array(n * n), [n, n]), 1, g).data as Float64Array;
}
/** Inverse by Gauss–Jordan with partial pivoting. */
function inverse(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a), inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    for (const x of [m, inv]) for (let j = 0; j < n; j++) [x[c * n + j], x[p * n + j]] = [x[p * n + j], x[c * n + j]];
    const d = m[c * n + c];
    for (const x of [m, inv]) for (let j = 0; j < n; j++) x[c * n + j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r * n + c];
      for (const x of [m, inv]) for (let j = 0; j < n; j++) x[r * n + j] -= f * x[c * n + j];
    }
  }
  return inv;
}
/** Block diagonal of ρ_k·R(θ_k) 2×2 blocks (eigenvalues ρ_k·e^{±iθ_k}), then `reals` on the diagonal. */
function blocks(pairs: [number, number][], reals: number[]): { b: Float64Array; n: number } {
  const n = 2 * pairs.length + reals.length;
  const b = new Float64Array(n * n);
  pairs.forEach(([rho, th], k) => {
    const i = 2 * k;
    b[i * n + i] = rho * Math.cos(th); b[i * n + i + 1] = -rho * Math.sin(th);
    b[(i + 1) * n + i] = rho * Math.sin(th); b[(i + 1) * n + i + 1] = rho * Math.cos(th);
  });
  reals.forEach((v, k) => { const i = 2 * pairs.length + k; b[i * n + i] = v; });
  return { b, n };
}
/** Eigenvalues as [re, im] pairs sorted by re, then im. */
function sorted(e: { re: Float64Array; im: Float64Array }): [number, number][] {
  return Array.from(e.re, (r, i) => [r, e.im[i]] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}
function assertSameSet(actual: [number, number][], expected: [number, number][], tol: number): void {
  const exp = [...expected].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  assert.equal(actual.length, exp.length);
  const left = [...actual];
  for (const [r, i] of exp) {
    const k = left.findIndex(([a, b]) => Math.hypot(a - r, b - i) < tol);
    assert.ok(k >= 0, `eigenvalue ${r} ${i >= 0 ? '+' : '-'} ${Math.abs(i)}i not found in ${JSON.stringify(actual)}`);
    left.splice(k, 1);
  }
}

test('eigenvalues of rotations are e^{±iθ}, of a diagonal matrix its diagonal', () => {
  for (const th of [Math.PI / 2, 0.3, 2.5]) {
    const { re, im } = eigenvalues([Math.cos(th), -Math.sin(th), Math.sin(th), Math.cos(th)], 2);
    assertSameSet(sorted({ re, im }), [[Math.cos(th), Math.sin(th)], [Math.cos(th), -Math.sin(th)]], 1e-14);
    assert.ok(Math.abs(spectralRadius([Math.cos(th), -Math.sin(th), Math.sin(th), Math.cos(th)], 2) - 1) < 1e-14);
  }
  const d = [3, -7, 0.5, 0, 2];
  const a = new Float64Array(25);
  d.forEach((v, i) => (a[i * 5 + i] = v));
  assertSameSet(sorted(eigenvalues(a, 5)), d.map((v) => [v, 0]), 1e-14);
  assert.equal(spectralRadius(a, 5), 7);
  assert.deepEqual(Array.from(eigenvalues([4], 1).re), [4]);
});

test('eigenvalues of Q·B·Qᵀ and P·B·P⁻¹ are those constructed in B (complex pairs and reals)', () => {
  const g = new Generator(3);
  const pairs: [number, number][] = [[0.9, 0.4], [1.3, 2.0], [0.2, 1.1], [1.3, 0.05]];
  const reals = [-1.1, 0.7, 0.0, 0.3, -0.3];
  const { b, n } = blocks(pairs, reals);
  const expected: [number, number][] = [
    ...pairs.flatMap(([r, th]): [number, number][] => [[r * Math.cos(th), r * Math.sin(th)], [r * Math.cos(th), -r * Math.sin(th)]]),
    ...reals.map((v): [number, number] => [v, 0]),
  ];
  const q = orthogonal(n, g);
  assertSameSet(sorted(eigenvalues(mm(mm(q, b, n), transpose(q, n), n), n)), expected, 1e-10);
  // A non-normal similarity: P = I + a random matrix, well away from singular.
  const p = Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 3 : 0) + 0.5 * g.normal());
  const a = mm(mm(p, b, n), inverse(p, n), n);
  assertSameSet(sorted(eigenvalues(a, n)), expected, 1e-8);
  assert.ok(Math.abs(spectralRadius(a, n) - 1.3) < 1e-8);
});

test('eigenvalues of a random 64×64 matrix: Σλ = trace(A), Σλ² = trace(A²), conjugate pairs', () => {
  const g = new Generator(5);
  const n = 64;
  const a = Float64Array.from({ length: n * n }, () => g.normal() / Math.sqrt(n));
  const { re, im } = eigenvalues(a, n);
  let tr = 0, tr2 = 0, s1 = 0, s2 = 0, si = 0;
  const a2 = mm(a, a, n);
  for (let i = 0; i < n; i++) {
    tr += a[i * n + i];
    tr2 += a2[i * n + i];
    s1 += re[i];
    s2 += re[i] * re[i] - im[i] * im[i];
    si += im[i];
  }
  assert.ok(Math.abs(s1 - tr) < 1e-10, `Σλ ${s1} vs trace ${tr}`);
  assert.ok(Math.abs(s2 - tr2) < 1e-10, `Σλ² ${s2} vs trace(A²) ${tr2}`);
  assert.ok(Math.abs(si) < 1e-12);
  // Circular law: ρ ≈ 1 for N(0, 1/n) entries; and ρ ≤ σ_max always.
  const rho = spectralRadius(a, n);
  assert.ok(rho > 0.7 && rho < 1.3, `ρ = ${rho}`);
  assert.ok(rho <= singularValues(a, n)[0] + 1e-12);
});

test('singular values: diagonal, orthogonal, U·diag(σ)·Vᵀ, rectangular; Σσ² = ‖A‖_F²', () => {
  assert.deepEqual(Array.from(singularValues([3, 0, 0, -2], 2)), [3, 2]);
  const g = new Generator(7);
  const n = 12;
  const q = orthogonal(n, g);
  for (const s of singularValues(q, n)) assert.ok(Math.abs(s - 1) < 1e-13);
  const sigma = Array.from({ length: n }, (_, i) => 10 ** (-i / 2)); // 1 … 3e-6
  const d = new Float64Array(n * n);
  sigma.forEach((v, i) => (d[i * n + i] = v));
  const a = mm(mm(q, d, n), transpose(orthogonal(n, g), n), n);
  singularValues(a, n).forEach((s, i) => assert.ok(Math.abs(s - sigma[i]) < 1e-13, `σ_${i} ${s} vs ${sigma[i]}`));
  // 3×2 and its transpose have the same two singular values.
  const r = [1, 2, 3, 4, 5, 6];
  const s32 = singularValues(r, 3, 2), s23 = singularValues([1, 3, 5, 2, 4, 6], 2, 3);
  assert.equal(s32.length, 2);
  s32.forEach((s, i) => assert.ok(Math.abs(s - s23[i]) < 1e-12));
  assert.ok(Math.abs(s32[0] ** 2 + s32[1] ** 2 - r.reduce((x, v) => x + v * v, 0)) < 1e-11);
});

test('non-finite or mis-sized matrices are refused', () => {
  assert.throws(() => eigenvalues([1, NaN, 0, 1], 2), ValueError);
  assert.throws(() => eigenvalues([1, 2, 3], 2), /expected shape 4 values/);
  assert.throws(() => singularValues([1, Infinity], 1, 2), ValueError);
});
