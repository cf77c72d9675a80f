/**
 * The recordings a digit-string set is made from: labelled WAV files (listAudioDataset) whose
 * labels are the digits 0 … 9, read, mixed to mono and resampled to one rate, split by speaker so
 * that the test strings are spoken by voices the recognizer never heard.
 */

import { loadWav, resample, toMono } from '../../audio/index.js';
import { ValueError } from '../../errors.js';
import type { AudioItem } from '../audio-classifier/dataset.js';
import type { DigitClip } from './digit-strings.js';

/**
 * Reads `items` as digit clips at `sampleRate` Hz (resampled where a file has another rate).
 * Every label must be a digit 0 … 9 and every item must name its speaker.
 *
 * @example
 * const clips = await loadDigitClips(await listAudioDataset('fsdd/recordings'), 8000);
 * const strings = makeDigitStrings(clips.filter((c) => c.speaker !== 'theo'), 8000, { count: 500 });
 */
export async function loadDigitClips(items: readonly AudioItem[], sampleRate: number): Promise<DigitClip[]> {
  const clips: DigitClip[] = [];
  for (const it of items) {
    if (!/^\d$/.test(it.label)) throw new ValueError(`${it.path}: label ${JSON.stringify(it.label)} is not a digit 0 … 9; digit strings are made of spoken digits`);
    if (it.speaker === null) throw new ValueError(`${it.path}: no speaker in the file name; digit strings need one speaker per string (name files as {digit}_{speaker}_{index}.wav or give --speaker-pattern)`);
    const audio = await loadWav(it.path);
    const x = toMono(audio);
    const samples = audio.sampleRate === sampleRate ? x : resample(x, audio.sampleRate, sampleRate);
    if (samples.length === 0) throw new ValueError(`${it.path}: the recording is empty`);
    clips.push({ samples, digit: Number(it.label), speaker: it.speaker });
  }
  return clips;
}
