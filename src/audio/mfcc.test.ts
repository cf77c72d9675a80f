import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../errors.js';
import { dctMatrix, logCompress, mfccFromLogMel } from './mfcc.js';

test('the ortho DCT-II is an orthogonal matrix when nMfcc = nMels', () => {
  const N = 8;
  const d = dctMatrix(N, N);
  for (let a = 0; a < N; a++) {
    for (let b = 0; b < N; b++) {
      let s = 0;
      for (let n = 0; n < N; n++) s += d[n * N + a] * d[n * N + b];
      assert.ok(Math.abs(s - (a === b ? 1 : 0)) < 1e-12, `${a},${b}: ${s}`);
    }
  }
});

test('a flat log-mel frame has only c0 = √N · value; the lifter leaves c0 and scales c_n by 1 + L/2 sin(πn/L)', () => {
  const c = mfccFromLogMel(new Float32Array(16).fill(2), 1, 16, 4);
  assert.ok(Math.abs(c[0] - 2 * Math.sqrt(16)) < 1e-5 && Math.abs(c[1]) < 1e-6 && Math.abs(c[3]) < 1e-6);
  const x = Float32Array.from({ length: 16 }, (_, i) => Math.cos(i));
  const plain = mfccFromLogMel(x, 1, 16, 4);
  const lift = mfccFromLogMel(x, 1, 16, 4, 22);
  for (let n = 0; n < 4; n++) assert.ok(Math.abs(lift[n] - plain[n] * (1 + 11 * Math.sin((Math.PI * n) / 22))) < 1e-5);
});

test('logCompress: ln(x + floor), or dB clipped topDb below the utterance maximum', () => {
  assert.deepEqual(Array.from(logCompress(Float32Array.of(0, Math.E - 1e-6), 'log')).map((v) => +v.toFixed(5)), [+Math.log(1e-6).toFixed(5), 1]);
  assert.deepEqual(Array.from(logCompress(Float32Array.of(1, 0.1, 1e-12), 'db', { topDb: 80 })).map((v) => Math.round(v)), [0, -10, -80]);
  assert.deepEqual(Array.from(logCompress(Float32Array.of(1, 1e-12), 'db', { topDb: null })).map((v) => Math.round(v)), [0, -100]);
  assert.throws(() => logCompress(new Float32Array(1), 'log', { floor: 0 }), ValueError);
  assert.throws(() => mfccFromLogMel(new Float32Array(4), 1, 4, 5), /nMfcc 5; expected an integer in \[1, nMels = 4\]/);
});
