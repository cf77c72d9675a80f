/**
 * Character tokenizer: one token per Unicode code point (never a lone UTF-16 surrogate half),
 * or per grapheme cluster (what a reader sees as one character: 'e' + U+0301, 👍🏽, flags).
 */
import { ValueError } from '../errors.js';
import { previewJson } from '../io/json-preview.js';
import { checkDropControl, checkLocale, checkNormalization, prepareText } from './tokenizer.js';
import { segmentLinear } from './segment-chunks.js';
import type { TextPrepOptions, Tokenizer } from './tokenizer.js';

/** Options of {@link CharTokenizer}. */
export interface CharTokenizerOptions extends TextPrepOptions {
  /**
   * What one token is. 'codePoint' (default): a Unicode code point, as `Array.from(text)`.
   * 'grapheme': an extended grapheme cluster, via `Intl.Segmenter`.
   */
  unit?: 'codePoint' | 'grapheme';
}

/**
 * Splits text into characters. `detokenize(tokenize(s)) === s` whenever no lower-casing or
 * normalisation is asked for.
 *
 * @example
 * const tok = new CharTokenizer();
 * tok.tokenize('a😀b'); // ['a', '😀', 'b'] (3 tokens, not 4 UTF-16 units)
 * new CharTokenizer({ unit: 'grapheme' }).tokenize('e\u0301!'); // ['é', '!']
 */
export class CharTokenizer implements Tokenizer {
  readonly options: Readonly<Required<Pick<CharTokenizerOptions, 'unit' | 'lowercase'>> & TextPrepOptions>;
  private readonly segmenter: Intl.Segmenter | undefined;

  constructor(options: CharTokenizerOptions = {}) {
    const unit = options.unit ?? 'codePoint';
    if (unit !== 'codePoint' && unit !== 'grapheme') {
      throw new ValueError(`CharTokenizer: unit must be 'codePoint' or 'grapheme', got ${previewJson(unit, 80)}`);
    }
    checkNormalization('CharTokenizer', options.normalize);
    checkLocale('CharTokenizer', options.locale);
    checkDropControl('CharTokenizer', options.dropControl);
    this.options = { ...options, unit, lowercase: options.lowercase ?? false };
    this.segmenter = unit === 'grapheme' ? new Intl.Segmenter(options.locale, { granularity: 'grapheme' }) : undefined;
  }

  tokenize(text: string): string[] {
    const s = prepareText(text, this.options);
    if (!this.segmenter) return Array.from(s);
    const out: string[] = [];
    for (const seg of segmentLinear(this.segmenter, s)) out.push(seg.segment);
    return out;
  }

  detokenize(tokens: readonly string[]): string {
    return tokens.join('');
  }
}
