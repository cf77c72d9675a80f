/** WAV files on disk (Node only): read with {@link readWav}, written atomically with {@link writeWav}. */
import { ioError } from '../errors.js';
import { atomicWriteFile } from '../io/atomic-write.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
import { readWav, type WavAudio } from './wav-read.js';
import { writeWav, type WriteWavOptions } from './wav-write.js';

const nodeFsp = lazyBuiltin('fs/promises');

/**
 * Reads a WAV file. An IOError when it cannot be read; a FormatError naming the path when it is
 * not a WAV file the reader supports.
 *
 * @example
 * const audio = await loadWav('recordings/0_george_0.wav');
 * const x = toMono(audio);
 */
export async function loadWav(path: string): Promise<WavAudio> {
  let bytes: Uint8Array;
  try {
    bytes = await nodeFsp.readFile(path);
  } catch (e) {
    throw ioError(e, path, 'read', 'loadWav');
  }
  return readWav(bytes, path);
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
