/**
 * The shapes the training loop works with: a data source it batches, the logs it emits, the
 * callbacks that receive them, and the history it returns. Options and their defaults live in
 * `options.ts`; the loop itself in `fit.ts`.
 */

import type { Module } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Examples that `fit` can batch: it chooses the indices (shuffled by its seeded generator or in
 * order) and the data materialises them. Time-series windows, token sequences and tensors all
 * fit this shape.
 *
 * @example
 * const data: TrainData<{ x: Tensor; y: Tensor }> = {
 *   length: windows.count,
 *   batch: (ids) => { const b = gatherWindows(windows, ids); return { x: new Tensor(b.x, b.xShape), y: new Tensor(b.y, b.yShape) }; },
 * };
 */
export interface TrainData<Batch> {
  /** Number of examples. */
  readonly length: number;
  /** The examples `indices` (each in 0 … length−1), as one batch. */
  batch(indices: Int32Array): Batch;
}

/**
 * The loss of one batch: runs the model and returns a scalar tensor. `fit` calls it in training
 * mode with gradients on, and for validation in eval mode under `noGrad`.
 */
export type LossFn<Batch, M extends Module = Module> = (model: M, batch: Batch) => Tensor;

/** Logged after every optimizer step. */
export interface StepLog {
  /** 1-based epoch the step belongs to. */
  readonly epoch: number;
  /** 1-based step counter over the whole run. */
  readonly step: number;
  /** 0-based batch index inside the epoch. */
  readonly batch: number;
  /** Batches per epoch. */
  readonly batches: number;
  /** Training loss of this batch. */
  readonly loss: number;
  /** Global L2 norm of the gradients before clipping. */
  readonly gradNorm: number;
  /** Learning rate of the first parameter group during this step. */
  readonly lr: number;
}

/** Logged at the end of every epoch. */
export interface EpochLog {
  /** 1-based epoch. */
  readonly epoch: number;
  /** Steps taken so far over the whole run. */
  readonly step: number;
  /** Mean training loss of the epoch's batches (weighted by batch size). */
  readonly loss: number;
  /** Mean validation loss, when there is validation data. */
  readonly valLoss?: number;
  /** Values of `FitOptions.metrics` on the validation data (or the training data without it). */
  readonly metrics: Readonly<Record<string, number>>;
  /** Mean and largest gradient norm (before clipping) of the epoch's steps. */
  readonly gradNorm: number;
  readonly maxGradNorm: number;
  /** Share of the epoch's steps whose gradient was clipped (0 … 1). */
  readonly clippedFraction: number;
  /**
   * By how much the clipped steps were over the limit: the mean of ‖g‖ / clipNorm over them
   * (> 1; 3 means their gradients were scaled down to a third on average). 1 when no step was
   * clipped (nothing was scaled); NaN for an epoch resumed from a checkpoint that predates it.
   */
  readonly clipRatio: number;
  /** Learning rate at the end of the epoch (first group), after the schedule stepped. */
  readonly lr: number;
  /** Wall-clock seconds of the epoch, validation included. */
  readonly seconds: number;
  /** True when this epoch is the best so far by the early-stopping monitor. */
  readonly best: boolean;
}

/** Why training ended. */
export type StopReason = 'epochs' | 'earlyStopping' | 'aborted' | 'callback';

/** What a callback receives when training begins. */
export interface TrainBeginInfo {
  readonly epochs: number;
  readonly batchesPerEpoch: number;
  /** Epoch and step the run starts from (0 and 0, or the checkpoint's when resuming). */
  readonly startEpoch: number;
  readonly startStep: number;
  readonly examples: number;
  readonly validationExamples: number;
}

/**
 * Hooks called by `fit`, each optional. They never print: the CLI's progress bar and JSON lines
 * are callbacks that write where they choose. A callback may return `'stop'` from `onEpochEnd`
 * or `onStep` to end training after the current step (reason `'callback'`). Async hooks are
 * awaited.
 */
export interface Callback {
  onTrainBegin?(info: TrainBeginInfo): void | Promise<void>;
  onEpochBegin?(epoch: number): void | Promise<void>;
  onStep?(log: StepLog): void | 'stop' | Promise<void | 'stop'>;
  onEpochEnd?(log: EpochLog): void | 'stop' | Promise<void | 'stop'>;
  onCheckpoint?(info: { path: string; kind: 'periodic' | 'best'; epoch: number; step: number }): void | Promise<void>;
  onTrainEnd?(history: History): void | Promise<void>;
}

/** Everything a run logged, returned by `fit`. */
export interface History {
  /** One entry per finished epoch, in order (resumed runs include the epochs before the checkpoint). */
  readonly epochs: EpochLog[];
  /** Training loss of every step, in order (index = step − 1). */
  readonly stepLoss: number[];
  /** Gradient norm of every step before clipping. */
  readonly stepGradNorm: number[];
  /** Epoch (1-based) with the best monitored value, or the last epoch without a monitor. */
  bestEpoch: number;
  /** The best monitored value (NaN when nothing is monitored). */
  bestValue: number;
  /** Name of the monitored value ('valLoss', 'loss' or a metric name), or null. */
  monitor: string | null;
  stopReason: StopReason;
  /** True when the weights were restored to those of `bestEpoch` at the end. */
  restoredBest: boolean;
  /** Total wall-clock seconds of this call (not of the epochs before a resume). */
  seconds: number;
}
