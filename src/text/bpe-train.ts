/**
 * Training of the BPE tokenizer: count the pieces of a corpus, then repeatedly merge the most
 * frequent adjacent pair of symbols. Deterministic: ties in frequency go to the pair whose left
 * symbol, then right symbol, sorts first (by UTF-16 code units), so the same corpus always
 * gives the same merges, whatever the order of the texts.
 */
import { ValueError } from '../errors.js';
import { BpeTokenizer, bpePieces } from './bpe.js';
import { checkDropControl, checkNormalization, prepareText } from './tokenizer.js';
import type { TextPrepOptions } from './tokenizer.js';

/** Options of {@link trainBpe}. */
export interface TrainBpeOptions extends TextPrepOptions {
  /**
   * Target number of distinct tokens: the alphabet (every code point in the corpus) plus the
   * merges. Training stops there, or earlier when no pair reaches `minFrequency`. Special tokens
   * are not counted; the {@link Vocabulary} adds them. Required.
   */
  vocabSize: number;
  /** A pair must occur at least this often to be merged. Default 2. */
  minFrequency?: number;
}

/** Symbol ids stay below this so that a pair (a, b) packs into one safe integer key. */
const MAX_SYMBOLS = 1 << 24;
const pairKey = (a: number, b: number): number => a * MAX_SYMBOLS + b;

/**
 * Learns BPE merges from a corpus.
 *
 * @example
 * const bpe = trainBpe(readFileSync('input.txt', 'utf8').split('\n'), { vocabSize: 500 });
 * bpe.tokenize('To be, or not to be'); // ['To', ' be', ',', ' or', ' not', ' to', ' be']
 */
export function trainBpe(corpus: Iterable<string>, options: TrainBpeOptions): BpeTokenizer {
  const { vocabSize } = options;
  const minFrequency = options.minFrequency ?? 2;
  if (!Number.isInteger(vocabSize) || vocabSize < 1 || vocabSize >= MAX_SYMBOLS) {
    throw new ValueError(`trainBpe: vocabSize must be an integer in [1, ${MAX_SYMBOLS - 1}], got ${vocabSize}`);
  }
  if (!Number.isInteger(minFrequency) || minFrequency < 1) {
    throw new ValueError(`trainBpe: minFrequency must be an integer >= 1, got ${minFrequency}`);
  }
  checkNormalization('trainBpe', options.normalize);
  checkDropControl('trainBpe', options.dropControl);
  const prep: TextPrepOptions = { lowercase: options.lowercase ?? false };
  if (options.normalize) prep.normalize = options.normalize;
  if (options.locale) prep.locale = options.locale;
  if (options.dropControl) prep.dropControl = true;

  // 1. Count distinct pieces.
  const pieceCounts = new Map<string, number>();
  for (const text of corpus) {
    if (typeof text !== 'string') throw new ValueError(`trainBpe: corpus must yield strings, got ${typeof text}`);
    for (const p of bpePieces(prepareText(text, prep))) pieceCounts.set(p, (pieceCounts.get(p) ?? 0) + 1);
  }

  // 2. Alphabet in code point order; symbols are interned as integers.
  const chars = new Set<string>();
  for (const p of pieceCounts.keys()) for (const c of p) chars.add(c);
  const alphabet = [...chars].sort((x, y) => x.codePointAt(0)! - y.codePointAt(0)!);
  const symbols: string[] = [...alphabet];
  const symbolId = new Map<string, number>(alphabet.map((s, i) => [s, i]));
  const words: number[][] = [];
  const counts: number[] = [];
  for (const [p, c] of pieceCounts) {
    words.push(Array.from(p, (ch) => symbolId.get(ch)!));
    counts.push(c);
  }

  // 3. Pair statistics: total count and the words where each pair occurs.
  const pairCount = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const addPairs = (w: number, sign: 1 | -1): void => {
    const s = words[w];
    for (let i = 0; i + 1 < s.length; i++) {
      const k = pairKey(s[i], s[i + 1]);
      const n = (pairCount.get(k) ?? 0) + sign * counts[w];
      if (n === 0) pairCount.delete(k);
      else pairCount.set(k, n);
      if (sign > 0) {
        let set = pairWords.get(k);
        if (!set) pairWords.set(k, (set = new Set()));
        set.add(w);
      }
    }
  };
  for (let w = 0; w < words.length; w++) addPairs(w, 1);

  // 4. Merge loop.
  const merges: [string, string][] = [];
  let distinct = alphabet.length;
  while (distinct < vocabSize) {
    let bestKey = -1;
    let bestCount = 0;
    for (const [k, n] of pairCount) {
      if (n > bestCount || (n === bestCount && comparePairs(k, bestKey, symbols) < 0)) {
        bestKey = k;
        bestCount = n;
      }
    }
    if (bestKey < 0 || bestCount < minFrequency) break;
    const a = Math.floor(bestKey / MAX_SYMBOLS);
    const b = bestKey % MAX_SYMBOLS;
    const merged = symbols[a] + symbols[b];
    let id = symbolId.get(merged);
    if (id === undefined) {
      id = symbols.length;
      symbols.push(merged);
      symbolId.set(merged, id);
      distinct++;
    }
    merges.push([symbols[a], symbols[b]]);
    const affected = pairWords.get(bestKey) ?? new Set<number>();
    pairWords.delete(bestKey);
    for (const w of affected) {
      addPairs(w, -1);
      words[w] = mergeSymbols(words[w], a, b, id);
      addPairs(w, 1);
    }
  }
  return new BpeTokenizer(alphabet, merges, prep);
}

/** Orders pairs by left symbol, then right symbol (code-unit order); -1 means "no pair yet". */
function comparePairs(k1: number, k2: number, symbols: readonly string[]): number {
  if (k2 < 0) return -1;
  const a1 = symbols[Math.floor(k1 / MAX_SYMBOLS)], a2 = symbols[Math.floor(k2 / MAX_SYMBOLS)];
  if (a1 !== a2) return a1 < a2 ? -1 : 1;
  const b1 = symbols[k1 % MAX_SYMBOLS], b2 = symbols[k2 % MAX_SYMBOLS];
  return b1 < b2 ? -1 : b1 > b2 ? 1 : 0;
}

/** Replaces every non-overlapping (a, b), left to right, by `id`. */
function mergeSymbols(s: number[], a: number, b: number, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (i + 1 < s.length && s[i] === a && s[i + 1] === b) {
      out.push(id);
      i++;
    } else {
      out.push(s[i]);
    }
  }
  return out;
}
