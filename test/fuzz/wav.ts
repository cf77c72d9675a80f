// The WAV reader's fuzz target: seeds written by writeWav (every format, odd sizes, many
// channels) plus a real FSDD recording and a hand-built file with LIST/fact/odd chunks, and
// mutations that know the RIFF structure (read here without the library): chunk sizes that lie,
// fmt fields changed, chunks dropped, doubled, swapped or padded.
import { readFileSync } from 'node:fs';
import { readWav, writeWav, type WavAudio } from '../../src/audio/index.js';
import type { Generator } from '../../src/random/generator.js';
import { BYTE_MUTATORS, concat, pick, type Mutator } from './mutate.js';
import type { Seed } from './seeds.js';
import type { Target } from './targets.js';

const tone = (n: number, c: number) => Float32Array.from({ length: n }, (_, i) => 0.8 * Math.sin(0.05 * i * (c + 1)));
const audio = (C: number, n: number, bitDepth: WavAudio['bitDepth'], format: WavAudio['format']): WavAudio =>
  ({ sampleRate: 8000, channels: Array.from({ length: C }, (_, c) => tone(n, c)), bitDepth, format });

/** A chunk of a RIFF file: where its header starts, its id and declared size. */
interface Chunk { at: number; id: string; size: number }

/** The chunks after the 12-byte RIFF header, as declared (stops at the end of the bytes). */
function chunks(b: Uint8Array): Chunk[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Chunk[] = [];
  for (let o = 12; o + 8 <= b.length;) {
    const size = v.getUint32(o + 4, true);
    out.push({ at: o, id: String.fromCharCode(...b.subarray(o, o + 4)), size });
    o += 8 + size + (size & 1);
  }
  return out;
}

const u32 = (b: Uint8Array, at: number, x: number) => (new DataView(b.buffer, b.byteOffset).setUint32(at, x >>> 0, true), b);
const u16 = (b: Uint8Array, at: number, x: number) => (new DataView(b.buffer, b.byteOffset).setUint16(at, x & 0xffff, true), b);
const bodyOf = (b: Uint8Array, c: Chunk) => b.subarray(c.at, Math.min(b.length, c.at + 8 + c.size + (c.size & 1)));

/** A chunk's size field, or the RIFF size, set to a value near the truth or far past it. */
const wavSize: Mutator = (b, g) => {
  const cs = chunks(b);
  const which = g.int(cs.length + 1);
  const out = Uint8Array.from(b);
  if (which === cs.length) {
    const truth = b.length - 8;
    const v = pick(g, [0, 3, 4, truth - 1, truth + 1, truth + 1000, 2 ** 31, 2 ** 32 - 1]);
    return { bytes: u32(out, 4, v), what: `RIFF size ${truth} → ${v}`, mustReject: v > truth ? 'a RIFF size past the end of the file' : undefined };
  }
  const c = cs[which];
  const remaining = b.length - (c.at + 8);
  const v = pick(g, [0, 1, c.size - 1, c.size + 1, c.size + 2, remaining, remaining + 1, 2 ** 31, 2 ** 32 - 1]);
  const what = `${JSON.stringify(c.id)} size ${c.size} → ${v}`;
  return { bytes: u32(out, c.at + 4, Math.max(0, v)), what, mustReject: c.id === 'data' && v > remaining ? 'a data chunk longer than the file' : undefined };
};

/** Tags of compressed formats a PCM/float reader must refuse. */
const COMPRESSED = [0x0002, 0x0006, 0x0007, 0x0011, 0x0055, 0x00ff];

/** One field of the fmt chunk changed: format tag, channels, rate, byte rate, block align, bits. */
const wavFmt: Mutator = (b, g) => {
  const fmt = chunks(b).find((c) => c.id === 'fmt ');
  if (!fmt) return { bytes: b, what: 'no fmt chunk' };
  const o = fmt.at + 8;
  const out = Uint8Array.from(b);
  const field = pick(g, ['tag', 'channels', 'rate', 'byteRate', 'align', 'bits'] as const);
  const v = {
    tag: [0, 1, 3, 0xfffe, 0xffff, ...COMPRESSED],
    channels: [0, 1, 2, 3, 255, 65535],
    rate: [0, 1, 44100, 2 ** 31, 2 ** 32 - 1],
    byteRate: [0, 1, 2 ** 32 - 1],
    align: [0, 1, 3, 65535],
    bits: [0, 1, 4, 12, 20, 48, 64, 65535],
  }[field];
  const x = pick(g, v);
  const at = { tag: 0, channels: 2, rate: 4, byteRate: 8, align: 12, bits: 14 }[field];
  if (field === 'rate' || field === 'byteRate') u32(out, o + at, x);
  else u16(out, o + at, x);
  const mustReject = field === 'tag' && COMPRESSED.includes(x) ? 'a compressed format tag'
    : field === 'channels' && x === 0 ? 'zero channels' : field === 'rate' && x === 0 ? 'a sample rate of 0' : undefined;
  return { bytes: out, what: `fmt ${field} → ${x}`, mustReject };
};

/** The chunk list rearranged: one dropped, doubled, two swapped, an odd LIST chunk inserted, or junk appended. */
const wavChunks: Mutator = (b, g: Generator) => {
  const cs = chunks(b);
  const parts = cs.map((c) => bodyOf(b, c));
  const op = pick(g, ['drop', 'double', 'swap', 'list', 'junk'] as const);
  const i = g.int(parts.length);
  let what: string;
  let mustReject: string | undefined;
  if (op === 'drop') {
    what = `drop chunk ${JSON.stringify(cs[i].id)}`;
    if ((cs[i].id === 'fmt ' || cs[i].id === 'data') && cs.filter((c) => c.id === cs[i].id).length === 1) mustReject = `no ${cs[i].id.trim()} chunk`;
    parts.splice(i, 1);
  } else if (op === 'double') {
    what = `double chunk ${JSON.stringify(cs[i].id)}`;
    parts.splice(i, 0, parts[i]);
  } else if (op === 'swap') {
    const j = g.int(parts.length);
    what = `swap chunks ${i} and ${j}`;
    [parts[i], parts[j]] = [parts[j], parts[i]];
  } else if (op === 'list') {
    const n = 1 + 2 * g.int(8); // odd, so a pad byte follows
    const list = new Uint8Array(8 + n + 1);
    list.set([0x4c, 0x49, 0x53, 0x54]);
    u32(list, 4, n);
    what = `insert a ${n}-byte LIST chunk before chunk ${i}`;
    parts.splice(i, 0, list);
  } else {
    what = 'append 5 junk bytes after the RIFF form';
    parts.push(Uint8Array.of(1, 2, 3, 4, 5));
  }
  const body = concat(b.subarray(0, 12), ...parts);
  if (op !== 'junk') u32(body, 4, body.length - 8);
  else u32(body, 4, b.length - 8);
  return { bytes: body, what, mustReject };
};

export function wavSeeds(): Seed[] {
  const fsdd = new Uint8Array(readFileSync(new URL('../fixtures/audio/0_george_0.wav', import.meta.url)));
  // A file with the chunks other writers leave: LIST before fmt, fact, an odd-sized chunk, data, LIST after.
  const plain = writeWav(audio(1, 9, 8, 'pcm'));
  const [fmtC, dataC] = chunks(plain);
  const list = Uint8Array.of(0x4c, 0x49, 0x53, 0x54, 5, 0, 0, 0, 0x49, 0x4e, 0x46, 0x4f, 0x21, 0);
  const fact = Uint8Array.of(0x66, 0x61, 0x63, 0x74, 4, 0, 0, 0, 9, 0, 0, 0);
  const layered = concat(plain.subarray(0, 12), list, bodyOf(plain, fmtC), fact, bodyOf(plain, dataC), list);
  u32(layered, 4, layered.length - 8);
  return [
    { name: 'FSDD 0_george_0.wav', bytes: fsdd },
    { name: 'pcm8 mono odd', bytes: writeWav(audio(1, 7, 8, 'pcm')) },
    { name: 'pcm16 stereo', bytes: writeWav(audio(2, 20, 16, 'pcm')) },
    { name: 'pcm24 extensible', bytes: writeWav(audio(1, 11, 24, 'pcm')) },
    { name: 'pcm32 3 channels', bytes: writeWav(audio(3, 8, 32, 'pcm')) },
    { name: 'float32', bytes: writeWav(audio(1, 16, 32, 'float')) },
    { name: 'float64 stereo', bytes: writeWav(audio(2, 6, 64, 'float')) },
    { name: 'LIST fact odd chunks', bytes: layered },
  ];
}

export const wavTarget: Target = {
  name: 'wav',
  reads: 'readWav',
  seeds: wavSeeds,
  mutators: { ...BYTE_MUTATORS, 'wav-size': wavSize, 'wav-fmt': wavFmt, 'wav-chunks': wavChunks },
  strict: ['wav-size', 'wav-fmt', 'wav-chunks'],
  read: async (bytes) => readWav(bytes, 'fuzz.wav'),
  check: (r) => {
    const a = r as WavAudio;
    if (!Number.isInteger(a.sampleRate) || a.sampleRate <= 0) return `a sample rate of ${a.sampleRate}`;
    if (a.channels.length === 0) return 'no channels';
    if (a.channels.some((c) => c.length !== a.channels[0].length)) return 'channels of different lengths';
    if (a.channels.some((c) => !c.every(Number.isFinite))) return 'a sample that is not finite';
    if (a.format === 'pcm' && a.channels.some((c) => !c.every((x) => x >= -1 && x < 1))) return 'a PCM sample outside [-1, 1)';
    return undefined;
  },
};
