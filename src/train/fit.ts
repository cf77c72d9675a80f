/**
 * The training loop: any module, any loss, any data source. Batches, steps, clipping,
 * validation, metrics, schedules, early stopping, checkpoints and callbacks, with every default
 * in `FIT_DEFAULTS`.
 */

import type { Module } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/grad-mode.js';
import { clipGradNorm } from '../optim/clip-grad.js';
import { Generator, defaultGenerator } from '../random/generator.js';
import { NonFiniteError, ShapeError, ValueError } from '../errors.js';
import type { Callback, EpochLog, History, StepLog, StopReason, TrainData } from './types.js';
import { FIT_DEFAULTS, type FitOptions } from './options.js';
import { buildOptimizer, buildSchedule } from './build.js';
import { Monitor } from './monitor.js';
import { gradientDiverged, lossDiverged, lossFailed } from './divergence.js';
import { subsetData } from './data.js';
import { yieldToEventLoop } from './yield.js';
import {
  checkpointPath, loadNaming, readCheckpoint, removeStaleTemps, resolveResumePath, writeCheckpoint,
  type EpochProgress, type RunSetup, type RunState,
} from './checkpoint.js';
import { checkResume } from './resume-check.js';

const now = (): number => globalThis.performance?.now() ?? Date.now();

function range(from: number, to: number): Int32Array {
  const a = new Int32Array(Math.max(0, to - from));
  for (let i = 0; i < a.length; i++) a[i] = from + i;
  return a;
}

function positiveInt(v: number, name: string, allowInfinity = false): number {
  if (!((Number.isInteger(v) && v >= 1) || (allowInfinity && v === Infinity))) throw new ValueError(`fit: ${name} must be a positive integer, got ${v}`);
  return v;
}

function freshProgress(epoch: number): EpochProgress {
  return { epoch, started: false, batch: 0, generatorAtStart: [], lossSum: 0, examples: 0, gradNormSum: 0, gradNormMax: 0, clipped: 0, clipRatioSum: 0, steps: 0, seconds: 0 };
}

/** Call `hook` on every callback in order, awaiting those that return a promise; true when one returned 'stop'. */
async function each(callbacks: readonly Callback[], hook: (cb: Callback) => unknown): Promise<boolean> {
  let stop = false;
  for (const cb of callbacks) {
    let r = hook(cb);
    if (r !== null && typeof r === 'object' && typeof (r as Promise<unknown>).then === 'function') r = await r;
    if (r === 'stop') stop = true;
  }
  return stop;
}

/** The scalar loss of one batch, as a number (a ShapeError for a loss that is not a scalar). */
function scalar(t: Tensor): number {
  if (t.size !== 1) throw new ShapeError('fit: the loss', '[] (a scalar)', t.shape, 'reduce it, e.g. with the losses\' default mean reduction');
  return t.data[0];
}

/** Mean loss over `data` in batches of `batchSize`, weighted by batch size (eval mode, no graph). */
function meanLoss<Batch, M extends Module>(model: M, data: TrainData<Batch>, options: FitOptions<Batch, M>, ids: Int32Array, batchSize: number): number {
  let sum = 0;
  for (let s = 0; s < data.length; s += batchSize) {
    const b = ids.subarray(s, Math.min(s + batchSize, data.length));
    sum += scalar(options.loss(model, data.batch(b))) * b.length;
  }
  return sum / data.length;
}

/**
 * Train `model` on `data`: for each epoch, the examples in a new seeded order (or in order),
 * in batches of `batchSize` (the last may be smaller); per batch
 *
 *   loss = options.loss(model, batch);  zeroGrad;  backward;  ‖g‖ = clipGradNorm(clipNorm);  step
 *
 * then, at the epoch end, the validation loss and metrics (eval mode, no graph), the schedule,
 * early stopping and checkpoints. A non-finite loss or gradient throws a DivergenceError naming
 * the step, and for a gradient the parameter and its layer. Yields to the event loop every
 * `yieldEvery` steps, so pages and timers stay live. Returns the History; with
 * `restoreBestWeights` (the default when early stopping is on) the model ends with the weights
 * of its best epoch.
 *
 * `resume` continues a checkpointed run from the batch after the last one it saved: build the
 * same model and data, pass the same options and `resume: dir`; the losses then equal those of
 * an uninterrupted run bit for bit (on one thread, with dropout drawing from `generator` or the
 * default generator). `epochs` counts all epochs, those before the checkpoint included.
 *
 * @example
 * const data = tensorData(x, y);                                   // x [N, T, I], y [N, 1]
 * const history = await fit(model, data, {
 *   loss: (m, b) => mseLoss(m.forward(b.x), b.y),
 *   epochs: 50, validationSplit: 0.2, checkpoint: { dir: 'runs/a' },
 * });
 * history.bestEpoch; history.epochs.at(-1)?.valLoss;
 */
export async function fit<Batch, M extends Module>(model: M, data: TrainData<Batch>, options: FitOptions<Batch, M>): Promise<History> {
  const t0 = now();
  const epochs = options.epochs ?? FIT_DEFAULTS.epochs;
  if (!(Number.isInteger(epochs) && epochs >= 0)) throw new ValueError(`fit: epochs must be an integer ≥ 0, got ${epochs}`);
  const batchSize = positiveInt(options.batchSize ?? FIT_DEFAULTS.batchSize, 'batchSize');
  const yieldEvery = positiveInt(options.yieldEvery ?? FIT_DEFAULTS.yieldEvery, 'yieldEvery', true);
  const shuffle = options.shuffle ?? FIT_DEFAULTS.shuffle;
  const clipNorm = options.clipNorm === undefined ? FIT_DEFAULTS.clipNorm : options.clipNorm;
  if (clipNorm !== null && !(clipNorm > 0)) throw new ValueError(`fit: clipNorm must be > 0 or null (no clipping), got ${clipNorm}`);
  const callbacks = options.callbacks ?? [];

  // Training examples 0 … nTrain−1; with validationSplit the last ones are held out, in order.
  const split = options.validationSplit ?? FIT_DEFAULTS.validationSplit;
  if (!(split >= 0 && split < 1)) throw new ValueError(`fit: validationSplit must be in [0, 1), got ${split}`);
  let nTrain = data.length;
  let validation = options.validationData ?? null;
  if (!validation && split > 0) {
    nTrain = Math.floor(data.length * (1 - split));
    if (nTrain === data.length) throw new ValueError(`fit: validationSplit ${split} of ${data.length} examples holds out none; raise it or pass validationData`);
    validation = subsetData(data, range(nTrain, data.length));
  }
  if (validation && validation.length === 0) validation = null;
  if (nTrain < 1) throw new ValueError(`fit: no training examples (${data.length} examples${split > 0 ? `, validationSplit ${split}` : ''})`);
  const batches = Math.ceil(nTrain / batchSize);
  const setup: RunSetup = { examples: nTrain, validationExamples: validation?.length ?? 0, batchSize, shuffle };

  const generator = options.generator ?? new Generator(options.seed ?? FIT_DEFAULTS.seed);
  const optimizer = buildOptimizer(model, options);
  const params = optimizer.paramGroups.flatMap((g) => (g as unknown as { params?: Tensor[] }).params ?? []);
  const trainable = params.length ? params : model.parameters();
  const metrics = Object.entries(options.metrics ?? {});
  const es = options.earlyStopping;
  const esOn = es !== false && (es !== undefined || validation !== null);
  const esOpts = es || {};
  const monitor = new Monitor(esOpts.monitor ?? (validation ? 'valLoss' : 'loss'), esOpts.mode ?? 'min', esOpts.minDelta ?? FIT_DEFAULTS.minDelta,
    esOpts.patience ?? FIT_DEFAULTS.patience, validation !== null, metrics.map(([k]) => k));
  const restoreBest = esOn && (esOpts.restoreBestWeights ?? FIT_DEFAULTS.restoreBestWeights);
  const schedule = buildSchedule(options.schedule ?? FIT_DEFAULTS.schedule, optimizer, epochs, monitor.mode);
  const ckpt = options.checkpoint ?? null;
  const everySteps = ckpt?.everySteps === undefined ? Infinity : positiveInt(ckpt.everySteps, 'checkpoint.everySteps');
  const everyEpochs = ckpt ? positiveInt(ckpt.everyEpochs ?? FIT_DEFAULTS.everyEpochs, 'checkpoint.everyEpochs') : Infinity;

  const run: RunState = { step: 0, progress: freshProgress(1), epochs: [], stepLoss: [], stepGradNorm: [], monitor: monitor.state(), weightsAreBest: false };
  let best: Record<string, Tensor> | null = null;
  let order: Int32Array | null = null;
  if (ckpt) await removeStaleTemps(ckpt.dir);
  if (options.resume) {
    const file = await resolveResumePath(options.resume);
    const c = await readCheckpoint(file);
    checkResume(file, c, { setup, model, optimizer, schedule, keepBest: restoreBest }); // all of it, before anything is applied
    loadNaming(file, 'model', () => model.loadStateDict(c.model));
    loadNaming(file, 'optimizer state', () => optimizer.loadStateDict(c.optimizer.state as never));
    if (schedule && c.schedule !== null) schedule.loadStateDict(c.schedule as never);
    Object.assign(run, c.run);
    monitor.load(run.monitor);
    best = restoreBest ? c.best : null;
    defaultGenerator().setState(c.defaultGenerator);
    if (run.progress.started && shuffle) {
      generator.setState(run.progress.generatorAtStart); // replay the epoch's order
      order = generator.permutation(nTrain);
    }
    generator.setState(c.generator);
  }

  const history: History = {
    epochs: run.epochs, stepLoss: run.stepLoss, stepGradNorm: run.stepGradNorm,
    bestEpoch: 0, bestValue: NaN, monitor: esOn ? monitor.name : null, stopReason: 'epochs', restoredBest: false, seconds: 0,
  };
  const wasTraining = model.training;
  const allIds = range(0, Math.max(nTrain, validation?.length ?? 0));
  let epochT0 = now();
  let savedAtStep = -1;
  const save = async (kind: 'periodic' | 'best'): Promise<void> => {
    const path = checkpointPath(ckpt!.dir, kind);
    run.progress.seconds = run.progress.started ? (now() - epochT0) / 1000 : 0;
    run.monitor = monitor.state();
    await writeCheckpoint(path, {
      model: model.stateDict(), best, optimizer: { type: optimizer.constructor.name, state: optimizer.stateDict() },
      schedule: schedule?.stateDict() ?? null, generator: generator.getState(), defaultGenerator: defaultGenerator().getState(), setup, run,
    });
    if (kind === 'periodic') savedAtStep = run.step;
    const epoch = run.progress.started ? run.progress.epoch : run.progress.epoch - 1;
    await each(callbacks, (cb) => cb.onCheckpoint?.({ path, kind, epoch, step: run.step }));
  };

  await each(callbacks, (cb) => cb.onTrainBegin?.({
    epochs, batchesPerEpoch: batches, startEpoch: run.progress.epoch - 1, startStep: run.step, examples: nTrain, validationExamples: setup.validationExamples,
  }));
  let stopReason: StopReason = 'epochs';
  training: while (run.progress.epoch <= epochs) {
    if (options.signal?.aborted) {
      stopReason = 'aborted';
      break;
    }
    if (esOn && monitor.exhausted) {
      stopReason = 'earlyStopping';
      break;
    }
    const p = run.progress;
    const epoch = p.epoch;
    if (!p.started) {
      p.generatorAtStart = generator.getState();
      p.started = true;
      order = null;
    }
    if (!order) order = shuffle ? generator.permutation(nTrain) : allIds.subarray(0, nTrain);
    epochT0 = now() - p.seconds * 1000;
    model.train();
    await each(callbacks, (cb) => cb.onEpochBegin?.(epoch));

    for (let b = p.batch; b < batches; b++) {
      if (options.signal?.aborted) {
        stopReason = 'aborted';
        break training;
      }
      const step = run.step + 1;
      const ids = order.subarray(b * batchSize, Math.min((b + 1) * batchSize, nTrain));
      let lossT: Tensor;
      try {
        lossT = options.loss(model, data.batch(ids));
      } catch (e) {
        if (e instanceof NonFiniteError) throw lossFailed(e, step, epoch);
        throw e;
      }
      const loss = scalar(lossT);
      if (!Number.isFinite(loss)) throw lossDiverged(loss, step, epoch);
      optimizer.zeroGrad();
      lossT.backward();
      let norm: number;
      try {
        // errorIfNonfinite: the gradients are left as they are, so the culprit can be found
        norm = clipGradNorm(trainable, clipNorm ?? Infinity, { errorIfNonfinite: true });
      } catch (e) {
        if (e instanceof NonFiniteError) throw gradientDiverged(model, NaN, step, epoch);
        throw e;
      }
      const lr = optimizer.paramGroups[0].lr;
      optimizer.step();

      run.step = step;
      p.batch = b + 1;
      p.lossSum += loss * ids.length;
      p.examples += ids.length;
      p.gradNormSum += norm;
      if (norm > p.gradNormMax) p.gradNormMax = norm;
      if (clipNorm !== null && clipNorm / (norm + 1e-6) < 1) { // clipGradNorm's own test: it scaled the gradients
        p.clipped += 1;
        p.clipRatioSum += norm / clipNorm;
      }
      p.steps += 1;
      run.stepLoss.push(loss);
      run.stepGradNorm.push(norm);
      run.weightsAreBest = false;
      const log: StepLog = { epoch, step, batch: b, batches, loss, gradNorm: norm, lr };
      const stop = await each(callbacks, (cb) => cb.onStep?.(log));
      if (step % everySteps === 0) await save('periodic');
      if (stop) {
        stopReason = 'callback';
        break training;
      }
      if (step % yieldEvery === 0) await yieldToEventLoop();
    }

    // Epoch end: validation and metrics in eval mode without a graph, then the monitor and schedule.
    model.eval();
    const { valLoss, values } = noGrad(() => ({
      valLoss: validation ? meanLoss(model, validation, options, allIds, batchSize) : undefined,
      // without validation data nothing is held out, so the training data is all of `data`
      values: Object.fromEntries(metrics.map(([name, f]) => [name, f(model, validation ?? data)])),
    }));
    model.train();
    const base = { loss: p.lossSum / p.examples, ...(valLoss === undefined ? {} : { valLoss }), metrics: values };
    const monitored = monitor.read(base);
    let isBest = false;
    if (esOn) {
      isBest = monitor.update(monitored, epoch);
      if (isBest && restoreBest) best = snapshot(model, best);
      run.weightsAreBest = isBest;
    }
    schedule?.step(monitored);
    const log: EpochLog = {
      epoch, step: run.step, ...base,
      gradNorm: p.gradNormSum / p.steps, maxGradNorm: p.gradNormMax, clippedFraction: p.clipped / p.steps,
      clipRatio: p.clipped ? p.clipRatioSum / p.clipped : 1,
      lr: optimizer.paramGroups[0].lr, seconds: (now() - epochT0) / 1000, best: isBest,
    };
    run.epochs.push(log);
    run.progress = freshProgress(epoch + 1);
    if (isBest && ckpt && ckpt.best !== false) await save('best');
    const stop = await each(callbacks, (cb) => cb.onEpochEnd?.(log));
    if (ckpt && epoch % everyEpochs === 0) await save('periodic');
    if (stop) {
      stopReason = 'callback';
      break;
    }
  }
  // A stop inside an epoch saves where it stopped, so a resume continues from that batch.
  if (ckpt && run.step !== savedAtStep && run.progress.started) await save('periodic');

  if (restoreBest && best && !run.weightsAreBest) {
    model.loadStateDict(best);
    history.restoredBest = true;
  }
  model.train(wasTraining);
  history.bestEpoch = esOn ? monitor.bestEpoch : run.epochs.length ? run.epochs[run.epochs.length - 1].epoch : 0;
  history.bestValue = esOn && monitor.bestEpoch > 0 ? monitor.best : NaN;
  history.stopReason = stopReason;
  history.seconds = (now() - t0) / 1000;
  await each(callbacks, (cb) => cb.onTrainEnd?.(history));
  return history;
}

/** Copy the model's weights into `into` (allocated on first use) — the best epoch's weights. */
function snapshot(model: Module, into: Record<string, Tensor> | null): Record<string, Tensor> {
  if (!into) return model.stateDict();
  for (const [k, p] of model.namedParameters()) into[k].data.set(p.data);
  return into;
}
