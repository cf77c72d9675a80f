/**
 * Options of the training loop, with every default in one place (`FIT_DEFAULTS`). The CLI's
 * training flags map onto these fields one to one.
 */

import type { Module } from '../nn/module.js';
import type { Generator } from '../random/generator.js';
import type { OptimizerLike } from '../optim/optimizer.js';
import type { Callback, LossFn, TrainData } from './types.js';

/** The optimizers `fit` can build by name (all with the given `lr` and `weightDecay`). */
export type OptimizerName = 'adam' | 'adamw' | 'sgd' | 'rmsprop' | 'adagrad';

/** An optimizer `fit` can checkpoint: anything with state dicts (every optimizer of the library). */
export interface CheckpointableOptimizer extends OptimizerLike {
  stateDict(): unknown;
  loadStateDict(state: never): void;
}

/** A learning-rate schedule stepped once per epoch, built by name. */
export type ScheduleSpec =
  | { readonly kind: 'step'; readonly stepSize: number; readonly gamma?: number }
  | { readonly kind: 'exponential'; readonly gamma: number }
  /** Cosine from `lr` down to `etaMin` over `tMax` epochs (default: `epochs`). */
  | { readonly kind: 'cosine'; readonly tMax?: number; readonly etaMin?: number }
  /** ReduceLROnPlateau on the early-stopping monitor (validation loss by default). */
  | { readonly kind: 'plateau'; readonly factor?: number; readonly patience?: number; readonly minLr?: number };

/** When to stop before `epochs` and which weights to keep. */
export interface EarlyStoppingOptions {
  /** Value watched: 'valLoss' (default when there is validation data), 'loss', or a metric name. */
  readonly monitor?: string;
  /** 'min' (default) or 'max' (for a metric where higher is better). */
  readonly mode?: 'min' | 'max';
  /** Epochs without improvement before stopping. Default 10. */
  readonly patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  readonly minDelta?: number;
  /** Put back the weights of the best epoch at the end. Default true. */
  readonly restoreBestWeights?: boolean;
}

/** Where and how often checkpoints are written. */
export interface CheckpointOptions {
  /** Folder of the checkpoint files (created if absent). */
  readonly dir: string;
  /** Write `last.ckpt` every N optimizer steps (default: only at epoch ends). */
  readonly everySteps?: number;
  /** Write `last.ckpt` every N epochs. Default 1. */
  readonly everyEpochs?: number;
  /** Also keep `best.ckpt`, the checkpoint of the best epoch by the monitor. Default true. */
  readonly best?: boolean;
}

/** Options of {@link fit}. Only `loss` is required. */
export interface FitOptions<Batch, M extends Module = Module> {
  /** The loss of one batch (forward + loss). */
  readonly loss: LossFn<Batch, M>;
  /** Passes over the training data. */
  readonly epochs?: number;
  /** Examples per optimizer step. */
  readonly batchSize?: number;
  /** Visit the training examples in a new seeded order each epoch. */
  readonly shuffle?: boolean;
  /** Held-out examples scored at each epoch end (overrides `validationSplit`). */
  readonly validationData?: TrainData<Batch>;
  /** Fraction of the training examples held out for validation: the LAST ones, in order (as Keras; right for time series). */
  readonly validationSplit?: number;
  /** Extra values computed at each epoch end on the validation data (the training data without it), e.g. a MAE in original units. */
  readonly metrics?: Readonly<Record<string, (model: M, data: TrainData<Batch>) => number>>;
  /** An optimizer by name, or a function that builds one from the model's parameters. */
  readonly optimizer?: OptimizerName | ((model: M) => CheckpointableOptimizer);
  /** Learning rate of an optimizer built by name. */
  readonly lr?: number;
  /** Weight decay of an optimizer built by name (decoupled for 'adamw'). */
  readonly weightDecay?: number;
  /** Learning-rate schedule, stepped at each epoch end. */
  readonly schedule?: ScheduleSpec | null;
  /** Global L2 norm the gradients are clipped to; null turns clipping off (the norm is still logged). */
  readonly clipNorm?: number | null;
  /** Early stopping; false turns it off. On by default when there is validation data. */
  readonly earlyStopping?: EarlyStoppingOptions | false;
  /** Seed of the generator that shuffles (when `generator` is not given). */
  readonly seed?: number;
  /** The generator that shuffles; pass the model's own so dropout masks are also checkpointed. */
  readonly generator?: Generator;
  readonly callbacks?: readonly Callback[];
  readonly checkpoint?: CheckpointOptions | null;
  /** Path of a checkpoint to continue from (a file, or a folder holding `last.ckpt`). */
  readonly resume?: string | null;
  /** Stop after the current step when this signal aborts (reason 'aborted'). */
  readonly signal?: AbortSignal;
  /** Optimizer steps between yields to the event loop (so a page stays responsive). */
  readonly yieldEvery?: number;
}

/** The defaults of {@link FitOptions}, each with the reason. */
export const FIT_DEFAULTS = {
  /** Small data sets need many passes; early stopping ends most runs well before. */
  epochs: 100,
  /** Keras's default; small enough for many steps per epoch on short series. */
  batchSize: 32,
  shuffle: true,
  /** No held-out part unless asked for. */
  validationSplit: 0,
  /** Adam works without tuning on recurrent nets. */
  optimizer: 'adam' as OptimizerName,
  /** Adam's usual rate (Kingma & Ba; PyTorch's and Keras's default). */
  lr: 1e-3,
  weightDecay: 0,
  schedule: null as ScheduleSpec | null,
  /** Recurrent gradients explode now and then (Pascanu et al. 2013); a norm of 1 is the common choice. */
  clipNorm: 1 as number | null,
  patience: 10,
  minDelta: 0,
  restoreBestWeights: true,
  seed: 0,
  everyEpochs: 1,
  /** Yielding costs microseconds; a step takes milliseconds. */
  yieldEvery: 1,
} as const;
