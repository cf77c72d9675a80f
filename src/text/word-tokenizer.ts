/**
 * Word tokenizer: Unicode word boundaries (UAX #29 via `Intl.Segmenter`, with dictionary
 * segmentation for Chinese, Japanese and Thai), optional lower-casing and punctuation handling.
 */
import { ValueError } from '../errors.js';
import { previewJson } from '../io/json-preview.js';
import { checkDropControl, checkLocale, checkNormalization, prepareText } from './tokenizer.js';
import { segmentLinear } from './segment-chunks.js';
import type { TextPrepOptions, Tokenizer } from './tokenizer.js';

/** Options of {@link WordTokenizer}. */
export interface WordTokenizerOptions extends TextPrepOptions {
  /** Lower-case the text first (default true, as Keras `TextVectorization`). */
  lowercase?: boolean;
  /**
   * Punctuation tokens (every character in Unicode category P): 'keep' (default) as their own
   * tokens, or 'strip' them. Symbols and emoji are kept either way.
   */
  punctuation?: 'keep' | 'strip';
  /**
   * How words are found. 'unicode' (default): `Intl.Segmenter` word boundaries.
   * 'whitespace': split on runs of white space only, for text that is already tokenised
   * (WikiText's `<unk>` stays one token).
   */
  split?: 'unicode' | 'whitespace';
}

const PUNCT_ONLY = /^\p{P}+$/u;
const STRIP_EDGE_PUNCT = /^\p{P}+|\p{P}+$/gu;
const WHITESPACE = /\s+/u;
const HAS_SPACE = /\s/u;

/**
 * Splits text into words. Whitespace is dropped, so `detokenize` joins with single spaces
 * and is not an exact inverse.
 *
 * @example
 * const tok = new WordTokenizer({ punctuation: 'strip' });
 * tok.tokenize("Don't PANIC, naïve 🙂!"); // ["don't", 'panic', 'naïve', '🙂']
 * new WordTokenizer().tokenize('我喜欢猫'); // ['我', '喜欢', '猫']
 */
export class WordTokenizer implements Tokenizer {
  readonly options: Readonly<Required<Pick<WordTokenizerOptions, 'lowercase' | 'punctuation' | 'split'>> & TextPrepOptions>;
  private readonly segmenter: Intl.Segmenter | undefined;

  constructor(options: WordTokenizerOptions = {}) {
    const punctuation = options.punctuation ?? 'keep';
    const split = options.split ?? 'unicode';
    if (punctuation !== 'keep' && punctuation !== 'strip') {
      throw new ValueError(`WordTokenizer: punctuation must be 'keep' or 'strip', got ${previewJson(punctuation, 80)}`);
    }
    if (split !== 'unicode' && split !== 'whitespace') {
      throw new ValueError(`WordTokenizer: split must be 'unicode' or 'whitespace', got ${previewJson(split, 80)}`);
    }
    checkNormalization('WordTokenizer', options.normalize);
    checkLocale('WordTokenizer', options.locale);
    checkDropControl('WordTokenizer', options.dropControl);
    this.options = { ...options, lowercase: options.lowercase ?? true, punctuation, split };
    this.segmenter = split === 'unicode' ? new Intl.Segmenter(options.locale, { granularity: 'word' }) : undefined;
  }

  tokenize(text: string): string[] {
    const s = prepareText(text, this.options);
    const strip = this.options.punctuation === 'strip';
    const out: string[] = [];
    if (!this.segmenter) {
      for (let w of s.split(WHITESPACE)) {
        if (strip) w = w.replace(STRIP_EDGE_PUNCT, '');
        if (w) out.push(w);
      }
      return out;
    }
    for (const seg of segmentLinear(this.segmenter, s)) {
      const w = seg.segment;
      if (seg.isWordLike) {
        // UAX #29 glues U+202F (narrow no-break space, ExtendNumLet) to words: "vous\u202f".
        if (!HAS_SPACE.test(w)) out.push(w);
        else for (const part of w.split(WHITESPACE)) if (part) out.push(part);
        continue;
      }
      if (w.trim() === '') continue; // white space between words
      if (strip && PUNCT_ONLY.test(w)) continue;
      out.push(w);
    }
    return out;
  }

  detokenize(tokens: readonly string[]): string {
    return tokens.join(' ');
  }
}
