/** Reading the WAV files of a data set into frames, every problem a one-line error naming the file. */
import { loadWav, type WavAudio } from '../../audio/index.js';
import { ValueError } from '../../errors.js';
import type { FrameMatrix } from '../../tasks/audio-classifier/baseline.js';

/**
 * The frames of `path` by `features` (loadWav's IOError or FormatError names the file); a
 * recording with no frame left (empty, or silent when trimmed) is a ValueError naming it.
 */
export async function readFrames(path: string, features: (audio: WavAudio) => FrameMatrix): Promise<FrameMatrix> {
  const m = features(await loadWav(path));
  if (m.T < 1) throw new ValueError(`${path}: no frames (the recording is empty, or silence trimming removed all of it)`);
  return m;
}
