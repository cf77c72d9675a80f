/**
 * Spoken digit strings made from real recordings: for each string a speaker is drawn, then 1 … N
 * digits, then for each digit one of that speaker's recordings of it; the recordings are joined
 * with short pauses of random length (faint noise rather than digital silence, as a room would
 * give), and the string carries its transcript ("four one seven"). Deterministic under a seed:
 * the same clips and options give the same samples bit for bit.
 *
 * CTC labels: blank is 0 and digit d is d + 1, so the alphabet is 11 symbols.
 */

import { ValueError } from '../../errors.js';
import { Generator } from '../../random/generator.js';

/** One recording of one digit by one speaker, already at the common sample rate. */
export interface DigitClip {
  readonly samples: Float32Array;
  /** 0 … 9 */
  readonly digit: number;
  readonly speaker: string;
}

/** Options of {@link makeDigitStrings}; every field has a default. */
export interface DigitStringOptions {
  /** Strings to make. Default 100. */
  readonly count?: number;
  /** Fewest and most digits per string (inclusive). Default 1 and 5. */
  readonly minDigits?: number;
  readonly maxDigits?: number;
  /** Shortest and longest pause between two digits, and before the first and after the last, in seconds. Default 0.05 and 0.3. */
  readonly minPause?: number;
  readonly maxPause?: number;
  /** Standard deviation of the Gaussian noise filling the pauses. Default 1e-3 (−60 dB re full scale). */
  readonly noise?: number;
  readonly seed?: number;
}

/** The defaults of {@link DigitStringOptions}. */
export const DIGIT_STRING_DEFAULTS = {
  count: 100,
  /** One to five digits: a PIN, a short number; long enough that CTC must segment. */
  minDigits: 1,
  maxDigits: 5,
  /** FSDD recordings already hold some silence of their own; a short pause on top keeps strings fluent. */
  minPause: 0.05,
  maxPause: 0.3,
  noise: 1e-3,
  seed: 0,
} as const;

/** One generated string. */
export interface DigitString {
  /** Mono samples at the clips' sample rate. */
  readonly samples: Float32Array;
  readonly digits: number[];
  /** The words, e.g. "four one seven". */
  readonly text: string;
  readonly speaker: string;
}

/** English words of the digits, as FSDD's speakers say them. */
export const DIGIT_WORDS: readonly string[] = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** "four one seven" for [4, 1, 7]. */
export function digitsToText(digits: readonly number[]): string {
  return digits.map((d) => DIGIT_WORDS[d]).join(' ');
}

/** CTC targets of digits: d → d + 1 (0 is the blank). */
export function digitsToLabels(digits: readonly number[]): Int32Array {
  return Int32Array.from(digits, (d) => d + 1);
}

/** Digits of CTC labels (the blank and anything outside 1 … 10 dropped). */
export function labelsToDigits(labels: readonly number[]): number[] {
  return labels.filter((l) => l >= 1 && l <= 10).map((l) => l - 1);
}

/**
 * Makes `count` digit strings from `clips` (see the file comment). Each string is spoken by one
 * speaker, drawn among those who recorded every digit.
 *
 * @example
 * const strings = makeDigitStrings(clips, 8000, { count: 500, seed: 1 });
 * strings[0].text; // 'four one seven'
 */
export function makeDigitStrings(clips: readonly DigitClip[], sampleRate: number, options: DigitStringOptions = {}): DigitString[] {
  const o = { ...DIGIT_STRING_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<DigitStringOptions>;
  const where = 'makeDigitStrings';
  if (!(Number.isFinite(sampleRate) && sampleRate > 0)) throw new ValueError(`${where}: sampleRate must be a positive number, got ${sampleRate}`);
  if (!(Number.isInteger(o.count) && o.count >= 1)) throw new ValueError(`${where}: count must be an integer ≥ 1, got ${o.count}`);
  if (!(Number.isInteger(o.minDigits) && o.minDigits >= 1 && Number.isInteger(o.maxDigits) && o.maxDigits >= o.minDigits)) {
    throw new ValueError(`${where}: expected integers 1 ≤ minDigits ≤ maxDigits, got ${o.minDigits} and ${o.maxDigits}`);
  }
  if (!(o.minPause >= 0 && o.maxPause >= o.minPause && Number.isFinite(o.maxPause))) throw new ValueError(`${where}: expected 0 ≤ minPause ≤ maxPause seconds, got ${o.minPause} and ${o.maxPause}`);
  if (!(o.noise >= 0 && Number.isFinite(o.noise))) throw new ValueError(`${where}: noise must be a finite number ≥ 0, got ${o.noise}`);
  // speaker → digit → clips, in the order given.
  const bySpeaker = new Map<string, DigitClip[][]>();
  clips.forEach((c, i) => {
    if (!(Number.isInteger(c.digit) && c.digit >= 0 && c.digit <= 9)) throw new ValueError(`${where}: clips[${i}].digit is ${c.digit}, expected 0 … 9`);
    if (c.samples.length === 0) throw new ValueError(`${where}: clips[${i}] (${c.speaker}, digit ${c.digit}) has no samples`);
    if (!bySpeaker.has(c.speaker)) bySpeaker.set(c.speaker, Array.from({ length: 10 }, () => []));
    bySpeaker.get(c.speaker)![c.digit].push(c);
  });
  const speakers = [...bySpeaker.keys()].sort().filter((s) => bySpeaker.get(s)!.every((d) => d.length > 0));
  if (speakers.length === 0) throw new ValueError(`${where}: no speaker has a recording of every digit 0 … 9 (${bySpeaker.size} speakers in ${clips.length} clips)`);
  const g = new Generator(o.seed);
  const pause = () => Math.round((o.minPause + (o.maxPause - o.minPause) * g.uniform()) * sampleRate);
  const out: DigitString[] = [];
  for (let k = 0; k < o.count; k++) {
    const speaker = speakers[g.int(speakers.length)];
    const n = o.minDigits + g.int(o.maxDigits - o.minDigits + 1);
    const digits = Array.from({ length: n }, () => g.int(10));
    const parts: (Float32Array | number)[] = [pause()];
    for (const d of digits) {
      const pool = bySpeaker.get(speaker)![d];
      parts.push(pool[g.int(pool.length)].samples, pause());
    }
    const total = parts.reduce<number>((s, p) => s + (typeof p === 'number' ? p : p.length), 0);
    const samples = new Float32Array(total);
    let at = 0;
    for (const p of parts) {
      if (typeof p === 'number') {
        if (o.noise > 0) for (let i = 0; i < p; i++) samples[at + i] = o.noise * g.normal();
        at += p;
      } else {
        samples.set(p, at);
        at += p.length;
      }
    }
    out.push({ samples, digits, text: digitsToText(digits), speaker });
  }
  return out;
}
