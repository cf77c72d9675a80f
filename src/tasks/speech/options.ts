/**
 * Options of the SpeechRecognizer, with every default in one place (`SPEECH_DEFAULTS`) and the
 * reason for it. The CLI's `recurrent speech train` flags map onto these fields one to one; the
 * front end's own options (`features`) keep the defaults of src/audio.
 */

import type { AudioFeatureOptions } from '../../audio/index.js';
import type { Callback } from '../../train/types.js';
import type { ClassifierCell } from '../classifier/options.js';

/** Options of a {@link SpeechRecognizer}. All are optional. */
export interface SpeechRecognizerOptions {
  /** The front end; src/audio's defaults for what is not given. */
  readonly features?: AudioFeatureOptions;
  /** The words the recognizer writes; CTC label i + 1 is vocabulary[i] (0 is the blank). */
  readonly vocabulary?: readonly string[];
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
  readonly weightDecay?: number;
  readonly clipNorm?: number | null;
  /** Epochs without a lower validation loss before stopping (the best weights are restored). */
  readonly patience?: number;
  /** Fraction of the training utterances held out for early stopping. */
  readonly validationFraction?: number;
  /** Prefixes kept by the beam search of `transcribe`; 1 is best-path (greedy) decoding. */
  readonly beamWidth?: number;
  readonly seed?: number;
  /** Wall-clock budget of `fit` in minutes; null for none. */
  readonly minutes?: number | null;
  readonly callbacks?: readonly Callback[];
  readonly signal?: AbortSignal;
}

/**
 * Defaults, measured with bench/audio.ts on digit strings made from the FSDD subset of the benchmark data
 * (training speakers apart from the two held out for the test strings); figures in README.
 */
export const SPEECH_DEFAULTS = {
  /** The ten digits as FSDD's speakers say them (see DIGIT_WORDS). */
  vocabulary: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as readonly string[],
  cell: 'lstm' as ClassifierCell,
  /** 2 × 96 per frame: enough for ten words, fast enough on a CPU. Not swept. */
  hiddenSize: 96,
  /** Two layers: the second sees whole words in both directions before the per-frame decision. */
  numLayers: 2,
  /** CTC's decision at a frame needs the end of the word as much as its start. */
  bidirectional: true,
  inputDropout: 0.1,
  dropout: 0.3,
  /** An upper bound; early stopping ends runs before. */
  epochs: 30,
  batchSize: 16,
  /** Adam at 3e-3: CTC leaves its all-blank plateau within a few epochs at this rate. */
  lr: 3e-3,
  weightDecay: 0,
  /** CTC gradients are spiky while the alignment forms; clipping keeps the first epochs stable. */
  clipNorm: 1 as number | null,
  patience: 4,
  validationFraction: 0.1,
  /** A small beam: the digit strings have no language model to gain from a wide one. */
  beamWidth: 8,
  seed: 0,
  minutes: null as number | null,
} as const;
