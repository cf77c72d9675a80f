/** The options of a SpeechRecognizer with every default filled in and every value checked (ValueError naming the option). */

import { ValueError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { CLASSIFIER_CELLS } from '../classifier/options.js';
import { optionChecks, stripUndefined } from '../audio-classifier/resolve.js';
import { SPEECH_DEFAULTS, type SpeechRecognizerOptions } from './options.js';

/** Options with every default filled in (features, callbacks and signal stay optional). */
export type ResolvedSpeechOptions = Required<Omit<SpeechRecognizerOptions, 'features' | 'callbacks' | 'signal'>> & Pick<SpeechRecognizerOptions, 'features' | 'callbacks' | 'signal'>;

/** Fills in the defaults and checks every option. */
export function resolveSpeechOptions(options: SpeechRecognizerOptions = {}): ResolvedSpeechOptions {
  if (typeof options !== 'object' || options === null) throw new ValueError(`SpeechRecognizer: options must be an object, got ${previewJson(options, 40)}`);
  const o = { ...SPEECH_DEFAULTS, ...stripUndefined(options) } as ResolvedSpeechOptions;
  const c = optionChecks('SpeechRecognizer', o);
  c.object('features');
  c.oneOf('cell', CLASSIFIER_CELLS);
  c.bool('bidirectional');
  c.int('hiddenSize', 1, 8192);
  c.int('numLayers', 1, 16);
  c.int('epochs', 1, 1_000_000);
  c.int('batchSize', 1, 1_000_000);
  c.int('patience', 0, 1_000_000);
  c.int('beamWidth', 1, 10_000);
  c.fraction('inputDropout');
  c.fraction('dropout');
  c.fraction('validationFraction', true);
  c.positive('lr');
  c.positive('weightDecay', true);
  c.positive('clipNorm', false, true);
  c.positive('minutes', false, true);
  if (typeof o.seed !== 'number' || !Number.isFinite(o.seed)) throw new ValueError(`SpeechRecognizer: expected seed to be a finite number, got ${previewJson(o.seed, 40)}`);
  const v = o.vocabulary;
  if (!Array.isArray(v) || v.length < 1 || !v.every((w) => typeof w === 'string' && w.length > 0 && !/\s/.test(w)) || new Set(v).size !== v.length) {
    throw new ValueError(`SpeechRecognizer: expected vocabulary to be a list of distinct words without spaces, got ${previewJson(v, 60)}`);
  }
  return o;
}
