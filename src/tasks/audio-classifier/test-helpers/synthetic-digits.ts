/**
 * A generated stand-in for FSDD in tests: "digit" d is a tone whose pitch rises from
 * 300 + 250·d Hz by a third over the word, each "speaker" shifting every pitch by a few percent
 * and speaking a little faster or slower, with faint noise; written as 16-bit WAV files named as
 * FSDD's, `{digit}_{speaker}_{index}.wav`. Deterministic under the seed.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeWav } from '../../../audio/index.js';
import { Generator } from '../../../random/generator.js';

/** The samples of one generated word at `rate` Hz. */
export function syntheticWord(digit: number, speaker: number, g: Generator, rate = 8000): Float32Array {
  const seconds = (0.18 + 0.06 * g.uniform()) * (1 + 0.08 * (speaker - 1));
  const n = Math.round(seconds * rate);
  const f0 = (300 + 250 * digit) * (1 + 0.04 * speaker);
  const x = new Float32Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const u = i / n;
    phase += (2 * Math.PI * f0 * (1 + u / 3)) / rate;
    x[i] = 0.5 * Math.sin(Math.PI * u) * Math.sin(phase) + 0.002 * g.normal();
  }
  return x;
}

/** Writes `perDigit` files of each digit in `digits` for each speaker into `dir`; returns the paths. */
export function writeSyntheticDigits(dir: string, options: { speakers: readonly string[]; digits: readonly number[]; perDigit: number; seed?: number }): string[] {
  mkdirSync(dir, { recursive: true });
  const g = new Generator(options.seed ?? 0);
  const paths: string[] = [];
  options.speakers.forEach((speaker, s) => {
    for (const d of options.digits) {
      for (let k = 0; k < options.perDigit; k++) {
        const p = path.join(dir, `${d}_${speaker}_${k}.wav`);
        writeFileSync(p, writeWav({ sampleRate: 8000, channels: [syntheticWord(d, s, g)], bitDepth: 16, format: 'pcm' }, { bitDepth: 16 }));
        paths.push(p);
      }
    }
  });
  return paths;
}
