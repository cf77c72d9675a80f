/**
 * Sentence pairs: read from a tab-separated file, split into training and test parts by a seeded
 * shuffle, or built from a play's dialogue (each speech answered by the next speaker's).
 */

import { ValueError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { Generator } from '../../random/generator.js';

/** A source sentence and its target (a translation, or a reply). */
export interface TextPair {
  readonly source: string;
  readonly target: string;
  /**
   * What came before the source (a chatbot's previous turn), read by a Translator made with
   * `context: true` before a <sep> token and the source.
   */
  readonly context?: string;
}

/**
 * Pairs from "source<TAB>target" lines (further tab-separated columns, such as Tatoeba's
 * attribution, are ignored; blank lines skipped). A line without a tab or with an empty side is
 * a ValueError naming `where` and its line number.
 */
export function parsePairs(text: string, where = 'pairs'): TextPair[] {
  const out: TextPair[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const cols = line.split('\t');
    if (cols.length < 2) throw new ValueError(`${where}: line ${i + 1} has no tab; expected "source<TAB>target", got ${previewJson(line, 60)}`);
    const source = cols[0].trim(), target = cols[1].trim();
    if (!source || !target) throw new ValueError(`${where}: line ${i + 1} has an empty ${source ? 'target' : 'source'}: ${previewJson(line, 60)}`);
    out.push({ source, target });
  });
  if (out.length === 0) throw new ValueError(`${where}: no "source<TAB>target" lines found`);
  return out;
}

/**
 * The fixed split: the pairs in the order of a permutation drawn by Generator(seed); the first
 * ⌈testFraction · N⌉ of that order are the test part, the rest (in the same order) the training part.
 */
export function splitPairs(pairs: readonly TextPair[], options: { testFraction?: number; seed?: number } = {}): { train: TextPair[]; test: TextPair[] } {
  const f = options.testFraction ?? 0.1;
  if (!(f > 0 && f < 1)) throw new ValueError(`splitPairs: testFraction must be in (0, 1), got ${f}`);
  const nTest = Math.ceil(f * pairs.length);
  if (nTest >= pairs.length) throw new ValueError(`splitPairs: ${pairs.length} pairs leave nothing to train on with testFraction ${f}`);
  const order = new Generator(options.seed ?? 0).permutation(pairs.length);
  const shuffled = Array.from(order, (i) => pairs[i]);
  return { test: shuffled.slice(0, nTest), train: shuffled.slice(nTest) };
}

/**
 * Question/answer pairs from a play's dialogue, "NAME:\nline…\n\n" blocks (as tiny-shakespeare):
 * each speech becomes the source of the next speech, when both have at most `maxWords` words
 * (whitespace-separated) — long monologues make poor chat replies. With `context: 1` each pair
 * also holds the speech before its source (its last `maxWords` words; '' for the first speech),
 * as a chat holds the bot's previous reply before the user's line.
 */
export function dialoguePairs(text: string, options: { maxWords?: number; context?: number } = {}): TextPair[] {
  const maxWords = options.maxWords ?? 20;
  const context = options.context ?? 0;
  if (!Number.isInteger(maxWords) || maxWords < 1) throw new ValueError(`dialoguePairs: maxWords must be an integer ≥ 1, got ${maxWords}`);
  if (context !== 0 && context !== 1) throw new ValueError(`dialoguePairs: context must be 0 or 1 (speeches before the source), got ${previewJson(context, 40)}`);
  const speeches: string[] = [];
  for (const block of text.split(/\r?\n\s*\r?\n/)) {
    const lines = block.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (lines.length < 2 || !/^[^\s:][^:]{0,60}:$/.test(lines[0])) continue;
    speeches.push(lines.slice(1).join(' '));
  }
  const words = (s: string) => s.split(/\s+/).length;
  const out: TextPair[] = [];
  for (let i = 0; i + 1 < speeches.length; i++) {
    if (words(speeches[i]) > maxWords || words(speeches[i + 1]) > maxWords) continue;
    const pair = { source: speeches[i], target: speeches[i + 1] };
    out.push(context ? { ...pair, context: i > 0 ? speeches[i - 1].split(/\s+/).slice(-maxWords).join(' ') : '' } : pair);
  }
  if (out.length === 0) throw new ValueError('dialoguePairs: no "NAME:" speech blocks found (expected "NAME:\\nline…" blocks separated by blank lines)');
  return out;
}
