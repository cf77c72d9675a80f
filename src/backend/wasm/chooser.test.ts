import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThreadChooser } from './chooser.js';

/** Run `calls` calls of one key with the given ms per unit of work on 1 and on 2 threads. */
function simulate(c: ThreadChooser, key: string, one: number, two: number, calls: number): number[] {
  const picks: number[] = [];
  for (let i = 0; i < calls; i++) {
    const nt = c.choose(key, 2);
    picks.push(nt);
    c.record(key, nt, (nt === 1 ? one : two) * 1000, 1000);
  }
  return picks;
}

test('tries both options, then keeps the faster and re-tries the other less often the further apart they are', () => {
  const c = new ThreadChooser(2);
  const near = simulate(c, 'k:20', 1, 0.85, 100);
  assert.deepEqual(near.slice(0, 6), [2, 2, 2, 1, 1, 1]);
  // Within 25%: every 8th call (calls 8, 16, …, 96 of those after the six tries).
  assert.equal(near.slice(6).filter((n) => n === 1).length, 12, `expected 12 explorations of one thread, got ${near.slice(6)}`);
  const mid = simulate(c, 'k:21', 1, 0.7, 100);
  assert.equal(mid.slice(6).filter((n) => n === 1).length, 6, `within 60%: every 16th call, got ${mid.slice(6)}`);
  const far = simulate(c, 'k:22', 1, 0.5, 100);
  assert.equal(far.slice(6).filter((n) => n === 1).length, 3, `twice as fast: every 32nd call, got ${far.slice(6)}`);
  const slowTwo = simulate(c, 'k:23', 1, 1.1, 100);
  assert.equal(slowTwo.slice(6).filter((n) => n === 2).length, 12);
});

test('a tie (within 5%) stays on one thread; a change of load is followed', () => {
  const c = new ThreadChooser(2);
  assert.ok(simulate(c, 'k:20', 1, 0.97, 40).slice(6).filter((n) => n === 2).length <= 5);
  // Two threads become much faster: the explorations notice and switch.
  const after = simulate(c, 'k:20', 1, 0.5, 100);
  const last = after.slice(-32);
  assert.ok(last.filter((n) => n === 2).length === 31, `expected two threads at the end but for one exploration, got ${last}`);
});

test('without adaptation (tests), every splittable call is split', () => {
  const c = new ThreadChooser(2, false);
  assert.deepEqual(simulate(c, 'k:20', 1, 5, 5), [2, 2, 2, 2, 2]);
  assert.equal(c.choose('k:1', 1), 1);
});
