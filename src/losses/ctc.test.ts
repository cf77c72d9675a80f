// ctcLoss against PyTorch (test/fixtures/ctc/ctc.json, from scripts/fixtures/make_ctc_fixtures.py):
// values and gradients w.r.t. the log-probabilities in float64 to 1e-9 and in float32 to 1e-4;
// finite differences in float64 through logSoftmax of random logits; the checks on the inputs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { alloc } from '../tensor/dtype.js';
import { Generator } from '../random/generator.js';
import { gradcheck, randLeaf } from '../../test/helpers/gradcheck.js';
import { ShapeError, ValueError } from '../errors.js';
import { ctcLoss, type CtcLossOptions } from './index.js';

type Num = number | 'inf' | '-inf' | 'nan';
interface TJ { shape: number[]; data: Num[] }
interface Case {
  name: string; logProbs: TJ; targets: { shape: number[]; data: number[] };
  inputLengths: number[]; targetLengths: number[]; options: CtcLossOptions;
  seed: TJ; output: TJ; gradLogProbs: TJ;
}

const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/ctc/ctc.json', import.meta.url), 'utf8')) as { cases: Case[] };

const num = (v: Num): number => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === 'nan' ? NaN : v);

function tensor(j: TJ, dtype: DType, requiresGrad = false): Tensor {
  const d = alloc(dtype, j.data.length);
  j.data.forEach((v, i) => { d[i] = num(v); });
  return new Tensor(d, j.shape, requiresGrad);
}

/** |a − e| ≤ tol·(1 + |e|) element by element; NaN matches NaN and equal infinities match. */
function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e) ? Number.isNaN(a) : a === e || Math.abs(a - e) <= tol * (1 + Math.abs(e))) continue;
    assert.fail(`${what}: at ${i} expected ${e}, got ${a}`);
  }
}

describe('ctcLoss against PyTorch', () => {
  for (const c of fixture.cases) {
    for (const [dtype, tol] of [['float64', 1e-9], ['float32', 1e-4]] as const) {
      test(`${c.name} (${dtype})`, () => {
        const lp = tensor(c.logProbs, dtype, true);
        // padded targets as an [N, S] tensor, concatenated ones as a plain Int32Array
        const targets = c.targets.shape.length === 2 ? new Tensor(Float64Array.from(c.targets.data), c.targets.shape) : Int32Array.from(c.targets.data);
        const out = ctcLoss(lp, targets, Int32Array.from(c.inputLengths), Int32Array.from(c.targetLengths), c.options);
        assert.deepEqual(out.shape, c.output.shape);
        close(out.data, tensor(c.output, 'float64').data, tol, `${c.name} loss`);
        out.mul(tensor(c.seed, dtype)).sum().backward();
        close(lp.grad!.data, tensor(c.gradLogProbs, 'float64').data, tol, `${c.name} gradient`);
      });
    }
  }

  test('padded targets as a flat Int32Array give the same loss as the [N, S] tensor', () => {
    const c = fixture.cases.find((k) => k.name === 'padded none')!;
    const lp = tensor(c.logProbs, 'float64');
    const il = Int32Array.from(c.inputLengths), tl = Int32Array.from(c.targetLengths);
    const flat = ctcLoss(lp, Int32Array.from(c.targets.data), il, tl, { reduction: 'none' });
    close(flat.data, tensor(c.output, 'float64').data, 1e-12, 'flat padded');
  });
});

describe('ctcLoss gradient by finite differences (float64, through logSoftmax)', () => {
  const configs: { name: string; T: number; N: number; C: number; targets: number[]; il: number[]; tl: number[]; options: CtcLossOptions }[] = [
    { name: 'padded, mean', T: 7, N: 3, C: 4, targets: [1, 2, 3, 1, 1, 0, 3, 0, 0], il: [7, 6, 4], tl: [3, 2, 1], options: {} },
    { name: 'repeats, blank 2, none', T: 6, N: 2, C: 4, targets: [1, 1, 3, 3], il: [6, 5], tl: [2, 2], options: { blank: 2, reduction: 'none' } },
    { name: 'empty target and an impossible one zeroed, sum', T: 5, N: 3, C: 3, targets: [1, 2, 1, 1, 1, 2, 2], il: [5, 5, 2], tl: [2, 0, 5], options: { reduction: 'sum', zeroInfinity: true } },
  ];
  for (const k of configs) {
    test(k.name, () => {
      const g = new Generator(11);
      const logits = randLeaf([k.T, k.N, k.C], g, 1.5);
      gradcheck(([x]) => ctcLoss(x.logSoftmax(-1), Int32Array.from(k.targets), Int32Array.from(k.il), Int32Array.from(k.tl), k.options), [logits]);
    });
  }
});

describe('ctcLoss properties', () => {
  test('an empty target costs −Σ_t log p(blank), and an input of length 0 costs 0 or +∞', () => {
    const g = new Generator(3);
    const lp = randLeaf([4, 3, 3], g).logSoftmax(-1).detach();
    const out = ctcLoss(lp, Int32Array.of(0, 0, 0, 0, 1, 0), Int32Array.of(4, 0, 0), Int32Array.of(0, 0, 1), { reduction: 'none', blank: 0 });
    let expected = 0;
    for (let t = 0; t < 4; t++) expected -= lp.data[(t * 3 + 0) * 3 + 0];
    close(out.data, [expected, 0, Infinity], 1e-12, 'losses');
  });

  test('one frame per label and no room for blanks leaves one path: the sum of its log-probabilities', () => {
    const g = new Generator(4);
    const lp = randLeaf([3, 1, 5], g).logSoftmax(-1).detach();
    const out = ctcLoss(lp, Int32Array.of(4, 2, 3), Int32Array.of(3), Int32Array.of(3), { reduction: 'sum' });
    close(out.data, [-(lp.data[4] + lp.data[5 + 2] + lp.data[10 + 3])], 1e-12, 'loss');
  });

  test('mean divides each loss by its target length (at least 1) before the batch mean', () => {
    const g = new Generator(5);
    const lp = randLeaf([6, 2, 4], g).logSoftmax(-1).detach();
    const args = [lp, Int32Array.of(1, 2, 3, 0, 0, 0), Int32Array.of(6, 6), Int32Array.of(3, 0)] as const;
    const none = ctcLoss(...args, { reduction: 'none' }).data;
    const mean = ctcLoss(...args).item();
    close([mean], [(none[0] / 3 + none[1] / 1) / 2], 1e-12, 'mean');
  });
});

describe('ctcLoss precision', () => {
  test('float32 inputs of 2000 frames keep the gradient within 1e-5 of float64 (α and β are float64)', () => {
    const T = 2000, N = 2, C = 11, S = 100;
    const g = new Generator(3);
    const lp64 = new Tensor(Float64Array.from({ length: T * N * C }, () => 2 * g.normal()), [T, N, C]).logSoftmax(-1).detach();
    const targets = Int32Array.from({ length: N * S }, () => 1 + g.int(C - 1));
    const il = Int32Array.of(T, T - 100), tl = Int32Array.of(S, S - 10);
    const a = new Tensor(lp64.data, [T, N, C], true), b = new Tensor(Float32Array.from(lp64.data), [T, N, C], true);
    const la = ctcLoss(a, targets, il, tl, { reduction: 'sum' }), lb = ctcLoss(b, targets, il, tl, { reduction: 'sum' });
    la.backward();
    lb.backward();
    close(lb.data, la.data, 1e-6, 'loss');
    let scale = 0, err = 0;
    for (let i = 0; i < a.size; i++) scale = Math.max(scale, Math.abs(a.grad!.data[i]));
    for (let i = 0; i < a.size; i++) err = Math.max(err, Math.abs(a.grad!.data[i] - b.grad!.data[i]));
    assert.ok(err <= 1e-5 * scale, `gradient error ${err} against scale ${scale}`);
  });
});

describe('ctcLoss input checks', () => {
  const lp = new Tensor(new Float32Array(4 * 2 * 3).fill(Math.log(1 / 3)), [4, 2, 3]);
  const il = Int32Array.of(4, 4), tl = Int32Array.of(2, 1);
  test('shapes', () => {
    assert.throws(() => ctcLoss(lp.reshape([8, 3]), Int32Array.of(1, 2, 1), il, tl), ShapeError);
    assert.throws(() => ctcLoss(lp, Int32Array.of(1, 2, 1), Int32Array.of(4), tl), /inputLengths/);
    assert.throws(() => ctcLoss(lp, Int32Array.of(1, 2, 1, 2, 1), il, tl), /3 labels \(concatenated\)/);
    assert.throws(() => ctcLoss(lp, Int32Array.of(1, 1), il, Int32Array.of(3, 0)), ShapeError);
    assert.throws(() => ctcLoss(lp, new Tensor(new Float32Array(3), [3, 1]), il, tl), /\[2, S\]/);
  });
  test('values', () => {
    assert.throws(() => ctcLoss(lp, Int32Array.of(1, 2, 1), Int32Array.of(5, 4), tl), /inputLengths\[0\] = 5 is out of range: expected 0 … T = 4/);
    assert.throws(() => ctcLoss(lp, Int32Array.of(1, 0, 1), il, tl), /label 0 at position 1 of target 0 .* other than the blank 0/);
    assert.throws(() => ctcLoss(lp, Int32Array.of(1, 3, 1), il, tl), ValueError);
    assert.throws(() => ctcLoss(lp, Int32Array.of(1, 2, 1), il, tl, { blank: 3 }), /blank must be a class id in \[0, 2\], got 3/);
    assert.throws(() => ctcLoss(lp, Int32Array.of(1, 2, 1), il, tl, { reduction: 'avg' as 'mean' }), /reduction/);
  });
});
