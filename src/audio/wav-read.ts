/**
 * A RIFF/WAVE reader: PCM 8/16/24/32-bit integer and IEEE 32/64-bit float, any number of
 * channels and any sample rate, plain `fmt ` chunks or `WAVE_FORMAT_EXTENSIBLE`, other chunks
 * (LIST, fact, cue, …) skipped with their pad byte. Everything else is a FormatError that names
 * the source, what was expected and what came: compressed formats (ADPCM, µ-law, MP3 …), RIFX
 * and RF64, a truncated data chunk, and a header whose sizes disagree with each other or with
 * the file.
 *
 * Written here rather than taken from `wavefile`: that library accepts a data chunk that runs
 * past the end of the file and a block align that disagrees with the channels, and reports
 * compressed formats only when asked to decode them; a reader of user files must refuse those.
 */
import { FormatError } from '../errors.js';

/** Decoded audio: one Float32Array per channel, integer formats scaled into [-1, 1). */
export interface WavAudio {
  /** Samples per second per channel. */
  sampleRate: number;
  /** One array per channel, all the same length. PCM is scaled by 2^(bits-1) (8-bit is offset by 128 first); float is as stored. */
  channels: Float32Array[];
  /** Bits per sample of the container (8, 16, 24, 32 or 64). */
  bitDepth: number;
  /** Integer PCM or IEEE float. */
  format: 'pcm' | 'float';
}

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;

/** Names of the format tags seen in the wild, so a refusal can say what the file is. */
const KNOWN_TAGS: Record<number, string> = {
  0x0002: 'Microsoft ADPCM', 0x0006: 'A-law', 0x0007: 'µ-law', 0x0011: 'IMA ADPCM', 0x0031: 'GSM 6.10',
  0x0050: 'MPEG', 0x0055: 'MPEG Layer 3 (MP3)', 0x0092: 'Dolby AC-3', 0x00ff: 'AAC', 0x1610: 'HE-AAC',
  0x2000: 'AC-3', 0xf1ac: 'FLAC',
};

/** The 14 bytes after the format code in an extensible sub-format GUID (KSDATAFORMAT_SUBTYPE_*). */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

const fourCC = (b: Uint8Array, o: number) => String.fromCharCode(b[o], b[o + 1], b[o + 2], b[o + 3]);
/** Whether the 4 bytes at `o` look like a chunk id: printable ASCII, starting with a letter. */
const isChunkId = (b: Uint8Array, o: number) =>
  /[A-Za-z]/.test(String.fromCharCode(b[o])) && [1, 2, 3].every((i) => b[o + i] >= 0x20 && b[o + i] <= 0x7e);
/** The hint for a size a streaming writer leaves as a placeholder (it could not seek back to fill it in). */
const placeholder = (size: number) => (size === 0xffffffff || size === 0xfffffffe
  ? ' (a placeholder size, as written to a pipe: rewrite the file, for example with ffmpeg -i in.wav out.wav)' : '');
const printable = (s: string) => JSON.stringify(s.replace(/[^\x20-\x7e]/g, '?'));

interface Fmt {
  tag: number;
  channels: number;
  sampleRate: number;
  bitDepth: number;
  format: 'pcm' | 'float';
}

/** Parses a `fmt ` chunk body at `o` of `size` bytes. */
function parseFmt(b: Uint8Array, v: DataView, o: number, size: number, what: string): Fmt {
  if (size < 16) throw new FormatError(what, `fmt chunk is ${size} bytes; expected at least 16`, { offset: o - 4 });
  let tag = v.getUint16(o, true);
  const channels = v.getUint16(o + 2, true);
  const sampleRate = v.getUint32(o + 4, true);
  const byteRate = v.getUint32(o + 8, true);
  const blockAlign = v.getUint16(o + 12, true);
  const bits = v.getUint16(o + 14, true);
  if (tag === FORMAT_EXTENSIBLE) {
    if (size < 40) throw new FormatError(what, `WAVE_FORMAT_EXTENSIBLE fmt chunk is ${size} bytes; expected 40`, { offset: o - 4 });
    const cbSize = v.getUint16(o + 16, true);
    if (cbSize < 22) throw new FormatError(what, `WAVE_FORMAT_EXTENSIBLE extension is ${cbSize} bytes; expected 22`, { offset: o + 16 });
    const valid = v.getUint16(o + 18, true);
    if (valid > bits) throw new FormatError(what, `${valid} valid bits per sample in a ${bits}-bit container; expected at most ${bits}`, { offset: o + 18 });
    const sub = v.getUint16(o + 24, true);
    if (GUID_TAIL.some((x, i) => b[o + 26 + i] !== x)) {
      throw new FormatError(what, 'WAVE_FORMAT_EXTENSIBLE sub-format is not a KSDATAFORMAT_SUBTYPE GUID; expected PCM or IEEE float', { offset: o + 24 });
    }
    tag = sub;
  }
  if (tag !== FORMAT_PCM && tag !== FORMAT_FLOAT) {
    const name = KNOWN_TAGS[tag] ? `${KNOWN_TAGS[tag]}, a compressed format` : 'an unsupported format';
    throw new FormatError(what, `format tag 0x${tag.toString(16).padStart(4, '0')} is ${name}; expected PCM (1) or IEEE float (3). Convert the file to PCM WAV first (for example: ffmpeg -i in.wav -c:a pcm_s16le out.wav)`, { offset: o });
  }
  const format = tag === FORMAT_PCM ? 'pcm' : 'float';
  const allowed = format === 'pcm' ? [8, 16, 24, 32] : [32, 64];
  if (!allowed.includes(bits)) throw new FormatError(what, `${bits} bits per sample for ${format === 'pcm' ? 'PCM' : 'IEEE float'}; expected one of ${allowed.join(', ')}`, { offset: o + 14 });
  if (channels === 0) throw new FormatError(what, 'fmt chunk says 0 channels; expected at least 1', { offset: o + 2 });
  if (sampleRate === 0) throw new FormatError(what, 'fmt chunk says a sample rate of 0 Hz; expected a positive rate', { offset: o + 4 });
  const align = channels * (bits / 8);
  if (blockAlign !== align) throw new FormatError(what, `block align is ${blockAlign} bytes; expected ${align} (${channels} channels × ${bits / 8} bytes)`, { offset: o + 12 });
  if (byteRate !== sampleRate * align) throw new FormatError(what, `byte rate is ${byteRate}; expected ${sampleRate * align} (${sampleRate} Hz × ${align}-byte frames)`, { offset: o + 8 });
  return { tag, channels, sampleRate, bitDepth: bits, format };
}

/**
 * Decodes interleaved frames of `fmt` from `n` bytes at `o` into one array per channel.
 * `bad` is the byte offset of the first float sample that is not finite in float32, or -1.
 */
function decode(v: DataView, o: number, n: number, fmt: Fmt): { channels: Float32Array[]; bad: number } {
  const C = fmt.channels;
  const bytes = fmt.bitDepth / 8;
  const frames = n / (C * bytes);
  const out = Array.from({ length: C }, () => new Float32Array(frames));
  for (let t = 0, p = o; t < frames; t++) {
    for (let c = 0; c < C; c++, p += bytes) {
      let x: number;
      if (fmt.format === 'float') x = bytes === 4 ? v.getFloat32(p, true) : v.getFloat64(p, true);
      else if (bytes === 1) x = (v.getUint8(p) - 128) / 128;
      else if (bytes === 2) x = v.getInt16(p, true) / 32768;
      else if (bytes === 3) x = (((v.getUint8(p + 2) << 24) | (v.getUint8(p + 1) << 16) | (v.getUint8(p) << 8)) >> 8) / 8388608;
      else x = v.getInt32(p, true) / 2147483648;
      if (!Number.isFinite(Math.fround(x))) return { channels: out, bad: p }; // 64-bit floats beyond ±3.4e38 would become ±Infinity
      out[c][t] = x;
    }
  }
  return { channels: out, bad: -1 };
}

/**
 * Reads a WAV file's bytes. `source` (a path or a name) prefixes every error message.
 *
 * Integer PCM comes back divided by 2^(bits−1) (8-bit, unsigned, after subtracting 128), as
 * torchaudio's `load(normalize=True)` does, so 16-bit 32767 reads as 0.999969…; float samples
 * come back as stored (they may exceed ±1) and must be finite.
 *
 * @example
 * const audio = readWav(new Uint8Array(await readFile('0_george_0.wav')), '0_george_0.wav');
 * audio.sampleRate;          // 8000
 * audio.channels[0].length;  // samples in the first channel
 */
export function readWav(bytes: Uint8Array, source = 'WAV data'): WavAudio {
  const what = `readWav ${source}`;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) throw new FormatError(what, `is ${bytes.length} bytes; a WAV file starts with a 12-byte RIFF header`, { offset: 0 });
  const riff = fourCC(bytes, 0);
  if (riff === 'RIFX') throw new FormatError(what, 'is a big-endian RIFX file; expected little-endian RIFF', { offset: 0 });
  if (riff === 'RF64' || riff === 'BW64') throw new FormatError(what, `is an ${riff} file (WAV over 4 GiB); expected RIFF`, { offset: 0 });
  if (riff !== 'RIFF') throw new FormatError(what, `starts with ${printable(riff)}; expected "RIFF" (is this a WAV file?)`, { offset: 0 });
  if (fourCC(bytes, 8) !== 'WAVE') throw new FormatError(what, `RIFF form type is ${printable(fourCC(bytes, 8))}; expected "WAVE"`, { offset: 8 });
  const riffSize = v.getUint32(4, true);
  if (riffSize + 8 > bytes.length) {
    throw new FormatError(what, `RIFF header says the file is ${riffSize + 8} bytes, but it is ${bytes.length}; the file is truncated or its header lies${placeholder(riffSize)}`, { offset: 4 });
  }
  if (riffSize < 4) throw new FormatError(what, `RIFF header says ${riffSize} bytes; expected at least 4 for "WAVE"`, { offset: 4 });
  const end = riffSize + 8; // bytes after the RIFF form (trailing junk some tools append) are ignored
  let fmt: Fmt | undefined;
  let data: { offset: number; size: number } | undefined;
  let o = 12;
  while (o + 8 <= end) {
    const id = fourCC(bytes, o);
    const size = v.getUint32(o + 4, true);
    const body = o + 8;
    if (body + size > end) {
      const kind = id === 'data' ? 'data chunk is truncated' : `chunk ${printable(id)} runs past the end of the RIFF form`;
      throw new FormatError(what, `${kind}: its header says ${size} bytes, but ${end - body} remain${placeholder(size)}`, { offset: o + 4 });
    }
    if (id === 'fmt ') {
      if (fmt) throw new FormatError(what, 'has a second fmt chunk; expected exactly one', { offset: o });
      fmt = parseFmt(bytes, v, body, size, what);
    } else if (id === 'data') {
      if (!fmt) throw new FormatError(what, 'data chunk comes before the fmt chunk; expected fmt first', { offset: o });
      if (data) throw new FormatError(what, 'has a second data chunk; expected exactly one', { offset: o });
      data = { offset: body, size };
    }
    o = body + size + (size & 1); // chunks are padded to an even size; the pad byte is not counted
    // Some writers leave out the pad byte of an odd-sized chunk: when the byte after the chunk
    // starts a plausible chunk id and the padded position does not, the pad is missing.
    if (size & 1 && o + 8 <= end && !isChunkId(bytes, o) && isChunkId(bytes, o - 1)) o -= 1;
  }
  if (o < end && o + 8 > end && end - o > 1) {
    throw new FormatError(what, `${end - o} stray bytes at the end of the RIFF form; expected a chunk header (8 bytes) or nothing`, { offset: o });
  }
  if (!fmt) throw new FormatError(what, 'has no fmt chunk; expected one before the data chunk');
  if (!data) throw new FormatError(what, 'has no data chunk; expected one after the fmt chunk');
  const frame = fmt.channels * (fmt.bitDepth / 8);
  if (data.size % frame !== 0) {
    throw new FormatError(what, `data chunk is ${data.size} bytes, not a whole number of ${frame}-byte frames (${fmt.channels} channels × ${fmt.bitDepth / 8} bytes); the data is truncated or the header lies`, { offset: data.offset - 4 });
  }
  const { channels, bad } = decode(v, data.offset, data.size, fmt);
  if (bad >= 0) throw new FormatError(what, 'a float sample is NaN, infinite or beyond the float32 range (±3.4e38); expected finite samples', { offset: bad });
  return { sampleRate: fmt.sampleRate, channels, bitDepth: fmt.bitDepth, format: fmt.format };
}
