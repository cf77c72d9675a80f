import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import wavefile from 'wavefile';
import { FormatError } from '../errors.js';
import { readWav } from './wav-read.js';
import { writeWav } from './wav-write.js';
import { loadWav } from './wav-file.js';
import { toMono } from './channels.js';

const FSDD = join(import.meta.dirname, '../../../shared/data/fsdd-subset/recordings');
const FIXTURES = join(import.meta.dirname, '../../test/fixtures/audio');

/** WAV bytes written by wavefile (an independent writer) from raw integer or float samples. */
function byWavefile(channels: number, rate: number, bits: string, samples: number[][] | number[]): Uint8Array {
  const w = new wavefile.WaveFile();
  w.fromScratch(channels, rate, bits, samples);
  return w.toBuffer();
}

test('readWav reads every PCM and float depth wavefile writes, scaled by 2^(bits-1)', () => {
  const cases: [string, number[], number[]][] = [
    ['8', [0, 128, 255], [-1, 0, 127 / 128]],
    ['16', [-32768, 0, 32767, 1], [-1, 0, 32767 / 32768, 1 / 32768]],
    ['24', [-8388608, 0, 8388607, -1], [-1, 0, 8388607 / 8388608, -1 / 8388608]],
    ['32', [-2147483648, 0, 2147483647, 65536], [-1, 0, 2147483647 / 2147483648, 65536 / 2147483648]],
    ['32f', [0.5, -0.25, 1.5], [0.5, -0.25, 1.5]],
    ['64', [0.1, -0.7], [0.1, -0.7]],
  ];
  for (const [bits, raw, want] of cases) {
    const a = readWav(byWavefile(1, 11025, bits, raw), `wavefile ${bits}`);
    assert.equal(a.sampleRate, 11025);
    assert.equal(a.format, bits.endsWith('f') || bits === '64' ? 'float' : 'pcm', bits);
    assert.equal(a.bitDepth, parseInt(bits, 10));
    assert.deepEqual(Array.from(a.channels[0]), Array.from(Float32Array.from(want)), bits);
  }
});

test('readWav de-interleaves channels, and toMono is their mean', () => {
  const a = readWav(byWavefile(3, 8000, '16', [[16384, 0], [-16384, 8192], [0, 32767]]));
  assert.equal(a.channels.length, 3);
  assert.deepEqual(Array.from(a.channels[1]), [-0.5, 0.25]);
  const m = toMono(a);
  assert.ok(Math.abs(m[0] - 0) < 1e-7 && Math.abs(m[1] - (0.25 + 32767 / 32768) / 3) < 1e-7);
});

/** A hand-built RIFF file from chunks [id, body]; the RIFF size is computed unless given. */
function riff(chunks: [string, Uint8Array][], riffSize?: number): Uint8Array {
  const parts: number[] = [];
  for (const [id, body] of chunks) {
    for (const ch of id) parts.push(ch.charCodeAt(0));
    const n = body.length;
    parts.push(n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255, ...body);
    if (n & 1) parts.push(0);
  }
  const size = riffSize ?? parts.length + 4;
  return Uint8Array.from([0x52, 0x49, 0x46, 0x46, size & 255, (size >> 8) & 255, (size >> 16) & 255, size >>> 24, 0x57, 0x41, 0x56, 0x45, ...parts]);
}
function fmt(tag: number, channels: number, rate: number, bits: number, extra: number[] = [], align = channels * bits / 8, byteRate = rate * align): Uint8Array {
  const b = new Uint8Array(16 + extra.length);
  const v = new DataView(b.buffer);
  v.setUint16(0, tag, true); v.setUint16(2, channels, true); v.setUint32(4, rate, true);
  v.setUint32(8, byteRate, true); v.setUint16(12, align, true); v.setUint16(14, bits, true);
  b.set(extra, 16);
  return b;
}
const i16 = (...xs: number[]) => new Uint8Array(Int16Array.from(xs).buffer);
const GUID = (code: number) => [code, 0, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

test('readWav skips LIST, fact and odd-sized chunks with their pad byte, before and after data', () => {
  const bytes = riff([
    ['LIST', new TextEncoder().encode('INFOISFT\x05\x00\x00\x00abcde')], // odd body: one pad byte
    ['fmt ', fmt(1, 1, 8000, 16)],
    ['fact', Uint8Array.of(2, 0, 0, 0)],
    ['junk', Uint8Array.of(1, 2, 3)],
    ['data', i16(16384, -16384)],
    ['LIST', Uint8Array.of(9)],
  ]);
  assert.deepEqual(Array.from(readWav(bytes).channels[0]), [0.5, -0.5]);
});

test('readWav reads a file whose writer left out the pad byte of an odd-sized chunk', () => {
  const padded = riff([['fmt ', fmt(1, 1, 8000, 16)], ['LIST', Uint8Array.of(1, 2, 3)], ['data', i16(16384)]]);
  // the same chunks with the pad byte after LIST removed (and the RIFF size one less)
  const at = 12 + 8 + 16 + 8 + 3;
  const unpadded = Uint8Array.from([...padded.subarray(0, at), ...padded.subarray(at + 1)]);
  new DataView(unpadded.buffer).setUint32(4, unpadded.length - 8, true);
  assert.deepEqual(Array.from(readWav(padded).channels[0]), [0.5]);
  assert.deepEqual(Array.from(readWav(unpadded).channels[0]), [0.5]);
});

test('readWav reads WAVE_FORMAT_EXTENSIBLE PCM and float sub-formats', () => {
  const ext = (code: number, bits: number) => [22, 0, bits, 0, 3, 0, 0, 0, ...GUID(code)];
  const pcm = riff([['fmt ', fmt(0xfffe, 2, 48000, 16, ext(1, 16))], ['data', i16(1, 2, 3, 4)]]);
  const a = readWav(pcm);
  assert.equal(a.format, 'pcm');
  assert.deepEqual(Array.from(a.channels[1]), [2 / 32768, 4 / 32768]);
  const f = riff([['fmt ', fmt(0xfffe, 1, 48000, 32, ext(3, 32))], ['data', new Uint8Array(Float32Array.of(0.25).buffer)]]);
  assert.deepEqual(readWav(f), { sampleRate: 48000, channels: [Float32Array.of(0.25)], bitDepth: 32, format: 'float' });
});

test('readWav refuses every malformed or unsupported input with a FormatError naming the source', () => {
  const good = (over: Partial<Record<'fmt' | 'data', Uint8Array>> = {}) => [['fmt ', over.fmt ?? fmt(1, 1, 8000, 16)], ['data', over.data ?? i16(1, 2)]] as [string, Uint8Array][];
  const bad: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(0), /12-byte RIFF header/],
    ['not riff', new TextEncoder().encode('ID3\x04 this is an mp3 file'), /expected "RIFF"/],
    ['rifx', Uint8Array.from([...new TextEncoder().encode('RIFX'), 4, 0, 0, 0, ...new TextEncoder().encode('WAVE')]), /big-endian/],
    ['rf64', Uint8Array.from([...new TextEncoder().encode('RF64'), 4, 0, 0, 0, ...new TextEncoder().encode('WAVE')]), /RF64/],
    ['avi', riff([]).map((b, i) => (i >= 8 ? 'AVI '.charCodeAt(i - 8) : b)), /form type is "AVI "/],
    ['mp3 in wav', riff([['fmt ', fmt(0x55, 1, 8000, 0, [], 1, 1000)], ['data', i16(1)]]), /0x0055 is MPEG Layer 3.*compressed.*ffmpeg/],
    ['adpcm', riff([['fmt ', fmt(0x11, 1, 8000, 4, [], 256, 4055)], ['data', i16(1)]]), /IMA ADPCM/],
    ['µ-law extensible', riff([['fmt ', fmt(0xfffe, 1, 8000, 8, [22, 0, 8, 0, 4, 0, 0, 0, ...GUID(7)])], ['data', Uint8Array.of(1, 2)]]), /µ-law/],
    ['12-bit', riff([['fmt ', fmt(1, 1, 8000, 12, [], 2, 16000)], ['data', i16(1)]]), /12 bits per sample/],
    ['16-bit float', riff([['fmt ', fmt(3, 1, 8000, 16)], ['data', i16(1)]]), /16 bits per sample for IEEE float/],
    ['0 channels', riff([['fmt ', fmt(1, 0, 8000, 16, [], 0, 0)], ['data', i16(1)]]), /0 channels/],
    ['0 Hz', riff(good({ fmt: fmt(1, 1, 0, 16) })), /0 Hz/],
    ['block align lies', riff(good({ fmt: fmt(1, 2, 8000, 16, [], 2) })), /block align is 2 bytes; expected 4/],
    ['byte rate lies', riff(good({ fmt: fmt(1, 1, 8000, 16, [], 2, 44100) })), /byte rate is 44100; expected 16000/],
    ['short fmt', riff([['fmt ', Uint8Array.of(1, 0, 1, 0)], ['data', i16(1)]]), /fmt chunk is 4 bytes/],
    ['no fmt', riff([['data', i16(1)]]), /data chunk comes before the fmt chunk/],
    ['no data', riff([['fmt ', fmt(1, 1, 8000, 16)]]), /no data chunk/],
    ['two fmt', riff([['fmt ', fmt(1, 1, 8000, 16)], ['fmt ', fmt(1, 1, 8000, 16)], ['data', i16(1)]]), /second fmt/],
    ['partial frame', riff(good({ fmt: fmt(1, 2, 8000, 16), data: i16(1, 2, 3) })), /not a whole number of 4-byte frames/],
    ['truncated file', riff(good()).subarray(0, 46), /RIFF header says the file is 48 bytes, but it is 46/],
    ['data size lies', (() => { const b = riff(good()); new DataView(b.buffer).setUint32(40, 1000, true); return b; })(), /data chunk is truncated: its header says 1000 bytes, but 4 remain/],
    ['riff size lies', riff(good(), 1 << 30), /header lies \(byte offset 4\)$/],
    ['streamed', riff(good(), 0xffffffff), /header lies \(a placeholder size, as written to a pipe: rewrite the file/],
    ['nan float', riff([['fmt ', fmt(3, 1, 8000, 32)], ['data', new Uint8Array(Float32Array.of(0, NaN).buffer)]]), /NaN, infinite/],
    ['float64 past float32', riff([['fmt ', fmt(3, 1, 8000, 64)], ['data', new Uint8Array(Float64Array.of(0, 1e300).buffer)]]), /beyond the float32 range/],
  ];
  for (const [name, bytes, message] of bad) {
    assert.throws(() => readWav(bytes, `case.wav`), (e: unknown) => {
      assert.ok(e instanceof FormatError, `${name}: ${String(e)}`);
      assert.match(e.message, /^readWav case\.wav: /, name);
      assert.match(e.message, message, name);
      return true;
    }, name);
  }
});

test('an FSDD recording reads as 8 kHz 16-bit mono with samples in [-1, 1)', async (t) => {
  const file = existsSync(FSDD) ? join(FSDD, '0_george_0.wav') : join(FIXTURES, '0_george_0.wav');
  if (!existsSync(file)) return t.skip(`no FSDD recording at ${FSDD} or ${FIXTURES}`);
  const a = await loadWav(file);
  assert.equal(a.sampleRate, 8000);
  assert.equal(a.bitDepth, 16);
  assert.equal(a.channels.length, 1);
  const bytes = readFileSync(file);
  assert.equal(a.channels[0].length, (bytes.length - 44) / 2); // FSDD files are plain 44-byte-header WAVs
  assert.ok(a.channels[0].every((x) => x >= -1 && x < 1));
  assert.ok(a.channels[0].some((x) => Math.abs(x) > 0.01), 'not silence');
  // Our writer gives back the same bytes for a plain 16-bit mono file.
  assert.deepEqual(writeWav(a), new Uint8Array(bytes));
});
