/**
 * The early-stopping part of an AudioClassifier's training recordings. With speakers known, one
 * training speaker (drawn by the seed) is held out, so the epoch kept is the one that does best on
 * a voice the network never trained on, the situation of the test part; a random share of the
 * recordings instead holds the training speakers' own voices, on which the network reaches
 * ~99% long after it has stopped improving on new voices.
 */

import { ValueError } from '../../errors.js';
import { Generator } from '../../random/generator.js';
import { stratifiedSplit } from '../classifier/folds.js';
import type { ResolvedAudioClassifierOptions } from './resolve.js';

/** What `AudioClassifier.fit` takes besides the frames and labels. */
export interface AudioFitOptions {
  /** The speaker of each recording (null where unknown), for validationBy 'speaker'. */
  readonly speakers?: readonly (string | null)[];
}

/**
 * Indices of the recordings trained on and of those early stopping watches. By speaker when
 * `validationBy` is 'speaker', `speakers` is given, every recording names one and there are at
 * least two; otherwise a stratified `validationFraction` of the recordings.
 */
export function validationSplit(
  y: Int32Array,
  speakers: readonly (string | null)[] | null,
  o: Pick<ResolvedAudioClassifierOptions, 'validationBy' | 'validationFraction' | 'seed'>,
): { train: Int32Array; heldOut: Int32Array; speaker: string | null } {
  if (speakers !== null && speakers.length !== y.length) throw new ValueError(`AudioClassifier.fit: ${y.length} recordings but ${speakers.length} speakers; give one speaker per recording`);
  const known = speakers !== null && speakers.every((s) => typeof s === 'string' && s.length > 0);
  const names = known ? [...new Set(speakers as string[])].sort() : [];
  if (o.validationBy !== 'speaker' || names.length < 2) return { ...stratifiedSplit(y, o.validationFraction, o.seed), speaker: null };
  const speaker = names[new Generator(o.seed).int(names.length)];
  const train: number[] = [], heldOut: number[] = [];
  speakers!.forEach((s, i) => (s === speaker ? heldOut : train).push(i));
  return { train: Int32Array.from(train), heldOut: Int32Array.from(heldOut), speaker };
}
