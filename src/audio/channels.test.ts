import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../errors.js';
import { toMono } from './channels.js';

test('toMono averages the channels and copies a mono channel', () => {
  const mono = Float32Array.of(0.25, -1);
  const m = toMono({ sampleRate: 8000, channels: [mono], bitDepth: 16, format: 'pcm' });
  assert.deepEqual(m, mono);
  assert.notEqual(m, mono);
  assert.deepEqual(Array.from(toMono({ sampleRate: 8000, channels: [Float32Array.of(1, 0), Float32Array.of(0, 0.5)], bitDepth: 16, format: 'pcm' })), [0.5, 0.25]);
  assert.throws(() => toMono({ sampleRate: 8000, channels: [], bitDepth: 16, format: 'pcm' }), ValueError);
  assert.throws(() => toMono({ sampleRate: 8000, channels: [new Float32Array(2), new Float32Array(1)], bitDepth: 16, format: 'pcm' }), ShapeError);
});
