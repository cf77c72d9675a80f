/**
 * The training-time augmentation of the audio tasks (AudioClassifier, SpeechRecognizer): each
 * training recording, every time it enters a batch, stretched in time (speedPerturbation) and
 * then masked (SpecAugment's freqMasks/timeMasks), with a generator of its own so that the
 * network's dropout draws do not change when augmentation is switched on or off. The frames are
 * already standardised, so a mask's 0 is the feature's mean.
 */

import { maskFrames, stretchFrames } from '../../audio/augment.js';
import { Generator } from '../../random/generator.js';
import type { FrameMatrix } from '../audio-classifier/baseline.js';
import type { RecurrentAudioOptions } from './options.js';

type AugmentOptions = Required<Pick<RecurrentAudioOptions, 'freqMasks' | 'freqMaskWidth' | 'timeMasks' | 'timeMaskWidth' | 'speedPerturbation' | 'seed'>>;

/** The augmentation as the options say, or null when every one is off. */
export function frameAugmenter(o: AugmentOptions): ((m: FrameMatrix) => FrameMatrix) | null {
  const masks = o.freqMasks > 0 || o.timeMasks > 0;
  if (!masks && o.speedPerturbation === 0) return null;
  const g = new Generator(o.seed * 7919 + 17);
  const maskOptions = { freqMasks: o.freqMasks, freqWidth: o.freqMaskWidth, timeMasks: o.timeMasks, timeWidth: o.timeMaskWidth };
  return (m) => {
    const stretched = o.speedPerturbation > 0 ? stretchFrames(m, o.speedPerturbation, g) : m;
    return masks ? maskFrames(stretched, maskOptions, g) : stretched;
  };
}
