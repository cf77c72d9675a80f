/**
 * The adding problem (Hochreiter & Schmidhuber 1997; the form of Le et al. 2015 and Arjovsky et
 * al. 2016): each step carries two channels, a value U(0, 1) and a marker. Exactly two markers
 * are 1, one in the first half of the sequence and one in the second; the target is the sum of
 * the two marked values. The model reads all T steps and predicts once.
 *
 *   x [B, T, 2]:  x[b, t, 0] ~ U(0, 1),  x[b, t, 1] = 1 at t = i ∈ [0, T/2) and j ∈ [T/2, T), else 0
 *   y [B, 1]:     y[b] = x[b, i, 0] + x[b, j, 0]
 *
 * Baseline: always predicting 1 (the mean of the sum of two U(0, 1)) gives MSE Var(u1 + u2) =
 * 2 · 1/12 = 1/6 ≈ 0.167. Solved: test MSE < 0.01 (a sixteenth of the baseline's).
 */
import { Tensor } from '../../tensor/tensor.js';
import type { Generator } from '../../random/generator.js';
import { mseLoss } from '../../losses/mse.js';
import { checkLength, type LabBatch, type LabTask } from './task.js';

/** MSE of always predicting 1: Var(u1 + u2) for u ~ U(0, 1). */
export const ADDING_BASELINE = 1 / 6;

/**
 * The adding problem at length T (≥ 2).
 *
 * @example
 * const task = addingTask(200);
 * const { x, y } = task.batch(32, new Generator(0)); // x [32, 200, 2], y [32, 1]
 */
export function addingTask(length: number): LabTask {
  const T = checkLength('addingTask', length, 2);
  const half = Math.floor(T / 2);
  return {
    name: 'adding', length: T, steps: T, inputSize: 2, outputSize: 1, readout: 'last', lossName: 'MSE',
    baseline: ADDING_BASELINE, solvedBelow: 0.01,
    loss: (output, y) => mseLoss(output, y as Tensor),
    batch(B: number, g: Generator): LabBatch {
      const x = new Float32Array(B * T * 2);
      const y = new Float32Array(B);
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < T; t++) x[(b * T + t) * 2] = g.uniform();
        const i = g.int(half);
        const j = half + g.int(T - half);
        x[(b * T + i) * 2 + 1] = 1;
        x[(b * T + j) * 2 + 1] = 1;
        y[b] = x[(b * T + i) * 2] + x[(b * T + j) * 2];
      }
      return { x: new Tensor(x, [B, T, 2]), y: new Tensor(y, [B, 1]) };
    },
  };
}
