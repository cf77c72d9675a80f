// The MFCC-statistics + logistic regression baseline: statistics, a separable problem, JSON round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameStatsLogistic, frameStatistics, type FrameMatrix } from './baseline.js';
import { Generator } from '../../random/generator.js';

test('frameStatistics: the mean and the population std of every feature over the frames', () => {
  const s = frameStatistics({ frames: Float32Array.of(1, 10, 3, 10, 5, 10), T: 3, F: 2 });
  assert.deepEqual(Array.from(s), [3, 10, Math.sqrt(8 / 3), 0]);
});

test('FrameStatsLogistic separates classes told apart by their mean and by their spread, and loads back to the same probabilities', () => {
  const g = new Generator(0);
  const make = (cls: number): FrameMatrix => {
    const T = 5 + g.int(20), F = 3;
    const frames = new Float32Array(T * F);
    for (let i = 0; i < frames.length; i++) frames[i] = (cls === 1 ? 1 : 0) + g.normal() * (cls === 2 ? 3 : 1);
    return { frames, T, F };
  };
  const labels = Int32Array.from({ length: 150 }, (_, i) => i % 3);
  const items = Array.from(labels, (c) => make(c));
  const m = new FrameStatsLogistic(1).fit(items, labels, 3);
  const testLabels = Int32Array.from({ length: 60 }, (_, i) => i % 3);
  const P = m.predictProba(Array.from(testLabels, (c) => make(c)));
  let correct = 0;
  testLabels.forEach((c, r) => {
    const row = Array.from(P.subarray(3 * r, 3 * r + 3));
    assert.ok(Math.abs(row.reduce((a, b) => a + b) - 1) < 1e-12);
    if (row.indexOf(Math.max(...row)) === c) correct++;
  });
  assert.ok(correct / 60 > 0.9, `accuracy ${correct / 60}`);
  const back = FrameStatsLogistic.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.deepEqual(back.predictProba(items.slice(0, 5)), m.predictProba(items.slice(0, 5)));
  assert.throws(() => FrameStatsLogistic.fromJSON({ ...m.toJSON(), weights: [1] }), /weights/);
});
