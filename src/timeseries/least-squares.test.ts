import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choleskySolve } from './least-squares.js';

test('choleskySolve solves SPD systems and refuses singular ones', () => {
  // [4 2; 2 3] β = [2, 1] → β = [0.5, 0]
  assert.deepEqual([...choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2)!], [0.5, 0]);
  // 3×3: A = M Mᵀ with M = [[1,0,0],[2,1,0],[3,4,1]], b = A·[1, −1, 2]
  const A = Float64Array.of(1, 2, 3, 2, 5, 10, 3, 10, 26);
  const b = Float64Array.of(1 * 1 + 2 * -1 + 3 * 2, 2 - 5 + 20, 3 - 10 + 52);
  const x = choleskySolve(A, b, 3)!;
  [1, -1, 2].forEach((v, i) => assert.ok(Math.abs(x[i] - v) < 1e-12, `${x[i]} vs ${v}`));
  assert.equal(choleskySolve(Float64Array.of(1, 2, 2, 4), Float64Array.of(1, 2), 2), null); // rank 1
  assert.equal(choleskySolve(Float64Array.of(0, 0, 0, 1), Float64Array.of(0, 1), 2), null);
});
