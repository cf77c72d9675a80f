/**
 * Options of the AudioClassifier, with every default in one place (`AUDIO_CLASSIFIER_DEFAULTS`)
 * and the reason for it. The CLI's `recurrent audio train` flags map onto these fields one to
 * one; the front end's own options (`features`) keep the defaults of src/audio.
 */

import type { AudioFeatureOptions } from '../../audio/index.js';
import type { Callback } from '../../train/types.js';
import type { ClassifierCell, Pooling } from '../classifier/options.js';

/** Options of an {@link AudioClassifier}. All are optional. */
export interface AudioClassifierOptions {
  /** The front end (sample rate, MFCC or log-mel, deltas, normalisation …): what is given here over AUDIO_CLASSIFIER_DEFAULTS.features over src/audio's defaults. */
  readonly features?: AudioFeatureOptions;
  readonly cell?: ClassifierCell;
  /** H: hidden size of each direction. */
  readonly hiddenSize?: number;
  readonly numLayers?: number;
  readonly bidirectional?: boolean;
  /** How the frames' outputs become one vector per recording. */
  readonly pooling?: Pooling;
  /** Dropout on the input frames (training only). */
  readonly inputDropout?: number;
  /** Dropout on the pooled vector before the head (and between stacked layers). */
  readonly dropout?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly lr?: number;
  /** AdamW's decoupled weight decay. */
  readonly weightDecay?: number;
  readonly clipNorm?: number | null;
  /** Epochs without a lower validation loss before stopping (the best weights are restored). */
  readonly patience?: number;
  /** Fraction of the training recordings held out, stratified by label, for early stopping. */
  readonly validationFraction?: number;
  /** Inverse L2 strength of the MFCC-statistics + logistic regression baseline (scikit-learn's C). */
  readonly baselineC?: number;
  readonly seed?: number;
  /** Wall-clock budget of `fit` in minutes; null for none. */
  readonly minutes?: number | null;
  /** Passed to `fit` (progress bars, JSON logs). */
  readonly callbacks?: readonly Callback[];
  /** Stops training (the best weights so far are kept) when it aborts. */
  readonly signal?: AbortSignal;
}

/**
 * Defaults, measured with bench/audio.ts on the FSDD subset of the benchmark data (1,200 recordings of six
 * speakers, two speakers held out); the figures are in README.
 */
export const AUDIO_CLASSIFIER_DEFAULTS = {
  /**
   * src/audio's 13 MFCC at 8 kHz, but without Δ and ΔΔ and with the per-recording mean removed
   * only: on two held-out FSDD speakers (george, yweweler) one network scored 81.8% against
   * 77.3% with Δ + ΔΔ, 73.3% with mean-variance CMVN, 77.8% with silence trimmed at 40 dB and
   * 73.3% with 20 coefficients (single runs; the spread between runs is a few points). Deltas
   * the recurrent layer can compute itself; the extra inputs only gave it more to overfit.
   */
  features: { deltas: 0, cmvn: 'mean' } as AudioFeatureOptions,
  /** The LSTM is the usual choice for spoken words; GRU was not measured to be better. */
  cell: 'lstm' as ClassifierCell,
  /** 2 × 64 pooled features for ten words of 40–90 frames each. */
  hiddenSize: 64,
  /** One layer: 800 training recordings do not fit a second well. Not swept. */
  numLayers: 1,
  /** The end of a word ("six" vs "seven") matters as much as its start. */
  bidirectional: true,
  /** The mean over every frame: robust to the silence left around a word. */
  pooling: 'mean' as Pooling,
  /** A little noise on the coefficients helps with only four training voices. */
  inputDropout: 0.1,
  /** The usual dropout before a classification head. */
  dropout: 0.3,
  /** An upper bound; early stopping ends runs before. */
  epochs: 40,
  batchSize: 32,
  /** Adam's rate, doubled: recordings are short, so runs stay short. */
  lr: 3e-3,
  weightDecay: 0,
  /** Recurrent gradients explode now and then; the fit loop's default. */
  clipNorm: 1 as number | null,
  /** The validation loss of the held-in speakers keeps improving slowly; give it room. */
  patience: 6,
  /** 10% of the training recordings, stratified: enough to rank epochs. */
  validationFraction: 0.1,
  /** scikit-learn's default C. */
  baselineC: 1,
  seed: 0,
  /** Early stopping ends a run; a budget is the caller's choice. */
  minutes: null as number | null,
} as const;
