/**
 * The options that the two audio tasks (AudioClassifier, SpeechRecognizer) share: the front end,
 * the recurrent layers over the frames, and the training loop. Each task's options extend these
 * and keep their own defaults (AUDIO_CLASSIFIER_DEFAULTS, SPEECH_DEFAULTS), measured apart.
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
  readonly seed?: number;
  /** Wall-clock budget of `fit` in minutes; null for none. */
  readonly minutes?: number | null;
  /** Passed to `fit` (progress bars, JSON logs). */
  readonly callbacks?: readonly Callback[];
  /** Stops training (the best weights so far are kept) when it aborts. */
  readonly signal?: AbortSignal;
}
