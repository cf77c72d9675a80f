/**
 * The options that the two audio tasks (AudioClassifier, SpeechRecognizer) share: the front end,
 * the recurrent layers over the frames, the training loop and the augmentation of the training
 * frames (frameAugmenter). Each task's options extend these and keep their own defaults
 * (AUDIO_CLASSIFIER_DEFAULTS, SPEECH_DEFAULTS), measured apart.
 */

import type { AudioFeatureOptions } from '../../audio/index.js';
import type { Callback } from '../../train/types.js';
import type { ClassifierCell } from '../classifier/options.js';

/** Options of a recurrent network over audio frames and of its training; all optional. */
export interface RecurrentAudioOptions {
  /** The front end (sample rate, MFCC or log-mel, deltas, normalisation …); src/audio's defaults for what is not given. */
  readonly features?: AudioFeatureOptions;
  readonly cell?: ClassifierCell;
  /** H: hidden size of each direction. */
  readonly hiddenSize?: number;
  readonly numLayers?: number;
  readonly bidirectional?: boolean;
  /** Dropout on the input frames (training only). */
  readonly inputDropout?: number;
  /** Dropout between stacked layers and before the output layer. */
  readonly dropout?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly lr?: number;
  /** AdamW's decoupled weight decay. */
  readonly weightDecay?: number;
  readonly clipNorm?: number | null;
  /** Epochs without a lower validation loss before stopping (the best weights are restored). */
  readonly patience?: number;
  /** Fraction of the training recordings held out for early stopping. */
  readonly validationFraction?: number;
  /** SpecAugment: frequency masks per training recording and each one's largest width in coefficients. */
  readonly freqMasks?: number;
  readonly freqMaskWidth?: number;
  /** SpecAugment: time masks per training recording and each one's largest width in frames (and at most a fifth of its frames). */
  readonly timeMasks?: number;
  readonly timeMaskWidth?: number;
  /** Speed perturbation on the frames: each training recording stretched by a factor in [1 − r, 1 + r] at each draw; 0 for none. */
  readonly speedPerturbation?: number;
  readonly seed?: number;
  /** Wall-clock budget of `fit` in minutes; null for none. */
  readonly minutes?: number | null;
  /** Passed to `fit` (progress bars, JSON logs). */
  readonly callbacks?: readonly Callback[];
  /** Stops training (the best weights so far are kept) when it aborts. */
  readonly signal?: AbortSignal;
}
