/** WAV files on disk (Node only): read with {@link readWav}, written atomically with {@link writeWav}. */
import { atomicWriteFile } from '../io/atomic-write.js';
import { readFileBytes } from '../io/safetensors-file.js';
import { readWav, type WavAudio } from './wav-read.js';
import { writeWav, type WriteWavOptions } from './wav-write.js';

/**
 * Reads a WAV file. An IOError when it cannot be read; a FormatError naming the path when it is
 * not a WAV file the reader supports.
 *
 * @example
 * const audio = await loadWav('recordings/0_george_0.wav');
 * const x = toMono(audio);
 */
export async function loadWav(path: string): Promise<WavAudio> {
  return readWav(await readFileBytes(path, 'loadWav'), path);
}

/**
 * Writes a WAV file atomically (a temporary file in the same folder, flushed, then renamed), so
 * a crash never leaves half a file under `path`.
 *
 * @example
 * await saveWav('out/tone.wav', { sampleRate: 8000, channels: [x], bitDepth: 16, format: 'pcm' });
 */
export async function saveWav(path: string, audio: WavAudio, options: WriteWavOptions = {}): Promise<void> {
  await atomicWriteFile(path, writeWav(audio, options));
}
