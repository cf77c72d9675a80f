// A small, complete training run for the checkpoint tests: a 2-layer LSTM with dropout between
// the layers drawn from the default generator (so its state matters), shuffling by fit's own
// seeded generator, validation split, early stopping, a plateau schedule and clipping. Every
// call with the same seed builds the same run.
import { Tensor } from '../../tensor/tensor.js';
import { Generator, manualSeed } from '../../random/generator.js';
import { ManyToOne } from '../../models/many-to-one.js';
import { mseLoss } from '../../losses/index.js';
import { tensorData } from '../data.js';
import type { FitOptions } from '../options.js';
import type { History, TrainData } from '../types.js';

type XY = { x: Tensor; y: Tensor };

export interface Run {
  model: ManyToOne;
  data: TrainData<XY>;
  options: FitOptions<XY, ManyToOne>;
}

/** N = 30 sequences of T = 5 steps, 2 features; the target is the sum of the first feature. */
export function makeRun(seed = 0): Run {
  const g = new Generator(seed);
  const N = 30, T = 5;
  const x = new Tensor(Float32Array.from({ length: N * T * 2 }, () => g.normal()), [N, T, 2]);
  const y = new Tensor(Float32Array.from({ length: N }, (_, n) => { let s = 0; for (let t = 0; t < T; t++) s += x.data[(n * T + t) * 2]; return s / T; }), [N, 1]);
  manualSeed(seed);
  const model = new ManyToOne({ cell: 'lstm', inputSize: 2, hiddenSize: 6, numLayers: 2, dropout: 0.3, outputSize: 1 });
  return {
    model,
    data: tensorData(x, y),
    options: {
      loss: (m, b) => mseLoss(m.forward(b.x), b.y),
      epochs: 6, batchSize: 4, lr: 0.02, clipNorm: 0.5, validationSplit: 0.2, seed,
      schedule: { kind: 'plateau', patience: 0, factor: 0.7 }, earlyStopping: { patience: 4 },
    },
  };
}

/** What must be equal, bit for bit, between a resumed and an uninterrupted run (all but timings). */
export function comparable(h: History) {
  return {
    stepLoss: h.stepLoss, stepGradNorm: h.stepGradNorm, epochs: h.epochs.map(({ seconds: _s, ...e }) => e),
    bestEpoch: h.bestEpoch, bestValue: h.bestValue, monitor: h.monitor, stopReason: h.stopReason, restoredBest: h.restoredBest,
  };
}

/** The model's weights as plain arrays. */
export function weights(r: Run): Record<string, number[]> {
  return Object.fromEntries([...r.model.namedParameters()].map(([k, p]) => [k, [...p.data]]));
}
