/**
 * The options of an AudioClassifier made whole: every default from AUDIO_CLASSIFIER_DEFAULTS
 * filled in and every value checked, so a typo or an edited model folder fails here with the
 * option's name rather than deep in training. The front end's options are checked by src/audio.
 */

import { POOLINGS } from '../classifier/options.js';
import { optionChecks, resolveRecurrentAudio, stripUndefined } from '../audio-common/resolve.js';
import { AUDIO_CLASSIFIER_DEFAULTS, VALIDATION_BY, type AudioClassifierOptions } from './options.js';
import type { AudioFeatureOptions } from '../../audio/index.js';

/** Options with every default filled in (features, callbacks and signal stay optional). */
export type ResolvedAudioClassifierOptions = Required<Omit<AudioClassifierOptions, 'callbacks' | 'signal'>> & Pick<AudioClassifierOptions, 'callbacks' | 'signal'>;

/** Fills in the defaults and checks every option (ValueError naming the option). */
export function resolveAudioClassifierOptions(options: AudioClassifierOptions = {}): ResolvedAudioClassifierOptions {
  const o = resolveRecurrentAudio<AudioClassifierOptions, ResolvedAudioClassifierOptions>('AudioClassifier', AUDIO_CLASSIFIER_DEFAULTS, options);
  // Front-end options given are laid over the classifier's own front-end defaults, field by field.
  (o as { features: AudioFeatureOptions }).features = { ...AUDIO_CLASSIFIER_DEFAULTS.features, ...stripUndefined(options.features ?? {}) };
  const c = optionChecks('AudioClassifier', o);
  c.oneOf('pooling', POOLINGS);
  c.oneOf('validationBy', VALIDATION_BY);
  // The augmentation options are checked with the other shared ones, in resolveRecurrentAudio.
  c.positive('baselineC');
  return o;
}
