// The lab's tasks: seeded generators whose batches follow each task's definition, and the
// trivial baselines measured on generated batches against their formulas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../random/generator.js';
import { Tensor } from '../../tensor/tensor.js';
import { crossEntropy } from '../../losses/cross-entropy.js';
import { mseLoss } from '../../losses/mse.js';
import { addingTask, ADDING_BASELINE } from './adding.js';
import { copyTask, copyBaseline } from './copy.js';
import { isReberString, reberString, reberTask, REBER_SYMBOLS } from './reber.js';
import { labTask } from './tasks.js';
import { ValueError } from '../../errors.js';

test('adding: x [B, T, 2] with one marker in each half, y the sum of the two marked values; seeded', () => {
  const T = 30, B = 200;
  const task = addingTask(T);
  const { x, y } = task.batch(B, new Generator(3));
  assert.deepEqual(x.shape, [B, T, 2]);
  assert.deepEqual((y as Tensor).shape, [B, 1]);
  for (let b = 0; b < B; b++) {
    const marked: number[] = [];
    for (let t = 0; t < T; t++) {
      const v = x.data[(b * T + t) * 2], m = x.data[(b * T + t) * 2 + 1];
      assert.ok(v >= 0 && v < 1);
      assert.ok(m === 0 || m === 1);
      if (m === 1) marked.push(t);
    }
    assert.equal(marked.length, 2);
    assert.ok(marked[0] < T / 2 && marked[1] >= T / 2, `markers at ${marked}`);
    const sum = x.data[(b * T + marked[0]) * 2] + x.data[(b * T + marked[1]) * 2];
    assert.ok(Math.abs((y as Tensor).data[b] - sum) < 1e-6);
  }
  assert.deepEqual(Array.from(task.batch(4, new Generator(3)).x.data), Array.from(x.data.subarray(0, 4 * T * 2)), 'the same seed gives the same batch');
});

test('adding: predicting 1 always gives MSE 1/6 on a generated batch', () => {
  const B = 20_000;
  const { y } = addingTask(10).batch(B, new Generator(0));
  const ones = new Tensor(new Float32Array(B).fill(1), [B, 1]);
  const mse = mseLoss(ones, y as Tensor).item();
  assert.ok(Math.abs(mse - ADDING_BASELINE) < 0.005, `MSE ${mse}, formula ${ADDING_BASELINE}`);
  assert.equal(addingTask(10).baseline, 1 / 6);
});

test('copy: 10 symbols, T − 1 blanks, the delimiter, 10 blanks; the target blanks then the symbols', () => {
  const T = 15, S = T + 20, B = 50, I = 10;
  const task = copyTask(T);
  assert.equal(task.steps, S);
  const { x, y } = task.batch(B, new Generator(1));
  assert.deepEqual(x.shape, [B, S, I]);
  const ids = y as Int32Array;
  assert.equal(ids.length, B * S);
  for (let b = 0; b < B; b++) {
    const input: number[] = [];
    for (let t = 0; t < S; t++) {
      const row = Array.from(x.data.subarray((b * S + t) * I, (b * S + t + 1) * I));
      assert.equal(row.reduce((a, v) => a + v, 0), 1, 'one-hot');
      input.push(row.indexOf(1));
    }
    const symbols = input.slice(0, 10);
    assert.ok(symbols.every((s) => s >= 1 && s <= 8));
    assert.deepEqual(input.slice(10), [...Array(T - 1).fill(0), 9, ...Array(10).fill(0)]);
    assert.deepEqual(Array.from(ids.subarray(b * S, (b + 1) * S)), [...Array(T + 10).fill(0), ...symbols]);
  }
});

test('copy: blanks then a uniform guess over the 8 symbols gives 10·ln 8 / (T + 20) on a generated batch', () => {
  const T = 40, S = T + 20, B = 64, C = 9;
  const task = copyTask(T);
  const { y } = task.batch(B, new Generator(2));
  // the memoryless answer: blank for sure (a large logit) until the delimiter has passed 10 steps, then uniform over 1 … 8
  const logits = new Float32Array(B * S * C);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < S; t++) {
      const row = logits.subarray((b * S + t) * C, (b * S + t + 1) * C);
      if (t < T + 10) row[0] = 100;
      else row.fill(0), (row[0] = -100);
    }
  }
  const ce = crossEntropy(new Tensor(logits, [B, S, C]), y as Int32Array).item();
  assert.ok(Math.abs(ce - copyBaseline(T)) < 1e-5, `cross-entropy ${ce}, formula ${copyBaseline(T)}`);
  assert.ok(Math.abs(task.baseline - (10 * Math.log(8)) / (T + 20)) < 1e-15);
});

test('reber: Reber strings follow the grammar; the sequence is B, X, blanks, a Reber string; the target is X', () => {
  const g = new Generator(5);
  for (let i = 0; i < 200; i++) assert.ok(isReberString(reberString(g)));
  assert.equal(isReberString('BTXSE'), true);
  assert.equal(isReberString('BTXXE'), false);
  const T = 25, B = 300, I = REBER_SYMBOLS.length;
  const { x, y } = reberTask(T).batch(B, g);
  assert.deepEqual(x.shape, [B, T, I]);
  const ids = y as Int32Array;
  let ones = 0;
  for (let b = 0; b < B; b++) {
    let s = '';
    for (let t = 0; t < T; t++) s += REBER_SYMBOLS[Array.from(x.data.subarray((b * T + t) * I, (b * T + t + 1) * I)).indexOf(1)];
    assert.equal(s[0], 'B');
    assert.equal(s[1], ids[b] === 0 ? 'T' : 'P');
    const inner = s.slice(2).replace(/^_+/, '');
    assert.ok(isReberString(inner), s);
    assert.equal(s.length, T);
    ones += ids[b];
  }
  assert.ok(ones > 0.4 * B && ones < 0.6 * B, `${ones} of ${B} are P`);
});

test('reber: a coin (equal logits) gives ln 2, the baseline; the classes are balanced on a generated batch', () => {
  const B = 4000;
  const task = reberTask(12);
  const { y } = task.batch(B, new Generator(9));
  const ce = crossEntropy(new Tensor(new Float32Array(B * 2), [B, 2]), y as Int32Array).item();
  assert.ok(Math.abs(ce - task.baseline) < 1e-4, `cross-entropy ${ce}`); // float32 sums
  const p = (y as Int32Array).reduce((a, v) => a + v, 0) / B;
  // the best constant answer is the class frequency; its cross-entropy is within 0.002 of ln 2
  const best = -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
  assert.ok(task.baseline - best < 0.002, `best constant ${best}`);
});

test('labTask: unknown names and lengths out of range are ValueErrors', () => {
  assert.throws(() => labTask('add'), ValueError);
  assert.throws(() => labTask('reber', 6), /length must be an integer in 7/);
  assert.throws(() => labTask('adding', 2.5), ValueError);
  assert.equal(labTask('copy').length, 100);
});
