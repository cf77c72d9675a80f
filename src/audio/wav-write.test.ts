import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefile from 'wavefile';
import { ShapeError, ValueError } from '../errors.js';
import { readWav, type WavAudio } from './wav-read.js';
import { writeWav } from './wav-write.js';
import { loadWav, saveWav } from './wav-file.js';

const FORMATS: [WavAudio['format'], 8 | 16 | 24 | 32 | 64][] = [['pcm', 8], ['pcm', 16], ['pcm', 24], ['pcm', 32], ['float', 32], ['float', 64]];

/** Samples on the grid of `bits` (so a round trip is exact), plus the extremes and values that must clip. */
function signal(n: number, c: number, bits: number): Float32Array {
  const q = 2 ** (Math.min(bits, 24) - 1); // float32 holds 24 bits exactly
  return Float32Array.from({ length: n }, (_, i) => Math.round(Math.sin(0.1 * i + c) * 0.9 * q) / q);
}

test('writeWav → readWav round trips every format, mono to 5 channels, even and odd data sizes', () => {
  for (const [format, bitDepth] of FORMATS) {
    for (const C of [1, 2, 5]) {
      for (const n of [0, 1, 7, 100]) {
        const audio: WavAudio = { sampleRate: 22050, channels: Array.from({ length: C }, (_, c) => signal(n, c, bitDepth)), bitDepth, format };
        const bytes = writeWav(audio);
        assert.equal(bytes.length % 2, 0, 'RIFF files have an even length (pad byte)');
        assert.deepEqual(readWav(bytes), audio, `${format} ${bitDepth} C=${C} n=${n}`);
        // wavefile, an independent reader, agrees on the header
        const w = new wavefile.WaveFile(bytes);
        const f = w.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number; audioFormat: number };
        assert.deepEqual([f.numChannels, f.sampleRate, f.bitsPerSample], [C, 22050, bitDepth]);
        assert.equal(f.audioFormat, C > 2 || (format === 'pcm' && bitDepth > 16) ? 0xfffe : format === 'pcm' ? 1 : 3);
      }
    }
  }
});

test('writeWav clips out-of-range PCM samples and converts between formats', () => {
  const audio: WavAudio = { sampleRate: 8000, channels: [Float32Array.of(1, -1, 2, -2, 0.5)], bitDepth: 32, format: 'float' };
  assert.deepEqual(Array.from(readWav(writeWav(audio, { format: 'pcm', bitDepth: 16 })).channels[0]), [32767 / 32768, -1, 32767 / 32768, -1, 0.5]);
  assert.deepEqual(Array.from(readWav(writeWav(audio, { format: 'pcm', bitDepth: 8 })).channels[0]), [127 / 128, -1, 127 / 128, -1, 0.5]);
  assert.deepEqual(readWav(writeWav(audio, { bitDepth: 64 })).channels, audio.channels);
  assert.equal(readWav(writeWav(audio, { format: 'pcm', bitDepth: 16, extensible: true })).bitDepth, 16);
});

test('writeWav refuses what a WAV file cannot hold', () => {
  const a: WavAudio = { sampleRate: 8000, channels: [new Float32Array(2)], bitDepth: 16, format: 'pcm' };
  assert.throws(() => writeWav(a, { format: 'float', bitDepth: 16 }), ValueError);
  assert.throws(() => writeWav(a, { bitDepth: 64 }), /bitDepth 64 for pcm; expected one of 8, 16, 24, 32/);
  assert.throws(() => writeWav({ ...a, channels: [] }), /0 channels/);
  assert.throws(() => writeWav({ ...a, channels: [new Float32Array(2), new Float32Array(3)] }), ShapeError);
  assert.throws(() => writeWav({ ...a, sampleRate: 44100.5 }), /sampleRate 44100.5/);
});

test('saveWav writes atomically and loadWav reads it back', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wav-'));
  try {
    const a: WavAudio = { sampleRate: 16000, channels: [signal(50, 0, 16), signal(50, 1, 16)], bitDepth: 16, format: 'pcm' };
    await saveWav(join(dir, 'sub', 'x.wav'), a);
    assert.deepEqual(await loadWav(join(dir, 'sub', 'x.wav')), a);
    assert.deepEqual(await readdir(join(dir, 'sub')), ['x.wav']);
    await assert.rejects(loadWav(join(dir, 'missing.wav')), /cannot read .*missing\.wav.*ENOENT/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
