/**
 * A RIFF/WAVE writer for the formats {@link readWav} reads: PCM 8/16/24/32-bit and IEEE float
 * 32/64-bit, interleaved channels. Files with more than two channels or more than 16 bits use
 * `WAVE_FORMAT_EXTENSIBLE`, as the Microsoft specification asks; float files carry a `fact` chunk.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { WavAudio } from './wav-read.js';

/** How {@link writeWav} encodes samples. */
export interface WriteWavOptions {
  /** Bits per sample: 8/16/24/32 for PCM, 32/64 for float. Default: the audio's own `bitDepth`. */
  bitDepth?: 8 | 16 | 24 | 32 | 64;
  /** Integer PCM or IEEE float. Default: the audio's own `format`. */
  format?: 'pcm' | 'float';
  /** Force (true) or forbid (false) WAVE_FORMAT_EXTENSIBLE. Default: on for > 2 channels or > 16-bit PCM. */
  extensible?: boolean;
}

/** KSDATAFORMAT_SUBTYPE GUID bytes after the 2-byte format code. */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/**
 * Encodes audio as WAV bytes. PCM samples are multiplied by 2^(bits−1), rounded and clipped to
 * the integer range (so reading the file back with {@link readWav} returns exactly the values
 * that were representable); 8-bit is stored unsigned (offset 128).
 *
 * @example
 * const bytes = writeWav({ sampleRate: 16000, channels: [tone], bitDepth: 16, format: 'pcm' });
 * const again = readWav(bytes); // same rate, same samples to 1/32768
 */
export function writeWav(audio: WavAudio, options: WriteWavOptions = {}): Uint8Array {
  const format = options.format ?? audio.format;
  const bits = options.bitDepth ?? (format === audio.format ? audio.bitDepth : format === 'float' ? 32 : 16);
  const allowed = format === 'pcm' ? [8, 16, 24, 32] : [32, 64];
  if (!allowed.includes(bits)) throw new ValueError(`writeWav: bitDepth ${bits} for ${format}; expected one of ${allowed.join(', ')}`);
  const C = audio.channels.length;
  if (C < 1 || C > 65535) throw new ValueError(`writeWav: ${C} channels; expected 1 to 65535`);
  const n = audio.channels[0].length;
  audio.channels.forEach((ch, c) => {
    if (ch.length !== n) throw new ShapeError(`writeWav: channel ${c}`, `[${n}] (the length of channel 0)`, [ch.length]);
  });
  if (!Number.isInteger(audio.sampleRate) || audio.sampleRate < 1 || audio.sampleRate > 0xffffffff) {
    throw new ValueError(`writeWav: sampleRate ${audio.sampleRate}; expected a positive integer`);
  }
  const bytesPer = bits / 8;
  const align = C * bytesPer;
  const dataSize = n * align;
  const extensible = options.extensible ?? (C > 2 || (format === 'pcm' && bits > 16));
  const fmtSize = extensible ? 40 : format === 'float' ? 18 : 16;
  const factSize = format === 'float' ? 12 : 0;
  const pad = dataSize & 1;
  const total = 12 + 8 + fmtSize + factSize + 8 + dataSize + pad;
  if (total - 8 > 0xffffffff) throw new ValueError(`writeWav: ${total} bytes exceed the 4 GiB a RIFF file can describe`);
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  const ascii = (o: number, s: string) => { for (let i = 0; i < 4; i++) out[o + i] = s.charCodeAt(i); };
  ascii(0, 'RIFF');
  v.setUint32(4, total - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, fmtSize, true);
  const code = format === 'pcm' ? 1 : 3;
  v.setUint16(20, extensible ? 0xfffe : code, true);
  v.setUint16(22, C, true);
  v.setUint32(24, audio.sampleRate, true);
  v.setUint32(28, audio.sampleRate * align, true);
  v.setUint16(32, align, true);
  v.setUint16(34, bits, true);
  if (extensible) {
    v.setUint16(36, 22, true);
    v.setUint16(38, bits, true);
    v.setUint32(40, C <= 18 ? 2 ** C - 1 : 0, true); // speaker mask: the first C positions (FL, FR, FC, …)
    v.setUint16(44, code, true);
    out.set(GUID_TAIL, 46);
  } else if (fmtSize === 18) {
    v.setUint16(36, 0, true);
  }
  let o = 20 + fmtSize;
  if (factSize) {
    ascii(o, 'fact');
    v.setUint32(o + 4, 4, true);
    v.setUint32(o + 8, n, true); // frames per channel
    o += 12;
  }
  ascii(o, 'data');
  v.setUint32(o + 4, dataSize, true);
  o += 8;
  const scale = 2 ** (bits - 1);
  const lo = -scale;
  const hi = scale - 1;
  for (let t = 0; t < n; t++) {
    for (let c = 0; c < C; c++, o += bytesPer) {
      const x = audio.channels[c][t];
      if (format === 'float') {
        if (bits === 32) v.setFloat32(o, x, true);
        else v.setFloat64(o, x, true);
        continue;
      }
      const q = Math.min(hi, Math.max(lo, Math.round(x * scale))) || 0; // NaN → 0
      if (bits === 8) v.setUint8(o, q + 128);
      else if (bits === 16) v.setInt16(o, q, true);
      else if (bits === 24) { v.setUint8(o, q & 0xff); v.setUint8(o + 1, (q >> 8) & 0xff); v.setUint8(o + 2, (q >> 16) & 0xff); }
      else v.setInt32(o, q, true);
    }
  }
  return out;
}
