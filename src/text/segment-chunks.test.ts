import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunks, segmentLinear } from './segment-chunks.js';

test('chunks rebuild the text and cut only before white space, never inside CR LF', () => {
  const text = 'word\r\n'.repeat(50) + 'x'.repeat(30) + ' tail';
  const parts = [...chunks(text, 7)];
  assert.equal(parts.join(''), text);
  for (const p of parts.slice(1)) {
    assert.match(p, /^\s/u);
    assert.ok(!p.startsWith('\n'), 'cut between CR and LF');
  }
  assert.deepEqual([...chunks('', 4)], []);
  assert.deepEqual([...chunks('abcdefgh', 4)], ['abcdefgh']); // no white space: one chunk
});

test('segmentation in chunks equals segmentation of the whole text', () => {
  const text = ('Hello, world! e\u0301\r\nNaïve 👍🏽 日本語のテキスト  \t\n').repeat(120);
  for (const granularity of ['word', 'grapheme'] as const) {
    const seg = new Intl.Segmenter('en', { granularity });
    const whole = [...seg.segment(text)].map((s) => s.segment);
    const linear = [...segmentLinear(seg, text)].map((s) => s.segment);
    assert.deepEqual(linear, whole, granularity);
  }
});
