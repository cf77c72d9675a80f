/**
 * Options of the SpeechRecognizer, with every default in one place (`SPEECH_DEFAULTS`) and the
 * reason for it. The CLI's `recurrent speech train` flags map onto these fields one to one; the
 * front end's own options (`features`) keep the defaults of src/audio.
 */

import type { RecurrentAudioOptions } from '../audio-common/options.js';
import type { ClassifierCell } from '../classifier/options.js';

/** Options of a {@link SpeechRecognizer}: the shared recurrent-audio ones and the recognizer's own. All are optional. */
export interface SpeechRecognizerOptions extends RecurrentAudioOptions {
  /** The words the recognizer writes; CTC label i + 1 is vocabulary[i] (0 is the blank). */
  readonly vocabulary?: readonly string[];
  /** Prefixes kept by the beam search of `transcribe`; 1 is best-path (greedy) decoding. */
  readonly beamWidth?: number;
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
  /** SpecAugment masks on the training strings: none. */
  freqMasks: 0,
  freqMaskWidth: 3,
  timeMasks: 0,
  timeMaskWidth: 8,
  /** Speed perturbation of the training strings: none. */
  speedPerturbation: 0,
  /** A small beam: the digit strings have no language model to gain from a wide one. */
  beamWidth: 8,
  seed: 0,
  minutes: null as number | null,
} as const;
