// The digit-string generator: deterministic under a seed, one speaker per string, transcripts that match the clips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digitsToLabels, labelsToDigits, makeDigitStrings, type DigitClip } from './digit-strings.js';

// Clip k of speaker s for digit d is constant-valued: 1 + d + 10·s + 100·k, so its samples say where they came from.
const clips: DigitClip[] = [];
['ann', 'bob'].forEach((speaker, s) => {
  for (let d = 0; d < 10; d++) for (let k = 0; k < 2; k++) clips.push({ samples: new Float32Array(50 + 10 * d).fill(1 + d + 10 * s + 100 * k), digit: d, speaker });
});
clips.push({ samples: new Float32Array(5).fill(7), digit: 3, speaker: 'cyd' }); // cyd lacks digits: never drawn

test('makeDigitStrings: the same seed gives the same samples bit for bit; another seed gives others', () => {
  const a = makeDigitStrings(clips, 1000, { count: 20, seed: 5 });
  const b = makeDigitStrings(clips, 1000, { count: 20, seed: 5 });
  assert.deepEqual(a, b);
  const c = makeDigitStrings(clips, 1000, { count: 20, seed: 6 });
  assert.notDeepEqual(a.map((s) => s.text), c.map((s) => s.text));
});

test('each string is its digits\' clips of one speaker, in order, between pauses of faint noise within the bounds', () => {
  const strings = makeDigitStrings(clips, 1000, { count: 40, minDigits: 2, maxDigits: 4, minPause: 0.02, maxPause: 0.05, noise: 1e-3, seed: 1 });
  for (const s of strings) {
    assert.ok(s.digits.length >= 2 && s.digits.length <= 4);
    assert.notEqual(s.speaker, 'cyd');
    assert.equal(s.text.split(' ').length, s.digits.length);
    // Walk the samples: runs of loud values are clips; the rest is noise.
    const runs: { value: number; length: number }[] = [];
    let pause = 0;
    const pauses: number[] = [];
    for (const v of s.samples) {
      if (Math.abs(v) < 0.1) {
        pause++;
        continue;
      }
      if (pause || runs.length === 0) {
        pauses.push(pause);
        runs.push({ value: v, length: 0 });
      }
      pause = 0;
      runs[runs.length - 1].length++;
    }
    pauses.push(pause);
    assert.equal(runs.length, s.digits.length);
    runs.forEach((r, i) => {
      const s10 = Math.round(r.value) % 100;
      assert.equal((s10 - 1) % 10, s.digits[i], 'the clip of the digit');
      assert.equal(Math.floor((s10 - 1) / 10), s.speaker === 'ann' ? 0 : 1, 'the string\'s speaker');
      assert.equal(r.length, 50 + 10 * s.digits[i], 'the whole clip');
    });
    for (const p of pauses) assert.ok(p >= 20 && p <= 50, `pause ${p} samples`);
  }
  const noise = strings[0].samples.subarray(0, 15);
  assert.ok(noise.some((v) => v !== 0) && noise.every((v) => Math.abs(v) < 0.01), 'pauses are faint noise');
});

test('labels: blank 0, digit d is d + 1; bad options are ValueErrors', () => {
  assert.deepEqual(Array.from(digitsToLabels([0, 9, 4])), [1, 10, 5]);
  assert.deepEqual(labelsToDigits([1, 0, 10, 5]), [0, 9, 4]);
  assert.throws(() => makeDigitStrings(clips, 1000, { minDigits: 3, maxDigits: 2 }), /minDigits ≤ maxDigits/);
  assert.throws(() => makeDigitStrings(clips.slice(-1), 1000), /no speaker has a recording of every digit/);
  assert.throws(() => makeDigitStrings([{ samples: new Float32Array(3), digit: 11, speaker: 'x' }], 1000), /digit is 11/);
});
