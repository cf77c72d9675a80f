// CTC decoding: best path by hand; prefix beam search against exhaustive enumeration of every
// alignment and against ctcLoss; width 1 against best path; hand-made cases where they differ.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../random/generator.js';
import { ShapeError, ValueError } from '../errors.js';
import { ctcLoss } from '../losses/index.js';
import { Parameter } from '../nn/parameter.js';
import { Adam } from '../optim/index.js';
import { ctcBeamDecode, ctcGreedyDecode } from './index.js';

/** Log-probabilities [T, C] from rows of probabilities. */
function logOf(rows: number[][]): Float64Array {
  return Float64Array.from(rows.flat(), Math.log);
}

/** Random log-probabilities [T, C]; with minTop, every frame's best class has at least that probability. */
function randomFrames(g: Generator, T: number, C: number, minTop = 0): Float64Array {
  const lp = new Float64Array(T * C);
  for (let t = 0; t < T; t++) {
    for (;;) {
      const e = Array.from({ length: C }, () => Math.exp(3 * g.normal()));
      const s = e.reduce((a, b) => a + b, 0);
      if (Math.max(...e) / s < minTop) continue;
      e.forEach((v, c) => { lp[t * C + c] = Math.log(v / s); });
      break;
    }
  }
  return lp;
}

/** Every labeling's exact log-probability, by summing all C^T alignments. */
function enumerate(lp: Float64Array, T: number, C: number, blank: number): Map<string, number> {
  const p = new Map<string, number>();
  const path = new Array<number>(T).fill(0);
  for (let k = 0; k < C ** T; k++) {
    let r = k, logp = 0;
    for (let t = 0; t < T; t++) {
      path[t] = r % C;
      r = Math.floor(r / C);
      logp += lp[t * C + path[t]];
    }
    const tokens = path.filter((c, t) => c !== blank && (t === 0 || c !== path[t - 1]));
    const key = tokens.join(',');
    p.set(key, (p.get(key) ?? 0) + Math.exp(logp));
  }
  return new Map([...p].map(([key, v]) => [key, Math.log(v)]));
}

/** −ctcLoss of one labeling, its exact log-probability. */
function logProbOf(lp: Float64Array, T: number, C: number, tokens: number[], blank = 0): number {
  const x = new Tensor(lp, [T, 1, C]);
  return -ctcLoss(x, Int32Array.from(tokens), Int32Array.of(T), Int32Array.of(tokens.length), { blank, reduction: 'sum' }).item();
}

describe('ctcGreedyDecode', () => {
  test('collapses repeats, then drops blanks; a blank between repeats keeps both', () => {
    // frames: 1 1 0 1 2 2 0 0 3 (blank 0) → 1 1 2 3
    const frames = [1, 1, 0, 1, 2, 2, 0, 0, 3];
    const lp = logOf(frames.map((c) => [0, 1, 2, 3].map((k) => (k === c ? 0.7 : 0.1))));
    assert.deepEqual(ctcGreedyDecode(lp, 9, 4), [1, 1, 2, 3]);
    assert.deepEqual(ctcGreedyDecode(lp, 9, 4, { length: 4 }), [1, 1]);
    assert.deepEqual(ctcGreedyDecode(lp, 9, 4, { length: 0 }), []);
    // the same frames with 3 as the blank
    assert.deepEqual(ctcGreedyDecode(lp, 9, 4, { blank: 3 }), [1, 0, 1, 2, 0]);
    // a Tensor of one sequence, taken out of a [T, N, C] batch
    const batch = new Tensor(Float64Array.from({ length: 9 * 2 * 4 }, (_, i) => lp[Math.floor(i / 8) * 4 + (i % 4)]), [9, 2, 4]);
    assert.deepEqual(ctcGreedyDecode(batch.select(1, 1), 9, 4), [1, 1, 2, 3]);
  });

  test('input checks', () => {
    const lp = new Float32Array(12);
    assert.throws(() => ctcGreedyDecode(lp, 4, 4), ShapeError);
    assert.throws(() => ctcGreedyDecode(lp, 4, 3, { blank: 3 }), /blank must be a class id in \[0, 2\], got 3/);
    assert.throws(() => ctcGreedyDecode(lp, 4, 3, { length: 5 }), /length must be an integer in \[0, T = 4\], got 5/);
    assert.throws(() => ctcBeamDecode(lp, 4, 3, { beamWidth: 0 }), ValueError);
  });
});

describe('ctcBeamDecode', () => {
  test('wide enough to keep every prefix, it returns every labeling with its exact probability (enumeration and ctcLoss agree)', () => {
    const g = new Generator(7);
    for (const [T, C, blank] of [[4, 3, 0], [5, 3, 2], [3, 4, 1]] as const) {
      const lp = randomFrames(g, T, C);
      const exact = enumerate(lp, T, C, blank);
      const hyps = ctcBeamDecode(lp, T, C, { blank, beamWidth: 1000 });
      assert.equal(hyps.length, exact.size, `T${T} C${C}: every labeling`);
      const best = [...exact].sort((a, b) => b[1] - a[1])[0];
      assert.equal(hyps[0].tokens.join(','), best[0], `T${T} C${C}: the most probable labeling first`);
      for (let i = 0; i < hyps.length; i++) {
        const h = hyps[i];
        if (i > 0) assert.ok(h.logProb <= hyps[i - 1].logProb, 'best first');
        assert.ok(Math.abs(h.logProb - exact.get(h.tokens.join(','))!) < 1e-12, `[${h.tokens}] against enumeration`);
        assert.ok(Math.abs(h.logProb - logProbOf(lp, T, C, h.tokens, blank)) < 1e-10, `[${h.tokens}] against ctcLoss`);
      }
    }
  });

  test('width 1 equals best-path decoding on random sharp frames (best class ≥ 0.8, as a trained model gives)', () => {
    const g = new Generator(8);
    for (let trial = 0; trial < 300; trial++) {
      const T = 3 + g.int(30), C = 2 + g.int(10), blank = g.int(C);
      const lp = randomFrames(g, T, C, 0.8);
      const length = T - g.int(3);
      const [h] = ctcBeamDecode(lp, T, C, { beamWidth: 1, blank, length });
      assert.deepEqual(h.tokens, ctcGreedyDecode(lp, T, C, { blank, length }), `trial ${trial}`);
    }
  });

  test('a wider beam beats best-path decoding: two frames of blank 0.6, a 0.4', () => {
    // best path: blank blank → [] (p 0.36); the labeling [a] has 3 alignments: p 0.16 + 0.24 + 0.24
    const lp = logOf([[0.6, 0.4], [0.6, 0.4]]);
    assert.deepEqual(ctcGreedyDecode(lp, 2, 2), []);
    assert.deepEqual(ctcBeamDecode(lp, 2, 2, { beamWidth: 1 })[0].tokens, []);
    const hyps = ctcBeamDecode(lp, 2, 2, { beamWidth: 2 });
    assert.deepEqual(hyps.map((h) => h.tokens), [[1], []]);
    assert.ok(Math.abs(Math.exp(hyps[0].logProb) - 0.64) < 1e-12 && Math.abs(Math.exp(hyps[1].logProb) - 0.36) < 1e-12);
  });

  test('width 1 is not best path in general: its one prefix still sums alignments', () => {
    // best path a blank a → [a, a] (p 0.454); width 1 keeps [a] (its alignments so far 0.536, exact 0.545)
    const lp = logOf([[0.01, 0.99], [0.51, 0.49], [0.1, 0.9]]);
    assert.deepEqual(ctcGreedyDecode(lp, 3, 2), [1, 1]);
    const [h] = ctcBeamDecode(lp, 3, 2, { beamWidth: 1 });
    assert.deepEqual(h.tokens, [1]);
    assert.ok(logProbOf(lp, 3, 2, [1]) > logProbOf(lp, 3, 2, [1, 1]), '[a] is the more probable labeling');
  });

  test('no frames: the empty labeling with probability 1; at most beamWidth results', () => {
    const lp = randomFrames(new Generator(9), 6, 5);
    assert.deepEqual(ctcBeamDecode(lp, 6, 5, { length: 0 }), [{ tokens: [], logProb: 0 }]);
    assert.equal(ctcBeamDecode(lp, 6, 5, { beamWidth: 3 }).length, 3);
  });
});

describe('ctcLoss and decoding together', () => {
  test('free logits trained on ctcLoss decode to their targets, repeats included', () => {
    // logits [T, N, C] as the only parameters; targets of different lengths, one with a repeat
    const T = 12, N = 3, C = 5;
    const g = new Generator(12);
    const logits = new Parameter(Float32Array.from({ length: T * N * C }, () => 0.1 * g.normal()), [T, N, C]);
    const targets = [[1, 2, 3, 4], [2, 2, 1], [4]];
    const flat = Int32Array.from(targets.flat()), inputLengths = Int32Array.of(12, 10, 7), targetLengths = Int32Array.from(targets, (t) => t.length);
    const opt = new Adam([logits], { lr: 0.1 });
    const first = ctcLoss(logits.logSoftmax(-1), flat, inputLengths, targetLengths).item();
    let last = first;
    for (let step = 0; step < 150; step++) {
      opt.zeroGrad();
      const loss = ctcLoss(logits.logSoftmax(-1), flat, inputLengths, targetLengths);
      loss.backward();
      opt.step();
      last = loss.item();
    }
    assert.ok(last < 0.05 * first, `loss ${first} → ${last}`);
    const lp = logits.logSoftmax(-1).detach();
    for (let n = 0; n < N; n++) {
      const seq = lp.select(1, n);
      assert.deepEqual(ctcGreedyDecode(seq, T, C, { length: inputLengths[n] }), targets[n], `greedy ${n}`);
      assert.deepEqual(ctcBeamDecode(seq, T, C, { length: inputLengths[n] })[0].tokens, targets[n], `beam ${n}`);
    }
  });
});
