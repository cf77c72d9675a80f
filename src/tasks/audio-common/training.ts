/**
 * What the two audio tasks hand the `fit` loop alike: AdamW with the options' rate, decay and
 * clip, the bucketed training order (redrawn by its callback at each epoch, so `shuffle` is off),
 * and one abort signal out of the caller's and the `minutes` budget.
 */

import type { Callback } from '../../train/types.js';
import type { Generator } from '../../random/generator.js';

type TrainingOptions = {
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly weightDecay: number;
  readonly clipNorm: number | null;
  readonly minutes: number | null;
  readonly callbacks?: readonly Callback[];
  readonly signal?: AbortSignal;
};

/** The caller's signal and the `minutes` budget as one signal, or undefined for neither. */
export function trainingSignal(o: Pick<TrainingOptions, 'minutes' | 'signal'>): AbortSignal | undefined {
  const signals = [o.signal, o.minutes === null ? undefined : AbortSignal.timeout(Math.max(1, Math.round(o.minutes * 60_000)))].filter((s): s is AbortSignal => s !== undefined);
  return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
}

/** The `fit` settings shared by the audio tasks; `bucketing` is bucketedFrames' callback. */
export function audioFitSettings(o: TrainingOptions, generator: Generator, bucketing: Callback) {
  const signal = trainingSignal(o);
  return {
    epochs: o.epochs,
    batchSize: o.batchSize,
    shuffle: false, // the bucketed order is redrawn by `bucketing` at each epoch
    optimizer: 'adamw' as const,
    lr: o.lr,
    weightDecay: o.weightDecay,
    clipNorm: o.clipNorm,
    generator,
    callbacks: [bucketing, ...(o.callbacks ?? [])],
    ...(signal ? { signal } : {}),
  };
}
