/** The options of a SpeechRecognizer with every default filled in and every value checked (ValueError naming the option). */

import { ValueError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { optionChecks, resolveRecurrentAudio } from '../audio-common/resolve.js';
import { SPEECH_DEFAULTS, type SpeechRecognizerOptions } from './options.js';

/** Options with every default filled in (features, callbacks and signal stay optional). */
export type ResolvedSpeechOptions = Required<Omit<SpeechRecognizerOptions, 'features' | 'callbacks' | 'signal'>> & Pick<SpeechRecognizerOptions, 'features' | 'callbacks' | 'signal'>;

/** Fills in the defaults and checks every option. */
export function resolveSpeechOptions(options: SpeechRecognizerOptions = {}): ResolvedSpeechOptions {
  const o = resolveRecurrentAudio<SpeechRecognizerOptions, ResolvedSpeechOptions>('SpeechRecognizer', SPEECH_DEFAULTS, options);
  optionChecks('SpeechRecognizer', o).int('beamWidth', 1, 10_000);
  const v = o.vocabulary;
  if (!Array.isArray(v) || v.length < 1 || !v.every((w) => typeof w === 'string' && w.length > 0 && !/\s/.test(w)) || new Set(v).size !== v.length) {
    throw new ValueError(`SpeechRecognizer: expected vocabulary to be a list of distinct words without spaces, got ${previewJson(v, 60)}`);
  }
  return o;
}
