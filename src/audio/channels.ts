/** Mixing a multi-channel recording down to one channel. */
import { ShapeError, ValueError } from '../errors.js';
import type { WavAudio } from './wav-read.js';

/**
 * The mean of the channels, sample by sample (torchaudio's `waveform.mean(0)`); a mono file's
 * only channel is returned as a copy.
 *
 * @example
 * const x = toMono(await loadWav('stereo.wav')); // Float32Array, (left + right) / 2
 */
export function toMono(audio: WavAudio): Float32Array {
  const C = audio.channels.length;
  if (C === 0) throw new ValueError('toMono: audio has no channels; expected at least 1');
  const n = audio.channels[0].length;
  const out = new Float32Array(n);
  const acc = new Float64Array(n);
  for (let c = 0; c < C; c++) {
    const ch = audio.channels[c];
    if (ch.length !== n) throw new ShapeError(`toMono: channel ${c}`, `[${n}] (the length of channel 0)`, [ch.length]);
    for (let t = 0; t < n; t++) acc[t] += ch[t];
  }
  for (let t = 0; t < n; t++) out[t] = acc[t] / C;
  return out;
}
