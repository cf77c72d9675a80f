// What the backend tests share: seeded inputs and the elementwise tolerance every kernel is
// held to against the reference.
import assert from 'node:assert/strict';

/** Deterministic uniform numbers in [lo, hi) (mulberry32), so failures reproduce. */
export function rng(seed: number): (lo?: number, hi?: number) => number {
  let s = seed >>> 0;
  return (lo = -1, hi = 1) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  };
}

/** n numbers of `r` in [lo, hi), as float32. */
export function rand(n: number, r: (lo?: number, hi?: number) => number, lo = -1, hi = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = r(lo, hi);
  return a;
}

/**
 * |actual − expected| ≤ tol·(|expected| + max|expected|) + atol, element by element, where the
 * scale is the largest finite |expected|; NaN matches NaN and equal infinities match.
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string, atol = 0): void {
  assert.equal(actual.length, expected.length, `${what}: expected length ${expected.length}, got ${actual.length}`);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) if (Number.isFinite(expected[i])) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i], a = actual[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (!(Math.abs(a - e) <= tol * (Math.abs(e) + scale) + atol || a === e)) {
      assert.fail(`${what}: at ${i} expected ${e}, got ${a} (scale ${scale})`);
    }
  }
}
