import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binary, columnBlock } from './elementwise.js';

/** out[i, j] of a broadcast binary op, computed index by index. */
function naive(f: (x: number, y: number) => number, a: Float64Array, aShape: number[], b: Float64Array, bShape: number[], outShape: number[]): Float64Array {
  const rank = outShape.length;
  const n = outShape.reduce((p, d) => p * d, 1);
  const out = new Float64Array(n);
  const at = (x: Float64Array, shape: number[], idx: number[]) => {
    const off = rank - shape.length;
    let k = 0;
    for (let d = 0; d < shape.length; d++) k = k * shape[d] + (shape[d] === 1 ? 0 : idx[d + off]);
    return x[k];
  };
  for (let i = 0; i < n; i++) {
    const idx: number[] = [];
    for (let d = rank - 1, r = i; d >= 0; d--) { idx[d] = r % outShape[d]; r = Math.floor(r / outShape[d]); }
    out[i] = f(at(a, aShape, idx), at(b, bShape, idx));
  }
  return out;
}

const filled = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(seed + 1.7 * i) + 2);

test('columnBlock: a value per row over [rows, n], nothing else', () => {
  assert.equal(columnBlock([7, 1], [7, 5]), 5);
  assert.equal(columnBlock([2, 7, 1], [2, 7, 5]), 5);
  assert.equal(columnBlock([7, 1], [1, 7, 5]), 5);
  assert.equal(columnBlock([7, 1], [2, 7, 5]), 0); // also repeated along the first axis
  assert.equal(columnBlock([1, 5], [7, 5]), 0);
  assert.equal(columnBlock([7, 1], [7, 1]), 0);
});

test('binary with a per-row operand on either side equals the index-by-index result', () => {
  const cases: [number[], number[], number[]][] = [
    [[6, 4], [6, 1], [6, 4]],
    [[6, 1], [6, 4], [6, 4]],
    [[2, 3, 5], [2, 3, 1], [2, 3, 5]],
    [[3, 1], [2, 3, 4], [2, 3, 4]], // not per-row: the general path
    [[2, 3, 4], [3, 1], [2, 3, 4]],
  ];
  const ops = { sub: (x: number, y: number) => x - y, div: (x: number, y: number) => x / y, mul: (x: number, y: number) => x * y } as const;
  for (const [aShape, bShape, outShape] of cases) {
    const a = filled(aShape.reduce((p, d) => p * d, 1), 1);
    const b = filled(bShape.reduce((p, d) => p * d, 1), 2);
    for (const [op, f] of Object.entries(ops)) {
      const out = new Float64Array(outShape.reduce((p, d) => p * d, 1));
      binary(op as keyof typeof ops, a, aShape, b, bShape, out, outShape);
      assert.deepEqual(out, naive(f, a, aShape, b, bShape, outShape), `${op} ${JSON.stringify([aShape, bShape])}`);
    }
  }
});
