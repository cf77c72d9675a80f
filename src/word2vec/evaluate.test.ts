import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError } from '../errors.js';
import { parseAnalogies, parseWordPairs } from './evaluate.js';

/** Asserts that `fn` throws a FormatError at `line` whose message matches `pattern`. */
function refuses(fn: () => unknown, line: number, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof FormatError, `expected a FormatError, got ${String(e)}`);
    assert.equal(e.line, line);
    assert.match(e.message, pattern);
    assert.ok(e.message.length <= 300, `message of ${e.message.length} characters`);
    return true;
  });
}

test('word-pair scores are decimal numbers: signs, fractions, exponents, spaces around', () => {
  const pairs = parseWordPairs('# c\r\ntiger\tcat\t7.35\r\na\tb\t-1\nc\td\t.5\ne\tf\t 2E-3 \ng\th\t10\textra\n');
  assert.deepEqual(pairs.map((p) => p.score), [7.35, -1, 0.5, 0.002, 10]);
  assert.deepEqual(pairs[0], { a: 'tiger', b: 'cat', score: 7.35 });
});

test('a score that is not a finite decimal is refused with its line and column', () => {
  for (const bad of ['0x10', '0b11', '0o7', 'Infinity', '-Infinity', 'NaN', '1_0', '1e-400x', '.', 'e5', '７']) {
    refuses(() => parseWordPairs(`# c\ntiger\tcat\t7\nab\tcd\t${bad}\n`), 3, new RegExp(`score ".*" at column 7 is not a decimal number.*\\(line 3\\)$`));
  }
  refuses(() => parseWordPairs('ab\tcd\t  1e400\n'), 1, /score "1e400" at column 9 is too large for a float64/);
  refuses(() => parseWordPairs('a\tb\n'), 1, /expected "word1<TAB>word2<TAB>score"/);
  refuses(() => parseWordPairs(`a\tb\t${'9'.repeat(1e6)}x\n`), 1, /score "9{40}" at column 5 is not a decimal number/);
});

test('analogy lines of other than four words are refused with their line, and a fifth word with its column', () => {
  const s = parseAnalogies(': capitals\n  Athens Greece\tBaghdad Iraq \r\n');
  assert.deepEqual(s, [{ name: 'capitals', questions: [['Athens', 'Greece', 'Baghdad', 'Iraq']] }]);
  refuses(() => parseAnalogies(': s\na b c\n'), 2, /expected 4 words, got 3: "a b c"/);
  refuses(() => parseAnalogies(': s\n\n  a  b c d e f\n'), 3, /expected 4 words, got 6 \(the fifth word at column 12\)/);
  refuses(() => parseAnalogies(`${'w '.repeat(1e5)}\n`), 1, /expected 4 words, got 100000/);
});
