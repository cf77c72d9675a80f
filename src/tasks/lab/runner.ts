/**
 * The long-dependency lab: each model trained with `fit` on freshly generated batches of one
 * task, scored on a held-out test batch against the task's trivial baseline, and its gradient
 * flow measured before and after training.
 */
import { fit } from '../../train/fit.js';
import type { TrainData } from '../../train/types.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { Generator } from '../../random/generator.js';
import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../errors.js';
import { checkLabCells, LabNet, labModel, type LabCell } from './models.js';
import { labTask } from './tasks.js';
import type { LabBatch, LabTask } from './task.js';
import { LAB_DEFAULTS, type LabOptions } from './options.js';
import type { LabCurve, LabModelResult, LabResult } from './result.js';
import { stepGradientNorms } from './gradient-flow.js';
import { gradientFlow } from '../../diagnostics/gradient-flow.js';

const now = (): number => globalThis.performance?.now() ?? Date.now();

/** A positive integer option (ValueError naming it otherwise). */
function positiveInt(v: number, name: string): number {
  if (!(Number.isInteger(v) && v >= 1)) throw new ValueError(`lab: ${name} must be a positive integer, got ${v}`);
  return v;
}

function positive(v: number, name: string): number {
  if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new ValueError(`lab: ${name} must be a positive number, got ${v}`);
  return v;
}

/** Seed of the test batch's generator, apart from the training stream's. */
const TEST_SEED_OFFSET = 0x5eed;

/**
 * ‖∂L/∂h_t‖ for t = 1 … T of `model`'s recurrent layer on `batch` (over the whole batch), from the
 * BPTT kernels of a float64 copy of the model: in float32 the gradient itself underflows (a tanh
 * RNN's ratio is far below 1e-40 at T = 200).
 */
export function labGradientNorms(model: LabNet, task: LabTask, batch: LabBatch): number[] {
  const m64 = new LabNet(model.spec, { dtype: 'float64' });
  const src = new Map(model.namedParameters());
  for (const [k, p] of m64.namedParameters()) p.data.set(src.get(k)!.data);
  const x = batch.x.to('float64');
  const y = batch.y instanceof Tensor ? batch.y.to('float64') : batch.y;
  return Array.from(stepGradientNorms(m64, m64.recurrent, () => task.loss(m64.forward(x), y)).layers[0]);
}

/**
 * Train every model of `options.cells` on `options.task` and report, per model, the test loss
 * against the baseline, whether it solved the task, its learning curve, and its gradient flow.
 * Every model sees the same training batches (drawn from `seed`) and the same test batch.
 *
 *   per model:  norms₀ = ‖∂L/∂h_t‖ at initialisation
 *               fit(model, fresh batches, Adam lr, clip) until steps, minutes or solved
 *               norms  = ‖∂L/∂h_t‖ after training;  ratio = norms[0] / norms[T−1]
 *
 * @example
 * const r = await runLab({ task: 'adding', length: 200, cells: ['rnn', 'lstm'], minutes: 2 });
 * r.models.lstm?.solved; r.models.rnn?.gradientRatio; // e.g. true, 1e-30
 */
export async function runLab(options: LabOptions): Promise<LabResult> {
  const t0 = now();
  const D = LAB_DEFAULTS;
  const task = labTask(options.task, options.length);
  const cells = checkLabCells(options.cells ?? D.cells);
  const settings = {
    cells,
    steps: positiveInt(options.steps ?? D.steps, 'steps'),
    minutes: positive(options.minutes ?? D.minutes, 'minutes'),
    seed: options.seed ?? D.seed,
    clip: options.clip === undefined ? D.clip : options.clip,
    hiddenSize: positiveInt(options.hiddenSize ?? D.hiddenSize, 'hiddenSize'),
    batchSize: positiveInt(options.batchSize ?? D.batchSize, 'batchSize'),
    lr: positive(options.lr ?? D.lr, 'lr'),
    evalEvery: positiveInt(options.evalEvery ?? D.evalEvery, 'evalEvery'),
    testSize: positiveInt(options.testSize ?? D.testSize, 'testSize'),
    gradientBatch: positiveInt(options.gradientBatch ?? D.gradientBatch, 'gradientBatch'),
  };
  if (!Number.isInteger(settings.seed)) throw new ValueError(`lab: seed must be an integer, got ${settings.seed}`);
  if (settings.clip !== null) positive(settings.clip, 'clip');
  const testGen = new Generator(settings.seed + TEST_SEED_OFFSET);
  const test = task.batch(settings.testSize, testGen);
  const gradBatch = task.batch(settings.gradientBatch, testGen);
  const models: Partial<Record<LabCell, LabModelResult>> = {};
  for (let i = 0; i < cells.length; i++) {
    if (options.signal?.aborted) break;
    options.callbacks?.onModelBegin?.({ cell: cells[i], index: i, count: cells.length });
    const r = await trainOne(cells[i], task, test, gradBatch, settings, options);
    models[cells[i]] = r;
    options.callbacks?.onModelEnd?.(r);
  }
  return {
    task: task.name, length: task.length, sequenceLength: task.steps, lossName: task.lossName, baseline: task.baseline, solvedBelow: task.solvedBelow,
    models, settings, seconds: (now() - t0) / 1000,
  };
}

type Settings = LabResult['settings'];

async function trainOne(cell: LabCell, task: LabTask, test: LabBatch, gradBatch: LabBatch, s: Settings, options: LabOptions): Promise<LabModelResult> {
  const t0 = now();
  const model = labModel(cell, task, s.hiddenSize, { generator: new Generator(s.seed) });
  const normsInit = labGradientNorms(model, task, gradBatch);
  // A data source as long as the step budget: each batch is generated fresh from one stream.
  const stream = new Generator(s.seed + 1);
  const data: TrainData<LabBatch> = { length: s.steps * s.batchSize, batch: (ids) => task.batch(ids.length, stream) };
  const curve: LabCurve = { step: [], trainLoss: [], testLoss: [] };
  const testLoss = (): number => {
    model.eval();
    const l = noGrad(() => task.loss(model.forward(test.x), test.y).data[0]);
    model.train();
    return l;
  };
  const budgetMs = s.minutes * 60_000;
  let sum = 0, count = 0, solvedAtStep: number | null = null;
  let stopReason: LabModelResult['stopReason'] = 'steps';
  const evaluate = (step: number): boolean => {
    const tl = testLoss();
    curve.step.push(step);
    curve.trainLoss.push(count ? sum / count : NaN);
    curve.testLoss.push(tl);
    sum = 0;
    count = 0;
    options.callbacks?.onEval?.({ cell, step, trainLoss: curve.trainLoss[curve.trainLoss.length - 1], testLoss: tl, seconds: (now() - t0) / 1000 });
    const solved = tl < task.solvedBelow;
    if (solved && solvedAtStep === null) solvedAtStep = step;
    return solved;
  };
  evaluate(0);
  let lastEval = 0;
  const history = await fit(model, data, {
    loss: (m, b) => task.loss(m.forward(b.x), b.y),
    epochs: 1, batchSize: s.batchSize, shuffle: false, optimizer: 'adam', lr: s.lr, clipNorm: s.clip, earlyStopping: false,
    seed: s.seed, signal: options.signal,
    callbacks: [{
      onStep: (log) => {
        sum += log.loss;
        count += 1;
        if (log.step % s.evalEvery === 0) {
          lastEval = log.step;
          if (evaluate(log.step) && (options.stopWhenSolved ?? LAB_DEFAULTS.stopWhenSolved)) {
            stopReason = 'solved';
            return 'stop';
          }
        }
        if (now() - t0 > budgetMs) {
          stopReason = 'minutes';
          return 'stop';
        }
      },
    }],
  });
  const steps = history.stepLoss.length;
  if (history.stopReason === 'aborted') stopReason = 'aborted';
  if (lastEval !== steps) evaluate(steps);
  const final = curve.testLoss[curve.testLoss.length - 1];
  const norms = labGradientNorms(model, task, gradBatch);
  const flow = gradientFlow(norms), flowInit = gradientFlow(normsInit);
  return {
    cell, testLoss: final, solved: final < task.solvedBelow, solvedAtStep, steps, stopReason, seconds: (now() - t0) / 1000,
    gradientRatio: flow.ratio, gradientRatioInit: flowInit.ratio,
    horizon: flow.horizon, horizonInit: flowInit.horizon,
    decayPerStep: flow.decay.factor, decayPerStepInit: flowInit.decay.factor,
    exploding: flow.exploding,
    gradientNorms: norms, gradientNormsInit: normsInit, curve,
  };
}
